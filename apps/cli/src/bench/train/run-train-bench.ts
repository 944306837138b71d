/**
 * `ftheta bench train-shakespeare`: nanoGPT's CPU shakespeare_char recipe (./recipe.ts) trained by
 * @ftheta/trainer on tfjs wasm over ../shared/data/tinyshakespeare.txt, with PyTorch's
 * ../shared/refs/train_bench.py (same settings, same text) in a child process first, in one run:
 * the final validation loss against nanoGPT's 1.88, tokens/s against PyTorch's, and a kernel
 * profile of one training step.
 */
import os from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { initBackend } from '@ftheta/backend';
import { initTransformer, parseTransformerConfig, type Transformer, transformerFromWeights } from '@ftheta/core-model';
import { loadCheckpointDir } from '@ftheta/core-model/node';
import { CharTokenizer } from '@ftheta/tokenizer';
import { type AdamWOptions, evaluateInOrder, randomWindows, splitTrainVal, type TokenArray, train, warmupCosine } from '@ftheta/trainer';
import { createDataParallel } from '@ftheta/trainer/node';
import * as tf from '@tensorflow/tfjs-core';
import { median, round } from '../../util/stats';
import type { BenchContext, ScenarioReport } from '../scenario';
import { readSharedData } from '../shared-data';
import { profileTrainStep, type TrainStepProfile } from './profile-train-step';
import { type PytorchRun, runPytorchTrainBench } from './pytorch-side';
import { FULL_RECIPE, QUICK_RECIPE, SPEED_GOAL, type TrainRecipe, VAL_LOSS_GOAL } from './recipe';
import { medianStepTokensPerSec, trainSummary } from './summary';

/** Options beyond the bench context (tests pass a smaller recipe or skip PyTorch). */
export interface TrainBenchOptions {
  recipe?: TrainRecipe;
  /** Run PyTorch's side (default true). */
  pytorch?: boolean;
}

/** PyTorch thread counts (2 = this machine's cores, as issue #5 asks; 1 is immune to OpenMP's collapse under other load); the headline takes the faster. */
const PYTORCH_THREADS = [2, 1] as const;

const load = () => os.loadavg().map((x) => round(x, 2));

