/**
 * The parts of a tokenizer.json around the model: normalizer, pre_tokenizer and decoder. ftheta's
 * BPE splits text with one regex and works on bytes, so it accepts exactly the pipelines that do
 * that, and names the first part (by JSON path) that does anything else.
 */
import { TokenizerFormatError } from '../errors';
import { GPT2_PATTERN, translatePattern } from '../pretokenize';
import { childPath, expectArray, expectObject, expectString, fail, isObject, optionalBoolean, show } from './json-fields';

/** How the text is split before BPE. */
export interface PreTokenization {
  /** Regex source as the file has it (Oniguruma syntax; `translatePattern` makes it JavaScript). */
  pattern: string;
  /** ByteLevel's add_prefix_space: a space is put before each run of text that does not start with one. */
  addPrefixSpace: boolean;
}

/** Matches the whole text as one piece (ByteLevel with use_regex false and no Split). */
export const WHOLE_TEXT_PATTERN = '[\\s\\S]+';

function typeOf(source: string, path: string, value: unknown): string {
  const obj = expectObject(source, path, value);
  return expectString(source, childPath(path, 'type'), obj.type);
}

/** Reads `pre_tokenizer`: ByteLevel alone, or a Sequence of a Split regex then ByteLevel. */
export function readPreTokenizer(source: string, value: unknown): PreTokenization {
  const path = 'pre_tokenizer';
  if (value === null || value === undefined) {
    fail(source, `${path} is ${show(value)}: only byte-level BPE (a ByteLevel pre-tokenizer) is supported`);
  }
  const type = typeOf(source, path, value);
  if (type === 'ByteLevel') {
    const level = readByteLevel(source, path, value);
    return { pattern: level.useRegex ? GPT2_PATTERN : WHOLE_TEXT_PATTERN, addPrefixSpace: level.addPrefixSpace };
  }
  if (type !== 'Sequence') unsupportedPreTokenizer(source, path, type);
  const listPath = childPath(path, 'pretokenizers');
  const list = expectArray(source, listPath, (value as Record<string, unknown>).pretokenizers);
  const types = list.map((item, i) => typeOf(source, childPath(listPath, i), item));
  const last = types.length - 1;
  types.forEach((t, i) => {
    if (t !== 'ByteLevel' && t !== 'Split') unsupportedPreTokenizer(source, childPath(listPath, i), t);
  });
  if (types[last] !== 'ByteLevel') {
    fail(source, `${listPath} must end with a ByteLevel pre-tokenizer (found ${show(types)}): only byte-level BPE is supported`);
  }
  if (types.length > 2 || (types.length === 2 && types[0] !== 'Split')) {
    fail(source, `${listPath} is ${show(types)}: only [ByteLevel] or [Split, ByteLevel] is supported`);
  }
  const levelPath = childPath(listPath, last);
  const level = readByteLevel(source, levelPath, list[last]);
  if (types.length === 1) {
    return { pattern: level.useRegex ? GPT2_PATTERN : WHOLE_TEXT_PATTERN, addPrefixSpace: level.addPrefixSpace };
  }
  if (level.useRegex) {
    fail(source, `${childPath(levelPath, 'use_regex')} is true after a Split: two regex passes are not supported (only one pattern)`);
  }
  if (level.addPrefixSpace) {
    fail(source, `${childPath(levelPath, 'add_prefix_space')} is true after a Split (a space before every piece) is not supported`);
  }
  return { pattern: readSplit(source, childPath(listPath, 0), list[0]), addPrefixSpace: false };
}

function unsupportedPreTokenizer(source: string, path: string, type: string): never {
  fail(source, `${childPath(path, 'type')} ${show(type)} is not supported (only ByteLevel, optionally after a Split regex)`);
}

function readByteLevel(source: string, path: string, value: unknown): { useRegex: boolean; addPrefixSpace: boolean } {
  const obj = value as Record<string, unknown>;
  return {
    // HF's defaults when a field is absent: add_prefix_space true, use_regex true.
    addPrefixSpace: optionalBoolean(source, childPath(path, 'add_prefix_space'), obj.add_prefix_space, true),
    useRegex: optionalBoolean(source, childPath(path, 'use_regex'), obj.use_regex, true),
  };
}

function readSplit(source: string, path: string, value: unknown): string {
  const obj = value as Record<string, unknown>;
  const behavior = obj.behavior;
  if (behavior !== 'Isolated') {
    fail(source, `${childPath(path, 'behavior')} is ${show(behavior)}: only "Isolated" is supported (each match is one piece)`);
  }
  if (optionalBoolean(source, childPath(path, 'invert'), obj.invert, false)) {
    fail(source, `${childPath(path, 'invert')} is true: only matches can be pieces`);
  }
  const patternPath = childPath(path, 'pattern');
  const pattern = expectObject(source, patternPath, obj.pattern);
  if (typeof pattern.Regex !== 'string') {
    fail(source, `${patternPath} is ${show(pattern)}: only {"Regex": "..."} patterns are supported`);
  }
  try {
    new RegExp(translatePattern(pattern.Regex), 'gu');
  } catch (err) {
    const why = err instanceof TokenizerFormatError ? err.detail : (err as Error).message;
    fail(source, `${childPath(patternPath, 'Regex')} is not a regex ftheta can run: ${why}`);
  }
  // Kept as HF wrote it (the BPE translates it the same way), so it round-trips unchanged.
  return pattern.Regex;
}

/** Accepts only a normalizer that leaves text unchanged (null, or an empty Sequence). */
export function checkNormalizer(source: string, value: unknown): void {
  if (value === null || value === undefined) return;
  const type = typeOf(source, 'normalizer', value);
  if (type === 'Sequence') {
    const list = (value as Record<string, unknown>).normalizers;
    if (Array.isArray(list) && list.length === 0) return;
    const first = Array.isArray(list) && isObject(list[0]) ? list[0].type : undefined;
    fail(source, `normalizer.normalizers[0].type ${show(first)} is not supported: normalizers change the text before splitting, and ftheta's byte-level BPE does not`);
  }
  fail(source, `normalizer.type ${show(type)} is not supported: normalizers change the text before splitting, and ftheta's byte-level BPE does not`);
}

/** Accepts a ByteLevel decoder (or none: ftheta always decodes bytes). */
export function checkDecoder(source: string, value: unknown): void {
  if (value === null || value === undefined) return;
  const type = typeOf(source, 'decoder', value);
  if (type === 'ByteLevel') return;
  if (type === 'Sequence') {
    const list = expectArray(source, 'decoder.decoders', (value as Record<string, unknown>).decoders);
    list.forEach((item, i) => {
      const t = typeOf(source, `decoder.decoders[${i}]`, item);
      if (t !== 'ByteLevel') fail(source, `decoder.decoders[${i}].type ${show(t)} is not supported (only ByteLevel)`);
    });
    return;
  }
  fail(source, `decoder.type ${show(type)} is not supported (only ByteLevel)`);
}
