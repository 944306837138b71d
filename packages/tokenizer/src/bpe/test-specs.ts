/**
 * Small hand-made specs for tests (test helper; not part of the public API).
 */
import type { BpeSpec } from './bpe-spec';

const enc = new TextEncoder();

/** Every byte as its own token (id = byte value), then `extra` strings as ids 256, 257, ... */
export function byteSpec(extra: string[], options: Partial<BpeSpec> = {}): BpeSpec {
  const tokens: (Uint8Array | undefined)[] = [];
  for (let b = 0; b < 256; b++) tokens.push(Uint8Array.of(b));
  for (const s of extra) tokens.push(enc.encode(s));
  return { name: 'test-bpe', tokens, pattern: " ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+", specialTokens: {}, ...options };
}
