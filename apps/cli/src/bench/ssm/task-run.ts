/**
 * Train one model on a synthetic task at one length until it is (nearly) perfect or a budget runs
 * out, then score it at several lengths — the Mamba paper's extrapolation experiment, for any
 * CausalLM.
 */
import type { CausalLM } from '@ftheta/core-model';
import { type BatchSource, maskedAccuracy, train, warmupCosine } from '@ftheta/trainer';
import { round } from '../../util/stats';

/** A task at a given row length: a fresh seeded source of batches. */
export type TaskAt = (length: number, batchSize: number, seed: number) => BatchSource;

/** Options of {@link runTask}. */
export interface TaskRunOptions {
  task: TaskAt;
  trainLength: number;
  batchSize: number;
  lr: number;
  /** Most optimizer steps, and most seconds of training (whichever ends first). */
  maxSteps: number;
  maxSeconds: number;
  /** Evaluate at the training length every this many steps; stop once accuracy ≥ target. */
  evalEvery: number;
  target: number;
  /** Lengths to score after training, and rows scored at each (in batches of `testBatch`). */
  testLengths: readonly number[];
  testRows: number;
  testBatch: number;
  seed: number;
  progress?: (m: string) => void;
}

/** What one model reached. */
export interface TaskRunResult {
  steps: number;
  trainSeconds: number;
  reachedTarget: boolean;
  /** Accuracy at the training length at each evaluation. */
  curve: { step: number; accuracy: number }[];
  /** Final accuracy by test length. */
  accuracy: Record<string, number>;
}

/** Accuracy of `model` over `rows` fresh rows at `length`. */
export function scoreAt(model: CausalLM, task: TaskAt, length: number, rows: number, batch: number, seed: number): number {
  let correct = 0;
  let total = 0;
  const source = task(length, Math.min(batch, rows), seed);
  for (let done = 0; done < rows; done += Math.min(batch, rows)) {
    const r = maskedAccuracy(model, source.next());
    correct += r.correct;
    total += r.total;
  }
  return correct / total;
}

/** Trains `model` in place on `o.task` and scores it; see {@link TaskRunOptions}. */
export async function runTask(model: CausalLM, o: TaskRunOptions): Promise<TaskRunResult> {
  const curve: { step: number; accuracy: number }[] = [];
  const controller = new AbortController();
  const t0 = performance.now();
  let reachedTarget = false;
  const r = await train({
    model,
    train: o.task(o.trainLength, o.batchSize, o.seed),
    steps: o.maxSteps,
    lr: warmupCosine({ lr: o.lr, minLr: o.lr / 10, warmupSteps: Math.min(100, o.maxSteps), decaySteps: o.maxSteps }),
    seed: o.seed,
    signal: controller.signal,
    callbacks: {
      onStep: (s) => {
        if ((performance.now() - t0) / 1000 > o.maxSeconds) controller.abort();
        if (s.step % o.evalEvery !== 0) return;
        const accuracy = scoreAt(model, o.task, o.trainLength, Math.min(o.testRows, 4 * o.testBatch), o.testBatch, o.seed + 1_000_003);
        curve.push({ step: s.step, accuracy: round(accuracy, 4) });
        o.progress?.(`  step ${s.step}: loss ${s.loss.toFixed(3)}, accuracy at ${o.trainLength} ${(100 * accuracy).toFixed(1)}%`);
        if (accuracy >= o.target) {
          reachedTarget = true;
          controller.abort();
        }
      },
    },
  });
  const trainSeconds = (performance.now() - t0) / 1000;
  const accuracy: Record<string, number> = {};
  for (const length of o.testLengths) {
    accuracy[String(length)] = round(scoreAt(model, o.task, length, o.testRows, length > 1024 ? Math.max(1, Math.floor(o.testBatch / 8)) : o.testBatch, o.seed + 7 * length), 4);
    o.progress?.(`  accuracy at length ${length}: ${(100 * accuracy[String(length)]!).toFixed(1)}%`);
  }
  return { steps: r.step, trainSeconds: round(trainSeconds, 1), reachedTarget, curve, accuracy };
}
