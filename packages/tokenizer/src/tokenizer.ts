/**
 * The contracts every ftheta tokenizer keeps. Text tokenizers map strings to ids; codecs map other
 * data (pixels, audio samples) to ids. Both are pure: no tensors, same code in Node and browsers.
 */

/** Which special tokens `encode` may produce from text (tiktoken semantics). */
export interface EncodeOptions {
  /**
   * Special tokens that may appear in the text and become their special ids. Default: none, so a
   * special token's text in the input is an error (see `disallowedSpecial`).
   */
  allowedSpecial?: 'all' | Iterable<string>;
  /**
   * Special tokens whose text raises an error when found in the input. Default 'all' (every
   * special not allowed). Pass `[]` to encode such text as ordinary text instead.
   */
  disallowedSpecial?: 'all' | Iterable<string>;
}

/** Maps text to token ids and back. */
export interface Tokenizer {
  /** A short name, e.g. 'cl100k_base', 'char', or the file it came from. */
  readonly name: string;
  /** Number of ids (1 + the largest id, specials included). */
  readonly vocabSize: number;
  /** Special token text -> id. */
  readonly specialTokens: ReadonlyMap<string, number>;
  encode(text: string, options?: EncodeOptions): number[];
  /** Text of the ids; invalid UTF-8 across the whole sequence becomes U+FFFD. */
  decode(ids: readonly number[]): string;
  /** The token's text (byte-level tokens: their bytes decoded leniently), or undefined. */
  idToToken(id: number): string | undefined;
  /** The id of a token's text, or undefined. */
  tokenToId(token: string): number | undefined;
}

/** Maps values of another modality (an image, a sound) to token ids and back. */
export interface Codec<T> {
  readonly name: string;
  readonly vocabSize: number;
  encode(value: T): number[];
  decode(ids: readonly number[]): T;
}
