/**
 * A text corpus through a tokenizer into one compact typed array, encoded chunk by chunk so a large
 * text never becomes one giant JS array of numbers.
 */
import type { EncodeOptions, Tokenizer } from '@ftheta/tokenizer';
import { checkPositiveInt } from './batch';

/** Options of {@link tokenizeCorpus}. */
export interface TokenizeCorpusOptions {
  /**
   * Target characters per encode call (default 65536). Chunks end only at a safe boundary (see
   * {@link safeBoundaryAfter}), so a chunk can be longer; `Infinity` encodes the text in one call.
   */
  chunkChars?: number;
  /** Passed to every `tokenizer.encode` call (e.g. `{ allowedSpecial: 'all' }`). */
  encode?: EncodeOptions;
}

const LETTER = /\p{L}/u;
const SPACE = /\s/u;

/**
 * The first safe chunk boundary at or after `from`, or `text.length`. A boundary p is safe when
 * text[p-1] is '\n', text[p-2] is not whitespace and text[p] is a letter.
 *
 * Why this gives the same ids as encoding the whole text: in the GPT-2 (r50k, p50k), cl100k and
 * o200k pre-tokenizer patterns no piece can contain both a lone newline and the letter after it
 * (letters may be preceded only by a space, or by a character other than \r \n), and a lone
 * newline between non-whitespace is its own piece or ends a punctuation piece whether or not text
 * follows it (a newline after whitespace is not safe: `\s+(?!\S)` would match differently at the
 * end of a chunk). Pieces are encoded independently, so the ids are the same. The same holds for
 * character tokenizers. A tokenizer whose pattern merges across newlines (or a special token that
 * contains "\n" followed by a letter) must be encoded with `chunkChars: Infinity`.
 */
export function safeBoundaryAfter(text: string, from: number): number {
  for (let p = Math.max(from, 2); p < text.length; p++) {
    if (text.charCodeAt(p - 1) === 10 && !SPACE.test(text[p - 2]!) && LETTER.test(text[p]!)) return p;
  }
  return text.length;
}

/**
 * Token ids of `text` in a Uint16Array when `tokenizer.vocabSize` ≤ 65536, else a Uint32Array.
 * The text is encoded in chunks of about `chunkChars` characters cut at safe boundaries (see
 * {@link safeBoundaryAfter}), which gives the same ids as one `encode(text)` call for character
 * tokenizers and the GPT-2 / cl100k / o200k BPE patterns.
 */
export function tokenizeCorpus(text: string, tokenizer: Tokenizer, options: TokenizeCorpusOptions = {}): Uint16Array | Uint32Array {
  if (typeof text !== 'string') throw new TypeError(`tokenizeCorpus: text must be a string, got ${typeof text}`);
  const chunkChars = options.chunkChars ?? 65536;
  if (chunkChars !== Infinity) checkPositiveInt('tokenizeCorpus: chunkChars', chunkChars);
  const wide = tokenizer.vocabSize > 65536;
  let out: Uint16Array | Uint32Array = wide ? new Uint32Array(1024) : new Uint16Array(1024);
  let length = 0;
  let start = 0;
  while (start < text.length) {
    const end = chunkChars === Infinity ? text.length : safeBoundaryAfter(text, start + chunkChars);
    const ids = tokenizer.encode(text.slice(start, end), options.encode);
    if (length + ids.length > out.length) {
      let capacity = out.length * 2;
      while (capacity < length + ids.length) capacity *= 2;
      const grown: Uint16Array | Uint32Array = wide ? new Uint32Array(capacity) : new Uint16Array(capacity);
      grown.set(out.subarray(0, length));
      out = grown;
    }
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (!(id >= 0 && id < tokenizer.vocabSize)) throw new RangeError(`tokenizeCorpus: ${tokenizer.name} produced id ${id}, outside its vocabSize ${tokenizer.vocabSize}`);
      out[length + i] = id;
    }
    length += ids.length;
    start = end;
  }
  return out.slice(0, length);
}
