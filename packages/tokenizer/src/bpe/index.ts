export type { BpeSpec } from './bpe-spec';
export { BytePairTokenizer, type BytePairTokenizerOptions } from './byte-pair-tokenizer';
export { type BytesDecoder, StreamingDecoder } from './streaming-decoder';
