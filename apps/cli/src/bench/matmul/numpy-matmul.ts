/** numpy's side of `ftheta bench matmul`: the same cases, timed in a python child process. */
import type { Measurement, TimingMethod } from '../measure';
import { type NumpyEnvRecord, runNumpy } from '../numpy/run-numpy';
import { aShape, bShape, type MatmulCase } from './cases';
import { NUMPY_MATMUL_SCRIPT } from './numpy-script';

/** What numpy reported about itself and its BLAS. */
export interface NumpyMatmulInfo {
  numpy: string;
  python: string;
  blas: {
    loadedLibraries: string[];
    config: string | null;
    coretype: string | null;
    threads: number | null;
    threadpoolctl: unknown;
    numpyShowConfig: unknown;
  };
}

/** numpy timings by case id, or why there are none. */
export type NumpyMatmulRun =
  | { ok: true; info: NumpyMatmulInfo; results: Record<string, Measurement>; env: NumpyEnvRecord }
  | { ok: false; reason: string; env: NumpyEnvRecord };

/** Times `np.matmul` on every case with `method`; never throws for a missing python or numpy. */
export async function timeNumpyCases(
  cases: readonly MatmulCase[],
  method: TimingMethod,
  onProgress: (caseId: string) => void,
  timeoutMs: number,
): Promise<NumpyMatmulRun> {
  const input = {
    method,
    cases: cases.map((c) => ({ id: c.id, aShape: aShape(c), bShape: bShape(c), transposeA: c.transposeA, transposeB: c.transposeB })),
  };
  const run = await runNumpy<NumpyMatmulInfo & { results: Record<string, Measurement> }>(NUMPY_MATMUL_SCRIPT, input, {
    timeoutMs,
    onProgress,
  });
  if (!run.ok) return run;
  const { results, ...info } = run.data;
  const missing = cases.filter((c) => !results?.[c.id]).map((c) => c.id);
  if (missing.length > 0) return { ok: false, reason: `numpy returned no timing for ${missing.join(', ')}`, env: run.env };
  return { ok: true, info, results, env: run.env };
}
