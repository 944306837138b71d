/**
 * `--threads`: how many threads compute each batch's gradients (data parallelism over
 * worker_threads, @ftheta/trainer's createDataParallel). 'auto' uses the machine's cores.
 */
import os from 'node:os';
import { UsageError } from '../errors';

/** Most threads 'auto' picks (each one holds a model replica). */
const AUTO_MAX = 8;

/** The flag as given: a positive integer, 'auto', or undefined (= auto). */
export type ThreadsFlag = number | 'auto';

/** Parses `--threads`; a UsageError names the value when it is neither 'auto' nor a positive integer. */
export function parseThreadsFlag(value: string | undefined): ThreadsFlag {
  if (value === undefined || value === 'auto') return 'auto';
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--threads must be a positive integer or "auto", got ${JSON.stringify(value)}`);
  return n;
}

/**
 * The thread count for a run: 'auto' = the cores (at most 8) but never more than the batch's rows,
 * and 1 where the model cannot be replicated (LoRA); an explicit count the model cannot use is a
 * UsageError saying why, never a silent fallback.
 */
export function resolveThreads(flag: ThreadsFlag, o: { batchSize: number; replicable: boolean; why?: string }): number {
  if (flag === 'auto') return o.replicable ? Math.max(1, Math.min(os.availableParallelism(), AUTO_MAX, o.batchSize)) : 1;
  if (flag > 1 && !o.replicable) throw new UsageError(`--threads ${flag}: ${o.why ?? 'this model cannot be trained on several threads'}; use --threads 1`);
  if (flag > o.batchSize) throw new UsageError(`--threads ${flag} is more than the batch's ${o.batchSize} rows (each thread takes whole rows)`);
  return flag;
}
