export { BYTE_TO_CHAR, CHAR_TO_BYTE, byteLevelToBytes, bytesToByteLevel } from './byte-level-alphabet';
export { parseTokenizerJson, type HfBpeSpec } from './parse-tokenizer-json';
export { parseGpt2VocabMerges, type Gpt2VocabMergesOptions } from './parse-gpt2-vocab-merges';
export { toTokenizerJson, type TokenizerJson, type ToTokenizerJsonOptions } from './to-tokenizer-json';
export { mergesFromRanks } from './merges-from-ranks';
export { PrefixSpaceTokenizer, tokenizerFromHfSpec } from './prefix-space-tokenizer';
