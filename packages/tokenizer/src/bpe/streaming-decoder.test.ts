import { describe, expect, it } from 'vitest';
import { BytePairTokenizer } from './byte-pair-tokenizer';
import { StreamingDecoder } from './streaming-decoder';
import { byteSpec } from './test-specs';

describe('StreamingDecoder', () => {
  // Byte tokens only: every multi-byte character arrives over several ids.
  const tok = new BytePairTokenizer(byteSpec(['ab']));
  const text = 'héllo 中文 👨‍👩‍👧‍👦 e\u0301 ab 😀!';

  it('fed one id at a time, yields the text and never a partial character', () => {
    const decoder = new StreamingDecoder(tok);
    const parts = tok.encode(text).map((id) => decoder.push(id));
    parts.push(decoder.flush());
    expect(parts.join('')).toBe(text);
    for (const part of parts) {
      expect(part).not.toContain('\ufffd');
      expect(/\p{Cs}/u.test(part)).toBe(false); // no half of a surrogate pair
    }
    expect(parts.filter((p) => p === '').length).toBeGreaterThan(5); // bytes were held back
  });

  it('accepts arrays of ids', () => {
    const decoder = new StreamingDecoder(tok);
    const ids = tok.encode(text);
    expect(decoder.push(ids.slice(0, 3)) + decoder.push(ids.slice(3)) + decoder.flush()).toBe(text);
  });

  it('turns an unfinished character into U+FFFD on flush, then starts over', () => {
    const decoder = new StreamingDecoder(tok);
    expect(decoder.push([0xf0, 0x9f])).toBe('');
    expect(decoder.flush()).toBe('\ufffd');
    expect(decoder.push([0x61])).toBe('a');
  });

  it('works over anything with decodeBytes', () => {
    const decoder = new StreamingDecoder({ decodeBytes: (ids) => Uint8Array.from(ids as number[]) });
    expect(decoder.push([0xe4, 0xb8])).toBe('');
    expect(decoder.push(0xad)).toBe('中');
  });
});
