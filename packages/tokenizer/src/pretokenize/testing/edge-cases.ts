/**
 * Hand-written edge cases for tokenizer tests (test helper; not part of the public API).
 */

const spaces = (unit: string, counts: number[]) => counts.map((n) => `a${unit.repeat(n)}b`);

/** Strings that pre-tokenizers and byte-level BPE tend to get wrong. */
export const EDGE_CASES: readonly string[] = [
  '',
  'a',
  ' ',
  'Hello, world!',
  // CJK, kana, Hangul
  '中文分词测试：今天天气很好。',
  '日本語のテキスト、カタカナ「テスト」ー',
  '한국어 텍스트입니다',
  // emoji with joiners, skin tones, flags, keycaps
  'family: 👨‍👩‍👧‍👦 astronaut: 🧑🏿‍🚀 thumbs 👍🏽👍🏻 flag 🇯🇵🇺🇸 keycap 1️⃣ heart ❤️ rainbow 🏳️‍🌈',
  '👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦',
  // combining marks
  'e\u0301te\u0301 Ame\u0301lie nai\u0308ve',
  'Z\u0351\u0336a\u0308\u0301l\u0337g\u0335o\u0334',
  '\u0301\u0301 leading marks',
  'A\u0308BC \u0301ABC !\u0301x',
  'क्षत्रिय हिन्दी',
  // line endings
  'line one\r\nline two\r\n\r\nline four\rlone CR\n\rLF CR',
  'a\r\n\r\n\r\n  \r\n\tb',
  'trailing newlines\n\n\n',
  'trailing spaces   ',
  '  leading spaces',
  '\n\n\nleading newlines',
  // runs of spaces, tabs and newlines of many lengths
  ...spaces(' ', [1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 32, 33, 64, 100]),
  ...spaces('\t', [1, 2, 3, 4, 8, 9]),
  ...spaces('\n', [1, 2, 3, 4, 8, 9]),
  ...spaces(' \n', [1, 2, 3]),
  ...spaces('\u00a0', [1, 2, 3]),
  '  \t \n \u3000 x \u2028 y \ufeff z \u0085 w',
  '\ufeffBOM at the start',
  // lone surrogates (not valid UTF-16; they become U+FFFD, as TextEncoder does)
  '\ud800',
  'a\udc00b',
  'x\ud83dy',
  '\udc00\ud800',
  // contractions in capitals and every case
  "DON'T I'M You'Re WE'LL she'S it'D they'VE I'm you're we'll she's it'd they've",
  "'S 'T 'RE 'VE 'M 'LL 'D 's 't 're 've 'm 'll 'd 'Ll 'lL 'rE 'Ve",
  "O'Neill's rock'n'roll ''quoted'' 'tis",
  "'ſ 'K", // long s and Kelvin sign: (?i) would match these, js-tiktoken's spelled-out pattern does not
  // numbers of many lengths
  '1 12 123 1234 12345 123456 1234567 12345678 123456789 1234567890',
  '3.14159 2,718 1e10 0x1F 007 ٣٤٥ १२३ １２３４ Ⅻ ² ½ 𝟘𝟙𝟚𝟛',
  // mixed case words, digits inside words
  'CamelCaseWord HTTPServer iPhone XMLHttpRequest ABCdef abcDEF',
  'word123 123word a1b2c3',
  // punctuation runs and paths
  'a/b/c //comment /// ...!!! ??? --- *** >>> <<<',
  'https://example.com/path?q=1&r=2#frag',
  '<|endoftext|',
  'greek ΣΊΣΥΦΟΣ σίσυφος final ς, titlecase ǅ ǈ ǋ',
  'astral 𝐀𝐁𝐂 𝐚𝐛𝐜 𐐀𐐨 𠀀𠀁',
  'x'.repeat(300),
  'ab'.repeat(200),
];
