/**
 * Decodes ids as they arrive (from a sampler, one at a time) into text, emitting only whole
 * characters: a token that ends inside a multi-byte UTF-8 character (half of an emoji) holds back
 * those bytes until the rest arrive, so no partial character or U+FFFD is ever shown mid-stream.
 */

/** Anything that turns ids into bytes (a BytePairTokenizer does). */
export interface BytesDecoder {
  decodeBytes(ids: ArrayLike<number>): Uint8Array;
}

/** Incremental decoding of a token stream. */
export class StreamingDecoder {
  private decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  constructor(private readonly tokenizer: BytesDecoder) {}

  /** Adds ids; returns the text of every character they complete (possibly ''). */
  push(ids: number | ArrayLike<number>): string {
    const list = typeof ids === 'number' ? [ids] : ids;
    return this.decoder.decode(this.tokenizer.decodeBytes(list), { stream: true });
  }

  /**
   * Ends the stream: returns what is left (bytes of an unfinished character become U+FFFD) and
   * starts over, so the decoder can be reused.
   */
  flush(): string {
    const rest = this.decoder.decode();
    this.decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    return rest;
  }
}
