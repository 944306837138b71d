import { describe, expect, it } from 'vitest';
import { TokenizerFormatError } from '../errors';
import { GPT2_PATTERN } from '../pretokenize';
import { parseTokenizerJson } from './parse-tokenizer-json';
import { smallTokenizerJson } from './testing/small-files';
import { WHOLE_TEXT_PATTERN } from './pipeline-sections';

const bytes = (s: string) => new TextEncoder().encode(s);
const LLAMA3_REGEX =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

function splitThenByteLevel(regex: string): object {
  return {
    type: 'Sequence',
    pretokenizers: [
      { type: 'Split', pattern: { Regex: regex }, behavior: 'Isolated', invert: false },
      { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
    ],
  };
}

describe('parseTokenizerJson', () => {
  it('reads a GPT-2-style file: bytes, merges, specials, pattern', () => {
    const spec = parseTokenizerJson(smallTokenizerJson());
    expect(spec.name).toBe('tokenizer.json');
    expect(spec.tokens).toHaveLength(260);
    expect(spec.tokens[32]).toEqual(bytes(' '));
    expect(spec.tokens[10]).toEqual(bytes('\n'));
    expect(spec.tokens[258]).toEqual(bytes(' the'));
    expect(spec.merges).toEqual([
      [32, 116, 256],
      [104, 101, 257],
      [256, 257, 258],
      [105, 110, 259],
    ]);
    expect(spec.specialTokens).toEqual({ '<|endoftext|>': 260 });
    expect(spec.pattern).toBe(GPT2_PATTERN);
    expect(spec.addPrefixSpace).toBe(false);
  });

  it('accepts the JSON text, and merges as [left, right] pairs', () => {
    const json = smallTokenizerJson();
    const fromText = parseTokenizerJson(JSON.stringify(json), 'my.json');
    expect(fromText.name).toBe('my.json');
    json.model.merges = json.model.merges.map((m: string) => m.split(' '));
    expect(parseTokenizerJson(json).merges).toEqual(fromText.merges);
  });

  it('uses the Split regex of a Sequence (Llama 3 / GPT-4o style), as written', () => {
    const json = smallTokenizerJson();
    json.pre_tokenizer = splitThenByteLevel(LLAMA3_REGEX);
    expect(parseTokenizerJson(json).pattern).toBe(LLAMA3_REGEX);
  });

  it('reads ByteLevel in a one-element Sequence, and use_regex false as "the whole text"', () => {
    const json = smallTokenizerJson();
    json.pre_tokenizer = { type: 'Sequence', pretokenizers: [{ type: 'ByteLevel', add_prefix_space: true, use_regex: true }] };
    expect(parseTokenizerJson(json)).toMatchObject({ pattern: GPT2_PATTERN, addPrefixSpace: true });
    json.pre_tokenizer = { type: 'ByteLevel', add_prefix_space: false, use_regex: false };
    expect(parseTokenizerJson(json).pattern).toBe(WHOLE_TEXT_PATTERN);
  });

  it('reads add_prefix_space (HF default true when absent)', () => {
    const json = smallTokenizerJson();
    json.pre_tokenizer.add_prefix_space = true;
    expect(parseTokenizerJson(json).addPrefixSpace).toBe(true);
    delete json.pre_tokenizer.add_prefix_space;
    expect(parseTokenizerJson(json).addPrefixSpace).toBe(true);
  });

  it('makes non-special added tokens special tokens too', () => {
    const json = smallTokenizerJson();
    json.added_tokens.push({ id: 261, content: '<extra>', special: false });
    expect(parseTokenizerJson(json).specialTokens).toEqual({ '<|endoftext|>': 260, '<extra>': 261 });
  });

  it('accepts a missing model.type, a null decoder and a null added_tokens', () => {
    const json = smallTokenizerJson();
    delete json.model.type;
    json.decoder = null;
    json.added_tokens = null;
    const spec = parseTokenizerJson(json);
    expect(spec.specialTokens).toEqual({});
    expect(spec.tokens[260]).toEqual(bytes('<|endoftext|>')); // now an ordinary byte string
  });

  it('keeps the last position of a merge listed twice, as HF does', () => {
    const json = smallTokenizerJson();
    json.model.merges.push('Ġ t');
    expect(parseTokenizerJson(json).merges!.map((m) => m[2])).toEqual([257, 258, 259, 256]);
  });

  it('reads ignore_merges with merges in id order as tiktoken rule (no merges)', () => {
    const json = smallTokenizerJson();
    json.model.ignore_merges = true;
    expect(parseTokenizerJson(json).merges).toBeUndefined();
  });
});

/** [what is wrong, how to break the file, what the message must contain]. */
const MALFORMED: [string, (j: Record<string, any>) => unknown, string][] = [
  ['not JSON', () => '{"model": ', 'not valid JSON'],
  ['top level not an object', () => [], 'the top level must be an object, found []'],
  ['model missing', (j) => { delete j.model; }, 'model is missing'],
  ['Unigram', (j) => { j.model.type = 'Unigram'; }, 'model.type "Unigram" is not supported (only BPE)'],
  ['WordPiece', (j) => { j.model.type = 'WordPiece'; }, 'model.type "WordPiece" is not supported (only BPE)'],
  [
    'Unigram with its Metaspace pipeline',
    (j) => {
      j.model = { type: 'Unigram', vocab: [['▁a', -1]] };
      j.pre_tokenizer = { type: 'Metaspace' };
      j.decoder = { type: 'Metaspace' };
    },
    'model.type "Unigram" is not supported (only BPE)',
  ],
  ['vocab missing', (j) => { delete j.model.vocab; }, 'model.vocab is missing'],
  ['vocab an array', (j) => { j.model.vocab = []; }, 'model.vocab must be an object, found []'],
  ['non-integer id', (j) => { j.model.vocab.Ġt = 1.5; }, 'model.vocab["Ġt"] must be a non-negative integer id, found 1.5'],
  ['string id', (j) => { j.model.vocab.he = '257'; }, 'model.vocab.he must be a non-negative integer id, found "257"'],
  ['negative id', (j) => { j.model.vocab.in = -1; }, 'model.vocab.in must be a non-negative integer id, found -1'],
  ['duplicate id', (j) => { j.model.vocab.he = 256; }, 'model.vocab.he has id 256, which model.vocab["Ġt"] already has (duplicate id)'],
  ['not byte-level', (j) => { j.model.vocab['€uro'] = 300; }, 'model.vocab["€uro"] is not a byte-level token: "€" is not one of the 256 byte characters'],
  ['merges missing', (j) => { delete j.model.merges; }, 'model.merges is missing'],
  ['merges not an array', (j) => { j.model.merges = 'Ġ t'; }, 'model.merges must be an array, found "Ġ t"'],
  ['merge of unknown token', (j) => { j.model.merges.push('Ġ zz'); }, 'model.merges[4]: the token "zz" is not in model.vocab'],
  ['merge whose result is unknown', (j) => { j.model.merges.push('in in'); }, 'model.merges[4]: the merged token "inin" is not in model.vocab'],
  ['merge with three parts', (j) => { j.model.merges[1] = 'h e x'; }, 'model.merges[1] is "h e x": a merge must be two tokens separated by one space'],
  ['merge a number', (j) => { j.model.merges[2] = 7; }, 'model.merges[2] is 7: a merge must be "left right" or ["left", "right"]'],
  ['byte_fallback', (j) => { j.model.byte_fallback = true; }, 'model.byte_fallback is true'],
  ['dropout', (j) => { j.model.dropout = 0.1; }, 'model.dropout is 0.1'],
  ['subword prefix', (j) => { j.model.continuing_subword_prefix = '##'; }, 'model.continuing_subword_prefix is "##"'],
  [
    'ignore_merges out of id order',
    (j) => {
      j.model.ignore_merges = true;
      j.model.merges.reverse();
    },
    'model.ignore_merges is true',
  ],
  ['NFC normalizer', (j) => { j.normalizer = { type: 'NFC' }; }, 'normalizer.type "NFC" is not supported'],
  ['normalizer sequence', (j) => { j.normalizer = { type: 'Sequence', normalizers: [{ type: 'Lowercase' }] }; }, 'normalizer.normalizers[0].type "Lowercase" is not supported'],
  ['no pre-tokenizer', (j) => { j.pre_tokenizer = null; }, 'pre_tokenizer is null: only byte-level BPE'],
  ['Whitespace pre-tokenizer', (j) => { j.pre_tokenizer = { type: 'Whitespace' }; }, 'pre_tokenizer.type "Whitespace" is not supported'],
  ['pre-tokenizer without type', (j) => { j.pre_tokenizer = { add_prefix_space: true }; }, 'pre_tokenizer.type must be a string, found missing'],
  [
    'Metaspace in a Sequence',
    (j) => { j.pre_tokenizer = { type: 'Sequence', pretokenizers: [{ type: 'Metaspace' }, { type: 'ByteLevel' }] }; },
    'pre_tokenizer.pretokenizers[0].type "Metaspace" is not supported',
  ],
  [
    'Split not followed by ByteLevel',
    (j) => { j.pre_tokenizer = { type: 'Sequence', pretokenizers: [{ type: 'Split', pattern: { Regex: 'a' }, behavior: 'Isolated' }] }; },
    'pre_tokenizer.pretokenizers must end with a ByteLevel pre-tokenizer',
  ],
  [
    'Split with Removed',
    (j) => {
      j.pre_tokenizer = splitThenByteLevel('\\s+');
      j.pre_tokenizer.pretokenizers[0].behavior = 'Removed';
    },
    'pre_tokenizer.pretokenizers[0].behavior is "Removed": only "Isolated" is supported',
  ],
  ['Split with a bad regex', (j) => { j.pre_tokenizer = splitThenByteLevel('(a'); }, 'pre_tokenizer.pretokenizers[0].pattern.Regex is not a regex ftheta can run'],
  [
    'Split with a String pattern',
    (j) => {
      j.pre_tokenizer = splitThenByteLevel('x');
      j.pre_tokenizer.pretokenizers[0].pattern = { String: ' ' };
    },
    'pre_tokenizer.pretokenizers[0].pattern is {"String":" "}: only {"Regex": "..."} patterns are supported',
  ],
  [
    'two regex passes',
    (j) => {
      j.pre_tokenizer = splitThenByteLevel('\\s+');
      j.pre_tokenizer.pretokenizers[1].use_regex = true;
    },
    'pre_tokenizer.pretokenizers[1].use_regex is true after a Split',
  ],
  ['add_prefix_space not boolean', (j) => { j.pre_tokenizer.add_prefix_space = 'yes'; }, 'pre_tokenizer.add_prefix_space must be true or false, found "yes"'],
  ['WordPiece decoder', (j) => { j.decoder = { type: 'WordPiece' }; }, 'decoder.type "WordPiece" is not supported (only ByteLevel)'],
  ['added_tokens not an array', (j) => { j.added_tokens = {}; }, 'added_tokens must be an array, found {}'],
  ['added token id not integer', (j) => { j.added_tokens[0].id = 'x'; }, 'added_tokens[0].id must be a non-negative integer id, found "x"'],
  ['added token content missing', (j) => { delete j.added_tokens[0].content; }, 'added_tokens[0].content must be a string, found missing'],
  ['added token id of a vocab token', (j) => { j.added_tokens[0].id = 256; }, 'model.vocab["Ġt"] has id 256, which added_tokens[0] gives to the special token "<|endoftext|>"'],
  ['added token twice', (j) => { j.added_tokens.push({ ...j.added_tokens[0], id: 261 }); }, 'added_tokens[1]: the token "<|endoftext|>" is listed twice'],
  ['added tokens sharing an id', (j) => { j.added_tokens.push({ id: 260, content: '<x>' }); }, 'added_tokens[1]: id 260 is also the id of added_tokens[0]'],
  ['added token with lstrip', (j) => { j.added_tokens[0].lstrip = true; }, 'added_tokens[0].lstrip is true'],
];

describe('parseTokenizerJson on malformed files', () => {
  it.each(MALFORMED)('%s', (_what, breakIt, expected) => {
    const json = smallTokenizerJson();
    const broken = breakIt(json) ?? json;
    let error: unknown;
    try {
      parseTokenizerJson(broken, 'models/tiny/tokenizer.json');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TokenizerFormatError);
    const message = (error as Error).message;
    expect(message.startsWith('models/tiny/tokenizer.json: ')).toBe(true);
    expect(message).toContain(expected);
  });
});
