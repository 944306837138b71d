import { describe, expect, it } from 'vitest';
import { DisallowedSpecialTokenError, TokenizerFormatError, UnknownTokenIdError } from '../errors';
import { BytePairTokenizer } from './byte-pair-tokenizer';
import { byteSpec } from './test-specs';

const A = 97;
const B = 98;
const C = 99;

describe('BytePairTokenizer: tiktoken rule (no merge list)', () => {
  // 256 "ab", 257 "bc", 258 "abc", 259 "cab"
  const tok = new BytePairTokenizer(byteSpec(['ab', 'bc', 'abc', 'cab']));

  it('takes a piece that is a whole token as that token', () => {
    expect(tok.encode('abc')).toEqual([258]);
  });

  it('merges the lowest-ranked pair first, leftmost among equals', () => {
    // "abab": pairs ab(256) ba(-) ab(256) -> ab ab
    expect(tok.encode('abab')).toEqual([256, 256]);
    // "bcab": ab (256) merges first -> b c ab; then bc (257) before c+ab = cab (259) -> bc ab.
    expect(tok.encode('bcab')).toEqual([257, 256]);
    expect(tok.encode('xcab')).toEqual([120, 259]);
  });

  it('encodes bytes of multi-byte characters one by one when nothing merges', () => {
    expect(tok.encode('é')).toEqual([0xc3, 0xa9]);
    expect(tok.decode(tok.encode('é ab 😀'))).toBe('é ab 😀');
  });

  it('keeps a leading byte order mark through decode', () => {
    expect(tok.decode(tok.encode('\ufeffhi'))).toBe('\ufeffhi');
  });

  it('encodes lone surrogates as U+FFFD, like TextEncoder', () => {
    expect(tok.encode('\ud800')).toEqual([0xef, 0xbf, 0xbd]);
    expect(tok.decode(tok.encode('a\udc00'))).toBe('a\ufffd');
  });

  it('gives the same ids with a tiny cache that is dropped over and over', () => {
    const small = new BytePairTokenizer(byteSpec(['ab', 'bc', 'abc', 'cab']), { cacheLimit: 2 });
    const text = 'abcab cab abab bcbc x abcabcab, ab bc abc cab '.repeat(20);
    expect(small.encode(text)).toEqual(tok.encode(text));
    const none = new BytePairTokenizer(byteSpec(['ab', 'bc', 'abc', 'cab']), { cacheLimit: 0 });
    expect(none.encode(text)).toEqual(tok.encode(text));
    expect(() => new BytePairTokenizer(byteSpec([]), { cacheLimit: -1 })).toThrow(/cacheLimit must be a non-negative integer/);
  });

  it('reports vocabSize, idToToken and tokenToId', () => {
    expect(tok.vocabSize).toBe(260);
    expect(tok.idToToken(258)).toBe('abc');
    expect(tok.idToToken(0xc3)).toBe('\ufffd'); // half a character: decoded leniently
    expect(tok.idToToken(260)).toBeUndefined();
    expect(tok.idToToken(-1)).toBeUndefined();
    expect(tok.tokenToId('abc')).toBe(258);
    expect(tok.tokenToId('a')).toBe(A);
    expect(tok.tokenToId('zz')).toBeUndefined();
    expect(tok.tokenBytes(0xc3)).toEqual(Uint8Array.of(0xc3));
  });

  it('throws UnknownTokenIdError for ids it does not have', () => {
    expect(() => tok.decode([A, 260])).toThrow(UnknownTokenIdError);
    expect(() => tok.decode([1.5])).toThrow(UnknownTokenIdError);
    expect(() => tok.decode([-1])).toThrow(/unknown token id -1/);
  });

  it('rejects text that is not a string', () => {
    expect(() => tok.encode(42 as unknown as string)).toThrow(TypeError);
  });
});

describe('BytePairTokenizer: merge list', () => {
  // 256 "bc", 257 "abc", 258 "ab"; merges: b+c first, then a+bc.
  const spec = byteSpec(['bc', 'abc', 'ab'], {
    merges: [
      [B, C, 256],
      [A, 256, 257],
      [A, B, 258],
    ],
  });
  const tok = new BytePairTokenizer(spec);

  it('applies merges in list order and does not shortcut whole tokens', () => {
    expect(tok.encode('abc')).toEqual([257]);
    expect(tok.encode('ab')).toEqual([258]);
    // "abbc": b+c (rule 0) first -> a b bc; then a+b (rule 2) -> ab bc.
    expect(tok.encode('abbc')).toEqual([258, 256]);
  });

  it('differs from the tiktoken rule where the merges never build a token', () => {
    const noMerge = new BytePairTokenizer(byteSpec(['bc', 'abc', 'ab'], { merges: [[B, C, 256]] }));
    expect(noMerge.encode('abc')).toEqual([A, 256]);
    expect(new BytePairTokenizer(byteSpec(['bc', 'abc', 'ab'])).encode('abc')).toEqual([257]);
  });
});

