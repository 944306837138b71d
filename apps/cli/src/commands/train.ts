/**
 * `ftheta train`: a character-level language model on a text file, nanoGPT style. The tokenizer is
 * built from the data (tokenizer.json, ftheta-char JSON), the text is split 90/10 into random
 * training and validation windows, and train() runs with a progress line on stderr, checkpoints
 * in DIR/last and DIR/best (each usable by `ftheta generate --model`), exact resume from DIR/last,
 * and Ctrl-C that saves and exits. `runTraining` is the loop driver `ftheta demo` shares.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { initBackend } from '@ftheta/backend';
import { generate, initTransformer, parseTransformerConfig, toParamStore, Transformer, type TransformerConfig } from '@ftheta/core-model';
import { CharTokenizer, type Tokenizer } from '@ftheta/tokenizer';
import {
  type BatchSource,
  formatDuration,
  interruptSignal,
  loadTrainingCheckpoint,
  ProgressMeter,
  randomWindows,
  saveTrainingCheckpoint,
  splitTrainVal,
  tokenizeCorpus,
  train,
  type TrainingState,
  type TrainResult,
  warmupCosine,
} from '@ftheta/trainer/node';
import type { Command } from 'commander';
import { CliFailure, UsageError } from '../errors';
import type { CliIo } from '../io';

/** The hyperparameters of a run (saved as DIR/run.json so --resume continues the same run). */
export interface TrainPreset {
  n_layer: number;
  n_head: number;
  n_embd: number;
  /** Context length (n_positions) = training window. */
  ctx: number;
  batchSize: number;
  lr: number;
  minLr: number;
  warmupSteps: number;
  steps: number;
  evalEvery: number;
  evalBatches: number;
}

/** Named presets. shakespeare-char is nanoGPT's CPU configuration of config/train_shakespeare_char.py. */
export const TRAIN_PRESETS: Record<string, TrainPreset> = {
  tiny: { n_layer: 2, n_head: 2, n_embd: 64, ctx: 32, batchSize: 8, lr: 3e-3, minLr: 3e-4, warmupSteps: 20, steps: 300, evalEvery: 50, evalBatches: 5 },
  'shakespeare-char': { n_layer: 4, n_head: 4, n_embd: 128, ctx: 64, batchSize: 12, lr: 1e-3, minLr: 1e-4, warmupSteps: 100, steps: 2000, evalEvery: 250, evalBatches: 20 },
};

export function positiveIntFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

export function seedFlag(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < 0) throw new UsageError(`--seed must be an integer >= 0, got ${JSON.stringify(value)}`);
  return n;
}

/** Options of {@link runTraining}. */
export interface RunTrainingOptions {
  model: Transformer;
  train: BatchSource;
  val: BatchSource;
  preset: TrainPreset;
  /** Checkpoint directory (last/, best/). */
  dir: string;
  /** Written beside every checkpoint as tokenizer.json. */
  tokenizer: CharTokenizer;
  seed: number;
  resume?: TrainingState;
  /** Save every this many steps (default: preset.evalEvery). */
  checkpointEvery?: number;
  io: CliIo;
  /** Redraw the progress line with \r (a terminal); otherwise print a line every `logEvery` steps. */
  tty?: boolean;
  logEvery?: number;
  signal?: AbortSignal;
}

