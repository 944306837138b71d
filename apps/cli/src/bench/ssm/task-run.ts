/**
 * Train one model on a synthetic task at one length until it is (nearly) perfect or a budget runs
 * out, then score it at several lengths — the Mamba paper's extrapolation experiment, for any
 * CausalLM.
 */
import type { CausalLM } from '@ftheta/core-model';
import { type AdamWOptions, type BatchSource, maskedAccuracy, train, warmupCosine } from '@ftheta/trainer';
import { round } from '../../util/stats';

/** A task at a given row length: a fresh seeded source of batches. */
export type TaskAt = (length: number, batchSize: number, seed: number) => BatchSource;

/** One stage of training: a length, a batch, a learning rate and a budget. */
export interface TaskStage {
  length: number;
  batchSize: number;
  lr: number;
  /** Most optimizer steps, and most seconds (whichever ends first). */
  maxSteps: number;
  maxSeconds: number;
  /**
   * Settings of this stage for a Mamba model only (config.model_type "mamba"; any other model
   * trains with the fields above alone): its step-size penalty (MambaModel.stepPenalty, 0 after
   * the stage) and AdamW options replacing the run's.
   */
  mamba?: { stepPenalty?: number; optimizer?: AdamWOptions };
}

/** Options of {@link runTask}. */
export interface TaskRunOptions {
  task: TaskAt;
  /**
   * Training stages in order (a curriculum: e.g. short rows first, where the mechanism is found in
   * a few hundred steps, then the training length). Each stage stops early once the accuracy at its
   * length reaches `target`, except the last, which runs its steps (so the model trains at the
   * final length, not only reaches it).
   */
  stages: readonly TaskStage[];
  /** Evaluate every this many steps. */
  evalEvery: number;
  target: number;
  /** Lengths to score after training, and rows scored at each (in batches of `testBatch`). */
  testLengths: readonly number[];
  testRows: number;
  testBatch: number;
  seed: number;
  /** AdamW options of every stage (default: the trainer's). */
  optimizer?: AdamWOptions;
  progress?: (m: string) => void;
}

/** What one model reached. */
export interface TaskRunResult {
  steps: number;
  trainSeconds: number;
  /** Whether the accuracy at the last stage's length reached the target at some evaluation. */
  reachedTarget: boolean;
  /** Accuracy at each stage's length at each evaluation. */
  curve: { stage: number; length: number; step: number; accuracy: number }[];
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

/** Trains `model` in place on `o.task`, stage by stage, and scores it; see {@link TaskRunOptions}. */
export async function runTask(model: CausalLM, o: TaskRunOptions): Promise<TaskRunResult> {
  const curve: TaskRunResult['curve'] = [];
  const t0 = performance.now();
  let steps = 0;
  let reachedTarget = false;
  for (const [i, st] of o.stages.entries()) {
    const last = i === o.stages.length - 1;
    const controller = new AbortController();
    const started = performance.now();
    const mamba = model.config.model_type === 'mamba' ? st.mamba : undefined;
    const penalized = mamba?.stepPenalty !== undefined;
    if (penalized && !('stepPenalty' in model)) throw new Error(`runTask: stage ${i + 1} sets a Mamba stepPenalty, and this model_type "mamba" model has no stepPenalty property`);
    if (penalized) (model as unknown as { stepPenalty: number }).stepPenalty = mamba.stepPenalty!;
    const r = await train({
      model,
      train: o.task(st.length, st.batchSize, o.seed + i),
      steps: st.maxSteps,
      lr: warmupCosine({ lr: st.lr, minLr: st.lr / 10, warmupSteps: Math.min(50, st.maxSteps), decaySteps: st.maxSteps }),
      seed: o.seed + i,
      optimizer: mamba?.optimizer ?? o.optimizer,
      signal: controller.signal,
      callbacks: {
        onStep: (s) => {
          if ((performance.now() - started) / 1000 > st.maxSeconds) controller.abort();
          if (s.step % o.evalEvery !== 0) return;
          const accuracy = scoreAt(model, o.task, st.length, Math.min(o.testRows, 4 * o.testBatch), o.testBatch, o.seed + 1_000_003);
          curve.push({ stage: i, length: st.length, step: steps + s.step, accuracy: round(accuracy, 4) });
          o.progress?.(`  stage ${i + 1} (length ${st.length}) step ${s.step}: loss ${s.loss.toFixed(3)}, accuracy ${(100 * accuracy).toFixed(1)}%`);
          if (accuracy >= o.target && last) reachedTarget = true;
          if (accuracy >= o.target && !last) controller.abort();
        },
      },
    });
    if (penalized) (model as unknown as { stepPenalty: number }).stepPenalty = 0;
    steps += r.step;
  }
  const trainSeconds = (performance.now() - t0) / 1000;
  const accuracy: Record<string, number> = {};
  for (const length of o.testLengths) {
    accuracy[String(length)] = round(scoreAt(model, o.task, length, o.testRows, length > 1024 ? Math.max(1, Math.floor(o.testBatch / 8)) : o.testBatch, o.seed + 7 * length), 4);
    o.progress?.(`  accuracy at length ${length}: ${(100 * accuracy[String(length)]!).toFixed(1)}%`);
  }
  return { steps, trainSeconds: round(trainSeconds, 1), reachedTarget, curve, accuracy };
}
