/**
 * OpenAI's encodings, offline: the ranks come from the js-tiktoken package (a dependency), loaded
 * with a dynamic import so that only the encoding asked for is read.
 */
import { BytePairTokenizer, type BytePairTokenizerOptions } from '../bpe/byte-pair-tokenizer';
import type { BpeSpec } from '../bpe/bpe-spec';
import { type TiktokenEncodingName, TIKTOKEN_ENCODING_NAMES } from './encoding-names';
import { type JsTiktokenRanks, specFromJsTiktokenRanks } from './js-tiktoken-ranks';

type RankModule = { default: JsTiktokenRanks };

// One literal import per encoding, so bundlers can split them.
const LOADERS: Record<TiktokenEncodingName, () => Promise<RankModule>> = {
  gpt2: () => import('js-tiktoken/ranks/gpt2'),
  r50k_base: () => import('js-tiktoken/ranks/r50k_base'),
  p50k_base: () => import('js-tiktoken/ranks/p50k_base'),
  p50k_edit: () => import('js-tiktoken/ranks/p50k_edit'),
  cl100k_base: () => import('js-tiktoken/ranks/cl100k_base'),
  o200k_base: () => import('js-tiktoken/ranks/o200k_base'),
};

/** The BpeSpec of an OpenAI encoding (ranks, pattern and special tokens as js-tiktoken ships them). */
export async function loadTiktokenSpec(name: TiktokenEncodingName): Promise<BpeSpec> {
  const load = Object.hasOwn(LOADERS, name) ? LOADERS[name] : undefined;
  if (!load) throw new Error(`unknown tiktoken encoding ${JSON.stringify(name)}; known: ${TIKTOKEN_ENCODING_NAMES.join(', ')}`);
  const module = await load();
  return specFromJsTiktokenRanks(name, module.default, `js-tiktoken/ranks/${name}`);
}

/**
 * A tokenizer for an OpenAI encoding that gives exactly tiktoken's ids (see BytePairTokenizer).
 * 'gpt2' and 'r50k_base' are the same encoding.
 */
export async function loadTiktokenEncoding(name: TiktokenEncodingName, options?: BytePairTokenizerOptions): Promise<BytePairTokenizer> {
  return new BytePairTokenizer(await loadTiktokenSpec(name), options);
}
