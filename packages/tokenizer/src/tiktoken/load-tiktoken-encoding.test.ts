import { describe, expect, it } from 'vitest';
import { isTiktokenEncodingName, TIKTOKEN_ENCODING_NAMES, tiktokenEncodingForModel } from './encoding-names';
import { loadTiktokenEncoding, loadTiktokenSpec } from './load-tiktoken-encoding';

describe('loadTiktokenEncoding', () => {
  it('loads every encoding js-tiktoken ships, with its specials and size', async () => {
    const expected: Record<string, [number, Record<string, number>]> = {
      gpt2: [50257, { '<|endoftext|>': 50256 }],
      r50k_base: [50257, { '<|endoftext|>': 50256 }],
      p50k_base: [50281, { '<|endoftext|>': 50256 }],
      p50k_edit: [50284, { '<|endoftext|>': 50256, '<|fim_prefix|>': 50281, '<|fim_middle|>': 50282, '<|fim_suffix|>': 50283 }],
      cl100k_base: [
        100277,
        { '<|endoftext|>': 100257, '<|fim_prefix|>': 100258, '<|fim_middle|>': 100259, '<|fim_suffix|>': 100260, '<|endofprompt|>': 100276 },
      ],
      o200k_base: [200019, { '<|endoftext|>': 199999, '<|endofprompt|>': 200018 }],
    };
    for (const name of TIKTOKEN_ENCODING_NAMES) {
      const tok = await loadTiktokenEncoding(name);
      expect(tok.name).toBe(name);
      expect([tok.vocabSize, Object.fromEntries(tok.specialTokens)]).toEqual(expected[name]);
    }
  });

  it('rejects an unknown encoding name', async () => {
    await expect(loadTiktokenSpec('cl200k' as never)).rejects.toThrow(/unknown tiktoken encoding "cl200k"; known: gpt2, r50k_base/);
    expect(isTiktokenEncodingName('o200k_base')).toBe(true);
    expect(isTiktokenEncodingName('toString')).toBe(false);
  });

  it('knows which encoding a model uses', () => {
    expect(tiktokenEncodingForModel('gpt-4o')).toBe('o200k_base');
    expect(tiktokenEncodingForModel('gpt-4')).toBe('cl100k_base');
    expect(tiktokenEncodingForModel('text-davinci-003')).toBe('p50k_base');
    expect(() => tiktokenEncodingForModel('no-such-model')).toThrow(/no tiktoken encoding is known for the model "no-such-model"/);
  });
});
