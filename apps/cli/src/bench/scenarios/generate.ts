import { runGenerateBench } from '../generate/run-generate-bench';
import type { BenchScenario } from '../scenario';

/** `ftheta bench generate`: see ../generate/run-generate-bench.ts. */
export const generateScenario: BenchScenario = {
  name: 'generate',
  description: 'GPT-2 small (random weights) prefill tokens/s and decode ms/token with/without KV cache vs onnxruntime-web wasm',
  run: (context) => runGenerateBench(context),
};
