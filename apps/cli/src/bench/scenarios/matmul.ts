import { runMatmulBench } from '../matmul/run-matmul-bench';
import type { BenchScenario } from '../scenario';

/** `ftheta bench matmul`: see ../matmul/run-matmul-bench.ts. */
export const matmulScenario: BenchScenario = {
  name: 'matmul',
  description: "float32 matMul GFLOP/s: wasm with ftheta's kernels vs stock wasm, tfjs cpu and numpy",
  run: runMatmulBench,
};
