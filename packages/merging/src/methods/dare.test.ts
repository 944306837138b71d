import { describe, expect, it } from 'vitest';
import { dareLinearMerge } from './dare-linear';
import { dareMask, dareSeed } from './dare-mask';
import { dareTiesMerge } from './dare-ties';

describe('DARE', () => {
  const base = new Float32Array(4);
  it('dare_linear drops the masked entries and rescales the kept ones by 1/density', () => {
    // τ = [1,2,3,4], mask [1,0,1,0], density 0.5 → [2, 0, 6, 0]
    const m = new Float32Array([1, 2, 3, 4]);
    const masks = [new Uint8Array([1, 0, 1, 0])];
    expect(Array.from(dareLinearMerge(base, [m], { weights: [1], densities: [0.5], masks }))).toEqual([2, 0, 6, 0]);
    expect(Array.from(dareLinearMerge(base, [m], { weights: [1], densities: [0.5], masks, rescale: false }))).toEqual([1, 0, 3, 0]);
  });
  it('dare_ties elects signs on the rescaled vectors', () => {
    // τ̂1 = 2·[1, −2] = [2, −4], τ̂2 = 2·[−3, −1] = [−6, −2]; sums [−4, −6] → both −
    // entry 0: only −6 agrees; entry 1: −4 − 2 = −6 (÷ 2 with normalize)
    const b = new Float32Array(2);
    const ones = [new Uint8Array([1, 1]), new Uint8Array([1, 1])];
    const models = [new Float32Array([1, -2]), new Float32Array([-3, -1])];
    expect(Array.from(dareTiesMerge(b, models, { weights: [1, 1], densities: [0.5, 0.5], masks: ones }))).toEqual([-6, -6]);
    expect(Array.from(dareTiesMerge(b, models, { weights: [1, 1], densities: [0.5, 0.5], masks: ones, normalize: true }))).toEqual([-6, -3]);
  });
  it('masks are seeded: same seed same mask, keep rate ≈ density, one stream per tensor and model', () => {
    const n = 100_000;
    const a = dareMask(n, 0.3, dareSeed(7, 'h.0.attn.c_attn.weight', 0));
    expect(a).toEqual(dareMask(n, 0.3, dareSeed(7, 'h.0.attn.c_attn.weight', 0)));
    const kept = a.reduce((s, v) => s + v, 0) / n;
    expect(Math.abs(kept - 0.3)).toBeLessThan(0.01);
    expect(a).not.toEqual(dareMask(n, 0.3, dareSeed(7, 'h.0.attn.c_attn.weight', 1)));
    expect(a).not.toEqual(dareMask(n, 0.3, dareSeed(7, 'h.1.attn.c_attn.weight', 0)));
    expect(a).not.toEqual(dareMask(n, 0.3, dareSeed(8, 'h.0.attn.c_attn.weight', 0)));
    // the merge draws exactly these masks from its seed
    const m = Float32Array.from({ length: n }, (_, i) => (i % 7) - 3);
    const drawn = dareLinearMerge(new Float32Array(n), [m], { weights: [1], densities: [0.3], seed: 7, tensorName: 'h.0.attn.c_attn.weight' });
    expect(drawn).toEqual(dareLinearMerge(new Float32Array(n), [m], { weights: [1], densities: [0.3], masks: [a] }));
  });
});
