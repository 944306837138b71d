/**
 * `ftheta train`: a character-level language model on a text file, nanoGPT style: a Transformer,
 * or a Mamba (@ftheta/ssm) with `--arch mamba` (data parallel too, through ../train/replica-registry.ts). The tokenizer is
 * built from the data (tokenizer.json, ftheta-char JSON), the text is split 90/10 into random
 * training and validation windows, and train() runs with a progress line on stderr, checkpoints
 * in DIR/last and DIR/best (each usable by `ftheta generate --model`), exact resume from DIR/last,
 * and Ctrl-C that saves and exits. `runTraining` is the loop driver `ftheta demo` shares.
 *
 * Fine-tuning: `--from DIR` starts from a checkpoint (its shape and its tokenizer, which tokenizes
 * the data), fully by default or as LoRA with `--lora-rank` (then DIR/adapter holds the PEFT
 * adapter and DIR/merged the merged checkpoint; see ../train/lora-outputs.ts), and `--forgetting
 * FILE` reports the loss on held-out text of the original task before and after
 * (DIR/forgetting.json). The run's settings, these included, are saved in DIR/run.json for --resume.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { initBackend } from '@ftheta/backend';
import { type CausalLM, generate, type Transformer } from '@ftheta/core-model';
import type { MambaModel } from '@ftheta/ssm';
import { CharTokenizer, type Tokenizer } from '@ftheta/tokenizer';
import { loadTokenizerFile } from '@ftheta/tokenizer/node';
import {
  type BatchSource,
  createDataParallel,
  createLora,
  formatDuration,
  interruptSignal,
  loadAdapter,
  loadTrainingCheckpoint,
  LoraModel,
  mergeLora,
  ProgressMeter,
  randomWindows,
  saveAdapter,
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
import type { CliModel } from '../model/model-from-checkpoint';
import { modelFromCheckpoint } from '../model/model-from-checkpoint';
import { archOfModelType, parseArchFlag, TRAIN_ARCHS } from '../train/arch-flag';
import { heldOutLoss, heldOutReport, readHeldOutText, saveForgettingReport } from '../train/forgetting-held-out';
import { loadFromCheckpoint } from '../train/from-checkpoint';
import { initTrainModel } from '../train/init-train-model';
import { parseLoraFlags } from '../train/lora-flags';
import { mergedHostTensors, saveLoraOutputs } from '../train/lora-outputs';
import { cliReplicaRegistry } from '../train/replica-registry';
import { describeRun, type RunFile, writeRunFile } from '../train/run-file';
import { parseThreadsFlag, resolveThreads } from '../train/threads-flag';
import type { TrainPreset } from '../train/train-preset';
import { TRAIN_PRESETS } from '../train/train-preset';

export { TRAIN_PRESETS, type TrainPreset } from '../train/train-preset';
export { presetConfig } from '../train/init-train-model';
export type { RunFile } from '../train/run-file';

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
  /**
   * A Transformer or a MambaModel (trained in place), or a LoRA model (its adapter is trained; train() switches its
   * dropout on for training batches only, resumably; checkpoints hold the merged weights plus the
   * PEFT adapter files).
   */
  model: Transformer | MambaModel | LoraModel;
  train: BatchSource;
  val: BatchSource;
  preset: TrainPreset;
  /** Checkpoint directory (last/, best/). */
  dir: string;
  /** Written beside every checkpoint as tokenizer.json (its toJSON(), unless `tokenizerJson` is given). */
  tokenizer: { toJSON(): unknown };
  /** tokenizer.json's text as is (e.g. copied from a --from checkpoint). */
  tokenizerJson?: string;
  seed: number;
  resume?: TrainingState;
  /** Save every this many steps (default: preset.evalEvery). */
  checkpointEvery?: number;
  io: CliIo;
  /** Redraw the progress line with \r (a terminal); otherwise print a line every `logEvery` steps. */
  tty?: boolean;
  logEvery?: number;
  signal?: AbortSignal;
  /** Threads computing each batch's gradients (default 1; > 1: data parallel over worker_threads, Transformer or Mamba, not LoRA). */
  threads?: number;
}