/** Runs the scenario and returns its report (summary first). */
export async function runTrainBench(context: BenchContext, options: TrainBenchOptions = {}): Promise<ScenarioReport> {
  const { quick, progress } = context;
  const recipe = options.recipe ?? (quick ? QUICK_RECIPE : FULL_RECIPE);
  const data = readSharedData('tinyshakespeare.txt');
  const script = join(dirname(dirname(data.path)), 'refs', 'train_bench.py');
  const loadAtStart = load();

  // PyTorch first, while this process holds no model (the two sides never run at the same time).
  // The 2-thread run trains the whole recipe and saves its model (its loss is compared on the whole
  // validation split below); the 1-thread run is shorter, for tokens/s only.
  const pytorchRuns = new Map<number, PytorchRun>();
  const pytorchModelDir = await mkdtemp(join(os.tmpdir(), 'ftheta-bench-pytorch-'));
  let pytorchSaved = false;
  if (options.pytorch !== false) {
    if (!existsSync(script)) progress(`pytorch side skipped: ${script} not found`);
    else {
      for (const threads of PYTORCH_THREADS) {
        const full = threads === FULL_RUN_THREADS;
        const iters = full ? recipe.steps : recipe.pytorchIters;
        progress(`pytorch: ${script} --iters ${iters} --threads ${threads}${full ? ' (the whole recipe, model saved)' : ''}`);
        const run = await runPytorchTrainBench(script, {
          iters,
          threads,
          data: data.path,
          extra: [
            '--eval-interval', String(Math.max(1, iters)), '--eval-iters', String(recipe.evalBatches), '--skip-first', String(recipe.skipFirst), '--seed', String(recipe.seed),
            '--warmup-iters', String(recipe.warmupSteps), '--lr', String(recipe.lr), '--min-lr', String(recipe.minLr),
            ...(full ? ['--save', pytorchModelDir] : []),
          ],
          timeoutMs: quick ? 180_000 : 900_000,
          progress,
        });
        if (full && run.ok) pytorchSaved = true;
        if (!run.ok) progress(`pytorch side (${threads} threads) failed: ${run.reason}`);
        else progress(`pytorch (${threads} threads): ${run.data.tokens_per_s_median_step} tokens/s at the median step`);
        pytorchRuns.set(threads, run);
      }
    }
  }
  // The headline compares against PyTorch's fastest thread count: on a loaded 2-core machine, OpenMP's
  // 2-thread run can collapse (one thread waits for a descheduled other), and comparing against that
  // collapse would flatter ftheta.
  const okRuns = [...pytorchRuns].flatMap(([threads, run]) => (run.ok ? [{ threads, tps: run.data.tokens_per_s_median_step }] : []));
  const fastest = okRuns.sort((a, b) => b.tps - a.tps)[0] ?? null;
  const loadAfterPytorch = load();

  const backend = await initBackend({ prefer: 'wasm', onWarning: (m) => progress(`warning: ${m}`) });
  progress(`tfjs backend ${backend.name} (simd ${backend.simd}, threads ${backend.threads})`);
  const tokenizer = CharTokenizer.fromText(data.text);
  const ids = Uint16Array.from(tokenizer.encode(data.text));
  const split = splitTrainVal(ids, recipe.valFraction);
  const T = recipe.model.n_positions;
  const config = parseTransformerConfig({ model_type: 'gpt2', vocab_size: tokenizer.vocabSize, ...recipe.model });
  const model = initTransformer(config, { seed: recipe.seed });
  const optimizer: AdamWOptions = { beta1: recipe.beta1, beta2: recipe.beta2, weightDecay: recipe.weightDecay };
  const tensorsBefore = tf.memory().numTensors;
  let result: Awaited<ReturnType<typeof train>>;
  let profile: TrainStepProfile;
  const t0 = performance.now();
  let disposed = false;
  const gradients = createDataParallel({ threads: recipe.threads });
  try {
    result = await train({
      model,
      gradients,
      train: randomWindows(split.train, { batchSize: recipe.batchSize, seqLen: T, seed: recipe.seed }),
      val: randomWindows(split.val, { batchSize: recipe.batchSize, seqLen: T, seed: recipe.seed + 1 }),
      steps: recipe.steps,
      evalEvery: recipe.evalEvery,
      evalBatches: recipe.evalBatches,
      lr: warmupCosine({ lr: recipe.lr, minLr: recipe.minLr, warmupSteps: recipe.warmupSteps, decaySteps: recipe.decaySteps }),
      optimizer,
      clipNorm: recipe.clipNorm,
      seed: recipe.seed,
      callbacks: {
        onStep: (s) => {
          if (s.step % 50 === 0 || s.step === 1) progress(`ftheta: step ${s.step}/${recipe.steps} loss ${s.loss.toFixed(4)} ${s.ms.toFixed(0)} ms (${s.tokensPerSec.toFixed(0)} tokens/s)`);
        },
        onEval: (e) => progress(`ftheta: step ${e.step}: val loss ${e.valLoss.toFixed(4)}`),
      },
    });
    const trainSec = (performance.now() - t0) / 1000;
    const parallel = gradients.stats();
    await gradients.dispose();
    progress('ftheta: profiling one training step (tf.profile)');
    const batch = randomWindows(split.train, { batchSize: recipe.batchSize, seqLen: T, seed: recipe.seed + 2 }).next();
    profile = await profileTrainStep(model, batch, optimizer, recipe.clipNorm);
    progress(`ftheta: loss over the whole validation split (${split.val.length} tokens)`);
    const fullVal = evaluateInOrder(model, split.val, { seqLen: T, batchSize: FULL_EVAL_BATCH }).valLoss;
    progress(`ftheta: whole-split val loss ${fullVal.toFixed(4)}`);
    const fullValPytorch = pytorchSaved ? await pytorchFullVal(pytorchModelDir, tokenizer.chars, split.val, T, progress) : null;
    const parameters = model.params.count();
    const tensorsAfter = tf.memory().numTensors;
    model.dispose();
    disposed = true;

    const stepMs = result.history.map((s) => s.ms);
    const tokensPerStep = recipe.batchSize * T;
    const tokensPerSecFtheta = medianStepTokensPerSec(stepMs, tokensPerStep, recipe.skipFirst);
    const lastEval = result.evals[result.evals.length - 1];
    const summary = trainSummary({
      valLossFinal: lastEval && lastEval.step === result.step ? lastEval.valLoss : null,
      valLossGoal: VAL_LOSS_GOAL,
      valLossFullFtheta: fullVal,
      valLossFullPytorch: fullValPytorch,
      tokensPerSecFtheta,
      tokensPerSecPytorch: fastest?.tps ?? null,
      pytorchThreads: fastest?.threads ?? null,
      speedGoal: SPEED_GOAL,
    });
    const steady = stepMs.slice(recipe.skipFirst);
    const pct = (p: number) => (steady.length ? round([...steady].sort((a, b) => a - b)[Math.min(steady.length - 1, Math.floor(p * steady.length))], 1) : null);
    return {
      summary,
      versions: {
        '@ftheta/trainer': readVersion('@ftheta/trainer'),
        '@ftheta/core-model': readVersion('@ftheta/core-model'),
        torch: [...pytorchRuns.values()].find((r): r is Extract<PytorchRun, { ok: true }> => r.ok)?.data.torch ?? null,
      },
      load: { atStart: loadAtStart, afterPytorch: loadAfterPytorch, atEnd: load(), note: 'os.loadavg() 1/5/15 min; the machine is shared (2 cores): other load slows either side' },
      recipe: { ...recipe, vocab: tokenizer.vocabSize, parameters },
      data: { path: data.path, chars: data.text.length, tokens: ids.length, train: split.train.length, val: split.val.length },
      ftheta: {
        backend: backend.name,
        simd: backend.simd,
        threads: backend.threads,
        gradientThreads: recipe.threads,
        dataParallel: dataParallelRecord(parallel),
        reason: result.reason,
        steps: result.step,
        trainWallSec: round(trainSec, 1),
        evals: result.evals.map((e) => ({ step: e.step, valLoss: round(e.valLoss, 4) })),
        lossFirst: result.history[0] ? round(result.history[0].loss, 4) : null,
        lossLast: result.history.length ? round(result.history[result.history.length - 1].loss, 4) : null,
        stepMs: { median: steady.length ? round(median(steady), 1) : null, p10: pct(0.1), p90: pct(0.9), max: steady.length ? round(Math.max(...steady), 1) : null, skippedFirst: recipe.skipFirst },
        tokensPerSecMedianStep: tokensPerSecFtheta,
        tensorsLeaked: tensorsAfter - tensorsBefore,
        profile,
      },
      pytorch: pytorchRuns.size === 0
        ? { measured: false, reason: options.pytorch === false ? 'skipped by option' : `${script} not found` }
        : Object.fromEntries([...pytorchRuns].map(([threads, run]) => [`threads${threads}`, pytorchRecord(run)])),
      fthetaOverPytorchByThreads: Object.fromEntries(
        [...pytorchRuns].map(([threads, run]) => [`threads${threads}`, run.ok ? trainSummary({ valLossFinal: null, valLossGoal: VAL_LOSS_GOAL, tokensPerSecFtheta, tokensPerSecPytorch: run.data.tokens_per_s_median_step, pytorchThreads: threads, speedGoal: SPEED_GOAL }).fthetaOverPytorch : null]),
      ),
      method: {
        tokensPerSec: 'batch·context tokens per step / the median step time after the first skipFirst steps; a step = forward + loss + backward + clip + AdamW (batch sampling and evaluation not timed), the same span on both sides',
        pytorch: `train_bench.py with torch threads 2 for the whole recipe (${recipe.steps} iterations, model saved and its loss measured by ftheta on the whole validation split) and threads 1 for ${recipe.pytorchIters} iterations (tokens/s only); the headline speed uses the faster (under other load the 2-thread OpenMP run can collapse); BLAS as printed; run before ftheta, never at the same time`,
        valLoss: `valLossFinal is nanoGPT's estimate_loss style figure (mean of ${recipe.evalBatches} batches of ${recipe.batchSize}×${T}), the one nanoGPT's README quotes; it moves ±0.02 with the batches drawn. valLossFull* is the mean over every non-overlapping ${T}-token window of the validation split (${Math.floor((split.val.length - 1) / T) * T} targets), for both sides, by the same ftheta code. Reference point: karpathy/nanoGPT (commit ${NANOGPT_COMMIT.slice(0, 10)}) run here with its README's CPU command printed "step 2000: train loss 1.7648, val loss 1.8857"; its saved model measures ${NANOGPT_FULL_VAL} on the whole split, and its own 20-batch estimate gives 1.889 to 1.922 over five seeds.`,
        ftheta: `tfjs wasm (SIMD), @ftheta/trainer train() with ${recipe.threads} gradient thread(s) (createDataParallel: each batch's rows split over the main thread and worker_threads, gradients combined, then clip + AdamW on the main thread), evalEvery/evalBatches as in the recipe; validation reads the same evalBatches batches at every evaluation (nanoGPT draws fresh ones)`,
        differences: [
          'PyTorch side (gpt_ref.py) has biases on (GPT-2 style); ftheta runs nanoGPT\'s bias=False. The extra bias adds are a small share of PyTorch\'s step.',
          'GELU: ftheta runs nanoGPT\'s exact erf GELU; gpt_ref.py uses the tanh form (gelu_new). Both are one fused kernel / a few ops; no effect on the speed comparison.',
          'Initialisation: ftheta initTransformer (N(0, 0.02), residual projections 0.02/sqrt(2·n_layer), as nanoGPT); different PRNG from PyTorch.',
        ],
        profile: 'tf.profile over one whole-batch training step on the main thread after the run (one unprofiled warm-up step first); kernel times summed by kernel name; wall − kernel = JS overhead. With 2 gradient threads, forward + backward run on half the rows per thread (ftheta.dataParallel shows the split of a step)',
      },
      notes: quick ? ['quick run: 30 steps, not for quoting'] : [],
    };
  } finally {
    await gradients.dispose();
    if (!disposed) model.dispose();
    await rm(pytorchModelDir, { recursive: true, force: true });
  }
}

