import { describe, expect, it } from 'vitest';
import { magnitudeTrim } from './magnitude-trim';
import { tiesMerge } from './ties';

describe('tiesMerge', () => {
  const base = new Float32Array(4);
  const m1 = new Float32Array([3, -1, 0.5, -2]);
  const m2 = new Float32Array([-1, 2, 0.4, -3]);
  it('trims, elects a sign, and takes the disjoint mean', () => {
    // density 0.5 keeps 2 of 4: τ1 → [3, 0, 0, −2], τ2 → [0, 2, 0, −3]
    // elected signs of the sums [3, 2, 0, −5]: +, +, + (0 counts as +), −
    // agreeing: [3] → 3/1, [2] → 2/1, none → 0 (divisor 1), [−2, −3] → −5/2
    expect(Array.from(tiesMerge(base, [m1, m2], { weights: [1, 1], densities: [0.5, 0.5] }))).toEqual([3, 2, 0, -2.5]);
    expect(Array.from(tiesMerge(base, [m1, m2], { weights: [1, 1], densities: [0.5, 0.5], normalize: false }))).toEqual([3, 2, 0, -5]);
  });
  it('drops the entries that disagree with the elected sign, weighing by w', () => {
    // τ = [1] and [−3]: sum −2 → −; only −3 agrees → −3. With weights [4, 1]: 4 − 3 = 1 → +; 4·1 / 4 = 1
    const b = new Float32Array([0]);
    expect(Array.from(tiesMerge(b, [new Float32Array([1]), new Float32Array([-3])], { weights: [1, 1] }))).toEqual([-3]);
    expect(Array.from(tiesMerge(b, [new Float32Array([1]), new Float32Array([-3])], { weights: [4, 1] }))).toEqual([1]);
  });
  it('magnitudeTrim keeps ⌊density·n⌋ largest magnitudes, lower index first on ties, and refuses keeping none', () => {
    expect(Array.from(magnitudeTrim(new Float32Array([1, -1, 1, 0.5]), 0.5))).toEqual([1, -1, 0, 0]);
    expect(Array.from(magnitudeTrim(new Float32Array([0.1, -5, 2, 0.5, 3]), 0.4))).toEqual([0, -5, 0, 0, 3]);
    expect(() => magnitudeTrim(new Float32Array(4), 0.2, 'h.0.ln_1.bias')).toThrow('h.0.ln_1.bias: density 0.2 keeps ⌊0.2·4⌋ = 0 of its 4 values');
    expect(() => magnitudeTrim(new Float32Array(4), 1.5)).toThrow('density must be in (0, 1], got 1.5');
  });
});