/** Runs train() with the CLI's progress line, checkpoints (+ tokenizer.json) and interrupt handling. */
export async function runTraining(o: RunTrainingOptions): Promise<TrainResult> {
  const { preset, io, dir } = o;
  const tokenizerJson = o.tokenizerJson ?? `${JSON.stringify(o.tokenizer.toJSON())}\n`;
  const lora = o.model instanceof LoraModel ? o.model : undefined;
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
  const gradients = (o.threads ?? 1) > 1 ? createDataParallel({ threads: o.threads, replicas: cliReplicaRegistry() }) : undefined;
  const result = await train({
    model: o.model,
    gradients,
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
        // LoRA: the checkpoint's model.safetensors holds the merged weights (a usable checkpoint); the adapter goes beside it.
        await saveTrainingCheckpoint(dir, lora ? { ...snapshot, params: mergedHostTensors(lora) } : snapshot);
        for (const sub of snapshot.isBest ? ['last', 'best'] : ['last']) {
          await writeFile(path.join(dir, sub, 'tokenizer.json'), tokenizerJson);
          if (lora) await saveAdapter(path.join(dir, sub), lora);
        }
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
  }).finally(() => gradients?.dispose());
  if (o.tty) io.err('\n');
  const took = formatDuration((Date.now() - started) / 1000);
  if (result.reason === 'aborted') io.err(`interrupted at step ${result.step}/${preset.steps}: saved ${path.join(dir, 'last')}; continue with --resume\n`);
  else if (result.reason === 'non-finite-loss') throw new CliFailure(result.message ?? 'training loss is not finite');
  else io.err(`trained ${result.step} steps in ${took}; best val loss ${result.bestValLoss?.toFixed(4) ?? '-'}; checkpoints in ${dir}/last and ${dir}/best\n`);
  return result;
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
  /** Checkpoint directory to fine-tune (config.json + model.safetensors + tokenizer.json). */
  from?: string;
  loraRank?: string;
  loraAlpha?: string;
  loraTargets?: string;
  loraDropout?: string;
  /** Held-out text of the original task: loss before and after, printed and saved as forgetting.json. */
  forgetting?: string;
  /** Gradient threads: a count or 'auto' (default: run.json's on --resume, else auto). */
  threads?: string;
}

async function sample(model: CausalLM, tokenizer: Tokenizer, text: string, io: CliIo, seed: number): Promise<void> {
  const start = text.slice(0, 1);
  const [out] = await generate(model, tokenizer, start, { maxNewTokens: 200, temperature: 0.8, topK: 40, seed });
  io.out(`--- sample (temperature 0.8, top-k 40) ---\n${start}${out?.text ?? ''}\n`);
}

/** The flags that --resume takes from run.json instead (given with --resume they are an error). */
const FINE_TUNE_FLAGS = [
  ['--arch', 'arch'],
  ['--from', 'from'],
  ['--lora-rank', 'loraRank'],
  ['--lora-alpha', 'loraAlpha'],
  ['--lora-targets', 'loraTargets'],
  ['--lora-dropout', 'loraDropout'],
  ['--forgetting', 'forgetting'],
] as const;

