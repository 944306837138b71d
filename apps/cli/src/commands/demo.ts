/**
 * `ftheta demo`: the whole loop in a few minutes on a laptop CPU. It writes an instruction corpus in
 * code (two-digit addition, copying and reversing short strings, an invented fact base), trains a
 * small character-level Transformer on it with the loss on the answers only (chat template +
 * sftExamples), then answers held-out prompts of each task greedily and prints the accuracy per task.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initBackend } from '@ftheta/backend';
import { initTransformer } from '@ftheta/core-model';
import { ChatTemplate, CharTokenizer, DEFAULT_CHAT_MARKERS } from '@ftheta/tokenizer';
import { evaluateTasks, formatTaskScore, instructionCorpus, interruptSignal, sftExamples, type SftPair, type TaskExample, type TaskScore } from '@ftheta/trainer/node';
import type { Command } from 'commander';
import type { CliIo } from '../io';
import { parseThreadsFlag, resolveThreads } from '../train/threads-flag';
import { positiveIntFlag, presetConfig, runTraining, seedFlag, type TrainPreset } from './train';

/** The demo's model and schedule: sized to train in a few minutes on 2 CPU cores. */
export const DEMO_PRESET: TrainPreset = {
  n_layer: 4,
  n_head: 4,
  n_embd: 128,
  ctx: 32,
  batchSize: 32,
  lr: 2e-3,
  minLr: 2e-4,
  warmupSteps: 50,
  steps: 900,
  evalEvery: 150,
  evalBatches: 4,
};

export interface DemoCommandOptions {
  steps?: string;
  out?: string;
  seed?: string;
  /** Smaller model and corpus (tests). */
  tiny?: boolean;
  /** Gradient threads: a count or 'auto' (default: the cores). */
  threads?: string;
}

export interface DemoResult {
  scores: TaskScore[];
  seconds: number;
}

const toPair = (e: TaskExample): SftPair => ({ prompt: e.prompt, response: e.answer });

export async function demoCommand(o: DemoCommandOptions, io: CliIo, signal?: AbortSignal, tty = false): Promise<DemoResult | null> {
  const started = Date.now();
  const seed = seedFlag(o.seed, 1);
  const preset: TrainPreset = o.tiny ? { ...DEMO_PRESET, n_layer: 1, n_head: 2, n_embd: 32, batchSize: 8, warmupSteps: 2 } : { ...DEMO_PRESET };
  preset.steps = positiveIntFlag('--steps', o.steps) ?? preset.steps;
  preset.evalEvery = Math.min(preset.evalEvery, preset.steps);
  const threads = resolveThreads(parseThreadsFlag(o.threads), { batchSize: preset.batchSize, replicable: true });
  await initBackend({ prefer: 'auto', onWarning: () => {} });

  const corpus = instructionCorpus({ seed, evalPerTask: o.tiny ? 4 : 50, trainPerTask: o.tiny ? 50 : 4000 });
  const allText = [...corpus.train, ...corpus.eval].map((e) => e.prompt + e.answer).join('');
  const tokenizer = CharTokenizer.fromText(allText, { specialTokens: Object.values(DEFAULT_CHAT_MARKERS) });
  const template = new ChatTemplate(tokenizer);
  const endId = tokenizer.specialTokens.get(DEFAULT_CHAT_MARKERS.end)!;
  const pairs = corpus.train.map(toPair);
  const nVal = Math.max(preset.batchSize, Math.round(pairs.length * 0.02));
  const model = initTransformer(presetConfig(preset, tokenizer.vocabSize, { eos_token_id: endId }), { seed });
  const dir = o.out ?? (await mkdtemp(path.join(tmpdir(), 'ftheta-demo-')));
  try {
    const counts = new Map<string, number>();
    for (const e of corpus.train) counts.set(e.task, (counts.get(e.task) ?? 0) + 1);
    io.err(`demo corpus (seed ${seed}): ${corpus.train.length} training examples (${[...counts].map(([t, n]) => `${t} ${n}`).join(', ')}), ${corpus.eval.length} held-out prompts\n`);
    for (const e of corpus.train.slice(0, 4)) io.err(`  ${JSON.stringify(e.prompt)} -> ${JSON.stringify(e.answer)}\n`);
    io.err(`model: ${preset.n_layer} layers, ${preset.n_head} heads, d ${preset.n_embd}, ctx ${preset.ctx}, vocab ${tokenizer.vocabSize}; ${preset.steps} steps of batch ${preset.batchSize} on ${threads} gradient thread${threads === 1 ? '' : 's'}, loss on the answers only\n`);
    const result = await runTraining({
      model,
      train: sftExamples(pairs.slice(nVal), template, { seqLen: preset.ctx, batchSize: preset.batchSize, seed: seed + 1 }),
      val: sftExamples(pairs.slice(0, nVal), template, { seqLen: preset.ctx, batchSize: preset.batchSize, seed: seed + 2 }),
      preset,
      dir,
      tokenizer,
      seed,
      checkpointEvery: preset.steps,
      threads,
      io,
      tty,
      signal,
    });
    if (result.reason === 'aborted') return null;
    io.err('answering held-out prompts (greedy)...\n');
    const scores = await evaluateTasks(model, template, corpus.eval);
    for (const s of scores) {
      for (const e of s.examples) io.out(`  ${s.task}: ${JSON.stringify(e.prompt)} -> ${JSON.stringify(e.got)}${e.got === e.expected ? '' : `  (expected ${JSON.stringify(e.expected)})`}\n`);
    }
    io.out(`accuracy: ${scores.map(formatTaskScore).join(', ')}\n`);
    const seconds = (Date.now() - started) / 1000;
    io.err(`demo finished in ${seconds.toFixed(0)} s${o.out ? `; model in ${o.out}/last (try: ftheta generate --model ${o.out}/last --temperature 0 --prompt "<|user|>12+34=<|end|><|assistant|>")` : ''}\n`);
    return { scores, seconds };
  } finally {
    model.dispose();
    if (!o.out) await rm(dir, { recursive: true, force: true });
  }
}

export function registerDemoCommand(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('write a small instruction corpus in code, train a tiny Transformer on it in minutes, and score its answers per task')
    .option('--steps <n>', `training steps (default ${DEMO_PRESET.steps})`)
    .option('--out <dir>', 'keep the checkpoints here (default: a temporary directory, removed at the end)')
    .option('--seed <s>', 'seed of the corpus, the weights and the batches (default 1)')
    .option('--threads <n>', 'threads computing each batch\'s gradients (data parallel; default "auto" = the cores)')
    .action(async (options: DemoCommandOptions) => {
      const interrupt = interruptSignal(() => io.err('\ninterrupt: stopping after this step\n'));
      try {
        await demoCommand(options, io, interrupt.signal, process.stderr.isTTY === true);
      } finally {
        interrupt.dispose();
      }
    });
}
