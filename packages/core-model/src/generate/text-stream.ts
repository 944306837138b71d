/**
 * Incremental decoding of generated ids into text that never shows half a character: with a
 * byte-level tokenizer (one that has `decodeBytes`) it uses @ftheta/tokenizer's StreamingDecoder;
 * otherwise it decodes all ids so far and holds back a trailing U+FFFD until the next token
 * completes it (what transformers' TextStreamer does).
 */
import { type BytesDecoder, StreamingDecoder, type Tokenizer } from '@ftheta/tokenizer';

export class TextStream {
  private readonly bytes: StreamingDecoder | null;
  private readonly ids: number[] = [];
  private shown = 0;

  constructor(private readonly tokenizer: Tokenizer) {
    const d = tokenizer as Partial<BytesDecoder>;
    this.bytes = typeof d.decodeBytes === 'function' ? new StreamingDecoder(d as BytesDecoder) : null;
  }

  /** Adds one id; returns the text it completes (possibly ''). */
  push(id: number): string {
    if (this.bytes) return this.bytes.push(id);
    this.ids.push(id);
    const text = this.tokenizer.decode(this.ids);
    if (text.endsWith('\uFFFD')) return '';
    const delta = text.slice(this.shown);
    this.shown = text.length;
    return delta;
  }

  /** Ends the stream: whatever is still held back (an unfinished character becomes U+FFFD). */
  flush(): string {
    if (this.bytes) return this.bytes.flush();
    const text = this.tokenizer.decode(this.ids);
    const delta = text.slice(this.shown);
    this.shown = text.length;
    return delta;
  }
}