/** Per-step means of the data-parallel engine's phases (ms) over the run. */
function dataParallelRecord(s: ReturnType<ReturnType<typeof createDataParallel>['stats']>) {
  const per = (x: number) => (s.parallelCalls > 0 ? round(x / s.parallelCalls, 2) : null);
  return {
    what: 'mean ms per parallel micro-batch: send = pack + post changed parameters; main = shard 0 on this thread; wait = after main until every worker answered; combine = weighted sum of the shards\' gradients; worker* = inside a worker',
    calls: s.calls,
    parallelCalls: s.parallelCalls,
    sendMs: per(s.sendMs),
    mainMs: per(s.mainMs),
    waitMs: per(s.waitMs),
    combineMs: per(s.combineMs),
    workerMs: per(s.workerMs),
    workerApplyMs: per(s.workerApplyMs),
    workerPackMs: per(s.workerPackMs),
    mbSentPerCall: per(s.bytesSent / 1e6),
  };
}

/** karpathy/nanoGPT as run on this machine (see method.valLoss): its commit and whole-split validation loss. */
const NANOGPT_COMMIT = '3adf61e154c3fe3fca428ad6bc3818b27a3b8291';
const NANOGPT_FULL_VAL = 1.8982;

/** Threads of the PyTorch run that trains the whole recipe (its model's loss is compared). */
const FULL_RUN_THREADS = 2;
/** Windows per batch of the whole-split evaluation. */
const FULL_EVAL_BATCH = 64;

