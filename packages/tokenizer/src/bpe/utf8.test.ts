import { describe, expect, it } from 'vitest';
import { EDGE_CASES } from '../pretokenize/testing/edge-cases';
import { randomTexts } from '../pretokenize/testing/random-text';
import { decodeUtf8Strict, encodeUtf8Into } from './utf8';

describe('utf8', () => {
  const texts = [...EDGE_CASES, ...randomTexts(99, 1000)];

  it('encodes exactly as TextEncoder, lone surrogates included', () => {
    const encoder = new TextEncoder();
    const buf = new Uint8Array(4096);
    for (const s of texts) {
      const n = encodeUtf8Into(s, 0, s.length, buf);
      expect(buf.slice(0, n), JSON.stringify(s)).toEqual(encoder.encode(s));
    }
    // A slice that cuts a surrogate pair in half: the half is a lone surrogate.
    const n = encodeUtf8Into('a😀', 0, 2, buf);
    expect(buf.slice(0, n)).toEqual(Uint8Array.of(0x61, 0xef, 0xbf, 0xbd));
  });

  it('decodes strictly: well-formed UTF-8 only, BOM kept', () => {
    const encoder = new TextEncoder();
    for (const s of texts) {
      const bytes = encoder.encode(s);
      expect(decodeUtf8Strict(bytes, 0, bytes.length)).toBe(s.replace(/\p{Cs}/gu, '\ufffd'));
    }
    const bad = [[0x80], [0xc3], [0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff], [0xe4, 0xb8]];
    for (const b of bad) expect(decodeUtf8Strict(Uint8Array.from(b), 0, b.length), JSON.stringify(b)).toBeUndefined();
    expect(decodeUtf8Strict(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61), 0, 4)).toBe('\ufeffa');
  });
});
