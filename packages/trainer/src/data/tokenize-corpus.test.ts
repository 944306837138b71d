import { BytePairTokenizer, CharTokenizer, CL100K_PATTERN, GPT2_PATTERN, O200K_PATTERN } from '@ftheta/tokenizer';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../seeded-random';
import { splitTrainVal } from './split-train-val';
import { safeBoundaryAfter, tokenizeCorpus } from './tokenize-corpus';

const enc = new TextEncoder();

/** Byte tokens plus merges that cross whitespace and newlines, so bad chunk cuts change ids. */
function bpe(pattern: string): BytePairTokenizer {
  const tokens: Uint8Array[] = [];
  for (let b = 0; b < 256; b++) tokens.push(Uint8Array.of(b));
  for (const s of ['\n\n', ' \n', '.\n', '\n/', ' t', 'th', 'the', ' the', 'he', '\nt', '  ', 'ab', '.\n\n']) tokens.push(enc.encode(s));
  return new BytePairTokenizer({ name: 'test', tokens, pattern, specialTokens: {} });
}

function randomText(seed: number, n: number): string {
  const alphabet = ['t', 'h', 'e', 'a', 'b', ' ', '\n', '.', '/', '1', 'É'];
  const rng = new SeededRandom(seed);
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[rng.int(alphabet.length)];
  return s;
}

describe('tokenizeCorpus', () => {
  it('gives the same ids chunked as whole for GPT-2, cl100k and o200k patterns', () => {
    for (const [name, pattern] of Object.entries({ GPT2_PATTERN, CL100K_PATTERN, O200K_PATTERN })) {
      const tok = bpe(pattern);
      for (let seed = 1; seed <= 5; seed++) {
        const text = randomText(seed, 3000);
        const whole = tok.encode(text);
        const chunked = tokenizeCorpus(text, tok, { chunkChars: 7 });
        expect(Array.from(chunked), `${name} seed ${seed}`).toEqual(whole);
      }
    }
  });

  it('has teeth: cutting after every newline would change the ids', () => {
    const tok = bpe(GPT2_PATTERN);
    const text = randomText(1, 3000);
    const naive = text.split(/(?<=\n)/).flatMap((piece) => tok.encode(piece));
    expect(naive).not.toEqual(tok.encode(text));
  });

  it('returns Uint16Array for small vocabularies and Uint32Array for large ones', () => {
    const text = 'hello\nworld\n';
    const char = CharTokenizer.fromText(text);
    const ids = tokenizeCorpus(text, char, { chunkChars: 3 });
    expect(ids).toBeInstanceOf(Uint16Array);
    expect(char.decode(Array.from(ids))).toBe(text);
    const big = { ...char, name: 'big', vocabSize: 70000, encode: (s: string) => char.encode(s) } as unknown as CharTokenizer;
    expect(tokenizeCorpus(text, big)).toBeInstanceOf(Uint32Array);
  });

  it('cuts only after a lone newline before a letter', () => {
    expect(safeBoundaryAfter('ab\ncd', 0)).toBe(3);
    expect(safeBoundaryAfter('a \ncd', 0)).toBe(5);
    expect(safeBoundaryAfter('ab\n/d', 0)).toBe(5);
  });

  it('names a bad chunkChars', () => {
    expect(() => tokenizeCorpus('x', CharTokenizer.fromText('x'), { chunkChars: 0 })).toThrow(/chunkChars must be a positive integer, got 0/);
  });
});

describe('splitTrainVal', () => {
  it('splits 90/10 as views without copying', () => {
    const t = Uint16Array.from({ length: 100 }, (_, i) => i);
    const { train, val } = splitTrainVal(t, 0.1);
    expect(train.length).toBe(90);
    expect(val.length).toBe(10);
    expect(val[0]).toBe(90);
    expect(train.buffer).toBe(t.buffer);
    expect(() => splitTrainVal(t, 1)).toThrow(/valFraction must be in \[0, 1\), got 1/);
  });
});