/**
 * The whole-split validation loss of the model train_bench.py saved (HF GPT-2 names), computed by
 * ftheta's own evaluateInOrder: the same measure, the same code, for both sides. Null (with a
 * progress line saying why) when the saved model's vocabulary is not ours.
 */
async function pytorchFullVal(dir: string, chars: readonly string[], val: TokenArray, seqLen: number, progress: (m: string) => void): Promise<number | null> {
  const checkpoint = await loadCheckpointDir(dir);
  const vocab = checkpoint.config.vocab_chars;
  if (vocab !== chars.join('')) {
    progress(`pytorch model: vocab_chars ${JSON.stringify(vocab)?.slice(0, 40)}… differs from ftheta's; whole-split loss not compared`);
    return null;
  }
  let model: Transformer | null = null;
  try {
    model = transformerFromWeights(parseTransformerConfig(checkpoint.config, `${dir}/config.json`), checkpoint.tensors);
    const loss = evaluateInOrder(model, val, { seqLen, batchSize: FULL_EVAL_BATCH }).valLoss;
    progress(`pytorch model: whole-split val loss ${loss.toFixed(4)}`);
    return loss;
  } finally {
    model?.dispose();
  }
}

function pytorchRecord(run: PytorchRun) {
  const command = [run.env.python, ...run.args].join(' ');
  if (!run.ok) return { measured: false, reason: run.reason, command };
  const lines = run.stdout.split('\n').filter((l) => /^(step |torch |corpus |tokens\/s)/.test(l));
  return { measured: true, ...run.data, wallSec: round(run.wallSec, 1), command, env: run.env, lines };
}

function readVersion(name: string): string | null {
  try {
    return (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
  } catch {
    return null;
  }
}