/** Runs train() with the CLI's progress line, checkpoints (+ tokenizer.json) and interrupt handling. */
export async function runTraining(o: RunTrainingOptions): Promise<TrainResult> {
  const { preset, io, dir } = o;
  const tokenizerJson = `${JSON.stringify(o.tokenizer.toJSON())}\n`;
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'tokenizer.json'), tokenizerJson);
  const meter = new ProgressMeter(preset.steps);
  const logEvery = o.logEvery ?? Math.max(1, Math.round(preset.steps / 40));
  let valText = '';
  let line = '';
  const show = (text: string, final = false) => {
    if (o.tty) io.err(`\r\x1b[2K${text}${final ? '\n' : ''}`);
    else io.err(`${text}\n`);
  };
  const started = Date.now();
  const result = await train({
    model: o.model,
    train: o.train,
    val: o.val,
    steps: preset.steps,
    evalEvery: preset.evalEvery,
    evalBatches: preset.evalBatches,
    lr: warmupCosine({ lr: preset.lr, minLr: preset.minLr, warmupSteps: Math.min(preset.warmupSteps, preset.steps), decaySteps: preset.steps }),
    optimizer: { beta2: 0.99 },
    seed: o.seed,
    resume: o.resume,
    signal: o.signal,
    checkpoint: {
      every: o.checkpointEvery ?? preset.evalEvery,
      save: async (snapshot) => {
        await saveTrainingCheckpoint(dir, snapshot);
        await writeFile(path.join(dir, 'last', 'tokenizer.json'), tokenizerJson);
        if (snapshot.isBest) await writeFile(path.join(dir, 'best', 'tokenizer.json'), tokenizerJson);
      },
    },
    callbacks: {
      onStep: (info) => {
        line = `${meter.update(info)}${valText}`;
        if (o.tty || info.step % logEvery === 0 || info.step === preset.steps) show(line);
      },
      onEval: (e) => {
        valText = ` val ${e.valLoss.toFixed(4)}${e.isBest ? '*' : ''}`;
        line += valText;
        if (!o.tty) show(`  step ${e.step}: val loss ${e.valLoss.toFixed(4)}${e.isBest ? ' (best)' : ''}`);
      },
    },
  });
  if (o.tty) io.err('\n');
  const took = formatDuration((Date.now() - started) / 1000);
  if (result.reason === 'aborted') io.err(`interrupted at step ${result.step}/${preset.steps}: saved ${path.join(dir, 'last')}; continue with --resume\n`);
  else if (result.reason === 'non-finite-loss') throw new CliFailure(result.message ?? 'training loss is not finite');
  else io.err(`trained ${result.step} steps in ${took}; best val loss ${result.bestValLoss?.toFixed(4) ?? '-'}; checkpoints in ${dir}/last and ${dir}/best\n`);
  return result;
}

/** Builds a Transformer config for a preset and vocabulary. */
export function presetConfig(preset: TrainPreset, vocabSize: number, extra: Record<string, unknown> = {}): TransformerConfig {
  return parseTransformerConfig({ model_type: 'gpt2', vocab_size: vocabSize, n_positions: preset.ctx, n_embd: preset.n_embd, n_layer: preset.n_layer, n_head: preset.n_head, ...extra });
}

export interface TrainCommandOptions {
  data: string;
  out: string;
  preset?: string;
  arch?: string;
  steps?: string;
  evalEvery?: string;
  seed?: string;
  resume?: boolean;
  sample?: boolean;
}

interface RunFile {
  format: 'ftheta-train-run';
  version: 1;
  data: string;
  preset: string;
  arch: 'transformer';
  seed: number;
  hyper: TrainPreset;
}

async function sample(model: Transformer, tokenizer: Tokenizer, text: string, io: CliIo, seed: number): Promise<void> {
  const start = text.slice(0, 1);
  const [out] = await generate(model, tokenizer, start, { maxNewTokens: 200, temperature: 0.8, topK: 40, seed });
  io.out(`--- sample (temperature 0.8, top-k 40) ---\n${start}${out?.text ?? ''}\n`);
}

