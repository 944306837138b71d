/** `ftheta logits`: next-token logits of a checkpoint (GPT-2 or Mamba) for given token ids, as gpt_ref.py / mamba_ref.py print them. */
import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { type Command, Option } from 'commander';
import { UsageError } from '../errors';
import type { CliIo } from '../io';
import { loadModelDir } from '../model/load-model-dir';
import { float32Json } from '../util/format-float32';
import { PREFER_CHOICES } from './backend';

/** Options of `ftheta logits`. */
export interface LogitsCommandOptions {
  model?: string;
  tokens?: string;
  last?: boolean;
  prefer?: (typeof PREFER_CHOICES)[number];
}

/**
 * Parses `--tokens` as gpt_ref.py does ("1, 2,3": spaces ignored, empty entries skipped) and checks
 * each id against the vocabulary (`vocabSize` given) — one-line errors naming the bad entry.
 */
export function parseTokenList(text: string | undefined, vocabSize?: number): number[] {
  if (text === undefined) throw new UsageError('--tokens is required (comma-separated token ids, e.g. 1,2,3)');
  const parts = text.replace(/\s+/g, '').split(',').filter((t) => t !== '');
  if (parts.length === 0) throw new UsageError('--tokens must name at least one token');
  return parts.map((part) => {
    if (!/^-?\d+$/.test(part)) throw new UsageError(`--tokens: "${part}" is not an integer token id`);
    const id = Number(part);
    if (vocabSize !== undefined && (id < 0 || id >= vocabSize)) {
      throw new UsageError(`--tokens: token id ${id} is out of range for vocab_size ${vocabSize} (0..${vocabSize - 1})`);
    }
    return id;
  });
}

/**
 * Prints `{"tokens":[...],"shape":[T, V],"dtype":"float32","logits":[[...]]}` — the keys, order and
 * spacing of `gpt_ref.py logits` (json.dumps lists for tokens and shape, numpy float32 strings for
 * the values), so the two outputs can be diffed. `--last` keeps only the last position.
 */
export async function logitsCommand(options: LogitsCommandOptions, io: CliIo): Promise<void> {
  parseTokenList(options.tokens); // syntax errors before the (slower) model load
  const info = await initBackend({ prefer: options.prefer ?? 'auto', onWarning: () => {} });
  for (const warning of info.warnings) io.err(`warning: ${warning}\n`);
  const { model, config } = await loadModelDir(options.model);
  try {
    const tokens = parseTokenList(options.tokens, config.vocab_size);
    if (model.maxContext !== null && tokens.length > model.maxContext) {
      throw new UsageError(`--tokens: ${tokens.length} tokens exceed the model's context (n_positions ${model.maxContext})`);
    }
    const ids = tf.tensor2d([tokens], [1, tokens.length], 'int32');
    const { logits, state } = model.forward(ids);
    const rows = tf.tidy(() => {
      const all = tf.reshape(logits, [tokens.length, config.vocab_size]);
      return options.last ? tf.slice(all, [tokens.length - 1, 0], [1, -1]) : all;
    });
    const values = (await rows.array()) as number[][];
    tf.dispose([ids, logits, rows]);
    state.dispose();
    const shape = `[${rows.shape.join(', ')}]`;
    io.out(`{"tokens":[${tokens.join(', ')}],"shape":${shape},"dtype":"float32","logits":${float32Json(values)}}\n`);
  } finally {
    model.dispose();
  }
}

/** Adds `logits` to the program. */
export function registerLogitsCommand(program: Command, io: CliIo): void {
  program
    .command('logits')
    .description("print a checkpoint's next-token logits for token ids, as JSON (the format of gpt_ref.py logits)")
    .requiredOption('--model <dir>', 'checkpoint directory (config.json + model.safetensors)')
    .requiredOption('--tokens <ids>', 'comma-separated token ids, e.g. 1,2,3')
    .option('--last', "only the last position's logits")
    .addOption(new Option('--prefer <backend>', 'which backend to start').choices(PREFER_CHOICES).default('auto'))
    .addHelpText('after', '\nExamples:\n  $ ftheta logits --model ./gpt2-tiny --tokens 3,17,42\n  $ ftheta logits --model ./gpt2-tiny --tokens 3,17,42 --last')
    .action((options: LogitsCommandOptions) => logitsCommand(options, io));
}
