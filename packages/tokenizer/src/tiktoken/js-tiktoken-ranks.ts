/**
 * Reads the rank files that js-tiktoken ships (`js-tiktoken/ranks/<name>`): a default export
 * `{ pat_str, special_tokens, bpe_ranks }` whose `bpe_ranks` lines are
 * `"<label> <offset> <b64> <b64> …"`, token i of a line having rank offset + i.
 */
import type { BpeSpec } from '../bpe/bpe-spec';
import { TokenizerFormatError } from '../errors';
import { decodeBase64 } from './base64';

/** The shape of a js-tiktoken rank module's default export. */
export interface JsTiktokenRanks {
  pat_str: string;
  special_tokens: Record<string, number>;
  bpe_ranks: string;
}

/** A BpeSpec (tiktoken rule: no merge list) from js-tiktoken ranks; `source` names it in errors. */
export function specFromJsTiktokenRanks(name: string, ranks: JsTiktokenRanks, source = name): BpeSpec {
  if (ranks == null || typeof ranks.bpe_ranks !== 'string' || typeof ranks.pat_str !== 'string' || ranks.special_tokens == null) {
    throw new TokenizerFormatError(source, 'expected { pat_str, special_tokens, bpe_ranks }');
  }
  const tokens: (Uint8Array | undefined)[] = [];
  const lines = ranks.bpe_ranks.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    if (line.length === 0) continue;
    const fields = line.split(' ');
    const offset = Number(fields[1]);
    if (fields.length < 2 || !Number.isSafeInteger(offset) || offset < 0) {
      throw new TokenizerFormatError(source, `bpe_ranks line ${n + 1}: expected "<label> <offset> <base64>…", got ${JSON.stringify(line.slice(0, 60))}`);
    }
    for (let k = 2; k < fields.length; k++) {
      const bytes = decodeBase64(fields[k]);
      if (!bytes) throw new TokenizerFormatError(source, `bpe_ranks line ${n + 1}: token ${k - 1} ${JSON.stringify(fields[k])} is not base64`);
      const rank = offset + k - 2;
      if (tokens[rank] !== undefined) throw new TokenizerFormatError(source, `bpe_ranks line ${n + 1}: rank ${rank} appears twice`);
      tokens[rank] = bytes;
    }
  }
  return { name, tokens, pattern: ranks.pat_str, specialTokens: { ...ranks.special_tokens } };
}
