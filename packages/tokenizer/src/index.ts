/**
 * @ftheta/tokenizer: characters, pixels and audio samples as tokens; byte-level BPE that trains
 * fast and matches tiktoken exactly; Hugging Face and tiktoken formats. Pure TypeScript.
 */
export type { Codec, EncodeOptions, Tokenizer } from './tokenizer';
export { DisallowedSpecialTokenError, TokenizerFormatError, UnknownTokenIdError } from './errors';
export { splitOnSpecials, type Piece } from './special-tokens';
export * from './bpe';
export * from './pretokenize';
export * from './tiktoken';
export * from './hf';
export * from './train';
export * from './char';
export * from './pixel';
export * from './audio';
export * from './multimodal';
export * from './chat';
