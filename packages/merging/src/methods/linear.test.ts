import { describe, expect, it } from 'vitest';
import { linearMerge } from './linear';

describe('linearMerge', () => {
  it('weighted average, normalized by Σ w (mergekit default) or not', () => {
    const a = new Float32Array([1, 2]);
    const b = new Float32Array([3, 6]);
    // (1·[1,2] + 3·[3,6]) / 4 = [10, 20] / 4
    expect(Array.from(linearMerge([a, b], { weights: [1, 3] }))).toEqual([2.5, 5]);
    expect(Array.from(linearMerge([a, b], { weights: [1, 3], normalize: false }))).toEqual([10, 20]);
  });
  it('refuses weights that do not fit, and a zero sum with normalize', () => {
    const a = new Float32Array([1]);
    expect(() => linearMerge([a, a], { weights: [1] })).toThrow('linear: weights has 1 entries for 2 model(s)');
    expect(() => linearMerge([a, new Float32Array(2)], { weights: [1, 1] })).toThrow('linear: tensor 1 has 2 values, tensor 0 has 1');
    expect(() => linearMerge([a, a], { weights: [1, -1] })).toThrow('sum to 0');
  });
});
