/** The headline of `bench/results/matmul.json`: the ratios the issue asks for, up front. */
import type { CaseRecord } from './case-record';

/** Batched and transposed wasm matmuls with ftheta's kernels must be at least this much faster than stock. */
export const REQUIRED_FTHETA_OVER_STOCK = 8;

/** The `summary` object at the top of the JSON. */
export interface MatmulSummary {
  headline: string;
  /** Batched/transposed cases: wasm + ftheta kernels over stock tfjs wasm (the requirement). */
  fthetaOverStockBatched: Record<string, number | null>;
  requirement: { rule: string; met: boolean; worstCase: string | null; worstRatio: number | null };
  /** numpy (native BLAS) is the ceiling: ftheta over numpy on square 512, whatever it is. */
  fthetaOverNumpySquare512: number | null;
  fthetaOverStockSquare: Record<string, number | null>;
  fthetaOverNumpy: Record<string, number | null>;
  fthetaOverCpu: Record<string, number | null>;
  /** Every tfjs result matched the float64 JS reference within its tolerance. */
  correct: boolean;
  notes: string[];
}

function pick(cases: readonly CaseRecord[], key: keyof CaseRecord['ratios'], group?: CaseRecord['group']) {
  return Object.fromEntries(cases.filter((c) => !group || c.group === group).map((c) => [c.id, c.ratios[key]]));
}

/** Builds the summary from the per-case records. */
export function matmulSummary(cases: readonly CaseRecord[], notes: string[]): MatmulSummary {
  const batched = cases.filter((c) => c.group === 'batched');
  let worst: CaseRecord | null = null;
  for (const c of batched) {
    const r = c.ratios.fthetaOverStock ?? -Infinity;
    if (!worst || r < (worst.ratios.fthetaOverStock ?? -Infinity)) worst = c;
  }
  const worstRatio = worst?.ratios.fthetaOverStock ?? null;
  const correct = cases.every((c) => Object.values(c.maxAbsErrorVsReference).every((e) => e !== undefined && e <= c.tolerance));
  return {
    headline: "GFLOP/s ratios, wasm with ftheta's kernels over stock tfjs wasm, numpy (native ceiling) and tfjs cpu, all timed in one run",
    fthetaOverStockBatched: pick(cases, 'fthetaOverStock', 'batched'),
    requirement: {
      rule: `fthetaOverStock >= ${REQUIRED_FTHETA_OVER_STOCK} on every batched and transposed case`,
      met: batched.length > 0 && worstRatio !== null && worstRatio >= REQUIRED_FTHETA_OVER_STOCK,
      worstCase: worst?.id ?? null,
      worstRatio,
    },
    fthetaOverNumpySquare512: cases.find((c) => c.id === 'square-512')?.ratios.fthetaOverNumpy ?? null,
    fthetaOverStockSquare: pick(cases, 'fthetaOverStock', 'square'),
    fthetaOverNumpy: pick(cases, 'fthetaOverNumpy'),
    fthetaOverCpu: pick(cases, 'fthetaOverCpu'),
    correct,
    notes,
  };
}
