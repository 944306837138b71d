import { describe, expect, it } from 'vitest';
import { slerpMerge } from './slerp';

describe('slerpMerge', () => {
  it('follows the great circle: orthogonal unit vectors at t = 0.5 give [√½, √½]', () => {
    const out = slerpMerge(new Float32Array([1, 0]), new Float32Array([0, 1]), { t: 0.5 });
    expect(out[0]).toBeCloseTo(Math.SQRT1_2, 7);
    expect(out[1]).toBeCloseTo(Math.SQRT1_2, 7);
    // norms are kept: [2,0] and [0,2] → [√2, √2] (norm 2), where lerp would give [1, 1]
    const scaled = slerpMerge(new Float32Array([2, 0]), new Float32Array([0, 2]), { t: 0.5 });
    expect(scaled[0]).toBeCloseTo(Math.SQRT2, 6);
  });
  it('t = 0 is the base, t = 1 the other model', () => {
    const a = new Float32Array([1, 2, 3]);
    const b = new Float32Array([-1, 0.5, 2]);
    expect(Array.from(slerpMerge(a, b, { t: 0 }))).toEqual(Array.from(a));
    const one = slerpMerge(a, b, { t: 1 });
    for (const [i, v] of one.entries()) expect(v).toBeCloseTo(b[i], 6);
  });
  it('falls back to linear interpolation when |cos| > 0.9995 (nearly colinear)', () => {
    // [1, 0] and [2, 1e-4]: cos ≈ 1 → (1 − 0.25)·[1, 0] + 0.25·[2, 1e-4] = [1.25, 2.5e-5]
    const out = slerpMerge(new Float32Array([1, 0]), new Float32Array([2, 1e-4]), { t: 0.25 });
    expect(out[0]).toBe(1.25);
    expect(out[1]).toBe(Math.fround(2.5e-5));
  });
});
