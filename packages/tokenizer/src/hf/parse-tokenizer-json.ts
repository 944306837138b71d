/**
 * Reads a Hugging Face `tokenizer.json` holding a byte-level BPE (GPT-2 style, Llama 3, GPT-4o
 * conversions, what HF's BpeTrainer writes) into a {@link BpeSpec}, offline.
 *
 * Supported: model.type "BPE"; a ByteLevel pre-tokenizer, alone (GPT-2's pattern) or after a Split
 * regex (that pattern); add_prefix_space; a ByteLevel decoder (or none); merges as "a b" strings or
 * [a, b] pairs; ignore_merges for tiktoken-style vocabularies; added_tokens.
 *
 * Everything else that changes which ids a text gets (normalizers, other pre-tokenizers, WordPiece,
 * Unigram, byte_fallback, dropout, subword prefixes/suffixes) is a TokenizerFormatError naming the
 * file and the JSON path. Ignored, because they never change the ids of a text's tokens:
 * `truncation`, `padding`, `post_processor` (ids equal HF's `encode(text, add_special_tokens=False)`),
 * `model.unk_token` / `fuse_unk` (a byte-level vocabulary has no unknown text), `normalized`.
 */
import type { BpeSpec } from '../bpe';
import { buildBpeSpec, type MergeEntry, type SpecialEntry } from './build-bpe-spec';
import {
  childPath,
  expectArray,
  expectId,
  expectObject,
  expectString,
  fail,
  optionalBoolean,
  parseJsonText,
  show,
  type JsonObject,
} from './json-fields';
import { checkDecoder, checkNormalizer, readPreTokenizer } from './pipeline-sections';

/**
 * A BpeSpec read from a tokenizer.json, plus what BpeSpec cannot say.
 *
 * `addPrefixSpace` (ByteLevel's add_prefix_space): HF puts a space before each run of ordinary text
 * (the whole text, or each run between added tokens) that does not already start with one, so
 * "Hello" encodes like " Hello". {@link tokenizerFromHfSpec} honours it; a plain
 * `new BytePairTokenizer(spec)` does not.
 */
export interface HfBpeSpec extends BpeSpec {
  addPrefixSpace: boolean;
}

/**
 * Parses a tokenizer.json (its text, or the parsed object). `source` names the file in errors.
 *
 * Added tokens: `special: true` ones become `specialTokens`; non-special added tokens become
 * `specialTokens` too, because HF also matches them as whole strings before BPE. Encoding text that
 * contains either kind therefore follows tiktoken's rules (pass `allowedSpecial`).
 *
 * `model.ignore_merges: true` (HF: a piece that is itself in the vocabulary is one token) is read as
 * tiktoken's rule (BpeSpec.merges omitted: any split whose bytes form a token, lowest id first, and
 * whole pieces first) and is accepted only when the merges are in token-id order, as in vocabularies
 * converted from tiktoken (Llama 3, GPT-4o); otherwise it is an error.
 */
export function parseTokenizerJson(json: unknown, source = 'tokenizer.json'): HfBpeSpec {
  const root = expectObject(source, '', typeof json === 'string' ? parseJsonText(source, json) : json);
  const model = readModel(source, root.model); // first: "not BPE" says the most
  checkNormalizer(source, root.normalizer);
  const pre = readPreTokenizer(source, root.pre_tokenizer);
  checkDecoder(source, root.decoder);
  const specials = readAddedTokens(source, root.added_tokens);
  const spec = buildBpeSpec({
    name: source,
    pattern: pre.pattern,
    vocabSource: source,
    vocabPath: 'model.vocab',
    vocab: model.vocab,
    mergesSource: source,
    merges: model.merges,
    specialsSource: source,
    specials,
  });
  if (model.ignoreMerges) {
    const merges = spec.merges!;
    const outOfOrder = merges.findIndex((m, i) => i > 0 && m[2] <= merges[i - 1][2]);
    if (outOfOrder >= 0) {
      fail(source, `model.ignore_merges is true, which ftheta supports only for merges in token-id order (tiktoken-style); model.merges[${outOfOrder}] makes id ${merges[outOfOrder][2]} after id ${merges[outOfOrder - 1][2]}`);
    }
    delete spec.merges;
  }
  return { ...spec, addPrefixSpace: pre.addPrefixSpace };
}

interface ModelParts {
  vocab: JsonObject;
  merges: MergeEntry[];
  ignoreMerges: boolean;
}

function readModel(source: string, value: unknown): ModelParts {
  if (value === undefined) fail(source, 'model is missing');
  const model = expectObject(source, 'model', value);
  // HF also accepts a model without "type" when its fields are a BPE's.
  if (model.type !== undefined && model.type !== 'BPE') {
    fail(source, `model.type ${show(model.type)} is not supported (only BPE)`);
  }
  if (model.dropout !== undefined && model.dropout !== null && model.dropout !== 0) {
    fail(source, `model.dropout is ${show(model.dropout)}: BPE dropout (random merges) is not supported`);
  }
  for (const key of ['continuing_subword_prefix', 'end_of_word_suffix']) {
    if (model[key] !== undefined && model[key] !== null && model[key] !== '') {
      fail(source, `model.${key} is ${show(model[key])}: subword prefixes and suffixes are not supported (byte-level BPE has none)`);
    }
  }
  if (optionalBoolean(source, 'model.byte_fallback', model.byte_fallback, false)) {
    fail(source, 'model.byte_fallback is true: byte fallback (sentencepiece-style <0x..> tokens) is not supported; only byte-level BPE');
  }
  const ignoreMerges = optionalBoolean(source, 'model.ignore_merges', model.ignore_merges, false);
  if (model.vocab === undefined) fail(source, 'model.vocab is missing');
  const vocab = expectObject(source, 'model.vocab', model.vocab);
  if (model.merges === undefined) fail(source, 'model.merges is missing');
  const merges = expectArray(source, 'model.merges', model.merges).map((m, i) => readMerge(source, `model.merges[${i}]`, m));
  return { vocab, merges, ignoreMerges };
}

/** A merge: "left right" (HF's first format; exactly one space) or ["left", "right"]. */
function readMerge(source: string, where: string, value: unknown): MergeEntry {
  if (typeof value === 'string') {
    const parts = value.split(' ');
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
      fail(source, `${where} is ${show(value)}: a merge must be two tokens separated by one space`);
    }
    return { left: parts[0], right: parts[1], where };
  }
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
    return { left: value[0], right: value[1], where };
  }
  fail(source, `${where} is ${show(value)}: a merge must be "left right" or ["left", "right"]`);
}

function readAddedTokens(source: string, value: unknown): SpecialEntry[] {
  if (value === undefined || value === null) return [];
  return expectArray(source, 'added_tokens', value).map((item, i) => {
    const where = `added_tokens[${i}]`;
    const token = expectObject(source, where, item);
    const id = expectId(source, childPath(where, 'id'), token.id);
    const content = expectString(source, childPath(where, 'content'), token.content);
    if (content === '') fail(source, `${childPath(where, 'content')} is the empty string`);
    optionalBoolean(source, childPath(where, 'special'), token.special, false);
    for (const flag of ['single_word', 'lstrip', 'rstrip']) {
      if (optionalBoolean(source, childPath(where, flag), token[flag], false)) {
        fail(source, `${childPath(where, flag)} is true (${show(content)}): stripping or whole-word matching around added tokens is not supported`);
      }
    }
    return { content, id, where };
  });
}
