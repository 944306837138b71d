/**
 * Hand-written scanner equal to o200k_base's pre-tokenizer regex (js-tiktoken's form):
 * `P?U*W+C?|P?U+W*C?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+` with
 * P = `[^\r\n\p{L}\p{N}]`, U = `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`, W = `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`
 * and C the contractions in any ASCII case. U and W overlap (Lm, Lo, M), and combining marks (M)
 * are also P, so the first two alternatives are followed through the regex engine's backtracking
 * order literally: alternative 1 with P, then without, then alternative 2 with P, then without.
 */
import { contractionEnd, numberPunctuationOrSpaceEnd, runWith } from './scan-runs';
import { classAt, LETTER, LOWER, NUMBER, UPPER, WIDE } from './unicode-classes';


/** End of the o200k pre-token that starts at `i` (< end). */
export function scanO200k(text: string, i: number, end: number, table: Uint8Array): number {
  const c = text.charCodeAt(i);
  const k = classAt(text, i, end, table);
  const w = k & WIDE ? 2 : 1;
  const prefixed = c !== 10 && c !== 13 && (k & (LETTER | NUMBER)) === 0;
  let e = prefixed ? upperThenLower(text, i + w, end, table) : -1;
  if (e < 0) e = upperThenLower(text, i, end, table);
  if (e < 0 && prefixed) e = upperRun(text, i + w, end, table);
  if (e < 0) e = upperRun(text, i, end, table);
  if (e >= 0) return e;
  return numberPunctuationOrSpaceEnd(text, i, end, c, k, table, true);
}

/** `U*W+C?` at `s`: its end, or -1. */
function upperThenLower(text: string, s: number, end: number, table: Uint8Array): number {
  // U* greedily, remembering the last code point that is also W (Lm, Lo, M).
  let u = s;
  let lastLowerEnd = -1;
  while (u < end) {
    const k = classAt(text, u, end, table);
    if ((k & UPPER) === 0) break;
    u += k & WIDE ? 2 : 1;
    if (k & LOWER) lastLowerEnd = u;
  }
  // W+ right after the U run: take the whole W run.
  if (u < end && classAt(text, u, end, table) & LOWER) {
    return contraction(text, runWith(text, u, end, LOWER, table), end);
  }
  // Else U* backtracks to the last code point that is W; W+ is that one code point (nothing after
  // it in the run, nor after the run, is W). A contraction can follow only at the run's end.
  return lastLowerEnd < 0 ? -1 : contraction(text, lastLowerEnd, end);
}

/** `U+W*C?` at `s`: its end, or -1. */
function upperRun(text: string, s: number, end: number, table: Uint8Array): number {
  const u = runWith(text, s, end, UPPER, table);
  if (u === s) return -1;
  return contraction(text, runWith(text, u, end, LOWER, table), end);
}

function contraction(text: string, i: number, end: number): number {
  if (i < end && text.charCodeAt(i) === 39) {
    const e = contractionEnd(text, i, end, true);
    if (e >= 0) return e;
  }
  return i;
}
