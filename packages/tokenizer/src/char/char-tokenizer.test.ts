import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DisallowedSpecialTokenError, TokenizerFormatError, UnknownTokenIdError } from '../errors';
import { CharTokenizer } from './char-tokenizer';

const SHAKESPEARE = fileURLToPath(new URL('../../../../../shared/data/tinyshakespeare.txt', import.meta.url));
const haveShared = existsSync(SHAKESPEARE);

describe('CharTokenizer', () => {
  it.skipIf(!haveShared)('builds nanoGPT\'s 65-character vocabulary from tinyshakespeare and round-trips it (skipped: ../shared/data missing)', () => {
    const text = readFileSync(SHAKESPEARE, 'utf8');
    const tok = CharTokenizer.fromText(text);
    expect(tok.vocabSize).toBe(65);
    expect(tok.chars.slice(0, 3)).toEqual(['\n', ' ', '!']);
    const ids = tok.encode(text.slice(0, 5000));
    expect(tok.decode(ids)).toBe(text.slice(0, 5000));
  });

  it('sorts code points (astral characters count once) and round-trips', () => {
    const tok = CharTokenizer.fromText('ba😀a');
    expect(tok.chars).toEqual(['a', 'b', '😀']);
    expect(tok.encode('a😀b')).toEqual([0, 2, 1]);
    expect(tok.decode([2, 0])).toBe('😀a');
  });

  it('applies the unknown-character policy it was given', () => {
    expect(() => CharTokenizer.fromText('abc').encode('abz')).toThrow(/"z" \(U\+007A\) at index 2 is not in the vocabulary/);
    expect(CharTokenizer.fromText('abc', { unknown: 'skip' }).encode('azb')).toEqual([0, 1]);
    const unk = CharTokenizer.fromText('abc', { unknown: 'unk' });
    expect(unk.encode('azb')).toEqual([0, 3, 1]);
    expect(unk.idToToken(3)).toBe('<unk>');
  });

  it('handles special tokens like tiktoken', () => {
    const tok = CharTokenizer.fromText('ab<|>eot', { specialTokens: ['<|eot|>'] });
    const eot = tok.tokenToId('<|eot|>')!;
    expect(() => tok.encode('a<|eot|>')).toThrow(DisallowedSpecialTokenError);
    expect(tok.encode('a<|eot|>b', { allowedSpecial: ['<|eot|>'] })).toEqual([tok.tokenToId('a'), eot, tok.tokenToId('b')]);
    expect(tok.encode('<|eot|>', { disallowedSpecial: [] })).toHaveLength(7);
  });

  it('saves to JSON and loads back; malformed JSON names the field', () => {
    const tok = CharTokenizer.fromText('hello', { specialTokens: ['<s>'] });
    const back = CharTokenizer.fromJSON(JSON.parse(JSON.stringify(tok.toJSON())));
    expect(back.encode('hello<s>', { allowedSpecial: 'all' })).toEqual(tok.encode('hello<s>', { allowedSpecial: 'all' }));
    expect(() => CharTokenizer.fromJSON({ type: 'x' }, 'vocab.json')).toThrow(new TokenizerFormatError('vocab.json', 'type is "x", expected "ftheta-char"'));
    expect(() => CharTokenizer.fromJSON({ type: 'ftheta-char', version: 1, chars: ['a', 'a'], unknown: 'error' }, 'v.json')).toThrow(/v.json: chars\[1\] "a" appears twice/);
    expect(() => tok.decode([99])).toThrow(UnknownTokenIdError);
  });
});

describe('special-token errors', () => {
  it('name the leftmost disallowed special token', () => {
    const tok = CharTokenizer.fromText('ab', { specialTokens: ['<|b|>', '<|a|>'] });
    expect(() => tok.encode('x<|a|>y<|b|>')).toThrow(/"<\|a\|>" at index 1/);
  });
});
