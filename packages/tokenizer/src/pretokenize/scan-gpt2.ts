/**
 * Hand-written scanner equal to GPT-2's pre-tokenizer regex (r50k_base, p50k_base, p50k_edit):
 * `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
 * Every code point starts some alternative, so pieces tile the text.
 */
import { contractionEnd, gpt2WhitespaceEnd, runWith, runWithout } from './scan-runs';
import { classAt, LETTER, NUMBER, SPACE, WIDE } from './unicode-classes';

const LNS = LETTER | NUMBER | SPACE;

/** End of the GPT-2 pre-token that starts at `i` (< end). */
export function scanGpt2(text: string, i: number, end: number, table: Uint8Array): number {
  const c = text.charCodeAt(i);
  if (c === 39) {
    const e = contractionEnd(text, i, end, false);
    if (e >= 0) return e;
  }
  // ` ?X+` for X = \p{L}, \p{N}, [^\s\p{L}\p{N}]: the optional space is taken when X follows it.
  if (c === 32 && i + 1 < end) {
    const k1 = classAt(text, i + 1, end, table);
    if (k1 & LETTER) return runWith(text, i + 1, end, LETTER, table);
    if (k1 & NUMBER) return runWith(text, i + 1, end, NUMBER, table);
    if ((k1 & LNS) === 0) return runWithout(text, i + 1, end, LNS, table);
  }
  const k = classAt(text, i, end, table);
  if (k & LETTER) return runWith(text, i, end, LETTER, table);
  if (k & NUMBER) return runWith(text, i, end, NUMBER, table);
  if ((k & LNS) === 0) return runWithout(text, i + (k & WIDE ? 2 : 1), end, LNS, table);
  return gpt2WhitespaceEnd(i, runWith(text, i, end, SPACE, table), end);
}
