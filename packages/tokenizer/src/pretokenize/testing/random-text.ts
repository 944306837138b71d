/**
 * Seeded random text for fuzz tests (test helper; not part of the public API): scripts, cases,
 * combining marks, digits of every kind, JavaScript and non-JavaScript whitespace, emoji with
 * joiners and skin tones, astral letters, lone surrogates and random code points.
 */

import { seededRandom } from '../../random';

export { seededRandom };

const POOLS: readonly (readonly string[])[] = [
  // ASCII words, cases and contractions
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  ["'s", "'S", "'t", "'T", "'re", "'RE", "'Re", "'rE", "'ve", "'VE", "'m", "'M", "'ll", "'LL", "'lL", "'d", "'D", "'", "''", "'x"],
  ['the', 'The', 'THE', "DON'T", "I'M", "You'Re", "we'LL", "it'S", 'hello', 'naïve', 'İstanbul', 'ǅungla', 'straße', 'ſ', 'K'],
  // digits and numbers of every kind
  [...'0123456789', '٣', '३', '１', 'Ⅻ', '²', '½', '𝟘', '𝟏', '12345', '1234567'],
  // punctuation and symbols
  [...'!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~', '…', '—', '«', '»', '€', '¿', '・', '、', '。'],
  // whitespace: ASCII, Unicode \s, and code points that are not JavaScript \s
  [' ', ' ', ' ', '  ', '   ', '\t', '\n', '\r', '\r\n', '\n\n', '\v', '\f', '\u00a0', '\u2003', '\u2028', '\u2029', '\u3000', '\ufeff', '\u0085', '\u180e', '\u200b'],
  // scripts: CJK, kana, Hangul, Arabic, Hebrew, Devanagari, Thai, Greek, Cyrillic
  [...'中文字符漢字', 'ひらがな', 'カタカナー', '한국어', 'مرحبا', 'שלום', 'क्षत्रिय', 'สวัสดี', 'Σίσυφος', 'ς', 'Привет', 'ʰ', 'ǈ'],
  // combining marks alone and after letters / punctuation / uppercase
  ['\u0301', '\u0308', '\u20dd', 'e\u0301', 'A\u0308', '!\u0301', ' \u0301', 'N\u0303O', '\u0301A', 'क्', '\u0903'],
  // emoji: ZWJ sequences, skin tones, variation selectors, flags, keycaps
  ['😀', '👍🏽', '👨‍👩‍👧‍👦', '🧑🏿‍🚀', '❤️', '🇺🇸', '1️⃣', '\u200d', '\ufe0f', '🏳️‍🌈'],
  // astral letters (math bold, Deseret upper/lower, CJK extension B)
  ['𝐀', '𝐚', '𐐀', '𐐨', '𠀀', '𝔘𝔫𝔦'],
  // lone and misordered surrogates
  ['\ud800', '\udc00', '\udbff', '\udc00\ud800', 'a\ud83d', '\ude00b'],
];

/** A random code point anywhere in Unicode (any category, assigned or not; no surrogates). */
function randomCodePoint(rng: () => number): string {
  const r = rng();
  const cp = r < 0.5 ? Math.floor(rng() * 0x3000) : r < 0.8 ? Math.floor(rng() * 0x10000) : Math.floor(rng() * 0x110000);
  return cp >= 0xd800 && cp <= 0xdfff ? ' ' : String.fromCodePoint(cp);
}

/** A random string of about `parts` pieces drawn from the pools (and random code points). */
export function randomText(rng: () => number, parts: number): string {
  let s = '';
  for (let i = 0; i < parts; i++) {
    if (rng() < 0.1) {
      s += randomCodePoint(rng);
      continue;
    }
    const pool = POOLS[Math.floor(rng() * POOLS.length)];
    s += pool[Math.floor(rng() * pool.length)];
  }
  return s;
}

/** `count` random strings of 1..maxParts pieces, from `seed`. */
export function randomTexts(seed: number, count: number, maxParts = 40): string[] {
  const rng = seededRandom(seed);
  return Array.from({ length: count }, () => randomText(rng, 1 + Math.floor(rng() * maxParts)));
}

/** True when `s` has no lone surrogate (so its UTF-8 round trip is exact). */
export function isWellFormed(s: string): boolean {
  return !/\p{Cs}/u.test(s);
}
