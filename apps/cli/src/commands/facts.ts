/**
 * `ftheta facts --out DIR`: the model the editing commands work on. It builds @ftheta/editing's
 * synthetic fact base (invented people, four relations, paraphrase templates), trains the fact
 * model on it (a small GPT-2 with its own byte-level BPE; data parallel with --threads, a progress
 * line with the loss and tokens/s on stderr, Ctrl-C stops after the step), saves it as a
 * checkpoint directory with fact-base.json beside it, and prints its recall per template on stdout.
 * Then: `ftheta trace --model DIR ...`, `ftheta edit --model DIR ...`.
 */
import { initBackend } from '@ftheta/backend';
import { FACT_BASE_DEFAULTS, FACT_MODEL_DEFAULTS, type FactBaseOptions, type FactModel, type FactModelOptions, factBase, factRecall, type TemplateRecall, trainFactModel } from '@ftheta/editing';
import { saveFactModel } from '@ftheta/editing/node';
import { createDataParallel, formatDuration, interruptSignal, ProgressMeter } from '@ftheta/trainer/node';
import { type Command, Option } from 'commander';
import { CliFailure, UsageError } from '../errors';
import type { CliIo } from '../io';
import { formatRecall } from '../editing/fact-recall';
import { parseThreadsFlag, resolveThreads } from '../train/threads-flag';
import { positiveIntFlag, seedFlag } from './train';

/** The fact model's shape and schedule under the hidden `--tiny` flag (tests: seconds, not minutes). */
export const TINY_FACT_MODEL = { n_layer: 3, n_head: 2, n_embd: 32, n_positions: 48, window: 24, vocabSize: 360, passes: 4, batchSize: 8, lr: 5e-3 } as const;

/** Options of `ftheta facts` (the flags, as commander gives them). */
export interface FactsCommandOptions {
  out?: string;
  subjects?: string;
  seed?: string;
  steps?: string;
  threads?: string;
  /** A much smaller model and fact corpus (tests). */
  tiny?: boolean;
}

/** What `ftheta facts` did: the recall per template (null when interrupted). */
export interface FactsResult {
  steps: number;
  finalLoss: number;
  recall: TemplateRecall[] | null;
}