export async function trainCommand(o: TrainCommandOptions, io: CliIo, signal?: AbortSignal, tty = false): Promise<TrainResult> {
  const arch = o.arch ?? 'transformer';
  if (arch !== 'transformer') throw new UsageError(`--arch ${JSON.stringify(arch)}: only "transformer" is available (Mamba comes with @ftheta/ssm)`);
  const runPath = path.join(o.out, 'run.json');
  let run: RunFile;
  let resume: TrainingState | undefined;
  let model: Transformer;
  let tokenizer: CharTokenizer;
  const text = await readFile(o.data, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`--data ${o.data}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  await initBackend({ prefer: 'auto', onWarning: () => {} });
  if (o.resume) {
    if (!existsSync(runPath)) throw new UsageError(`--resume: ${runPath} does not exist (nothing to resume in --out ${o.out})`);
    run = JSON.parse(await readFile(runPath, 'utf8')) as RunFile;
    if (run.format !== 'ftheta-train-run') throw new CliFailure(`${runPath}: not an ftheta train run file`);
    const steps = positiveIntFlag('--steps', o.steps);
    if (steps !== undefined && steps !== run.hyper.steps) {
      if (steps < run.hyper.steps) throw new UsageError(`--steps ${steps} is below the run's ${run.hyper.steps}`);
      io.err(`note: extending the run from ${run.hyper.steps} to ${steps} steps (the cosine schedule is stretched from here on)\n`);
      run.hyper.steps = steps;
    }
    const loaded = await loadTrainingCheckpoint(o.out, 'last').catch((err: Error) => {
      throw new CliFailure(err.message, { cause: err });
    });
    const tokFile = path.join(o.out, 'tokenizer.json');
    tokenizer = CharTokenizer.fromJSON(JSON.parse(await readFile(tokFile, 'utf8')), tokFile);
    model = new Transformer(parseTransformerConfig(loaded.config, `${o.out}/last/config.json`), toParamStore(loaded.params), { onContextOverflow: 'slide' });
    resume = loaded.state;
    io.err(`resuming ${o.out}/last at step ${resume.step}/${run.hyper.steps}\n`);
  } else {
    const name = o.preset ?? 'tiny';
    const base = TRAIN_PRESETS[name];
    if (!base) throw new UsageError(`--preset ${JSON.stringify(name)}: expected one of ${Object.keys(TRAIN_PRESETS).join(', ')}`);
    const hyper = { ...base };
    hyper.steps = positiveIntFlag('--steps', o.steps) ?? hyper.steps;
    hyper.evalEvery = positiveIntFlag('--eval-every', o.evalEvery) ?? Math.min(hyper.evalEvery, hyper.steps);
    run = { format: 'ftheta-train-run', version: 1, data: path.resolve(o.data), preset: name, arch: 'transformer', seed: seedFlag(o.seed, 1337), hyper };
    tokenizer = CharTokenizer.fromText(text);
    model = initTransformer(presetConfig(hyper, tokenizer.vocabSize), { seed: run.seed, onContextOverflow: 'slide' });
    await mkdir(o.out, { recursive: true });
    await writeFile(runPath, `${JSON.stringify(run, null, 2)}\n`);
  }
  try {
    const tokens = tokenizeCorpus(text, tokenizer);
    const split = splitTrainVal(tokens, 0.1);
    const h = run.hyper;
    if (split.val.length < h.ctx + 1) throw new UsageError(`--data ${o.data}: ${tokens.length} characters is too little for context ${h.ctx} (the validation tenth needs ${h.ctx + 1})`);
    io.err(`data ${o.data}: ${tokens.length} chars, vocab ${tokenizer.vocabSize}; model ${h.n_layer} layers, ${h.n_head} heads, d ${h.n_embd}, ctx ${h.ctx}; batch ${h.batchSize}, ${h.steps} steps\n`);
    const result = await runTraining({
      model,
      train: randomWindows(split.train, { batchSize: h.batchSize, seqLen: h.ctx, seed: run.seed + 1 }),
      val: randomWindows(split.val, { batchSize: h.batchSize, seqLen: h.ctx, seed: run.seed + 2 }),
      preset: h,
      dir: o.out,
      tokenizer,
      seed: run.seed,
      resume,
      io,
      tty,
      signal,
    });
    if (result.reason === 'done' && o.sample !== false) await sample(model, tokenizer, text, io, run.seed);
    return result;
  } finally {
    model.dispose();
  }
}

export function registerTrainCommand(program: Command, io: CliIo): void {
  program
    .command('train')
    .description('train a character-level Transformer on a text file (nanoGPT style), with checkpoints and resume')
    .requiredOption('--data <file>', 'training text (UTF-8); the last 10% validates')
    .requiredOption('--out <dir>', 'checkpoint directory: last/ and best/ (each usable by `ftheta generate --model`)')
    .option('--preset <name>', `hyperparameters: ${Object.keys(TRAIN_PRESETS).join(', ')} (default tiny)`)
    .option('--arch <name>', 'architecture (transformer)', 'transformer')
    .option('--steps <n>', 'optimizer steps (default: the preset\'s)')
    .option('--eval-every <n>', 'evaluate and checkpoint every n steps (default: the preset\'s)')
    .option('--seed <s>', 'seed of the weights and the batches (default 1337)')
    .option('--resume', 'continue the run in --out from last/ exactly')
    .option('--no-sample', 'skip the sample generation at the end')
    .addHelpText('after', '\nExamples:\n  $ ftheta train --data input.txt --out runs/shakespeare --preset shakespeare-char\n  $ ftheta train --data input.txt --out runs/shakespeare --resume\n  $ ftheta generate --model runs/shakespeare/best --prompt "ROMEO:" --max-tokens 200')
    .action(async (options: TrainCommandOptions) => {
      const interrupt = interruptSignal(() => io.err('\ninterrupt: finishing this step and saving (Ctrl-C again to quit now)\n'));
      try {
        await trainCommand(options, io, interrupt.signal, process.stderr.isTTY === true);
      } finally {
        interrupt.dispose();
      }
    });
}
