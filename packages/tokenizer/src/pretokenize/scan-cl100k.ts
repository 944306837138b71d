/**
 * Hand-written scanner equal to cl100k_base's pre-tokenizer regex (js-tiktoken's form, where
 * tiktoken's `(?i:'s|'t|...)` is spelled out case by case):
 * `('s|'S|'t|'T|'re|...|'d|'D)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
 */
import { contractionEnd, numberPunctuationOrSpaceEnd, runWith } from './scan-runs';
import { classAt, LETTER, NUMBER, WIDE } from './unicode-classes';


/** End of the cl100k pre-token that starts at `i` (< end). */
export function scanCl100k(text: string, i: number, end: number, table: Uint8Array): number {
  const c = text.charCodeAt(i);
  if (c === 39) {
    const e = contractionEnd(text, i, end, true);
    if (e >= 0) return e;
  }
  const k = classAt(text, i, end, table);
  const w = k & WIDE ? 2 : 1;
  // [^\r\n\p{L}\p{N}]?\p{L}+
  if (c !== 10 && c !== 13 && (k & (LETTER | NUMBER)) === 0 && i + w < end) {
    if (classAt(text, i + w, end, table) & LETTER) return runWith(text, i + w, end, LETTER, table);
  }
  if (k & LETTER) return runWith(text, i, end, LETTER, table);
  return numberPunctuationOrSpaceEnd(text, i, end, c, k, table, false);
}
