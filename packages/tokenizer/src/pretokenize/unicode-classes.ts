/**
 * Unicode property classes of code points, as this JavaScript engine's regex engine sees them with
 * the `u` flag. The tables are built at run time by asking the regex engine itself (one global
 * match per property over every BMP code point; astral code points one by one, on first sight), so
 * the hand-written scanners can never disagree with `new RegExp(pattern, 'gu')` on the same engine,
 * whatever Unicode version it implements.
 */

/** `\p{L}` */
export const LETTER = 1;
/** `\p{N}` */
export const NUMBER = 2;
/** `\s` (JavaScript's definition: includes U+FEFF, excludes U+0085) */
export const SPACE = 4;
/** `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]` (o200k's "upper" letters) */
export const UPPER = 8;
/** `[\p{Ll}\p{Lm}\p{Lo}\p{M}]` (o200k's "lower" letters) */
export const LOWER = 16;
/** Set by {@link surrogateClass} when the code point is a surrogate pair (two UTF-16 units). */
export const WIDE = 32;
const KNOWN = 128;

/** Each class bit and the regex class source that defines it. */
const CLASS_SOURCES: readonly (readonly [number, string])[] = [
  [LETTER, '\\p{L}'],
  [NUMBER, '\\p{N}'],
  [SPACE, '\\s'],
  [UPPER, '[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]'],
  [LOWER, '[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]'],
];

/** Anchored one-code-point tests, for astral code points and lone surrogates. */
const SINGLE_TESTS: readonly (readonly [number, RegExp])[] = CLASS_SOURCES.map(([bit, source]) => [bit, new RegExp(`^${source}$`, 'u')]);

let bmp: Uint8Array | undefined;
let astral: Uint8Array | undefined;

/**
 * Class bits of every BMP code unit (index = UTF-16 code unit). Surrogate entries hold the class of
 * a lone surrogate. Built on first use (a few milliseconds).
 */
export function bmpClassTable(): Uint8Array {
  if (bmp) return bmp;
  const table = new Uint8Array(0x10000);
  // Every BMP code point in order; surrogates are stood in for by U+0000 (fixed below), so string
  // index = code point.
  let all = '';
  for (let start = 0; start < 0x10000; start += 4096) {
    const units: number[] = [];
    for (let c = start; c < start + 4096; c++) units.push(c >= 0xd800 && c <= 0xdfff ? 0 : c);
    all += String.fromCharCode(...units);
  }
  for (const [bit, source] of CLASS_SOURCES) {
    for (const m of all.matchAll(new RegExp(`${source}+`, 'gu'))) {
      const end = m.index + m[0].length;
      for (let k = m.index; k < end; k++) table[k] |= bit;
    }
  }
  for (let c = 0xd800; c <= 0xdfff; c++) table[c] = testOne(String.fromCharCode(c));
  bmp = table;
  return table;
}

/** Class bits of an astral code point (0x10000..0x10FFFF), memoized. */
export function astralClass(codePoint: number): number {
  astral ??= new Uint8Array(0x100000);
  const index = codePoint - 0x10000;
  const known = astral[index];
  if (known !== 0) return known & ~KNOWN;
  const bits = testOne(String.fromCodePoint(codePoint));
  astral[index] = bits | KNOWN;
  return bits;
}

/**
 * Class bits of the code point whose first UTF-16 unit, at `i`, is a surrogate: a pair (then the
 * {@link WIDE} bit is set) if a low surrogate follows before `end`, else a lone surrogate.
 */
export function surrogateClass(text: string, i: number, end: number, table: Uint8Array): number {
  const c = text.charCodeAt(i);
  if (c <= 0xdbff && i + 1 < end) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return astralClass(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000) | WIDE;
  }
  return table[c];
}

/** Class bits of the code point at `i` (which must be < end), as `surrogateClass` describes. */
export function classAt(text: string, i: number, end: number, table: Uint8Array): number {
  const c = text.charCodeAt(i);
  return c < 0xd800 || c > 0xdfff ? table[c] : surrogateClass(text, i, end, table);
}

function testOne(s: string): number {
  let bits = 0;
  for (const [bit, re] of SINGLE_TESTS) if (re.test(s)) bits |= bit;
  return bits;
}