describe('BytePairTokenizer: special tokens (tiktoken rules)', () => {
  const tok = new BytePairTokenizer(byteSpec(['ab'], { specialTokens: { '<|end|>': 300, '<|pad|>': 301 } }));

  it('raises on special text by default, naming the token and where it is', () => {
    expect(() => tok.encode('xx<|end|>')).toThrow(DisallowedSpecialTokenError);
    try {
      tok.encode('xx<|end|>');
    } catch (err) {
      expect((err as DisallowedSpecialTokenError).token).toBe('<|end|>');
      expect((err as DisallowedSpecialTokenError).index).toBe(2);
    }
  });

  it('turns an allowed special into its id', () => {
    expect(tok.encode('ab<|end|>ab', { allowedSpecial: ['<|end|>'] })).toEqual([256, 300, 256]);
    expect(tok.encode('<|pad|><|end|>', { allowedSpecial: 'all' })).toEqual([301, 300]);
  });

  it('still raises on a special that is not the allowed one', () => {
    expect(() => tok.encode('<|pad|><|end|>', { allowedSpecial: ['<|end|>'] })).toThrow(/<\|pad\|>/);
  });

  it('encodes special text as ordinary text with disallowedSpecial: []', () => {
    const ids = tok.encode('<|end|>', { disallowedSpecial: [] });
    expect(ids).not.toContain(300);
    expect(tok.decode(ids)).toBe('<|end|>');
    expect(tok.encodeOrdinary('<|end|>')).toEqual(ids);
  });

  it('decodes special ids to their text and maps them both ways', () => {
    expect(tok.decode([256, 300])).toBe('ab<|end|>');
    expect(tok.idToToken(300)).toBe('<|end|>');
    expect(tok.tokenToId('<|pad|>')).toBe(301);
    expect(tok.vocabSize).toBe(302);
    expect([...tok.specialTokens]).toEqual([
      ['<|end|>', 300],
      ['<|pad|>', 301],
    ]);
  });
});

describe('BytePairTokenizer: spec validation', () => {
  const bad = (patch: Parameters<typeof byteSpec>[1], extra: string[] = []) => () => new BytePairTokenizer(byteSpec(extra, patch));

  it('names the spec and the field', () => {
    expect(bad({}, ['ab', 'ab'])).toThrow(/test-bpe: tokens\[257\] and tokens\[256\] have the same bytes \(61 62\)/);
    expect(bad({ specialTokens: { '<s>': 97 } })).toThrow(/test-bpe: special token "<s>" has id 97, which is also an ordinary token/);
    expect(bad({ specialTokens: { '<s>': 300, '</s>': 300 } })).toThrow(/share id 300/);
    expect(bad({ specialTokens: { '<s>': -1 } })).toThrow(/not a non-negative integer/);
    expect(bad({ merges: [[A, B, 999]] }, ['ab'])).toThrow(/test-bpe: merges\[0\] \[97,98,999\] references 999/);
    expect(bad({ merges: [[A, C, 256]] }, ['ab'])).toThrow(/bytes of 97 and 99 together are not the bytes of 256/);
    expect(bad({ merges: [[A, B, 256], [A, B, 256]] }, ['ab'])).toThrow(/merges\[1\].*repeats the pair of merges\[0\]/);
    expect(bad({ pattern: '(oops' })).toThrow(TokenizerFormatError);
    expect(bad({ pattern: '(oops' })).toThrow(/test-bpe: pattern: .*not a valid regex/);
    expect(bad({ tokens: [new Uint8Array(0)] })).toThrow(/tokens\[0\] is empty/);
    expect(bad({ tokens: [[1] as unknown as Uint8Array] })).toThrow(/tokens\[0\] is not a Uint8Array/);
    expect(bad({ name: '' })).toThrow(/BPE spec: name must be a non-empty string/);
  });

  it('names a byte that has no token when the text needs it', () => {
    const ascii = new BytePairTokenizer({ name: 'ascii-only', tokens: Array.from({ length: 128 }, (_, b) => Uint8Array.of(b)), pattern: '\\S+|\\s+', specialTokens: {} });
    expect(ascii.encode('ok')).toEqual([111, 107]);
    expect(() => ascii.encode('né')).toThrow(/ascii-only: the vocabulary has no token for byte 0xc3, needed by "né"/);
  });

  it('allows holes in the ids and specials inside them', () => {
    const tokens = byteSpec([]).tokens;
    tokens[300] = new TextEncoder().encode('xy');
    const tok = new BytePairTokenizer({ name: 'holes', tokens, pattern: '\\S+|\\s+', specialTokens: { '<s>': 260 } });
    expect(tok.vocabSize).toBe(301);
    expect(tok.encode('xy')).toEqual([300]);
    expect(() => tok.decode([270])).toThrow(UnknownTokenIdError);
  });
});
