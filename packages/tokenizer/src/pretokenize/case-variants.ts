/**
 * The code points that a regex with the `iu` flags treats as the same as a given one (for example
 * `s`, `S` and `ſ` U+017F LATIN SMALL LETTER LONG S). Candidates come from the engine's case
 * mappings, and each one is confirmed by the regex engine itself.
 */

let byFold: Map<string, number[]> | undefined;

/** Cased code points all lie below U+20000. */
const LAST_CASED = 0x1ffff;

function foldKey(s: string): string {
  return s.toUpperCase().toLowerCase();
}

function foldTable(): Map<string, number[]> {
  if (byFold) return byFold;
  const table = new Map<string, number[]>();
  for (let cp = 0; cp <= LAST_CASED; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const s = String.fromCodePoint(cp);
    const key = foldKey(s);
    if (key === s && s.toUpperCase() === s) continue; // uncased: matches only itself
    const list = table.get(key);
    if (list) list.push(cp);
    else table.set(key, [cp]);
  }
  byFold = table;
  return table;
}

const cache = new Map<number, readonly number[]>();

/** Code points that `new RegExp(char, 'iu')` matches, `codePoint` first, then ascending. */
export function caseVariants(codePoint: number): readonly number[] {
  const hit = cache.get(codePoint);
  if (hit) return hit;
  const s = String.fromCodePoint(codePoint);
  const re = new RegExp(`^[${escapeForClass(codePoint)}]$`, 'iu');
  const candidates = new Set<number>(foldTable().get(foldKey(s)) ?? []);
  for (const t of [s.toLowerCase(), s.toUpperCase()]) {
    const cp = t.codePointAt(0);
    if (cp !== undefined && String.fromCodePoint(cp) === t) candidates.add(cp);
  }
  candidates.delete(codePoint);
  const variants = [codePoint, ...[...candidates].filter((cp) => re.test(String.fromCodePoint(cp))).sort((a, b) => a - b)];
  cache.set(codePoint, variants);
  return variants;
}

/** A code point written so that it means itself inside a `u`-mode character class. */
export function escapeForClass(codePoint: number): string {
  const s = String.fromCodePoint(codePoint);
  if ('\\]^-['.includes(s)) return `\\${s}`;
  return needsHexEscape(codePoint) ? hexEscape(codePoint) : s;
}

/** A code point written so that it means itself outside a character class (`u` mode). */
export function escapeLiteral(codePoint: number): string {
  const s = String.fromCodePoint(codePoint);
  if ('^$\\.*+?()[]{}|/'.includes(s)) return `\\${s}`;
  return needsHexEscape(codePoint) ? hexEscape(codePoint) : s;
}

function needsHexEscape(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || (cp >= 0xd800 && cp <= 0xdfff);
}

function hexEscape(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}
