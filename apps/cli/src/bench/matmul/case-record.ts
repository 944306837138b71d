/** One case of `bench/results/matmul.json`: ratios first, absolute figures after. */
export type BackendKey = 'wasmFtheta' | 'wasmStock' | 'cpu' | 'numpy';

import type { TimingRecord } from '../measure';

export type { TimingRecord };

export interface CaseRecord {
  id: string;
  group: 'square' | 'batched';
  /** Headline: GFLOP/s of wasm + ftheta kernels over each other path (null when that path did not run). */
  ratios: { fthetaOverStock: number | null; fthetaOverNumpy: number | null; fthetaOverCpu: number | null };
  /** Median GFLOP/s per path (null when it did not run; see `skipped`). */
  gflops: Record<BackendKey, number | null>;
  shape: { a: number[]; b: number[]; transposeA: boolean; transposeB: boolean; out: number[] };
  /** GFLOP in one product (2·batch·m·k·n / 1e9). */
  gflopPerOp: number;
  /** |tfjs result - float64 JS reference|, worst element, per tfjs path; must stay under `tolerance`. */
  maxAbsErrorVsReference: Partial<Record<Exclude<BackendKey, 'numpy'>, number>>;
  tolerance: number;
  /** Paths not timed on this case, and why. */
  skipped: Partial<Record<BackendKey, string>>;
  timing: Partial<Record<BackendKey, TimingRecord>>;
}
