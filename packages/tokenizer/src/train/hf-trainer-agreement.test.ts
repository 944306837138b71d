/**
 * ftheta's trainer against Hugging Face's Rust BpeTrainer (the `tokenizers` Node binding, which
 * trains only with BpeTrainer's defaults: vocab_size 30000, min_frequency 0, so on a small corpus
 * it merges until no pair is left). Same lines, same ByteLevel pre-tokenizer: the merges must be
 * the same, in the same order.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { byteLevelPreTokenizer, BPE, Tokenizer as HfTokenizer } from 'tokenizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BytePairTokenizer, type BpeSpec } from '../bpe';
import { bytesToByteLevel } from '../hf/byte-level-alphabet';
import { parseTokenizerJson } from '../hf/parse-tokenizer-json';
import { testCorpus } from './testing/corpus';
import { trainBpe } from './train-bpe';

/** Lines with their ends, as HF's train(files) reads a file (so "\n\n" is two lines). */
const LINES = testCorpus(600, 11).join('').split(/(?<=\n)/);
let dir: string;
let hf: HfTokenizer;
let hfJson: { model: { merges: [string, string][] | string[] } };

const mergeText = (spec: BpeSpec) => spec.merges!.map(([l, r]) => `${bytesToByteLevel(spec.tokens[l]!)} ${bytesToByteLevel(spec.tokens[r]!)}`);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ftheta-hf-train-'));
  await writeFile(path.join(dir, 'corpus.txt'), LINES.join(''));
  hf = new HfTokenizer(BPE.empty());
  hf.setPreTokenizer(byteLevelPreTokenizer(false, true));
  hf.train([path.join(dir, 'corpus.txt')]);
  hf.save(path.join(dir, 'tokenizer.json'), false);
  hfJson = JSON.parse(await readFile(path.join(dir, 'tokenizer.json'), 'utf8'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('trainBpe beside HF BpeTrainer', () => {
  it('learns the same merges in the same order', () => {
    const hfMerges = hfJson.model.merges.map((m) => (typeof m === 'string' ? m : m.join(' ')));
    expect(hfMerges.length).toBeGreaterThan(1000);
    const spec = trainBpe(LINES, { vocabSize: 256 + hfMerges.length + 100, minFrequency: 1 });
    expect(mergeText(spec)).toEqual(hfMerges);
  });

  it("encodes like HF's trained tokenizer (same tokens), and reads HF's file to the same ids", async () => {
    const spec = trainBpe(LINES, { vocabSize: 256 + 2000, minFrequency: 1 });
    const fromHfFile = new BytePairTokenizer(parseTokenizerJson(await readFile(path.join(dir, 'tokenizer.json'), 'utf8')));
    const full = new BytePairTokenizer(trainBpe(LINES, { vocabSize: 30_000, minFrequency: 1 }));
    const mine = new BytePairTokenizer(spec);
    for (const text of [...LINES.slice(0, 40), LINES.join('').slice(0, 5000)]) {
      const hfEncoding = await hf.encode(text, null, { addSpecialTokens: false });
      expect(fromHfFile.encode(text)).toEqual(hfEncoding.getIds());
      expect(full.encode(text).map((id) => bytesToByteLevel(full.spec.tokens[id]!))).toEqual(hfEncoding.getTokens());
      expect(mine.decode(mine.encode(text))).toBe(text);
    }
  });
});
