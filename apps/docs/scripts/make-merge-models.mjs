#!/usr/bin/env node
/**
 * Makes the three small checkpoints that guide/merging.md merges in the reader's browser:
 * apps/docs/public/models/merge-tasks/{base,fine-tune-a,fine-tune-b}/{config.json, model.safetensors,
 * tokenizer.json} and merge-tasks/demo.json (the corpus settings and the accuracies measured here).
 *
 * The data is @ftheta/trainer's instruction corpus, generated in code (no downloaded data): an
 * invented fact base, copying and reversing short strings, each as a chat turn
 * (`<|user|>copy abc<|end|><|assistant|>abc<|end|>`).
 *   - base: a small GPT-2-style Transformer trained from scratch on the facts, with a glimpse of
 *     copying and reversing (half as many examples of each as of facts);
 *   - fine-tune-a: the base fine-tuned (every weight, small learning rate, few hundred steps) on
 *     copying, with a quarter of its examples replayed from the facts;
 *   - fine-tune-b: the same from the same base, on reversing.
 * The two fine-tunes share the base, so each differs from it by a small task vector (about 10% of
 * the weights' norm): what the page's merges add, trim, elect and average. Copying and reversing
 * read the same kind of prompt and differ only in the order they write it back, so the two task
 * vectors pull the same weights different ways: the page shows that interference.
 *
 * (Addition is not among them: at this size — chosen to keep each file ~400 KB — a few hundred
 * gentle steps do not teach it; `ftheta bench merge-tasks` merges addition and reversing on a
 * bigger model.)
 *
 *   pnpm --filter @ftheta/docs exec node scripts/make-merge-models.mjs        # a few minutes on 2 cores
 *   node scripts/make-merge-models.mjs --scale 0.02 --out /tmp/probe          # a quick trial run
 *
 * Deterministic on the same tfjs version: the corpus, the weights and the batches are seeded.
 * Needs the workspace packages built (`pnpm build` at the root).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initBackend } from '@ftheta/backend';
import { fromParamStore, initTransformer, parseTransformerConfig, transformerFromWeights } from '@ftheta/core-model';
import { saveCheckpointDir } from '@ftheta/core-model/node';
import { ChatTemplate, CharTokenizer, DEFAULT_CHAT_MARKERS } from '@ftheta/tokenizer';
import { createDataParallel, evaluateTasks, formatTaskScore, instructionCorpus, sftExamples, train, warmupCosine } from '@ftheta/trainer/node';

const DOCS = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: path.join(DOCS, 'public', 'models', 'merge-tasks') },
    /** Multiplies every step count (a quick trial: 0.02). */
    scale: { type: 'string', default: '1' },
  },
});
const scale = Number(args.scale);

/** Everything that decides the result. Change one and the files change. */
const SEED = 1;
const CORPUS = { seed: SEED, trainPerTask: 4000, evalPerTask: 30 };
const ARCHITECTURE = { model_type: 'gpt2', architectures: ['GPT2LMHeadModel'], n_positions: 32, n_embd: 64, n_layer: 2, n_head: 4 };
const THREADS = 2;
/**
 * The base learns the fact base and sees a little of copying and reversing (`glimpse`: that many
 * examples of each, as a share of its own), as a pretrained model has seen a little of everything.
 * The fine-tunes then make it good at one of the two; no weight decay, so a task vector holds only
 * what its task taught.
 */
const BASE = { name: 'base', tasks: ['facts'], glimpse: { tasks: ['copy', 'reverse'], share: 0.5 }, steps: 800, batchSize: 32, lr: 3e-3, minLr: 3e-4, warmupSteps: 20, weightDecay: 0.1 };
const FINE_TUNES = [
  { name: 'fine-tune-a', tasks: ['copy'], replay: 0.25, steps: 400, batchSize: 32, lr: 5e-4, minLr: 5e-5, warmupSteps: 20, weightDecay: 0 },
  { name: 'fine-tune-b', tasks: ['reverse'], replay: 0.25, steps: 400, batchSize: 32, lr: 5e-4, minLr: 5e-5, warmupSteps: 20, weightDecay: 0 },
];

/** The tasks the page scores: those the three models were trained on (not addition). */
const EVAL_TASKS = ['facts', 'copy', 'reverse'];

const info = await initBackend({ prefer: 'wasm' });
const corpus = instructionCorpus(CORPUS);
const text = [...corpus.train, ...corpus.eval].map((e) => e.prompt + e.answer).join('');
const tokenizer = CharTokenizer.fromText(text, { specialTokens: Object.values(DEFAULT_CHAT_MARKERS) });
const template = new ChatTemplate(tokenizer);
const endId = tokenizer.specialTokens.get(DEFAULT_CHAT_MARKERS.end);
const config = parseTransformerConfig({ ...ARCHITECTURE, vocab_size: tokenizer.vocabSize, eos_token_id: endId });

