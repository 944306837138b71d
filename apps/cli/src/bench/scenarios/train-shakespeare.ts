import type { BenchScenario } from '../scenario';
import { runTrainBench } from '../train/run-train-bench';

/** `ftheta bench train-shakespeare`: see ../train/run-train-bench.ts. */
export const trainShakespeareScenario: BenchScenario = {
  name: 'train-shakespeare',
  description: "nanoGPT's CPU shakespeare_char recipe (4×128, ctx 64, 2000 steps) on tinyshakespeare: val loss vs 1.88 and tokens/s vs PyTorch (train_bench.py)",
  run: (context) => runTrainBench(context),
};
