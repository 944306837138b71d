/**
 * What fine-tuning forgot: the loss of the model before and after, on held-out data of the tasks it
 * was good at, with the same batches for both (each evaluation restarts the source where it was).
 */
import type { CausalLM } from '@ftheta/core-model';
import type { Batch, BatchSource, BatchSourceState } from '../data';
import { crossEntropy } from '../loss';
import { type EvalResult, evaluate, type LossFn } from '../loop';

/** Held-out data: a batch source (read from its current position) or a fixed list of batches. */
export type HeldOut = BatchSource | readonly Batch[];

/** Options of {@link forgettingReport}. */
export interface ForgettingReportOptions {
  /** The model before fine-tuning (e.g. the base, or a copy of the checkpoint). */
  before: CausalLM;
  /** The model after fine-tuning (a full fine-tune, a LoraModel, a merged model…). */
  after: CausalLM;
  /** Held-out data of the original task (reported as task "held-out"). */
  heldOut?: HeldOut;
  /** More tasks by name (e.g. { original: …, new: … } to see forgetting and learning side by side). */
  tasks?: Record<string, HeldOut>;
  /** Batches per task from a source (default 10); a list of batches is always read whole. */
  batches?: number;
  /** The loss (default `crossEntropy`, nats per token). */
  lossFn?: LossFn;
}

/** One task's numbers; delta > 0 means the model got worse at it (forgot). */
export interface TaskForgetting {
  task: string;
  batches: number;
  lossBefore: number;
  lossAfter: number;
  /** lossAfter − lossBefore. */
  delta: number;
  pplBefore: number;
  pplAfter: number;
}

/** What {@link forgettingReport} returns. */
export interface ForgettingReport {
  tasks: TaskForgetting[];
}

/** A fixed list of batches as a source whose state is the index of the next batch. */
function listSource(batches: readonly Batch[]): BatchSource {
  let i = 0;
  return {
    next: () => batches[i++ % batches.length]!,
    state: () => ({ kind: 'batch-list', index: i }),
    restore: (s: BatchSourceState) => {
      i = s.index as number;
    },
  };
}

/**
 * The loss of `model` on held-out data: a list of batches (read whole) or the next `batches`
 * batches of a source (left at the position it had). The measure both columns of
 * {@link forgettingReport} use, for a single model (e.g. the "before" line at the start of a run).
 * @throws Error when a list of batches is empty.
 */
export function heldOutLoss(model: CausalLM, data: HeldOut, options: { batches?: number; lossFn?: LossFn } = {}): EvalResult {
  const isList = Array.isArray(data);
  if (isList && data.length === 0) throw new Error('heldOutLoss: the list of batches is empty');
  const source = isList ? listSource(data as readonly Batch[]) : (data as BatchSource);
  const n = isList ? (data as readonly Batch[]).length : (options.batches ?? 10);
  const start = source.state();
  try {
    return evaluate(model, source, n, options.lossFn ?? crossEntropy);
  } finally {
    source.restore(start);
  }
}

/**
 * Evaluates `before` and `after` on every task with the same batches and reports the change.
 * A source is left at the position it had.
 * @throws Error when no task is given, a list of batches is empty, or `batches` is not a positive integer.
 */
export function forgettingReport(options: ForgettingReportOptions): ForgettingReport {
  const { before, after, lossFn = crossEntropy } = options;
  const batches = options.batches ?? 10;
  if (!(Number.isSafeInteger(batches) && batches > 0)) throw new Error(`forgettingReport: batches must be a positive integer, got ${batches}`);
  const all: [string, HeldOut][] = [...(options.heldOut ? [['held-out', options.heldOut] as [string, HeldOut]] : []), ...Object.entries(options.tasks ?? {})];
  if (all.length === 0) throw new Error('forgettingReport: give heldOut or at least one entry in tasks');
  const tasks = all.map(([task, data]): TaskForgetting => {
    const isList = Array.isArray(data);
    if (isList && data.length === 0) throw new Error(`forgettingReport: task "${task}" has an empty list of batches`);
    const n = isList ? (data as readonly Batch[]).length : batches;
    const b = heldOutLoss(before, data, { batches: n, lossFn });
    const a = heldOutLoss(after, data, { batches: n, lossFn });
    return { task, batches: n, lossBefore: b.valLoss, lossAfter: a.valLoss, delta: a.valLoss - b.valLoss, pplBefore: b.valPpl, pplAfter: a.valPpl };
  });
  return { tasks };
}

/** The report as a small fixed-width table (one line per task). */
export function formatForgettingReport(report: ForgettingReport): string {
  const head = 'task                 loss before  loss after       Δ  ppl before  ppl after';
  const rows = report.tasks.map(
    (t) =>
      `${t.task.padEnd(20).slice(0, 20)} ${t.lossBefore.toFixed(4).padStart(11)} ${t.lossAfter.toFixed(4).padStart(11)} ${(t.delta >= 0 ? '+' : '') + t.delta.toFixed(4)} ${t.pplBefore.toFixed(2).padStart(11)} ${t.pplAfter.toFixed(2).padStart(10)}`,
  );
  return [head, ...rows].join('\n');
}
