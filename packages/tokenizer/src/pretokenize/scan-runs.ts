/**
 * Building blocks of the hand-written pre-token scanners: runs of code points by class, and the
 * English contractions. Positions are UTF-16 indices; `end` acts as the end of the text (a regex
 * run on `text.slice(start, end)` sees the same).
 */
import { classAt, LETTER, NUMBER, SPACE, surrogateClass, WIDE } from './unicode-classes';

/** End of the run, from `i`, of code points whose class has some bit of `mask`. */
export function runWith(text: string, i: number, end: number, mask: number, table: Uint8Array): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) {
      if ((table[c] & mask) === 0) return i;
      i++;
    } else {
      const k = surrogateClass(text, i, end, table);
      if ((k & mask) === 0) return i;
      i += k & WIDE ? 2 : 1;
    }
  }
  return i;
}

/** End of the run, from `i`, of code points whose class has no bit of `mask`. */
export function runWithout(text: string, i: number, end: number, mask: number, table: Uint8Array): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) {
      if ((table[c] & mask) !== 0) return i;
      i++;
    } else {
      const k = surrogateClass(text, i, end, table);
      if ((k & mask) !== 0) return i;
      i += k & WIDE ? 2 : 1;
    }
  }
  return i;
}

/** End of the run, from `i`, of `\r` and `\n` (and `/` when `slash`). */
export function runOfNewlines(text: string, i: number, end: number, slash: boolean): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || (slash && c === 47)) i++;
    else return i;
  }
  return i;
}

/**
 * End of the contraction at `i` (`'s|'t|'re|'ve|'m|'ll|'d`), or -1. With `anyCase`, every ASCII
 * case variant matches (`'S`, `'Re`, `'lL`, ...), as in the cl100k and o200k patterns.
 */
export function contractionEnd(text: string, i: number, end: number, anyCase: boolean): number {
  if (i + 1 >= end || text.charCodeAt(i) !== 39) return -1;
  const fold = anyCase ? 0x20 : 0;
  const d = text.charCodeAt(i + 1) | fold;
  // 's 't 'm 'd
  if (d === 0x73 || d === 0x74 || d === 0x6d || d === 0x64) return i + 2;
  if (i + 2 >= end) return -1;
  const e = text.charCodeAt(i + 2) | fold;
  // 're 've 'll
  if ((d === 0x72 && e === 0x65) || (d === 0x76 && e === 0x65) || (d === 0x6c && e === 0x6c)) return i + 3;
  return -1;
}

/**
 * The shared whitespace tail of the cl100k and o200k patterns, at whitespace `i`:
 * `\s*[\r\n]+|\s+(?!\S)|\s+`.
 */
export function whitespaceEnd(text: string, i: number, end: number, spaceBit: number, table: Uint8Array): number {
  const j = runWith(text, i, end, spaceBit, table);
  // \s*[\r\n]+ : \s* backtracks to the last \r or \n of the run, [\r\n]+ takes it.
  for (let k = j - 1; k >= i; k--) {
    const c = text.charCodeAt(k);
    if (c === 10 || c === 13) return k + 1;
  }
  return gpt2WhitespaceEnd(i, j, end);
}

/**
 * `\s+(?!\S)|\s+` given the whitespace run [i, j): all of it at the end of the text, else all
 * but its last code point (which then starts the next piece), else the single whitespace.
 * (Every `\s` code point is one UTF-16 unit.)
 */
export function gpt2WhitespaceEnd(i: number, j: number, end: number): number {
  if (j === end) return j;
  return j - 1 > i ? j - 1 : j;
}

const LNS = LETTER | NUMBER | SPACE;

/**
 * The tail that cl100k and o200k share, for a pre-token at `i` (char code `c`, class `k`) that is
 * not a letter run: `\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`, where o200k
 * also lets `/` follow the punctuation run (`slash`).
 */
export function numberPunctuationOrSpaceEnd(text: string, i: number, end: number, c: number, k: number, table: Uint8Array, slash: boolean): number {
  const w = k & WIDE ? 2 : 1;
  if (k & NUMBER) {
    let j = i + w;
    for (let n = 1; n < 3 && j < end; n++) {
      const kj = classAt(text, j, end, table);
      if ((kj & NUMBER) === 0) break;
      j += kj & WIDE ? 2 : 1;
    }
    return j;
  }
  if (c === 32 && i + 1 < end && (classAt(text, i + 1, end, table) & LNS) === 0) {
    return runOfNewlines(text, runWithout(text, i + 1, end, LNS, table), end, slash);
  }
  if ((k & LNS) === 0) return runOfNewlines(text, runWithout(text, i + w, end, LNS, table), end, slash);
  return whitespaceEnd(text, i, end, SPACE, table);
}
