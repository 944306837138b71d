/**
 * tiktoken's own rank file format (`*.tiktoken`, as downloaded by the Python package): one token
 * per line, `<base64 bytes> <rank>`. The file has no pattern and no special tokens, so the caller
 * names them (the constants in ../pretokenize/pattern-sources.ts cover OpenAI's encodings).
 */
import type { BpeSpec } from '../bpe/bpe-spec';
import { TokenizerFormatError } from '../errors';
import { decodeBase64 } from './base64';

/** What a `.tiktoken` file does not say. */
export interface TiktokenFileOptions {
  /** Name of the encoding (the spec's name). */
  name: string;
  /** Pre-tokenizer regex source (tiktoken's pat_str). */
  pattern: string;
  /** Special token text -> id. */
  specialTokens: Record<string, number>;
  /** Names the file in errors (default: `name`). */
  source?: string;
}

/**
 * A BpeSpec (tiktoken rule) from the text of a `.tiktoken` file.
 * @throws TokenizerFormatError naming the source and the line for a malformed line, a repeated
 *   rank or repeated bytes.
 */
export function parseTiktokenFile(text: string, options: TiktokenFileOptions): BpeSpec {
  const source = options.source ?? options.name;
  const tokens: (Uint8Array | undefined)[] = [];
  const lineOfRank = new Map<number, number>();
  const lineOfBytes = new Map<string, number>();
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].endsWith('\r') ? lines[n].slice(0, -1) : lines[n];
    if (line.length === 0) continue;
    const at = `line ${n + 1}`;
    const fields = line.split(' ');
    if (fields.length !== 2) throw new TokenizerFormatError(source, `${at}: expected "<base64> <rank>", got ${JSON.stringify(line.slice(0, 80))}`);
    const bytes = decodeBase64(fields[0]);
    if (!bytes) throw new TokenizerFormatError(source, `${at}: ${JSON.stringify(fields[0].slice(0, 80))} is not base64`);
    const rank = /^\d+$/.test(fields[1]) ? Number(fields[1]) : Number.NaN;
    if (!Number.isSafeInteger(rank)) throw new TokenizerFormatError(source, `${at}: rank ${JSON.stringify(fields[1])} is not a non-negative integer`);
    const sameRank = lineOfRank.get(rank);
    if (sameRank !== undefined) throw new TokenizerFormatError(source, `${at}: rank ${rank} was already given on line ${sameRank}`);
    const key = fields[0];
    const sameBytes = lineOfBytes.get(key);
    if (sameBytes !== undefined) throw new TokenizerFormatError(source, `${at}: the same bytes were already given on line ${sameBytes}`);
    lineOfRank.set(rank, n + 1);
    lineOfBytes.set(key, n + 1);
    tokens[rank] = bytes;
  }
  if (lineOfRank.size === 0) throw new TokenizerFormatError(source, 'no tokens (empty file)');
  return { name: options.name, tokens, pattern: options.pattern, specialTokens: { ...options.specialTokens } };
}

/** The text of a `.tiktoken` file for a spec without merges (the inverse of parseTiktokenFile). */
export function formatTiktokenFile(spec: BpeSpec): string {
  const lines: string[] = [];
  spec.tokens.forEach((bytes, rank) => {
    if (!bytes) return;
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    lines.push(`${btoa(binary)} ${rank}`);
  });
  return `${lines.join('\n')}\n`;
}
