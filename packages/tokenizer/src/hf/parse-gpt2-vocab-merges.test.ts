import { describe, expect, it } from 'vitest';
import { TokenizerFormatError } from '../errors';
import { GPT2_PATTERN } from '../pretokenize';
import { parseGpt2VocabMerges } from './parse-gpt2-vocab-merges';
import { parseTokenizerJson } from './parse-tokenizer-json';
import { smallMergesTxt, smallTokenizerJson, smallVocab } from './testing/small-files';

describe('parseGpt2VocabMerges', () => {
  it('reads vocab.json + merges.txt into the same spec as the equivalent tokenizer.json', () => {
    const spec = parseGpt2VocabMerges(JSON.stringify(smallVocab()), smallMergesTxt());
    const fromJson = parseTokenizerJson(smallTokenizerJson());
    expect(spec.name).toBe('vocab.json');
    expect(spec.tokens).toEqual(fromJson.tokens);
    expect(spec.merges).toEqual(fromJson.merges);
    expect(spec.specialTokens).toEqual({ '<|endoftext|>': 260 });
    expect(spec.pattern).toBe(GPT2_PATTERN);
  });

  it('accepts CRLF line ends, a file without #version, and other special tokens', () => {
    const merges = smallMergesTxt().replace('#version: 0.2\n', '').replaceAll('\n', '\r\n');
    const spec = parseGpt2VocabMerges(smallVocab(), merges, { specialTokens: [] });
    expect(spec.merges).toHaveLength(4);
    expect(spec.specialTokens).toEqual({});
    expect(spec.tokens[260]).toEqual(new TextEncoder().encode('<|endoftext|>'));
  });

  const MALFORMED: [string, () => [unknown, string], string][] = [
    ['vocab.json not JSON', () => ['{', smallMergesTxt()], 'dir/vocab.json: not valid JSON'],
    ['vocab.json not an object', () => ['[1]', smallMergesTxt()], 'dir/vocab.json: the top level must be an object, found [1]'],
    ['vocab id not an integer', () => [{ ...smallVocab(), he: 'x' }, smallMergesTxt()], 'dir/vocab.json: he must be a non-negative integer id, found "x"'],
    ['special id not an integer', () => [{ ...smallVocab(), '<|endoftext|>': null }, smallMergesTxt()], 'dir/vocab.json: "<|endoftext|>" must be a non-negative integer id, found null'],
    ['merge line with one token', () => [smallVocab(), `${smallMergesTxt()}Ġthe\n`], 'dir/merges.txt: line 6 is "Ġthe": a merge must be two tokens separated by one space'],
    ['merge of an unknown token', () => [smallVocab(), `${smallMergesTxt()}q zz\n`], 'dir/merges.txt: line 6: the token "zz" is not in the vocabulary'],
    ['merged token not in vocab', () => [smallVocab(), `${smallMergesTxt()}he in\n`], 'dir/merges.txt: line 6: the merged token "hein" is not in the vocabulary'],
  ];
  it.each(MALFORMED)('names the file and place: %s', (_what, make, expected) => {
    const [vocab, merges] = make();
    const run = () => parseGpt2VocabMerges(vocab, merges, { vocabSource: 'dir/vocab.json', mergesSource: 'dir/merges.txt' });
    expect(run).toThrow(TokenizerFormatError);
    expect(run).toThrow(expected);
  });
});
