import { Tokenizer as HfTokenizer } from 'tokenizers';
import { beforeAll, describe, expect, it } from 'vitest';
import { BytePairTokenizer, type BpeSpec } from '../bpe';
import { CL100K_PATTERN, O200K_PATTERN } from '../pretokenize';
import { loadTiktokenSpec } from '../tiktoken';
import type { Tokenizer } from '../tokenizer';
import { testCorpus } from '../train/testing/corpus';
import { trainBpe } from '../train/train-bpe';
import { parseTokenizerJson } from './parse-tokenizer-json';
import { tokenizerFromHfSpec } from './prefix-space-tokenizer';
import { smallTokenizerJson } from './testing/small-files';
import { toTokenizerJson } from './to-tokenizer-json';

const TEXTS = [
  'Hello world! The theatre is in the thin thing.',
  "  leading spaces, trailing spaces   \n\n\ttabs\tand\r\nCRLF lines\n",
  "It's, you're, we'll, I'd; IT'S WE'LL — don't",
  'Numbers: 1 12 123 1234 12345 3.14159 2026-11-28',
  'café naïve Zürich façade ça l’été — «quotes»',
  '日本語のテキスト 東京 中文字符 한국어 텍스트',
  'emoji 😀🚀👩‍👩‍👧 flags 🇫🇷 and combining e\u0301 a\u0308',
  'Ωμέγα кириллица עברית العربية हिन्दी',
  'special <|endoftext|> in the middle<|endoftext|>and at the end <|endoftext|>',
  '',
  ' ',
  'x',
];

function hfFrom(json: object): HfTokenizer {
  return HfTokenizer.fromString(JSON.stringify(json));
}

async function hfIds(hf: HfTokenizer, text: string): Promise<number[]> {
  return (await hf.encode(text, null, { addSpecialTokens: false })).getIds();
}

/** Our ids and HF's agree on every text (specials allowed: HF always splits them out). */
async function expectSameIds(ours: Tokenizer, hf: HfTokenizer, texts = TEXTS): Promise<void> {
  for (const text of texts) {
    const mine = ours.encode(text, { allowedSpecial: 'all' });
    expect(await hfIds(hf, text), JSON.stringify(text)).toEqual(mine);
    expect(await hf.decode(mine, false)).toBe(ours.decode(mine));
  }
}

function withoutName(spec: BpeSpec): object {
  const { name: _name, ...rest } = spec;
  return rest;
}

