/**
 * The training loop: for each step, k micro-batches -> loss and gradients (averaged; computed by the
 * `gradients` engine: in process by default, or over worker threads) -> global-norm
 * clipping -> AdamW at the schedule's learning rate; evaluation every N steps; checkpoints every N
 * steps, on abort and at the end; exact resume from a {@link TrainingState}. A non-finite loss or
 * gradient norm stops the run before the update, so θ and the last checkpoint stay good.
 */
import { fromParamStore } from '@ftheta/core-model';
import { crossEntropy } from '../loss';
import { AdamW, clipByGlobalNorm, disposeNamed, GradAccumulator, type NamedTensors } from '../optim';
import { evaluate } from './evaluate';
import { inProcessGradients } from './gradient-engine';
import { SeededRandom } from '../seeded-random';
import type { EvalInfo, StepInfo, TrainOptions, TrainResult } from './train-options';
import type { TrainingState } from './training-state';

const yieldToEventLoop = () =>
  new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

function positiveInt(name: string, value: number): number {
  if (!(Number.isSafeInteger(value) && value > 0)) throw new Error(`train: ${name} must be a positive integer, got ${value}`);
  return value;
}

/**
 * Trains `options.model` in place; see {@link TrainOptions}. Resolves when `steps` are done, the
 * signal aborts (after saving), or a loss / gradient norm is NaN or infinite (nothing saved then).
 * @throws Error naming an invalid option; errors of the model, loss or checkpoint writer pass through.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { model, signal, callbacks = {}, checkpoint, resume } = options;
  const lossFn = options.lossFn ?? crossEntropy;
  const gradients = options.gradients ?? inProcessGradients;
  if (typeof gradients.compute !== 'function') throw new Error(`train: gradients.compute must be a function (a GradientEngine), got ${typeof gradients.compute}`);
  const steps = positiveInt('steps', options.steps);
  const accumulate = positiveInt('accumulate', options.accumulate ?? 1);
  const evalEvery = options.evalEvery ?? 0;
  if (!(Number.isSafeInteger(evalEvery) && evalEvery >= 0)) throw new Error(`train: evalEvery must be an integer ≥ 0, got ${evalEvery}`);
  if (evalEvery > 0 && !options.val) throw new Error(`train: evalEvery is ${evalEvery} but no val source was given`);
  const evalBatches = positiveInt('evalBatches', options.evalBatches ?? 10);
  const clipNorm = options.clipNorm ?? 1;
  if (!(clipNorm > 0)) throw new Error(`train: clipNorm must be > 0 (Infinity: no clipping), got ${clipNorm}`);
  if (checkpoint) positiveInt('checkpoint.every', checkpoint.every);
  const lrAt = typeof options.lr === 'number' ? ((lr: number) => () => lr)(options.lr) : options.lr;
  if (typeof lrAt !== 'function') throw new Error(`train: lr must be a number or a schedule function, got ${typeof options.lr}`);
  if (resume && resume.step > steps) throw new Error(`train: resume.step ${resume.step} is past steps ${steps}`);

  const rng = new SeededRandom(options.seed ?? 0);
  const optimizer = new AdamW(model.params, options.optimizer);
  const acc = new GradAccumulator();
  let step = 0;
  let bestValLoss: number | null = null;
  const valStart = resume?.val ?? options.val?.state() ?? null;
  try {
    if (resume) {
      optimizer.restore(resume.optimizer);
      options.train.restore(resume.train);
      rng.state = resume.rng;
      step = resume.step;
      bestValLoss = resume.bestValLoss;
    }
    const history: StepInfo[] = [];
    const evals: EvalInfo[] = [];
    let savedAt = step;
    const result = (reason: TrainResult['reason'], message?: string): TrainResult => ({ reason, step, history, evals, bestValLoss, message });
    const state = (): TrainingState => ({ step, optimizer: optimizer.state(), train: options.train.state(), val: valStart, rng: rng.state, bestValLoss });
    const save = async (isBest: boolean, reason: 'every' | 'aborted' | 'done') => {
      if (!checkpoint) return;
      await checkpoint.save({ config: model.config, params: fromParamStore(model.params), state: state(), isBest });
      savedAt = step;
      await callbacks.onCheckpoint?.({ step, isBest, reason });
    };

    while (step < steps) {
      if (signal?.aborted) {
        if (step !== savedAt) await save(false, 'aborted');
        return result('aborted');
      }
      const t0 = performance.now();
      const lr = lrAt(step);
      let lossSum = 0;
      let tokens = 0;
      for (let k = 0; k < accumulate; k++) {
        const batch = options.train.next();
        tokens += batch.batchSize * batch.seqLen;
        model.setTrainingStep?.(step * accumulate + k); // dropout masks of micro-batch k of this step
        const { loss, grads } = await gradients.compute(model, batch, lossFn);
        if (!Number.isFinite(loss)) {
          disposeNamed(grads);
          acc.dispose();
          return result('non-finite-loss', `step ${step + 1}: training loss is ${loss} (micro-batch ${k + 1} of ${accumulate}); stopped before the update, θ and the last checkpoint (step ${savedAt}) are unchanged`);
        }
        lossSum += loss;
        acc.add(grads);
      }
      const mean = acc.take();
      let clipped: NamedTensors;
      let gradNorm: number;
      try {
        ({ grads: clipped, norm: gradNorm } = clipByGlobalNorm(mean, clipNorm));
      } finally {
        disposeNamed(mean);
      }
      if (!Number.isFinite(gradNorm)) {
        disposeNamed(clipped);
        return result('non-finite-loss', `step ${step + 1}: gradient norm is ${gradNorm} (loss ${lossSum / accumulate}); stopped before the update, θ and the last checkpoint (step ${savedAt}) are unchanged`);
      }
      try {
        optimizer.apply(clipped, lr);
      } finally {
        disposeNamed(clipped);
      }
      step++;
      const ms = performance.now() - t0;
      const info: StepInfo = { step, loss: lossSum / accumulate, lr, gradNorm, tokensPerSec: (tokens * 1000) / ms, ms };
      history.push(info);
      model.setTrainingStep?.(null); // callbacks and evaluation see the model in inference mode
      await callbacks.onStep?.(info);

      let isBest = false;
      if (evalEvery > 0 && step % evalEvery === 0 && options.val && valStart) {
        options.val.restore(valStart);
        const ev = evaluate(model, options.val, evalBatches, lossFn);
        isBest = Number.isFinite(ev.valLoss) && (bestValLoss === null || ev.valLoss < bestValLoss);
        if (isBest) bestValLoss = ev.valLoss;
        const e: EvalInfo = { step, ...ev, isBest };
        evals.push(e);
        await callbacks.onEval?.(e);
      }
      if (checkpoint && (step % checkpoint.every === 0 || isBest)) await save(isBest, 'every');
      await yieldToEventLoop();
    }
    if (step !== savedAt) await save(false, 'done');
    return result('done');
  } finally {
    model.setTrainingStep?.(null);
    acc.dispose();
    optimizer.dispose();
  }
}
