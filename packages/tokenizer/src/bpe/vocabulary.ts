/**
 * The byte tables behind a BpeSpec: every token's bytes in one buffer (decode copies from it),
 * byte-sequence -> id, and the single-byte tokens. Building them validates tokens and specials.
 */
import { TokenizerFormatError } from '../errors';
import type { BpeSpec } from './bpe-spec';
import { latin1 } from './utf8';

/** What an id is (values of `Vocabulary.kinds`). */
export const IdKind = { None: 0, Ordinary: 1, Special: 2 } as const;

/** Token bytes and lookups, ordinary and special ids together. */
export class Vocabulary {
  /** 1 + the largest id, specials included. */
  readonly size: number;
  /** Every id's bytes (specials: their UTF-8 text), back to back, then 8 zero bytes of padding. */
  readonly pool: Uint8Array;
  /** A DataView of `pool` (decode copies 8 bytes at a time). */
  readonly poolView: DataView;
  /** Bytes of id `i` are pool[offsets[i], offsets[i + 1]). */
  readonly offsets: Int32Array;
  /** IdKind per id. */
  readonly kinds: Uint8Array;
  /** Ordinary token bytes (as a latin1 string: one char per byte) -> id. */
  readonly byteKeyToId: Map<string, number>;
  /** byte -> id of the one-byte token, or -1. */
  readonly byteToId: Int32Array;
  /** Special text -> id. */
  readonly specials: Map<string, number>;

  constructor(spec: BpeSpec) {
    const { name, tokens } = spec;
    if (!Array.isArray(tokens)) throw new TokenizerFormatError(name, 'tokens must be an array of Uint8Array (or undefined for holes)');
    if (spec.specialTokens == null || typeof spec.specialTokens !== 'object') {
      throw new TokenizerFormatError(name, 'specialTokens must be an object mapping special token text to id');
    }
    const specialEntries = Object.entries(spec.specialTokens);
    const encoder = new TextEncoder();
    const specialBytes = specialEntries.map(([text]) => encoder.encode(text));
    let size = tokens.length;
    let total = 0;
    this.byteKeyToId = new Map();
    this.byteToId = new Int32Array(256).fill(-1);
    for (let id = 0; id < tokens.length; id++) {
      const t = tokens[id];
      if (t === undefined) continue;
      if (!(t instanceof Uint8Array)) throw new TokenizerFormatError(name, `tokens[${id}] is not a Uint8Array`);
      if (t.length === 0) throw new TokenizerFormatError(name, `tokens[${id}] is empty`);
      const key = latin1(t);
      const other = this.byteKeyToId.get(key);
      if (other !== undefined) {
        throw new TokenizerFormatError(name, `tokens[${id}] and tokens[${other}] have the same bytes (${hex(t)})`);
      }
      this.byteKeyToId.set(key, id);
      if (t.length === 1) this.byteToId[t[0]] = id;
      total += t.length;
    }
    this.specials = new Map();
    const specialById = new Map<number, string>();
    specialEntries.forEach(([text, id], k) => {
      const what = `special token ${JSON.stringify(text)}`;
      if (text.length === 0) throw new TokenizerFormatError(name, 'a special token has empty text');
      if (!Number.isSafeInteger(id) || id < 0) throw new TokenizerFormatError(name, `${what} has id ${id}, not a non-negative integer`);
      if (tokens[id] !== undefined) throw new TokenizerFormatError(name, `${what} has id ${id}, which is also an ordinary token (${hex(tokens[id]!)})`);
      const clash = specialById.get(id);
      if (clash !== undefined) throw new TokenizerFormatError(name, `${what} and special token ${JSON.stringify(clash)} share id ${id}`);
      specialById.set(id, text);
      this.specials.set(text, id);
      size = Math.max(size, id + 1);
      total += specialBytes[k].length;
    });
    this.size = size;
    this.pool = new Uint8Array(total + 8);
    this.poolView = new DataView(this.pool.buffer);
    this.offsets = new Int32Array(size + 1);
    this.kinds = new Uint8Array(size);
    let at = 0;
    for (let id = 0; id < size; id++) {
      this.offsets[id] = at;
      const special = specialById.get(id);
      const bytes = id < tokens.length && tokens[id] !== undefined ? tokens[id]! : special !== undefined ? encoder.encode(special) : undefined;
      if (bytes === undefined) continue;
      this.kinds[id] = special !== undefined ? IdKind.Special : IdKind.Ordinary;
      this.pool.set(bytes, at);
      at += bytes.length;
    }
    this.offsets[size] = at;
  }

  /** The bytes of ordinary token `id` as a latin1 string. */
  byteKey(id: number): string {
    return latin1(this.pool, this.offsets[id], this.offsets[id + 1]);
  }
}

/** Bytes as hex, for error messages (first 32). */
export function hex(bytes: Uint8Array): string {
  const shown = [...bytes.subarray(0, 32)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > 32 ? `${shown} …` : shown;
}
