import type { BenchScenario } from '../scenario';
import { runEditBench } from './run-edit-bench';

/** `ftheta bench edit`: see ./run-edit-bench.ts. */
export const editScenario: BenchScenario = {
  name: 'edit',
  description: 'ROME, fine-tuning and MEMIT on the fact model: efficacy, paraphrase and neighbourhood over 100 edits (the CounterFact metrics), causal tracing, NumPy closed forms',
  run: (context) => runEditBench(context),
};
