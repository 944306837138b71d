import { describe, expect, it } from 'vitest';
import { modelStockMerge } from './model-stock';

describe('modelStockMerge', () => {
  const base = new Float32Array([0, 0]);
  it('t = N·cos / (1 + (N − 1)·cos) from the angle between the fine-tuned offsets', () => {
    // orthogonal offsets: cos 0 → t 0 → the base
    expect(Array.from(modelStockMerge(base, [new Float32Array([1, 0]), new Float32Array([0, 1])]))).toEqual([0, 0]);
    // identical offsets: cos 1 → t = 2/2 = 1 → their average
    expect(Array.from(modelStockMerge(base, [new Float32Array([1, 1]), new Float32Array([1, 1])]))).toEqual([1, 1]);
    // [1,0] and [1,1]: cos = 1/√2, t = √2/(1 + 1/√2) = 0.828427; average [1, 0.5] → [0.828427, 0.414214]
    const out = modelStockMerge(base, [new Float32Array([1, 0]), new Float32Array([1, 1])]);
    expect(out[0]).toBeCloseTo(0.828427, 6);
    expect(out[1]).toBeCloseTo(0.414214, 6);
  });
  it('filter_wise: one angle per row of the last axis', () => {
    // row 0 offsets identical (t 1), row 1 orthogonal (t 0)
    const out = modelStockMerge(new Float32Array(4), [new Float32Array([1, 1, 1, 0]), new Float32Array([1, 1, 0, 1])], { filterWise: true, shape: [2, 2] });
    expect(Array.from(out)).toEqual([1, 1, 0, 0]);
  });
  it('needs two fine-tuned models, and refuses an infinite ratio', () => {
    expect(() => modelStockMerge(base, [new Float32Array([1, 0])])).toThrow('needs at least 2 fine-tuned models');
    expect(() => modelStockMerge(base, [new Float32Array([1, 0]), new Float32Array([-1, 0])], { tensorName: 'w' })).toThrow('model_stock: w: cos θ = -1');
  });
});
