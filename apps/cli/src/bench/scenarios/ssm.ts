import type { BenchScenario } from '../scenario';
import { runSsmBench } from '../ssm/run-ssm-bench';

/** `ftheta bench ssm`: see ../ssm/run-ssm-bench.ts. */
export const ssmScenario: BenchScenario = {
  name: 'ssm',
  description: 'Mamba beside the Transformer: training tokens/s at equal size, decode ms/token at contexts 64..16384, induction heads (256 -> 4096) and selective copying',
  run: (context) => runSsmBench(context),
};
