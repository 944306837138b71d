import type { BenchScenario } from '../scenario';
import { runMergeTasksBench } from './run-merge-tasks-bench';

/** `ftheta bench merge-tasks`: see ./run-merge-tasks-bench.ts. */
export const mergeTasksScenario: BenchScenario = {
  name: 'merge-tasks',
  description: 'base + two fine-tunes (addition, reverse) merged by linear, task arithmetic, TIES, DARE-TIES, SLERP, model stock: greedy accuracy per task, share kept, vs the NumPy reference',
  run: (context) => runMergeTasksBench(context),
};
