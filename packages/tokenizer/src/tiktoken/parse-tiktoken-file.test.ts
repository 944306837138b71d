import { describe, expect, it } from 'vitest';
import { BytePairTokenizer } from '../bpe/byte-pair-tokenizer';
import { TokenizerFormatError } from '../errors';
import { GPT2_PATTERN } from '../pretokenize/pattern-sources';
import { loadTiktokenEncoding, loadTiktokenSpec } from './load-tiktoken-encoding';
import { formatTiktokenFile, parseTiktokenFile } from './parse-tiktoken-file';

const options = { name: 'tiny', pattern: GPT2_PATTERN, specialTokens: { '<|endoftext|>': 3 }, source: 'tiny.tiktoken' };

describe('parseTiktokenFile', () => {
  it('reads "<base64> <rank>" lines (CRLF and a final newline included)', () => {
    const spec = parseTiktokenFile('YQ== 0\r\nYg== 1\nYWI= 2\n', options);
    expect(spec.tokens.map((t) => [...t!])).toEqual([[97], [98], [97, 98]]);
    expect(spec.specialTokens).toEqual({ '<|endoftext|>': 3 });
    const tok = new BytePairTokenizer(spec);
    expect(tok.encode('ab')).toEqual([2]);
    expect(tok.decode([2, 1, 3])).toBe('abb<|endoftext|>');
  });

  it('round-trips a whole encoding through the file format', async () => {
    const spec = await loadTiktokenSpec('r50k_base');
    const text = formatTiktokenFile(spec);
    const again = parseTiktokenFile(text, { name: 'r50k_base', pattern: spec.pattern, specialTokens: spec.specialTokens });
    const a = new BytePairTokenizer(again);
    const b = await loadTiktokenEncoding('r50k_base');
    const sample = "First Citizen:\nBefore we proceed any further, hear me speak. 中文 😀 DON'T";
    expect(a.encode(sample)).toEqual(b.encode(sample));
    expect(a.vocabSize).toBe(50257);
  });

  it('names the source and the line of a malformed line', () => {
    const bad = (text: string, what: RegExp) => {
      expect(() => parseTiktokenFile(text, options)).toThrow(TokenizerFormatError);
      expect(() => parseTiktokenFile(text, options)).toThrow(what);
    };
    bad('YQ== 0\nYg==\n', /^tiny\.tiktoken: line 2: expected "<base64> <rank>", got "Yg=="/);
    bad('YQ== 0\nYg== 1 extra\n', /line 2: expected "<base64> <rank>"/);
    bad('YQ== 0\n\nnot*base64 2\n', /^tiny\.tiktoken: line 3: "not\*base64" is not base64/);
    bad('YQ== 0\nYg 1\n', /line 2: "Yg" is not base64/);
    bad('YQ== zero\n', /line 1: rank "zero" is not a non-negative integer/);
    bad('YQ== -1\n', /line 1: rank "-1" is not a non-negative integer/);
    bad('YQ== 0\nYg== 0\n', /line 2: rank 0 was already given on line 1/);
    bad('YQ== 0\nYQ== 1\n', /line 2: the same bytes were already given on line 1/);
    bad('\n', /tiny\.tiktoken: no tokens/);
    expect(() => parseTiktokenFile('Yg 1', { ...options, source: undefined })).toThrow(/^tiny: line 1/);
  });
});
