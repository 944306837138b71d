/**
 * `ftheta trace`: causal tracing (ROME §2.1) of one prompt — where in the model does it hold the
 * fact? The subject's embeddings are corrupted with noise, then each (layer, token) activation is
 * restored from the clean run, one at a time; the table shows how much of the answer's probability
 * each restore brings back (@ftheta/editing's causalTrace). Table (or --json) on stdout.
 */
import { initBackend } from '@ftheta/backend';
import { causalTrace, embeddingStd, formatTraceTable, promptAndTarget, promptIds, subjectTokens, type TraceKind } from '@ftheta/editing';
import { type Command, Option } from 'commander';
import { UsageError } from '../errors';
import type { CliIo } from '../io';
import { loadGpt2Dir } from '../editing/load-gpt2-dir';
import { promptWithSubject } from '../editing/edit-requests';
import { positiveIntFlag, seedFlag } from './train';

/** Options of `ftheta trace` (the flags, as commander gives them). */
export interface TraceCommandOptions {
  model?: string;
  prompt?: string;
  subject?: string;
  target?: string;
  kind?: string;
  samples?: string;
  noise?: string;
  window?: string;
  seed?: string;
  json?: boolean;
}

const KINDS: readonly TraceKind[] = ['hidden', 'mlp', 'attn'];
/** ROME's noise: 3 standard deviations of the token embeddings. */
const DEFAULT_NOISE_FACTOR = 3;

/**
 * `--noise`: an absolute standard deviation ("0.2") or a multiple of the token embeddings' one
 * ("3x", the default), as a function of that standard deviation.
 */
export function parseNoiseFlag(value: string | undefined): (embeddingStd: number) => number {
  if (value === undefined) return (s) => DEFAULT_NOISE_FACTOR * s;
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?)\s*(x?)\s*$/i.exec(value);
  const n = m ? Number(m[1]) : Number.NaN;
  if (!m || !(n > 0) || !Number.isFinite(n)) throw new UsageError(`--noise must be a positive number (a standard deviation) or a multiple of the embeddings' one such as "3x", got ${JSON.stringify(value)}`);
  return m[2] ? (s) => n * s : () => n;
}

/** Runs the trace and prints it (see the module). */
export async function traceCommand(o: TraceCommandOptions, io: CliIo): Promise<void> {
  if (!o.prompt) throw new UsageError('--prompt TEXT is required (the question, naming the subject or with "{}" where it goes)');
  if (!o.subject) throw new UsageError('--subject TEXT is required (the words of the prompt to corrupt)');
  const prompt = promptWithSubject(o.prompt, o.subject, '--prompt');
  const kind = (o.kind ?? 'hidden') as TraceKind;
  if (!KINDS.includes(kind)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}, got ${JSON.stringify(o.kind)}`);
  const samples = positiveIntFlag('--samples', o.samples);
  const window = positiveIntFlag('--window', o.window);
  if (window !== undefined && kind === 'hidden') throw new UsageError('--window applies to --kind mlp or attn (a hidden state is restored one layer at a time)');
  const noise = parseNoiseFlag(o.noise);
  const seed = seedFlag(o.seed, 1);
  if (o.target !== undefined && o.target.trim() === '') throw new UsageError('--target must not be empty');
  await initBackend({ prefer: 'auto', onWarning: () => {} });
  const { model, tokenizer } = await loadGpt2Dir(o.model, 'causal tracing');
  try {
    const noiseStd = noise(embeddingStd(model));
    // The prompt, subject and target are the user's: tokenization problems are usage errors.
    try {
      subjectTokens(tokenizer, prompt, o.subject);
      if (o.target !== undefined) promptAndTarget(tokenizer, prompt, o.target.trim());
    } catch (err) {
      throw new UsageError((err as Error).message, { cause: err });
    }
    const length = promptIds(tokenizer, prompt).length;
    if (length > model.config.n_positions) throw new UsageError(`--prompt has ${length} tokens, more than the model's context of ${model.config.n_positions}`);
    io.err(`tracing ${kind} states: ${samples ?? 10} noise samples of std ${noiseStd.toPrecision(3)} on ${JSON.stringify(o.subject)}\n`);
    const trace = causalTrace(model, tokenizer, prompt, o.subject, { kind, samples, noiseStd, window, target: o.target?.trim(), seed });
    io.out(o.json ? `${JSON.stringify({ prompt, subjectText: o.subject, noiseStd, ...trace }, null, 2)}\n` : formatTraceTable(trace));
  } finally {
    model.dispose();
  }
}

/** Adds `trace` to the program. */
export function registerTraceCommand(program: Command, io: CliIo): void {
  program
    .command('trace')
    .description('causal tracing: corrupt the subject, restore one (layer, token) activation at a time, and show where the model holds the fact')
    .requiredOption('--model <dir>', 'a GPT-2 checkpoint directory with tokenizer.json (e.g. from `ftheta facts`)')
    .requiredOption('--prompt <text>', 'the question, naming the subject or with "{}" where it goes, e.g. "{} was born in"')
    .requiredOption('--subject <text>', 'the subject as written in the prompt (its token embeddings get the noise)')
    .option('--target <text>', 'the answer to trace (its first token; default the model\'s own top next token)')
    .addOption(new Option('--kind <kind>', 'what is restored: hidden (the residual stream after each block), mlp (MLP outputs) or attn (attention outputs)').choices(KINDS as string[]).default('hidden'))
    .option('--samples <n>', 'noise samples averaged over (default 10)')
    .option('--noise <x>', 'noise standard deviation: a number, or a multiple of the token embeddings\' std such as "3x" (default 3x, as ROME)')
    .option('--window <n>', 'mlp/attn: restore this many consecutive layers centred on each (default 1)')
    .option('--seed <s>', 'seed of the noise (default 1)')
    .option('--json', 'print the trace as JSON (tokens, rows, scores, answer, clean and corrupted probabilities)')
    .addHelpText(
      'after',
      `
Each cell is P(answer) in %, with that one activation restored inside the corrupted run; compare
with the header's clean and corrupted baselines. Subject tokens are starred.

Example:
  ftheta trace --model facts-model --prompt "{} was born in" --subject "Kalem Varisto" --kind mlp
`,
    )
    .action(async (options: TraceCommandOptions) => traceCommand(options, io));
}
