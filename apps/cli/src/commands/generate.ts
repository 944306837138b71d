/**
 * `ftheta generate`: load a checkpoint directory (config.json + model.safetensors + tokenizer.json;
 * a GPT-2 or a Mamba, by config.json's model_type) and continue a prompt. The text goes to stdout (as it is generated with --stream), the finish
 * reason (and budget-forcing figures) to stderr.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { initBackend } from '@ftheta/backend';
import { type CausalLM, type GenerateOptions, GenerateOptionError, generate } from '@ftheta/core-model';
import { checkModelDir, loadModelDir } from '../model/load-model-dir';
import type { Tokenizer } from '@ftheta/tokenizer';
import { loadTokenizerFile } from '@ftheta/tokenizer/node';
import type { Command } from 'commander';
import { UsageError } from '../errors';
import type { CliIo } from '../io';
import { resolveTokenizer } from '../tokenizer/resolve-tokenizer';

export interface GenerateCommandOptions {
  model: string;
  prompt: string;
  tokenizer?: string;
  maxTokens?: string;
  temperature?: string;
  topK?: string;
  topP?: string;
  minP?: string;
  repetitionPenalty?: string;
  seed?: string;
  stop?: string[];
  thinkStart?: string;
  thinkEnd?: string;
  thinkMin?: string;
  thinkMax?: string;
  stream?: boolean;
}

/** A number flag, or a usage error naming it. */
function num(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} ${JSON.stringify(value)} is not a number`);
  return n;
}

/** The generate() options the flags ask for (validated by generate itself). */
export function generateOptionsFromFlags(o: GenerateCommandOptions): GenerateOptions {
  const options: GenerateOptions = {};
  const set = <K extends keyof GenerateOptions>(key: K, value: GenerateOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set('maxNewTokens', num('--max-tokens', o.maxTokens));
  set('temperature', num('--temperature', o.temperature));
  set('topK', num('--top-k', o.topK));
  set('topP', num('--top-p', o.topP));
  set('minP', num('--min-p', o.minP));
  set('repetitionPenalty', num('--repetition-penalty', o.repetitionPenalty));
  set('seed', num('--seed', o.seed));
  if (o.stop?.length) options.stop = o.stop;
  const thinkMin = num('--think-min', o.thinkMin);
  const thinkMax = num('--think-max', o.thinkMax);
  if (thinkMin !== undefined || thinkMax !== undefined || o.thinkEnd !== undefined) {
    options.thinking = { end: o.thinkEnd ?? '<|/think|>' };
    if (o.thinkStart !== undefined) options.thinking.start = o.thinkStart;
    if (thinkMin !== undefined) options.thinking.minTokens = thinkMin;
    if (thinkMax !== undefined) options.thinking.maxTokens = thinkMax;
  }
  return options;
}

async function loadTokenizer(dir: string, flag: string | undefined): Promise<Tokenizer> {
  if (flag !== undefined) return resolveTokenizer(flag);
  const file = path.join(dir, 'tokenizer.json');
  if (!existsSync(file)) throw new UsageError(`--model ${dir} has no tokenizer.json; pass --tokenizer <name|path>`);
  return loadTokenizerFile(file);
}

export async function generateCommand(o: GenerateCommandOptions, io: CliIo): Promise<void> {
  const options = generateOptionsFromFlags(o);
  await checkModelDir(o.model);
  await initBackend({ prefer: 'auto', onWarning: () => {} });
  const tokenizer = await loadTokenizer(o.model, o.tokenizer);
  const { model } = await loadModelDir(o.model);
  const lm: CausalLM = model; // a Transformer or a MambaModel: generate() only passes the state along
  try {
    if (o.stream) options.onToken = (e) => e.text && io.out(e.text);
    const [result] = await generate(lm, tokenizer, o.prompt, options).catch((err) => {
      throw err instanceof GenerateOptionError ? new UsageError(err.message) : err;
    });
    io.out(o.stream ? '\n' : `${result.text ?? ''}\n`);
    const t = result.thinking;
    const thinking = t ? ` thinking=${t.tokens} waits=${t.waits}${t.forcedEnd ? ' forced-end' : ''}` : '';
    io.err(`finish: ${result.finishReason}${result.stopString !== undefined ? ` ${JSON.stringify(result.stopString)}` : ''} tokens=${result.ids.length}${thinking}\n`);
  } finally {
    model.dispose();
  }
}

export function registerGenerateCommand(program: Command, io: CliIo): void {
  program
    .command('generate')
    .description('continue a prompt with a checkpoint directory (config.json + model.safetensors + tokenizer.json)')
    .requiredOption('--model <dir>', 'checkpoint directory')
    .requiredOption('--prompt <text>', 'the prompt (special-token text such as <|endoftext|> becomes its id)')
    .option('--tokenizer <name|path>', 'tokenizer to use instead of the checkpoint\'s tokenizer.json')
    .option('--max-tokens <n>', 'most tokens to generate (default 128)')
    .option('--temperature <t>', 'sampling temperature; 0 = greedy (default 1)')
    .option('--top-k <k>', 'keep the k most likely tokens')
    .option('--top-p <p>', 'nucleus sampling: 0 < p <= 1')
    .option('--min-p <p>', 'drop tokens below p x the top probability: 0 <= p < 1')
    .option('--repetition-penalty <r>', 'CTRL repetition penalty (> 0; 1 = off)')
    .option('--seed <s>', 'integer seed: same seed, same backend, same output')
    .option('--stop <str...>', 'stop strings (cut from the output)')
    .option('--think-start <text>', 'start-of-thinking marker to force first (budget forcing)')
    .option('--think-end <text>', 'end-of-thinking marker, one token (default <|/think|>)')
    .option('--think-min <n>', 'minimum thinking tokens: appends "Wait" when the model stops earlier')
    .option('--think-max <n>', 'maximum thinking tokens: then forces the end marker and "\\nFinal answer:"')
    .option('--stream', 'write the text as it is generated')
    .action(async (options: GenerateCommandOptions) => generateCommand(options, io));
}
