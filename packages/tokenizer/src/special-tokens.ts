/**
 * tiktoken's rules for special tokens in text, shared by every text tokenizer:
 * - a special token's text that is not allowed raises (it never silently becomes the special id);
 * - `disallowedSpecial: []` lets it through as ordinary text;
 * - allowed specials split the text, and each becomes its special id.
 */
import { DisallowedSpecialTokenError } from './errors';
import type { EncodeOptions } from './tokenizer';

/** A run of ordinary text, or one allowed special token. */
export type Piece = { text: string } | { special: number };

function toSet(value: 'all' | Iterable<string> | undefined, all: Iterable<string>, fallback: Iterable<string>): Set<string> {
  if (value === 'all') return new Set(all);
  return new Set(value ?? fallback);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Splits `text` into ordinary runs and allowed special tokens, raising on disallowed ones. */
export function splitOnSpecials(text: string, specials: ReadonlyMap<string, number>, options: EncodeOptions = {}): Piece[] {
  if (specials.size === 0) return [{ text }];
  const allowed = toSet(options.allowedSpecial, specials.keys(), []);
  for (const s of allowed) {
    if (!specials.has(s)) throw new Error(`allowedSpecial names ${JSON.stringify(s)}, which is not a special token of this tokenizer`);
  }
  const disallowed = toSet(options.disallowedSpecial ?? 'all', [...specials.keys()].filter((s) => !allowed.has(s)), []);
  let first: { token: string; at: number } | null = null;
  for (const s of disallowed) {
    if (allowed.has(s)) continue;
    const at = text.indexOf(s);
    if (at >= 0 && (first === null || at < first.at || (at === first.at && s.length > first.token.length))) first = { token: s, at };
  }
  if (first) throw new DisallowedSpecialTokenError(first.token, first.at);
  if (allowed.size === 0) return [{ text }];
  // Longest first, so that a special that is a prefix of another never wins.
  const pattern = new RegExp([...allowed].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) pieces.push({ text: text.slice(last, match.index) });
    pieces.push({ special: specials.get(match[0])! });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}