describe('toTokenizerJson', () => {
  let trained: BpeSpec;
  beforeAll(() => {
    trained = trainBpe(testCorpus(300, 3), { vocabSize: 800, minFrequency: 1, specialTokens: ['<|endoftext|>', '<pad>'], name: 'trained' });
  });

  it('round-trips a spec: spec -> tokenizer.json -> spec is the same spec', () => {
    const small = parseTokenizerJson(smallTokenizerJson());
    expect(withoutName(parseTokenizerJson(toTokenizerJson(small)))).toEqual(withoutName(small));
    const back = parseTokenizerJson(JSON.stringify(toTokenizerJson(trained)));
    expect(withoutName(back)).toEqual({ ...withoutName(trained), addPrefixSpace: false });
    const ours = new BytePairTokenizer(trained);
    const again = new BytePairTokenizer(back);
    for (const text of TEXTS) expect(again.encode(text, { allowedSpecial: 'all' })).toEqual(ours.encode(text, { allowedSpecial: 'all' }));
  });

  it('writes GPT-2 style: plain ByteLevel, specials in added_tokens and model.vocab, "a b" merges', () => {
    const json = toTokenizerJson(trained);
    expect(json.pre_tokenizer).toEqual({ type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true });
    expect(json.added_tokens.map((t) => [t.content, t.id, t.special])).toEqual([
      ['<|endoftext|>', 798, true],
      ['<pad>', 799, true],
    ]);
    expect(json.model.vocab['<pad>']).toBe(799);
    expect(json.model.vocab.Ġ).toBe(32);
    expect(json.model.merges.every((m) => m.split(' ').length === 2)).toBe(true);
    expect(json.model.ignore_merges).toBe(false);
  });

  it('loads in HF tokenizers and gives the same ids (GPT-2 pattern)', async () => {
    const hf = hfFrom(toTokenizerJson(trained));
    expect(hf.getVocabSize(true)).toBe(800);
    await expectSameIds(new BytePairTokenizer(trained), hf);
  });

  it('loads in HF tokenizers and gives the same ids (cl100k and o200k patterns, as a Split)', async () => {
    for (const pattern of [CL100K_PATTERN, O200K_PATTERN]) {
      const spec = trainBpe(testCorpus(300, 4), { vocabSize: 700, minFrequency: 1, pattern, specialTokens: ['<|endoftext|>'] });
      const json = toTokenizerJson(spec);
      expect((json.pre_tokenizer as { type: string }).type).toBe('Sequence');
      await expectSameIds(new BytePairTokenizer(spec), hfFrom(json));
      expect(withoutName(parseTokenizerJson(json))).toEqual({ ...withoutName(spec), addPrefixSpace: false });
    }
  });

  it("keeps a Split regex in HF's own syntax (Llama 3's (?i:...)), matched alike by both", async () => {
    const llama3 =
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    const spec = trainBpe(testCorpus(300, 6), { vocabSize: 700, minFrequency: 1, pattern: llama3 });
    const json = toTokenizerJson(spec);
    expect(json.pre_tokenizer).toMatchObject({ pretokenizers: [{ type: 'Split', pattern: { Regex: llama3 } }, { type: 'ByteLevel', use_regex: false }] });
    expect(parseTokenizerJson(json).pattern).toBe(llama3);
    await expectSameIds(new BytePairTokenizer(spec), hfFrom(json), [...TEXTS, "IT'S it'S We'LL you'Re 12345678"]);
  });

  it('writes add_prefix_space, which HF and PrefixSpaceTokenizer honour alike', async () => {
    const json = toTokenizerJson(trained, { addPrefixSpace: true });
    const spec = parseTokenizerJson(json);
    expect(spec.addPrefixSpace).toBe(true);
    const ours = tokenizerFromHfSpec(spec);
    expect(ours.encode('Hello')).toEqual(ours.encode(' Hello'));
    await expectSameIds(ours, hfFrom(json), [...TEXTS, '\nnewline first', '<|endoftext|>after a special', '<|endoftext|><|endoftext|>x']);
  });

  it('writes a tiktoken vocabulary (no merges) with derived merges and ignore_merges, exact in HF (r50k, cl100k)', async () => {
    for (const name of ['r50k_base', 'cl100k_base'] as const) {
      const spec = await loadTiktokenSpec(name);
      const json = toTokenizerJson(spec);
      expect(json.model.ignore_merges).toBe(true);
      const back = parseTokenizerJson(json, name);
      expect(back.merges).toBeUndefined();
      expect(back.tokens).toEqual(spec.tokens);
      await expectSameIds(new BytePairTokenizer(spec), hfFrom(json));
    }
  }, 120_000);

  it('refuses specs it cannot write faithfully', () => {
    const bad = { ...trained, merges: [[0, 1, 2] as [number, number, number]] };
    expect(() => toTokenizerJson(bad)).toThrow('trained: merges[0] [0, 1, 2] does not join two tokens into the third');
    const clash = { ...trained, specialTokens: { '<x>': 300 } };
    expect(() => toTokenizerJson(clash)).toThrow('special token "<x>" has id 300, which is also an ordinary token');
    expect(() => toTokenizerJson({ ...trained, pattern: CL100K_PATTERN }, { addPrefixSpace: true })).toThrow('add_prefix_space with a custom pattern');
  });
});

describe('parseTokenizerJson on files HF writes', () => {
  it('reads what HF saves and encodes as HF does', async () => {
    const hf = hfFrom(toTokenizerJson(trained()));
    const { mkdtemp, readFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(`${tmpdir()}/ftheta-hf-`);
    try {
      hf.save(`${dir}/tokenizer.json`, true);
      const spec = parseTokenizerJson(await readFile(`${dir}/tokenizer.json`, 'utf8'), 'saved.json');
      await expectSameIds(new BytePairTokenizer(spec), hf);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function trained(): BpeSpec {
  return trainBpe(testCorpus(200, 5), { vocabSize: 600, minFrequency: 1, specialTokens: ['<|endoftext|>'] });
}
