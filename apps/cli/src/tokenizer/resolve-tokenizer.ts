/** `--tokenizer <name|path>`: a tiktoken encoding shipped offline, or a tokenizer file/directory. */
import { existsSync } from 'node:fs';
import { TIKTOKEN_ENCODING_NAMES, type Tokenizer, loadTiktokenEncoding } from '@ftheta/tokenizer';
import { loadTokenizerFile } from '@ftheta/tokenizer/node';
import { UsageError } from '../errors';

export async function resolveTokenizer(nameOrPath: string): Promise<Tokenizer> {
  if ((TIKTOKEN_ENCODING_NAMES as readonly string[]).includes(nameOrPath)) {
    return loadTiktokenEncoding(nameOrPath as (typeof TIKTOKEN_ENCODING_NAMES)[number]);
  }
  if (!existsSync(nameOrPath)) {
    throw new UsageError(
      `--tokenizer ${nameOrPath}: not a known encoding (${TIKTOKEN_ENCODING_NAMES.join(', ')}) and no such file or directory`,
    );
  }
  return loadTokenizerFile(nameOrPath);
}
