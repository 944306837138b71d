/** `ftheta tokenizer train`: learn a byte-level BPE vocabulary from a text file. */
import { trainBpeAsync } from '@ftheta/tokenizer';
import { saveTokenizerJson } from '@ftheta/tokenizer/node';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { CliFailure, UsageError } from '../errors';
import type { CliIo } from '../io';
import { readInput } from '../tokenizer/read-input';

export interface TokenizerTrainOptions {
  input: string;
  vocabSize: string;
  out: string;
  minFrequency?: string;
  special?: string[];
  progress?: boolean;
}

function positiveInt(flag: string, value: string | undefined, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

export async function tokenizerTrainCommand(options: TokenizerTrainOptions, io: CliIo, signal?: AbortSignal): Promise<void> {
  const vocabSize = positiveInt('--vocab-size', options.vocabSize);
  const minFrequency = positiveInt('--min-frequency', options.minFrequency, 2);
  const text = await readInput(options.input);
  const started = Date.now();
  const bar = options.progress === false ? null : new SingleBar({ stream: process.stderr, format: 'training BPE [{bar}] {value}/{total} merges | {phase} | {duration}s', hideCursor: true });
  let barStarted = false;
  try {
    const spec = await trainBpeAsync(text, {
      vocabSize,
      minFrequency,
      specialTokens: options.special ?? [],
      signal,
      onProgress: (p) => {
        if (!bar) return;
        if (!barStarted) {
          bar.start(p.target, 0, { phase: p.phase });
          barStarted = true;
        }
        bar.update(p.merges, { phase: p.phase });
      },
    });
    bar?.stop();
    await saveTokenizerJson(spec, options.out);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    io.err(`wrote ${options.out}: ${spec.tokens.filter(Boolean).length + Object.keys(spec.specialTokens).length} tokens, ${spec.merges?.length ?? 0} merges, in ${seconds} s\n`);
  } catch (err) {
    bar?.stop();
    if (signal?.aborted) throw new CliFailure(`interrupted; nothing was written to ${options.out}`);
    throw err;
  }
}

export function registerTokenizerCommand(program: Command, io: CliIo): void {
  const tokenizer = program.command('tokenizer').description('train and inspect tokenizers');
  tokenizer
    .command('train')
    .description('learn a byte-level BPE vocabulary (GPT-2 pre-tokenizer) and write a Hugging Face tokenizer.json')
    .requiredOption('--input <file>', "training text ('-' for standard input)")
    .requiredOption('--vocab-size <n>', 'vocabulary size, including the 256 byte tokens and the special tokens')
    .requiredOption('--out <file>', 'tokenizer.json to write (written to a temporary file, then renamed)')
    .option('--min-frequency <n>', 'ignore pairs seen fewer times than this', '2')
    .option('--special <token...>', 'special tokens to add, e.g. --special "<|endoftext|>"')
    .option('--no-progress', 'no progress bar on stderr')
    .addHelpText('after', '\nExample:\n  $ ftheta tokenizer train --input shakespeare.txt --vocab-size 8000 --out tokenizer.json --special "<|endoftext|>"')
    .action(async (options: TokenizerTrainOptions) => {
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      try {
        await tokenizerTrainCommand(options, io, controller.signal);
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}
