import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Tokenizer as HfTokenizer } from 'tokenizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BytePairTokenizer, type BpeSpec } from './bpe';
import { CharTokenizer } from './char';
import { TokenizerFormatError } from './errors';
import { PrefixSpaceTokenizer } from './hf/prefix-space-tokenizer';
import { smallMergesTxt, smallTokenizerJson, smallVocab } from './hf/testing/small-files';
import { loadTokenizerFile, loadTokenizerSpec, saveTokenizerJson } from './node-files';
import { GPT2_PATTERN } from './pretokenize';
import { formatTiktokenFile } from './tiktoken';
import { testCorpus } from './train/testing/corpus';
import { trainBpe } from './train/train-bpe';

let dir: string;
let spec: BpeSpec;
const at = (...parts: string[]) => path.join(dir, ...parts);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ftheta-node-files-'));
  spec = trainBpe(testCorpus(200, 2), { vocabSize: 500, minFrequency: 1, specialTokens: ['<|endoftext|>'] });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('saveTokenizerJson', () => {
  it('writes a tokenizer.json that loads back (ftheta and HF) and leaves no temporary file', async () => {
    await mkdir(at('save'));
    await saveTokenizerJson(spec, at('save', 'tokenizer.json'));
    expect(await readdir(at('save'))).toEqual(['tokenizer.json']);
    const loaded = await loadTokenizerFile(at('save', 'tokenizer.json'));
    expect(loaded).toBeInstanceOf(BytePairTokenizer);
    const text = 'the old man said: "café 😀"<|endoftext|>';
    const ids = loaded.encode(text, { allowedSpecial: 'all' });
    expect(ids).toEqual(new BytePairTokenizer(spec).encode(text, { allowedSpecial: 'all' }));
    const hf = HfTokenizer.fromFile(at('save', 'tokenizer.json'));
    expect((await hf.encode(text, null, { addSpecialTokens: false })).getIds()).toEqual(ids);
  });

  it('replaces an existing file whole', async () => {
    await mkdir(at('replace'));
    await writeFile(at('replace', 'tokenizer.json'), 'old');
    await saveTokenizerJson(spec, at('replace', 'tokenizer.json'));
    expect(JSON.parse(await readFile(at('replace', 'tokenizer.json'), 'utf8')).model.type).toBe('BPE');
  });

  it('names the path when it cannot write, and leaves nothing behind', async () => {
    await expect(saveTokenizerJson(spec, at('missing-dir', 'tokenizer.json'))).rejects.toThrow(`${at('missing-dir', 'tokenizer.json')}: cannot write: no such file or directory`);
    await mkdir(at('is-dir', 'tokenizer.json'), { recursive: true });
    await expect(saveTokenizerJson(spec, at('is-dir', 'tokenizer.json'))).rejects.toThrow(at('is-dir', 'tokenizer.json'));
    expect(await readdir(at('is-dir'))).toEqual(['tokenizer.json']);
  });
});

describe('loadTokenizerFile / loadTokenizerSpec', () => {
  beforeAll(async () => {
    await mkdir(at('gpt2'));
    await writeFile(at('gpt2', 'vocab.json'), JSON.stringify(smallVocab()));
    await writeFile(at('gpt2', 'merges.txt'), smallMergesTxt());
    await mkdir(at('hf'));
    await writeFile(at('hf', 'tokenizer.json'), JSON.stringify(smallTokenizerJson()));
    await writeFile(at('hf', 'vocab.json'), '{"ignored": 0}');
  });

  it('reads a directory with tokenizer.json first, else vocab.json + merges.txt', async () => {
    const hf = await loadTokenizerSpec(at('hf'));
    expect(hf.format).toBe('tokenizer.json');
    expect(hf.files).toEqual([at('hf', 'tokenizer.json')]);
    const gpt2 = await loadTokenizerSpec(at('gpt2'));
    expect(gpt2.format).toBe('gpt2-vocab-merges');
    expect(gpt2.spec.merges).toEqual(hf.spec.merges);
    expect((await loadTokenizerSpec(at('gpt2', 'vocab.json'))).format).toBe('gpt2-vocab-merges');
    const tokenizer = await loadTokenizerFile(at('gpt2'));
    expect(tokenizer.encode(' the thin')).toEqual([258, 256, 104, 259]); // ' the', ' t'+'h'+'in'
  });

  it('reads a .tiktoken file, with the pattern of the encoding it is named after or one given', async () => {
    const tiktoken = { name: 'x', tokens: spec.tokens, pattern: GPT2_PATTERN, specialTokens: {} };
    await writeFile(at('mine.tiktoken'), formatTiktokenFile(tiktoken));
    await expect(loadTokenizerSpec(at('mine.tiktoken'))).rejects.toThrow(`${at('mine.tiktoken')}: a .tiktoken file has no pre-tokenizer pattern`);
    const loaded = await loadTokenizerSpec(at('mine.tiktoken'), { pattern: GPT2_PATTERN });
    expect(loaded.format).toBe('tiktoken');
    expect(loaded.spec.tokens).toEqual(spec.tokens);
    await writeFile(at('r50k_base.tiktoken'), formatTiktokenFile(tiktoken));
    const named = await loadTokenizerSpec(at('r50k_base.tiktoken'));
    expect(named.spec.pattern).toBe(GPT2_PATTERN);
    expect(named.spec.specialTokens).toEqual({ '<|endoftext|>': 50256 });
    await writeFile(at('no-extension'), formatTiktokenFile(tiktoken));
    expect((await loadTokenizerSpec(at('no-extension'), { pattern: GPT2_PATTERN })).format).toBe('tiktoken');
  });

  it('reads add_prefix_space files as a PrefixSpaceTokenizer, and char tokenizer files', async () => {
    const json = smallTokenizerJson();
    json.pre_tokenizer.add_prefix_space = true;
    await writeFile(at('prefix.json'), JSON.stringify(json));
    const prefixed = await loadTokenizerFile(at('prefix.json'));
    expect(prefixed).toBeInstanceOf(PrefixSpaceTokenizer);
    expect(prefixed.encode('the')).toEqual([258]);
    await writeFile(at('char.json'), JSON.stringify(CharTokenizer.fromText('abc').toJSON()));
    expect(await loadTokenizerFile(at('char.json'))).toBeInstanceOf(CharTokenizer);
  });

  it.each([
    ['no-such-file', undefined, 'cannot load a tokenizer: no such file or directory'],
    ['empty-dir/', undefined, 'a directory without tokenizer.json, nor vocab.json and merges.txt'],
    ['text.txt', 'just some text', 'not a tokenizer file'],
    ['broken.json', '{"model": {', 'not valid JSON'],
    ['list.json', '[1, 2]', 'not a tokenizer file'],
    ['null-model.json', '{"model": null}', 'model must be an object, found null'],
    ['other.json', '{"a": 1}', 'has no "model" (not a tokenizer.json), and no merges.txt is beside it'],
    ['unigram.json', JSON.stringify({ ...smallTokenizerJson(), model: { type: 'Unigram', vocab: [] } }), 'model.type "Unigram" is not supported (only BPE)'],
  ])('names the path in errors: %s', async (name, content, message) => {
    const file = at('errors', name);
    await mkdir(name.endsWith('/') ? file : path.dirname(file), { recursive: true });
    if (content !== undefined) await writeFile(file, content);
    const error = await loadTokenizerFile(file).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message.startsWith(file.replace(/\/$/, ''))).toBe(true);
    if (content?.startsWith('{')) expect(error).toBeInstanceOf(TokenizerFormatError);
  });
});
