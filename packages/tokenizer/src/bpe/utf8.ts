/**
 * UTF-8 helpers for byte-level BPE: encode a slice of a string into a reusable buffer (lone
 * surrogates become U+FFFD, exactly as TextEncoder does) and decode bytes strictly.
 */

/**
 * Writes the UTF-8 bytes of `text[start, end)` into `out` from index 0 and returns their count.
 * `out` needs room for 3 bytes per UTF-16 unit. Lone surrogates are written as EF BF BD (U+FFFD).
 */
export function encodeUtf8Into(text: string, start: number, end: number, out: Uint8Array): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
    } else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    } else {
      const d = i + 1 < end ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        i++;
        out[n++] = 0xf0 | (c >> 18);
        out[n++] = 0x80 | ((c >> 12) & 0x3f);
        out[n++] = 0x80 | ((c >> 6) & 0x3f);
        out[n++] = 0x80 | (c & 0x3f);
      } else {
        out[n++] = 0xef;
        out[n++] = 0xbf;
        out[n++] = 0xbd;
      }
    }
  }
  return n;
}

/**
 * The string that `bytes[start, end)` encode if they are well-formed UTF-8 (no overlong forms,
 * no surrogates, nothing above U+10FFFF, nothing truncated), else undefined. A leading BOM is
 * kept (TextDecoder would drop it).
 */
export function decodeUtf8Strict(bytes: Uint8Array, start: number, end: number): string | undefined {
  const units: number[] = [];
  let i = start;
  while (i < end) {
    const b = bytes[i];
    let cp: number;
    let need: number;
    if (b < 0x80) {
      units.push(b);
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [cp, need] = [b & 0x1f, 1];
    else if (b >= 0xe0 && b <= 0xef) [cp, need] = [b & 0x0f, 2];
    else if (b >= 0xf0 && b <= 0xf4) [cp, need] = [b & 0x07, 3];
    else return undefined;
    if (i + need >= end) return undefined;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (c & 0x3f);
    }
    if ((need === 2 && cp < 0x800) || (need === 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    if (cp > 0xffff) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
    else units.push(cp);
    i += need + 1;
  }
  let out = '';
  for (let k = 0; k < units.length; k += 4096) out += String.fromCharCode(...units.slice(k, k + 4096));
  return out;
}

/** The bytes as a string of code units 0..255 (a compact map key for byte sequences). */
export function latin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]);
  return s;
}