export async function trainCommand(o: TrainCommandOptions, io: CliIo, signal?: AbortSignal, tty = false): Promise<TrainResult> {
  const archFlag = parseArchFlag(o.arch);
  const runPath = path.join(o.out, 'run.json');
  const loraFlags = parseLoraFlags(o);
  if (o.resume) {
    const given = FINE_TUNE_FLAGS.find(([, key]) => o[key] !== undefined);
    if (given) throw new UsageError(`${given[0]} ${JSON.stringify(o[given[1]])} cannot be given with --resume: the run's settings come from ${runPath}`);
  } else {
    if (loraFlags && o.from === undefined) throw new UsageError(`--lora-rank ${o.loraRank} needs --from DIR (LoRA adapts an existing checkpoint)`);
    if (o.forgetting !== undefined && o.from === undefined) throw new UsageError(`--forgetting ${o.forgetting} needs --from DIR (forgetting is measured against the checkpoint you fine-tune)`);
  }
  let run: RunFile;
  let resume: TrainingState | undefined;
  let model: CliModel | LoraModel | undefined;
  /** The model before training: the LoRA base, or for a full fine-tune with --forgetting a second copy of --from. */
  let before: CliModel | undefined;
  let tokenizer: Tokenizer;
  let tokenizerJson: string;
  const text = await readFile(o.data, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`--data ${o.data}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  await initBackend({ prefer: 'auto', onWarning: () => {} });
  try {
    if (o.resume) {
      if (!existsSync(runPath)) throw new UsageError(`--resume: ${runPath} does not exist (nothing to resume in --out ${o.out})`);
      run = JSON.parse(await readFile(runPath, 'utf8')) as RunFile;
      if (run.format !== 'ftheta-train-run') throw new CliFailure(`${runPath}: not an ftheta train run file`);
      run.arch ??= 'transformer';
      if (!(TRAIN_ARCHS as readonly string[]).includes(run.arch)) throw new CliFailure(`${runPath}: arch ${JSON.stringify(run.arch)} is not one of ${TRAIN_ARCHS.join(', ')}`);
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
      tokenizerJson = await readFile(tokFile, 'utf8');
      tokenizer = await loadTokenizerFile(tokFile);
      if (run.from && (run.lora || run.forgetting)) before = (await loadFromCheckpoint(run.from, `${runPath} "from"`)).model;
      if (run.lora && before) {
        if (before.config.model_type !== 'gpt2') throw new CliFailure(`${runPath}: lora is set but "from" ${run.from} is model_type ${JSON.stringify(before.config.model_type)} (LoRA adapts Transformers only)`);
        const last = path.join(o.out, 'last');
        model = await loadAdapter(last, before as Transformer, { dropoutSeed: run.seed }).catch((err: Error) => {
          throw new CliFailure(`--resume: ${err.message}`, { cause: err });
        });
      } else {
        try {
          model = modelFromCheckpoint({ config: loaded.config, tensors: loaded.params }, path.join(o.out, 'last'), { onContextOverflow: 'slide' }).model;
        } catch (err) {
          throw new CliFailure(`--resume: ${(err as Error).message}`, { cause: err });
        }
        const arch = archOfModelType(model.config.model_type === 'mamba' ? 'mamba' : 'gpt2');
        if (arch !== run.arch) throw new CliFailure(`--resume: ${o.out}/last holds a ${arch} model but ${runPath} says arch ${JSON.stringify(run.arch)}`);
      }
      resume = loaded.state;
      io.err(`resuming ${o.out}/last at step ${resume.step}/${run.hyper.steps}\n`);
    } else {
      const name = o.preset ?? 'tiny';
      const preset = TRAIN_PRESETS[name];
      if (!preset) throw new UsageError(`--preset ${JSON.stringify(name)}: expected one of ${Object.keys(TRAIN_PRESETS).join(', ')}`);
      const hyper = { ...preset };
      hyper.steps = positiveIntFlag('--steps', o.steps) ?? hyper.steps;
      hyper.evalEvery = positiveIntFlag('--eval-every', o.evalEvery) ?? Math.min(hyper.evalEvery, hyper.steps);
      run = { format: 'ftheta-train-run', version: 1, data: path.resolve(o.data), preset: name, arch: archFlag ?? 'transformer', seed: seedFlag(o.seed, 1337), hyper };
      if (o.from !== undefined) {
        const ck = await loadFromCheckpoint(o.from);
        model = ck.model; // disposed by the finally below, whatever throws next
        run.arch = archOfModelType(ck.modelType);
        if (archFlag !== undefined && archFlag !== run.arch) throw new UsageError(`--arch ${archFlag}: --from ${o.from} holds a ${run.arch} (model_type ${JSON.stringify(ck.modelType)}); drop --arch`);
        if (loraFlags && ck.modelType !== 'gpt2') {
          throw new UsageError(`--lora-rank ${o.loraRank}: LoRA adapts Transformer layers (c_attn, c_proj, c_fc, ...) and --from ${o.from} is a Mamba (model_type "mamba"); fine-tune it fully (without --lora-*)`);
        }
        run.from = path.resolve(o.from);
        if (loraFlags) run.lora = loraFlags;
        if (o.forgetting !== undefined) run.forgetting = path.resolve(o.forgetting);
        tokenizer = ck.tokenizer;
        tokenizerJson = ck.tokenizerJson;
        // The model's shape is the checkpoint's; the training window is the preset's, within n_positions.
        if (ck.modelType === 'gpt2') {
          const c = ck.config;
          Object.assign(hyper, { n_layer: c.n_layer, n_head: c.n_head, n_embd: c.n_embd, ctx: Math.min(hyper.ctx, c.n_positions) });
        } else {
          Object.assign(hyper, { n_layer: ck.config.num_hidden_layers, n_embd: ck.config.hidden_size });
        }
        if (loraFlags && ck.modelType === 'gpt2') {
          before = ck.model;
          model = undefined;
          try {
            model = createLora(before, { r: loraFlags.r, alpha: loraFlags.alpha, targetModules: loraFlags.targets, dropout: loraFlags.dropout, seed: run.seed, baseModelNameOrPath: run.from });
          } catch (err) {
            throw new UsageError(`--lora-targets ${loraFlags.targets.join(',')}: ${(err as Error).message}`);
          }
        } else {
          model = ck.model;
          if (run.forgetting) before = (await loadFromCheckpoint(o.from)).model;
        }
      } else {
        const chars = CharTokenizer.fromText(text);
        tokenizer = chars;
        tokenizerJson = `${JSON.stringify(chars.toJSON())}\n`;
        model = initTrainModel(run.arch, hyper, chars.vocabSize, run.seed);
      }
      await mkdir(o.out, { recursive: true });
      await writeRunFile(runPath, run);
    }

    let tokens: ReturnType<typeof tokenizeCorpus>;
    try {
      tokens = tokenizeCorpus(text, tokenizer);
    } catch (err) {
      throw new UsageError(`--data ${o.data}: cannot be tokenized with ${run.from ? `${run.from}/tokenizer.json` : 'the tokenizer'} (${(err as Error).message})`);
    }
    const split = splitTrainVal(tokens, 0.1);
    const h = run.hyper;
    if (split.val.length < h.ctx + 1) throw new UsageError(`--data ${o.data}: ${tokens.length} tokens is too little for context ${h.ctx} (the validation tenth needs ${h.ctx + 1})`);
    const threadsFlag = o.threads === undefined && run.threads !== undefined ? run.threads : parseThreadsFlag(o.threads);
    const threads = resolveThreads(threadsFlag, { batchSize: h.batchSize, replicable: !(model instanceof LoraModel), why: 'LoRA adapters train on one thread (data-parallel workers replicate plain Transformers and Mambas)' });
    if (run.threads !== undefined && run.threads !== threads) io.err(`note: ${threads} gradient threads (the run used ${run.threads}): the curve continues, but not bit for bit\n`);
    if (run.threads !== threads) {
      run.threads = threads;
      await writeRunFile(runPath, run);
    }
    io.err(`${describeRun(run)}\n`);
    const shape = run.arch === 'mamba' ? `Mamba ${h.n_layer} layers, d ${h.n_embd}, state ${(model.config as { state_size?: number }).state_size}, window ${h.ctx}` : `${h.n_layer} layers, ${h.n_head} heads, d ${h.n_embd}, ctx ${h.ctx}`;
    io.err(`data ${o.data}: ${tokens.length} tokens, vocab ${tokenizer.vocabSize}; model ${shape}; batch ${h.batchSize}, ${h.steps} steps, ${threads} gradient thread${threads === 1 ? '' : 's'}\n`);
    const heldOut = run.forgetting ? await readHeldOutText(run.forgetting, tokenizer, h.ctx, h.batchSize) : undefined;
    if (heldOut && before) {
      const b = heldOutLoss(before, heldOut);
      io.err(`forgetting: held-out ${heldOut.file} (${heldOut.tokens} tokens); before: loss ${b.loss.toFixed(4)}, ppl ${b.ppl.toFixed(2)}\n`);
    }
    const result = await runTraining({
      model,
      train: randomWindows(split.train, { batchSize: h.batchSize, seqLen: h.ctx, seed: run.seed + 1 }),
      val: randomWindows(split.val, { batchSize: h.batchSize, seqLen: h.ctx, seed: run.seed + 2 }),
      preset: h,
      dir: o.out,
      tokenizer: { toJSON: () => JSON.parse(tokenizerJson) },
      tokenizerJson,
      seed: run.seed,
      resume,
      io,
      tty,
      signal,
      threads,
    });
    if (result.reason !== 'done') return result;
    const lora = model instanceof LoraModel ? model : undefined;
    const outputs = lora && run.from ? await saveLoraOutputs(o.out, lora, tokenizerJson, run.from) : undefined;
    if (heldOut && before) {
      const report = heldOutReport(before, model, heldOut);
      const saved = await saveForgettingReport(o.out, heldOut, report, { kind: lora ? 'lora' : 'full', step: result.step });
      io.out(`--- forgetting on ${heldOut.file} (before: ${run.from}; after: this run) ---\n${saved.table}\n`);
      io.err(`forgetting report: ${saved.path}\n`);
    }
    if (o.sample !== false) {
      const merged = lora ? mergeLora(lora) : undefined;
      try {
        await sample(merged ?? model, tokenizer, text, io, run.seed);
      } finally {
        merged?.dispose();
      }
    }
    if (outputs) {
      io.err(`LoRA adapter (PEFT: adapter_config.json + adapter_model.safetensors): ${outputs.adapter}\n`);
      io.err(`merged checkpoint (config.json + model.safetensors + tokenizer.json): ${outputs.merged}  (try: ftheta generate --model ${outputs.merged})\n`);
      io.err(`base checkpoint left unchanged: ${run.from}\n`);
    }
    return result;
  } finally {
    model?.dispose();
    before?.dispose();
  }
}

export function registerTrainCommand(program: Command, io: CliIo): void {
  program
    .command('train')
    .description('train a character-level Transformer or Mamba on a text file (nanoGPT style), or fine-tune a checkpoint (full or LoRA), with checkpoints and resume')
    .requiredOption('--data <file>', 'training text (UTF-8); the last 10% validates')
    .requiredOption('--out <dir>', 'checkpoint directory: last/ and best/ (each usable by `ftheta generate --model`)')
    .option('--preset <name>', `hyperparameters: ${Object.keys(TRAIN_PRESETS).join(', ')} (default tiny)`)
    .option('--arch <name>', `architecture trained from scratch: ${TRAIN_ARCHS.join(' or ')} (default transformer; with --from, the checkpoint's)`)
    .option('--steps <n>', 'optimizer steps (default: the preset\'s)')
    .option('--eval-every <n>', 'evaluate and checkpoint every n steps (default: the preset\'s)')
    .option('--seed <s>', 'seed of the weights and the batches (default 1337)')
    .option('--resume', 'continue the run in --out from last/ exactly')
    .option('--no-sample', 'skip the sample generation at the end')
    .option('--from <dir>', 'fine-tune this checkpoint (config.json + model.safetensors + tokenizer.json): its shape and tokenizer are used; full fine-tuning unless --lora-rank')
    .option('--lora-rank <n>', 'LoRA instead of full fine-tuning: rank r of the adapter (needs --from)')
    .option('--lora-alpha <a>', 'LoRA alpha: the update is scaled by alpha/r (default 2·r)')
    .option('--lora-targets <list>', `comma-separated linear layers to adapt: c_attn, c_proj, c_fc, c_gate or full names (default ${'c_attn,c_proj'})`)
    .option('--lora-dropout <p>', 'dropout in [0, 1) on the LoRA path, training batches only (default 0)')
    .option('--threads <n>', 'threads computing each batch\'s gradients (data parallel; "auto" = the cores, 1 for LoRA); a resume with the same count continues bit for bit (default: auto, or the run\'s on --resume)')
    .option('--forgetting <file>', 'held-out text of the original task: loss/perplexity before and after, printed and saved as --out/forgetting.json (needs --from)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ ftheta train --data input.txt --out runs/shakespeare --preset shakespeare-char',
        '  $ ftheta train --data input.txt --out runs/shakespeare --resume',
        '  $ ftheta train --data input.txt --out runs/mamba --arch mamba --threads 2',
        '  $ ftheta generate --model runs/shakespeare/best --prompt "ROMEO:" --max-tokens 200',
        '',
        'Fine-tuning (full, then LoRA with a forgetting report on the original task):',
        '  $ ftheta train --from runs/shakespeare/best --data poems.txt --out runs/poems --steps 200',
        '  $ ftheta train --from runs/shakespeare/best --data poems.txt --out runs/poems-lora \\',
        '      --lora-rank 8 --lora-alpha 16 --lora-targets c_attn,c_proj --lora-dropout 0.05 --forgetting shakespeare-val.txt',
        '  LoRA writes runs/poems-lora/adapter (PEFT adapter_config.json + adapter_model.safetensors) and',
        '  runs/poems-lora/merged (a full checkpoint with the adapter merged in); --from is never written.',
      ].join('\n'),
    )
    .action(async (options: TrainCommandOptions) => {
      const interrupt = interruptSignal(() => io.err('\ninterrupt: finishing this step and saving (Ctrl-C again to quit now)\n'));
      try {
        await trainCommand(options, io, interrupt.signal, process.stderr.isTTY === true);
      } finally {
        interrupt.dispose();
      }
    });
}
