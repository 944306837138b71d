/**
 * GPT-2's byte <-> character table, as Hugging Face's ByteLevel pre-tokenizer and decoder use it.
 *
 * Byte-level BPE works on bytes, but vocab.json / tokenizer.json store tokens as JSON strings. GPT-2
 * maps each of the 256 bytes to one printable character: the printable Latin-1 bytes ('!'..'~',
 * '¡'..'¬', '®'..'ÿ') map to themselves, and the other 68 bytes (controls, space, 0x7f-0xa0, 0xad)
 * to U+0100, U+0101, ... in byte order. So a space is 'Ġ' (U+0120), a newline 'Ċ' (U+010A), and a
 * token's string is the concatenation of its bytes' characters.
 */

function isPrintable(byte: number): boolean {
  return (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
}

function buildTable(): string[] {
  const table: string[] = [];
  let next = 0;
  for (let byte = 0; byte < 256; byte++) table.push(String.fromCharCode(isPrintable(byte) ? byte : 256 + next++));
  return table;
}

/** byte -> its character, e.g. `BYTE_TO_CHAR[32] === 'Ġ'`. */
export const BYTE_TO_CHAR: readonly string[] = Object.freeze(buildTable());

/** character -> its byte, the inverse of {@link BYTE_TO_CHAR}. */
export const CHAR_TO_BYTE: ReadonlyMap<string, number> = new Map(BYTE_TO_CHAR.map((c, b) => [c, b]));

/** UTF-16 code unit -> byte (or -1), for fast decoding: every table character is one code unit < 0x144. */
const CODE_TO_BYTE: Int16Array = (() => {
  const codes = new Int16Array(0x144).fill(-1);
  BYTE_TO_CHAR.forEach((c, b) => {
    codes[c.charCodeAt(0)] = b;
  });
  return codes;
})();

/** The byte-level string of `bytes` (how vocab.json writes the token with these bytes). */
export function bytesToByteLevel(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += BYTE_TO_CHAR[bytes[i]];
  return text;
}

/**
 * The bytes of a byte-level string, or undefined when a character is not one of the 256 table
 * characters (such a string cannot be a byte-level token).
 */
export function byteLevelToBytes(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const byte = code < CODE_TO_BYTE.length ? CODE_TO_BYTE[code] : -1;
    if (byte < 0) return undefined;
    bytes[i] = byte;
  }
  return bytes;
}

/** The first character of `text` that is not in the byte-level table, or undefined if there is none. */
export function firstNonByteLevelChar(text: string): string | undefined {
  for (const c of text) if (!CHAR_TO_BYTE.has(c)) return c;
  return undefined;
}
