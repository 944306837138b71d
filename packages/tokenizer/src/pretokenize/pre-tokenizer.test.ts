import { describe, expect, it } from 'vitest';
import { CL100K_PATTERN, GPT2_PATTERN, O200K_PATTERN } from './pattern-sources';
import { PreTokenizer } from './pre-tokenizer';
import { EDGE_CASES } from './testing/edge-cases';
import { randomTexts, seededRandom } from './testing/random-text';

const PATTERNS = { gpt2: GPT2_PATTERN, cl100k: CL100K_PATTERN, o200k: O200K_PATTERN } as const;

/** What the regex engine itself makes of the pattern: the reference. */
function regexPieces(pattern: string, text: string): string[] {
  return [...text.matchAll(new RegExp(pattern, 'gu'))].map((m) => m[0]);
}

describe('PreTokenizer', () => {
  it('equals js-tiktoken’s pat_str for each encoding', async () => {
    const load = async (name: string) => ((await import(`js-tiktoken/ranks/${name}`)) as { default: { pat_str: string } }).default.pat_str;
    expect(await load('gpt2')).toBe(GPT2_PATTERN);
    expect(await load('r50k_base')).toBe(GPT2_PATTERN);
    expect(await load('p50k_base')).toBe(GPT2_PATTERN);
    expect(await load('cl100k_base')).toBe(CL100K_PATTERN);
    expect(await load('o200k_base')).toBe(O200K_PATTERN);
  });

  for (const [name, pattern] of Object.entries(PATTERNS)) {
    describe(`${name} scanner`, () => {
      const scanner = new PreTokenizer(pattern);
      it('is chosen for the pattern', () => {
        expect(scanner.scanner).toBe(name);
        expect(new PreTokenizer(pattern, { scanner: false }).scanner).toBeUndefined();
      });

      it('matches the regex on the edge cases', () => {
        for (const text of EDGE_CASES) expect(scanner.split(text), JSON.stringify(text)).toEqual(regexPieces(pattern, text));
      });

      it('matches the regex on 3000 random strings', () => {
        for (const text of randomTexts(0x5eed + name.length, 3000)) {
          expect(scanner.split(text), JSON.stringify(text)).toEqual(regexPieces(pattern, text));
        }
      });

      it('matches the regex on 20000 strings over one representative of each class', () => {
        const alphabet = [' ', '\t', '\n', '\r', 'a', 'A', 'ǅ', 'ʰ', '中', '\u0301', '1', '²', '!', "'", 's', 'S', 'l', 'L', 'r', 'e', 'E', 'v', 'd', 'm', 't', '/', '\u00a0', '😀', '\ud800', '𝐀', '𐐨', '𝟘'];
        const rng = seededRandom(42 + name.length);
        for (let n = 0; n < 20000; n++) {
          let text = '';
          const len = 1 + Math.floor(rng() * 12);
          for (let k = 0; k < len; k++) text += alphabet[Math.floor(rng() * alphabet.length)];
          expect(scanner.split(text), JSON.stringify(text)).toEqual(regexPieces(pattern, text));
        }
      });

      it('matches the regex on every single code point of the BMP and a sample of astral ones', () => {
        let all = '';
        for (let cp = 0; cp < 0x30000; cp += cp < 0x10000 ? 1 : 7) all += String.fromCodePoint(cp);
        // Each code point also in the contexts that matter: after a space, a letter, an apostrophe.
        const chars = [...all];
        for (const prefix of ['', ' ', 'A', "'"]) {
          const text = chars.map((c) => `${prefix}${c}${c}x `).join('');
          expect(scanner.split(text)).toEqual(regexPieces(pattern, text));
        }
      });
    });
  }

  it('runs any other pattern as a regex, dropping the text between matches like tiktoken', () => {
    const p = new PreTokenizer('\\d+');
    expect(p.scanner).toBeUndefined();
    expect(p.split('a12b345c')).toEqual(['12', '345']);
    expect(new PreTokenizer('x*').split('axxb')).toEqual(['xx']);
  });

  it('names a bad pattern', () => {
    expect(() => new PreTokenizer('(unclosed')).toThrow(/pre-tokenizer pattern.*not a valid regex/);
  });
});
