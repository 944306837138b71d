/** `ftheta tokenize`: text in, token ids out. */
import { DisallowedSpecialTokenError, type Tokenizer } from '@ftheta/tokenizer';
import { type Command, Option } from 'commander';
import { UsageError } from '../errors';
import type { CliIo } from '../io';
import { readInput } from '../tokenizer/read-input';
import { resolveTokenizer } from '../tokenizer/resolve-tokenizer';

export const TOKENIZE_FORMATS = ['ids', 'json', 'count'] as const;

export interface TokenizeOptions {
  tokenizer: string;
  input?: string;
  format: (typeof TOKENIZE_FORMATS)[number];
  allowSpecial?: boolean;
}

/** The output for one text, in the chosen format (without the trailing newline). */
export function formatTokens(tokenizer: Tokenizer, text: string, ids: number[], format: TokenizeOptions['format']): string {
  if (format === 'count') return String(ids.length);
  if (format === 'ids') return JSON.stringify(ids);
  const bytes = new TextEncoder().encode(text).length;
  return JSON.stringify(
    {
      tokenizer: tokenizer.name,
      vocabSize: tokenizer.vocabSize,
      characters: [...text].length,
      bytes,
      count: ids.length,
      ids,
      tokens: ids.map((id) => tokenizer.idToToken(id) ?? null),
    },
    null,
    2,
  );
}

export async function tokenizeCommand(options: TokenizeOptions, io: CliIo, stdin?: NodeJS.ReadableStream): Promise<void> {
  const tokenizer = await resolveTokenizer(options.tokenizer);
  const text = await readInput(options.input, stdin);
  let ids: number[];
  try {
    ids = tokenizer.encode(text, options.allowSpecial ? { allowedSpecial: 'all' } : {});
  } catch (err) {
    if (!(err instanceof DisallowedSpecialTokenError)) throw err;
    throw new UsageError(
      `the input contains the special token ${JSON.stringify(err.token)} at index ${err.index}; pass --allow-special to encode it as its special id`,
    );
  }
  io.out(`${formatTokens(tokenizer, text, ids, options.format)}\n`);
}

export function registerTokenizeCommand(program: Command, io: CliIo): void {
  program
    .command('tokenize')
    .description('encode text into token ids (reads --input FILE, or standard input)')
    .requiredOption('--tokenizer <name|path>', 'gpt2, r50k_base, p50k_base, cl100k_base, o200k_base, or a tokenizer.json / .tiktoken / char tokenizer file or directory')
    .option('--input <file>', "text file to encode ('-' or omitted: standard input)")
    .addOption(new Option('--format <format>', 'ids: one JSON array; json: ids with their tokens; count: the number of tokens').choices(TOKENIZE_FORMATS).default('ids'))
    .option('--allow-special', 'let special-token text (e.g. <|endoftext|>) become its special id instead of failing')
    .addHelpText('after', '\nExamples:\n  $ echo "Hello world" | ftheta tokenize --tokenizer cl100k_base\n  $ ftheta tokenize --tokenizer ./tokenizer.json --input book.txt --format count')
    .action((options: TokenizeOptions) => tokenizeCommand(options, io));
}
