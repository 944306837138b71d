/**
 * Turns a byte-level vocabulary (token string -> id), merge rules (pairs of token strings) and
 * special tokens into a {@link BpeSpec}, checking every entry. Shared by tokenizer.json and
 * GPT-2's vocab.json + merges.txt; errors name the file and where in it (JSON path or line).
 */
import type { BpeSpec } from '../bpe';
import { byteLevelToBytes, firstNonByteLevelChar } from './byte-level-alphabet';
import { childPath, expectId, fail, show, type JsonObject } from './json-fields';

/** One merge rule as written in a file. */
export interface MergeEntry {
  left: string;
  right: string;
  /** Where it was read, for errors: `model.merges[3]` or `line 5`. */
  where: string;
}

/** One special (or added) token as written in a file. */
export interface SpecialEntry {
  content: string;
  id: number;
  /** Where it was read, for errors: `added_tokens[0]`. */
  where: string;
}

/** What {@link buildBpeSpec} needs. */
export interface BpeSpecParts {
  name: string;
  pattern: string;
  /** File of the vocabulary, and the JSON path of the vocabulary object in it ('' for vocab.json). */
  vocabSource: string;
  vocabPath: string;
  vocab: JsonObject;
  /** File of the merges; undefined merges = tiktoken's rule (BpeSpec.merges omitted). */
  mergesSource: string;
  merges: MergeEntry[] | undefined;
  /** File of the special tokens. */
  specialsSource: string;
  specials: SpecialEntry[];
}

/** Checks the parts and builds the spec. Duplicate merges keep their last position, as HF does. */
export function buildBpeSpec(parts: BpeSpecParts): BpeSpec {
  const { vocabSource, vocabPath, specialsSource } = parts;
  const vocabName = vocabPath || 'the vocabulary';

  const specialTokens: Record<string, number> = {};
  const specialWhereById = new Map<number, SpecialEntry>();
  for (const special of parts.specials) {
    if (Object.hasOwn(specialTokens, special.content)) {
      fail(specialsSource, `${special.where}: the token ${show(special.content)} is listed twice`);
    }
    const other = specialWhereById.get(special.id);
    if (other) fail(specialsSource, `${special.where}: id ${special.id} is also the id of ${other.where} (${show(other.content)})`);
    specialTokens[special.content] = special.id;
    specialWhereById.set(special.id, special);
  }

  const tokens: (Uint8Array | undefined)[] = [];
  const tokenText: string[] = [];
  const ordinaryIds = new Map<string, number>();
  for (const [token, value] of Object.entries(parts.vocab)) {
    const path = childPath(vocabPath, token);
    const id = expectId(vocabSource, path, value);
    const special = specialWhereById.get(id);
    if (special) {
      if (special.content === token) continue; // the special token's own vocabulary entry
      fail(vocabSource, `${path} has id ${id}, which ${special.where} gives to the special token ${show(special.content)}`);
    }
    if (Object.hasOwn(specialTokens, token)) {
      fail(vocabSource, `${path} has id ${id}, but ${specialWhereById.get(specialTokens[token])!.where} gives it id ${specialTokens[token]}`);
    }
    if (tokens[id] !== undefined) {
      fail(vocabSource, `${path} has id ${id}, which ${childPath(vocabPath, tokenText[id])} already has (duplicate id)`);
    }
    const bytes = byteLevelToBytes(token);
    if (bytes === undefined) {
      const c = firstNonByteLevelChar(token)!;
      fail(vocabSource, `${path} is not a byte-level token: ${show(c)} is not one of the 256 byte characters (is this a ByteLevel BPE vocabulary?)`);
    }
    if (bytes.length === 0) fail(vocabSource, `${path} is the empty string`);
    tokens[id] = bytes;
    tokenText[id] = token;
    ordinaryIds.set(token, id);
  }
  if (ordinaryIds.size === 0) fail(vocabSource, `${vocabName} has no tokens`);

  const spec: BpeSpec = { name: parts.name, tokens, pattern: parts.pattern, specialTokens };
  if (parts.merges) spec.merges = resolveMerges(parts, ordinaryIds, vocabName);
  return spec;
}

function resolveMerges(parts: BpeSpecParts, ids: Map<string, number>, vocabName: string): [number, number, number][] {
  const { mergesSource } = parts;
  const lookup = (text: string, where: string, what: string): number => {
    const id = ids.get(text);
    if (id === undefined) fail(mergesSource, `${where}: ${what} ${show(text)} is not in ${vocabName}`);
    return id;
  };
  const resolved: [number, number, number][] = [];
  const lastIndex = new Map<number, number>();
  for (const merge of parts.merges!) {
    const left = lookup(merge.left, merge.where, 'the token');
    const right = lookup(merge.right, merge.where, 'the token');
    const result = lookup(merge.left + merge.right, merge.where, 'the merged token');
    lastIndex.set(left * 2 ** 26 + right, resolved.length);
    resolved.push([left, right, result]);
  }
  // HF keeps the last rank of a pair listed twice (its merge map is built by insertion).
  return resolved.filter(([l, r], i) => lastIndex.get(l * 2 ** 26 + r) === i);
}