/** The held-out prompts the page asks (in corpus order). */
const heldOut = corpus.eval.filter((e) => EVAL_TASKS.includes(e.task));
console.log(`corpus: ${corpus.train.length} training examples, ${heldOut.length} held-out prompts (${EVAL_TASKS.join(', ')}); vocabulary ${tokenizer.vocabSize}; wasm ${info.simd ? 'SIMD' : ''}`);

/** Every training example of `tasks`, in corpus order. */
const examplesOf = (tasks) => corpus.train.filter((e) => tasks.includes(e.task));

/** Trains `model` in place on `examples` with `run`'s schedule. */
async function trainRun(model, examples, run, seed) {
  const steps = Math.max(1, Math.round(run.steps * scale));
  const gradients = createDataParallel({ threads: THREADS });
  const started = performance.now();
  try {
    const pairs = examples.map((e) => ({ prompt: e.prompt, response: e.answer }));
    const result = await train({
      model,
      gradients,
      train: sftExamples(pairs, template, { seqLen: config.n_positions, batchSize: run.batchSize, seed }),
      steps,
      lr: warmupCosine({ lr: run.lr, minLr: run.minLr, warmupSteps: Math.min(run.warmupSteps, steps), decaySteps: steps }),
      optimizer: { beta2: 0.99, weightDecay: run.weightDecay },
      seed,
      callbacks: {
        onStep: (s) => {
          if (s.step === 1 || s.step % 50 === 0 || s.step === steps) console.log(`  ${run.name}: step ${s.step}/${steps} loss ${s.loss.toFixed(4)}`);
        },
      },
    });
    if (result.reason !== 'done') throw new Error(`training ${run.name} stopped: ${result.reason} ${result.message ?? ''}`);
    return { steps, seconds: Math.round((performance.now() - started) / 100) / 10, lastLoss: result.history.at(-1)?.loss ?? null };
  } finally {
    await gradients.dispose();
  }
}

/** Greedy accuracy per task on the held-out prompts, as the page measures it. */
async function score(model) {
  const scores = await evaluateTasks(model, template, heldOut, { showPerTask: 0 });
  console.log(`  ${scores.map(formatTaskScore).join(', ')}`);
  return Object.fromEntries(scores.map((s) => [s.task, { correct: s.correct, total: s.total }]));
}

async function save(name, model, run, trained, scores) {
  const dir = path.join(args.out, name);
  mkdirSync(dir, { recursive: true });
  await saveCheckpointDir(dir, {
    config: { ...ARCHITECTURE, vocab_size: tokenizer.vocabSize, eos_token_id: endId },
    tensors: fromParamStore(model.params),
    tokenizerJson: tokenizer.toJSON(),
    metadata: { format: 'pt', made_by: 'apps/docs/scripts/make-merge-models.mjs', tasks: run.tasks.join('+'), steps: String(trained.steps) },
  });
  return { dir: name, tasks: run.tasks, glimpse: run.glimpse ?? null, steps: trained.steps, lr: run.lr, weightDecay: run.weightDecay, replay: run.replay ?? 0, trainSeconds: trained.seconds, lastLoss: trained.lastLoss, scores };
}

const manifest = { made_by: 'apps/docs/scripts/make-merge-models.mjs', corpus: CORPUS, evalTasks: EVAL_TASKS, architecture: ARCHITECTURE, scale, models: {} };
const base = initTransformer(config, { seed: SEED });
let baseWeights;
try {
  console.log(`base (${BASE.tasks.join(' + ')}):`);
  const own = examplesOf(BASE.tasks);
  const glimpse = BASE.glimpse.tasks.flatMap((t) => examplesOf([t]).slice(0, Math.round(own.length * BASE.glimpse.share)));
  const trained = await trainRun(base, [...own, ...glimpse], BASE, SEED + 1);
  manifest.models.base = await save('base', base, BASE, trained, await score(base));
  baseWeights = fromParamStore(base.params);
} finally {
  base.dispose();
}
for (const [i, ft] of FINE_TUNES.entries()) {
  const model = transformerFromWeights(config, baseWeights);
  try {
    console.log(`fine-tune ${ft.name} (${ft.tasks.join(' + ')}, ${ft.replay * 100}% replayed from the base's tasks):`);
    const own = examplesOf(ft.tasks);
    const pool = examplesOf(BASE.tasks);
    // Replay: every (pool.length / wanted)-th base example, a fixed spread over the pool.
    const wanted = Math.round((own.length * ft.replay) / (1 - ft.replay));
    const replay = Array.from({ length: Math.min(wanted, pool.length) }, (_, k) => pool[Math.floor((k * pool.length) / wanted)]);
    const trained = await trainRun(model, [...own, ...replay], ft, SEED + 20 + i);
    manifest.models[ft.name] = await save(ft.name, model, ft, trained, await score(model));
  } finally {
    model.dispose();
  }
}
writeFileSync(path.join(args.out, 'demo.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote ${args.out}`);