/** Builds the fact base, trains, saves and scores the fact model (see the module). */
export async function factsCommand(o: FactsCommandOptions, io: CliIo, signal?: AbortSignal, tty = false): Promise<FactsResult> {
  if (!o.out) throw new UsageError('--out DIR is required (the checkpoint directory to write)');
  const seed = seedFlag(o.seed, FACT_BASE_DEFAULTS.seed);
  const subjects = positiveIntFlag('--subjects', o.subjects) ?? FACT_BASE_DEFAULTS.subjects;
  if (subjects < 2 || subjects > 5000) throw new UsageError(`--subjects must be in [2, 5000], got ${subjects}`);
  const shape: FactModelOptions = o.tiny ? { ...TINY_FACT_MODEL } : {};
  const steps = positiveIntFlag('--steps', o.steps) ?? FACT_MODEL_DEFAULTS.steps;
  const batchSize = shape.batchSize ?? FACT_MODEL_DEFAULTS.batchSize;
  const threads = resolveThreads(parseThreadsFlag(o.threads), { batchSize, replicable: true });
  await initBackend({ prefer: 'auto', onWarning: () => {} });

  const baseOptions: Required<FactBaseOptions> = { ...FACT_BASE_DEFAULTS, seed, subjects };
  const base = factBase(baseOptions);
  const m = { ...FACT_MODEL_DEFAULTS, ...shape };
  io.err(`fact base (seed ${seed}): ${base.subjects.length} people x ${base.relations.length} relations (${base.relations.map((r) => r.id).join(', ')}) = ${base.facts.length} facts, ${base.relations[0]!.templates.length} templates each\n`);
  const f = base.facts[0]!;
  io.err(`  e.g. ${JSON.stringify(f.subject)} ${f.relation} ${JSON.stringify(f.object)}\n`);
  io.err(`model: ${m.n_layer} layers, ${m.n_head} heads, d ${m.n_embd}, ctx ${m.n_positions}, BPE vocab ${m.vocabSize}; ${steps} steps of batch ${batchSize} x ${m.window} tokens on ${threads} gradient thread${threads === 1 ? '' : 's'}\n`);

  const meter = new ProgressMeter(steps);
  const logEvery = Math.max(1, Math.round(steps / 40));
  const show = (text: string) => io.err(tty ? `\r\x1b[2K${text}` : `${text}\n`);
  const gradients = threads > 1 ? createDataParallel({ threads }) : undefined;
  const started = Date.now();
  let fm: FactModel;
  try {
    fm = await trainFactModel(base, {
      ...shape,
      steps,
      seed,
      gradients,
      signal,
      onStep: (info) => {
        const line = meter.update(info);
        if (tty || info.step % logEvery === 0 || info.step === steps) show(line);
      },
    });
  } catch (err) {
    throw new CliFailure((err as Error).message, { cause: err });
  } finally {
    gradients?.dispose();
    if (tty) io.err('\n');
  }
  try {
    const took = formatDuration((Date.now() - started) / 1000);
    const interrupted = fm.reason === 'aborted';
    io.err(interrupted ? `interrupted at step ${fm.steps}/${steps} (${took}); saving the model as trained so far\n` : `trained ${fm.steps} steps in ${took}; final loss ${fm.finalLoss.toFixed(4)}\n`);
    await saveFactModel(o.out, fm, base, baseOptions);
    io.err(`saved ${o.out} (config.json, model.safetensors, tokenizer.json, fact-base.json)\n`);
    if (interrupted) return { steps: fm.steps, finalLoss: fm.finalLoss, recall: null };
    io.err('scoring recall: does the true object score highest among its relation\'s objects?\n');
    const recall = factRecall(fm.model, fm.tokenizer, base).templates;
    io.out(formatRecall(recall, base));
    const first = base.facts[0]!;
    io.err(`next: ftheta trace --model ${o.out} --prompt ${JSON.stringify(base.relations[0]!.templates[0]!)} --subject ${JSON.stringify(first.subject)}\n`);
    return { steps: fm.steps, finalLoss: fm.finalLoss, recall };
  } finally {
    fm.model.dispose();
  }
}

/** Adds `facts` to the program. */
export function registerFactsCommand(program: Command, io: CliIo): void {
  program
    .command('facts')
    .description('build the synthetic fact base, train the fact model on it (the model `ftheta trace` and `ftheta edit` work on), save it and print its recall per template')
    .requiredOption('--out <dir>', 'checkpoint directory to write (config.json, model.safetensors, tokenizer.json, fact-base.json)')
    .option('--subjects <n>', `invented people in the fact base (default ${FACT_BASE_DEFAULTS.subjects}; 4 facts each)`)
    .option('--seed <s>', `seed of the fact base, the weights and the batches (default ${FACT_BASE_DEFAULTS.seed})`)
    .option('--steps <n>', `training steps (default ${FACT_MODEL_DEFAULTS.steps}: a few minutes on 2 cores)`)
    .option('--threads <n>', 'threads computing each batch\'s gradients (data parallel; default "auto" = the cores)')
    .addOption(new Option('--tiny', 'a tiny model (tests)').hideHelp())
    .addHelpText(
      'after',
      `
The fact base is written in code and seeded: people with shared first names (look-alike subjects),
four relations (born_in, works_as, plays, speaks), four paraphrase templates each. Recall: for every
fact and template, whether the true object has the highest mean log-prob among its relation's objects.

Example:
  ftheta facts --out facts-model
  ftheta trace --model facts-model --prompt "{} was born in" --subject "<a subject from the base>"
`,
    )
    .action(async (options: FactsCommandOptions) => {
      const interrupt = interruptSignal(() => io.err('\ninterrupt: stopping after this step (Ctrl-C again to quit now)\n'));
      try {
        await factsCommand(options, io, interrupt.signal, process.stderr.isTTY === true);
      } finally {
        interrupt.dispose();
      }
    });
}
