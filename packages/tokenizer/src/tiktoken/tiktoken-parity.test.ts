/**
 * ftheta's tiktoken encodings against js-tiktoken (the reference): identical ids on
 * tinyshakespeare, hand-written edge cases and random Unicode; exact round trips.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Tiktoken } from 'js-tiktoken/lite';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BytePairTokenizer } from '../bpe/byte-pair-tokenizer';
import { StreamingDecoder } from '../bpe/streaming-decoder';
import { EDGE_CASES } from '../pretokenize/testing/edge-cases';
import { isWellFormed, randomTexts } from '../pretokenize/testing/random-text';
import type { TiktokenEncodingName } from './encoding-names';
import type { JsTiktokenRanks } from './js-tiktoken-ranks';
import { loadTiktokenEncoding } from './load-tiktoken-encoding';

const SHAKESPEARE = fileURLToPath(new URL('../../../../../shared/data/tinyshakespeare.txt', import.meta.url));
const haveShakespeare = existsSync(SHAKESPEARE);
if (!haveShakespeare) console.warn(`SKIPPING the tinyshakespeare parity tests: the shared folder is missing (${SHAKESPEARE})`);

const RANKS: Record<string, () => Promise<{ default: JsTiktokenRanks }>> = {
  r50k_base: () => import('js-tiktoken/ranks/r50k_base'),
  p50k_base: () => import('js-tiktoken/ranks/p50k_base'),
  cl100k_base: () => import('js-tiktoken/ranks/cl100k_base'),
  o200k_base: () => import('js-tiktoken/ranks/o200k_base'),
};

const NUMBERS = Array.from({ length: 25 }, (_, n) => '9876543210'.repeat(3).slice(0, n + 1)).join(' ');
const FUZZ = randomTexts(20260101, 3000);

for (const name of Object.keys(RANKS) as TiktokenEncodingName[]) {
  describe(`${name} vs js-tiktoken`, () => {
    let ours: BytePairTokenizer;
    let ref: Tiktoken;
    beforeAll(async () => {
      ours = await loadTiktokenEncoding(name);
      ref = new Tiktoken((await RANKS[name]()).default);
    });

    const same = (text: string) => expect(ours.encode(text), JSON.stringify(text.slice(0, 200))).toEqual(ref.encode(text));

    it('uses the hand-written scanner', () => {
      expect(ours.preTokenizer.scanner).toBeDefined();
    });

    it.skipIf(!haveShakespeare)('gives identical ids on tinyshakespeare, and decodes it back exactly', () => {
      const text = readFileSync(SHAKESPEARE, 'utf8');
      const ids = ours.encode(text);
      expect(ids).toEqual(ref.encode(text));
      expect(ours.decode(ids)).toBe(text);
    });

    it('gives identical ids on the edge cases and numbers of many lengths', () => {
      for (const text of EDGE_CASES) same(text);
      same(NUMBERS);
      same(EDGE_CASES.join(''));
    });

    it('gives identical ids on 3000 random Unicode strings', () => {
      for (const text of FUZZ) same(text);
      same(FUZZ.join(''));
    });

    it('decodes every well-formed string back exactly (lone surrogates become U+FFFD, as in js-tiktoken)', () => {
      for (const text of [...EDGE_CASES, ...FUZZ]) {
        const back = ours.decode(ours.encode(text));
        if (isWellFormed(text)) expect(back).toBe(text);
        else expect(back).toBe(text.replace(/\p{Cs}/gu, '\ufffd'));
      }
    });

    it('splits contractions in capitals as js-tiktoken does', () => {
      same("DON'T I'M You'Re WE'LL SHE'S it'D THEY'VE I'Ll 'RE 'rE O'NEILL'S");
    });

    it('handles <|endoftext|> like tiktoken', () => {
      const text = 'a<|endoftext|>b';
      expect(() => ours.encode(text)).toThrow(/<\|endoftext\|>.*index 1/);
      expect(() => ref.encode(text)).toThrow();
      const eot = ours.specialTokens.get('<|endoftext|>')!;
      expect(ours.encode(text, { allowedSpecial: ['<|endoftext|>'] })).toEqual(ref.encode(text, ['<|endoftext|>']));
      expect(ours.encode(text, { allowedSpecial: 'all' })).toContain(eot);
      const plain = ours.encode(text, { disallowedSpecial: [] });
      expect(plain).toEqual(ref.encode(text, [], []));
      expect(plain).not.toContain(eot);
    });

    it('streams one id at a time without ever showing part of a character', () => {
      const text = '中文 emoji 👨‍👩‍👧‍👦🧑🏿‍🚀 and ǅ, é, \u0301, 𝐀𝐁 — done';
      const decoder = new StreamingDecoder(ours);
      let shown = '';
      for (const id of ours.encode(text)) {
        const part = decoder.push(id);
        expect(part).not.toContain('\ufffd');
        expect(isWellFormed(part)).toBe(true);
        shown += part;
      }
      expect(shown + decoder.flush()).toBe(text);
    });
  });
}
