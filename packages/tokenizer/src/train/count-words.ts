/**
 * First phase of BPE training: split the text with the pre-tokenizer and count each distinct piece
 * ("word"). BPE never merges across pieces, so the rest of training only needs these counts.
 */
import type { PreTokenizer } from '../pretokenize';

/** How many pieces between two yields (a yield is where abort checks and async callers get a turn). */
const PIECES_PER_YIELD = 1 << 15;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Adds the pieces of every text in `input` to `counts`. Each string is split on its own (a piece
 * never spans two strings), and the text of special tokens separates pieces and is not counted.
 * Uses the pre-tokenizer's hand-written scanner when it has one (GPT-2, cl100k, o200k patterns),
 * else its regex. Yields every {@link PIECES_PER_YIELD} pieces.
 */
export function* countWords(
  input: string | Iterable<string>,
  preTokenizer: PreTokenizer,
  specialTokens: readonly string[],
  counts: Map<string, number>,
): Generator<void, void, void> {
  const specials =
    specialTokens.length === 0
      ? undefined
      : new RegExp([...specialTokens].sort((a, b) => b.length - a.length).map(escapeRegex).join('|'), 'g');
  const texts = typeof input === 'string' ? [input] : input;
  const scan = preTokenizer.scan;
  const re = preTokenizer.regex;
  let sinceYield = 0;
  for (const text of texts) {
    if (typeof text !== 'string') {
      throw new TypeError(`trainBpe: the training text must be a string or an iterable of strings, found ${typeof text}`);
    }
    for (const part of specials ? text.split(specials) : [text]) {
      if (scan) {
        for (let i = 0, end = part.length; i < end; ) {
          const e = scan(part, i, end);
          const word = part.slice(i, e);
          counts.set(word, (counts.get(word) ?? 0) + 1);
          i = e;
          if (++sinceYield === PIECES_PER_YIELD) {
            sinceYield = 0;
            yield;
          }
        }
        continue;
      }
      re.lastIndex = 0;
      for (let m = re.exec(part); m !== null; m = re.exec(part)) {
        const word = m[0];
        if (word.length === 0) {
          re.lastIndex += (part.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1; // as matchAll steps
          continue;
        }
        counts.set(word, (counts.get(word) ?? 0) + 1);
        if (++sinceYield === PIECES_PER_YIELD) {
          sinceYield = 0;
          yield;
          re.lastIndex = m.index + word.length; // another user of the shared regex may have moved it
        }
      }
    }
  }
}
