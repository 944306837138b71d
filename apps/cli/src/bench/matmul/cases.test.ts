import { describe, expect, it } from 'vitest';
import { aShape, bShape, FULL_CASES, outShape, QUICK_CASES } from './cases';

const byId = (id: string) => FULL_CASES.find((c) => c.id === id)!;

describe('matmul cases', () => {
  it('stores transposed operands transposed, as the issue specifies', () => {
    expect(aShape(byId('batched'))).toEqual([8, 256, 64]);
    expect(bShape(byId('batched'))).toEqual([8, 64, 256]);
    expect(aShape(byId('batched-transposeA'))).toEqual([8, 64, 256]);
    expect(bShape(byId('batched-transposeB'))).toEqual([8, 256, 64]);
    expect([aShape(byId('batched-transposeAB')), bShape(byId('batched-transposeAB'))]).toEqual([
      [8, 64, 256],
      [8, 256, 64],
    ]);
    for (const c of FULL_CASES.filter((x) => x.group === 'batched')) expect(outShape(c)).toEqual([8, 256, 256]);
  });

  it('covers squares 128..1024, says why cpu skips 1024, and quick keeps every batched case', () => {
    expect(FULL_CASES.filter((c) => c.group === 'square').map((c) => c.m)).toEqual([128, 256, 512, 1024]);
    expect(byId('square-1024').cpuSkip).toMatch(/GFLOP\/s/);
    expect(aShape(byId('square-512'))).toEqual([512, 512]);
    const quickBatched = QUICK_CASES.filter((c) => c.group === 'batched').map((c) => c.id);
    expect(quickBatched).toEqual(['batched', 'batched-transposeA', 'batched-transposeB', 'batched-transposeAB']);
    expect(new Set(FULL_CASES.map((c) => c.id)).size).toBe(FULL_CASES.length);
  });
});
