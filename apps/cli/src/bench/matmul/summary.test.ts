import { describe, expect, it } from 'vitest';
import type { CaseRecord } from './case-record';
import { matmulSummary } from './summary';

function record(id: string, group: CaseRecord['group'], fthetaOverStock: number | null, error = 1e-6): CaseRecord {
  return {
    id,
    group,
    ratios: { fthetaOverStock, fthetaOverNumpy: id === 'square-512' ? 0.4 : null, fthetaOverCpu: 20 },
    gflops: { wasmFtheta: 1, wasmStock: 1, cpu: 1, numpy: null },
    shape: { a: [1], b: [1], transposeA: false, transposeB: false, out: [1] },
    gflopPerOp: 1,
    maxAbsErrorVsReference: { wasmFtheta: error, wasmStock: 1e-6 },
    tolerance: 1e-3,
    skipped: {},
    timing: {},
  };
}

describe('matmulSummary', () => {
  it('meets the requirement only when every batched case is >= 8x stock, and names the worst', () => {
    const ok = matmulSummary([record('square-512', 'square', 1.1), record('batched', 'batched', 12), record('batched-transposeA', 'batched', 9)], []);
    expect(ok.requirement).toMatchObject({ met: true, worstCase: 'batched-transposeA', worstRatio: 9 });
    expect(ok.fthetaOverStockBatched).toEqual({ batched: 12, 'batched-transposeA': 9 });
    expect(ok.fthetaOverStockSquare).toEqual({ 'square-512': 1.1 });
    expect(ok.fthetaOverNumpySquare512).toBe(0.4);
    expect(ok.correct).toBe(true);

    const bad = matmulSummary([record('batched', 'batched', 12), record('batched-transposeB', 'batched', 7.9)], []);
    expect(bad.requirement).toMatchObject({ met: false, worstCase: 'batched-transposeB', worstRatio: 7.9 });
  });

  it('fails the requirement when a ratio is missing and flags a wrong result', () => {
    const s = matmulSummary([record('batched', 'batched', null, 0.5)], ['n']);
    expect(s.requirement.met).toBe(false);
    expect(s.correct).toBe(false);
    expect(s.notes).toEqual(['n']);
  });
});
