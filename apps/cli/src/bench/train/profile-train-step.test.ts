import { describe, expect, it } from 'vitest';
import { totalsByKernel } from './profile-train-step';

describe('totalsByKernel', () => {
  it('sums kernel times by name, slowest first, top N, with shares of the total', () => {
    const r = totalsByKernel(
      [
        { name: 'BatchMatMul', kernelTimeMs: 3 },
        { name: 'Add', kernelTimeMs: 1 },
        { name: 'BatchMatMul', kernelTimeMs: 3 },
        { name: 'Mul', kernelTimeMs: 2 },
        { name: 'Bad', kernelTimeMs: { error: 'no timer' } },
      ],
      2,
    );
    expect(r.kernelMs).toBe(9);
    expect(r.byKernel).toEqual([
      { kernel: 'BatchMatMul', ms: 6, share: 0.667, calls: 2 },
      { kernel: 'Mul', ms: 2, share: 0.222, calls: 1 },
    ]);
  });
});
