/**
 * Byte-level BPE with tiktoken's exact behaviour: the pre-tokenizer splits text into pieces, each
 * piece's UTF-8 bytes are merged pair by pair, and special tokens follow tiktoken's rules (text
 * that contains a special token raises unless it is allowed; it never silently becomes the
 * special id). Built from a {@link BpeSpec}, whatever file it came from.
 */
import { TokenizerFormatError, UnknownTokenIdError } from '../errors';
import { PreTokenizer } from '../pretokenize/pre-tokenizer';
import { splitOnSpecials } from '../special-tokens';
import type { EncodeOptions, Tokenizer } from '../tokenizer';
import type { BpeSpec } from './bpe-spec';
import { MergeListPairRanks, type PairRanks, TiktokenPairRanks } from './pair-ranks';
import { PieceEncoder } from './piece-encoder';
import { decodeUtf8Strict } from './utf8';
import { IdKind, Vocabulary } from './vocabulary';

/** Options of {@link BytePairTokenizer}. */
export interface BytePairTokenizerOptions {
  /**
   * Most BPE results (of pieces that are not whole tokens) kept in the cache, which is dropped
   * when full. Default 65536.
   */
  cacheLimit?: number;
  /** Use the hand-written pre-tokenizer scanner when one matches the pattern (default true). */
  scanner?: boolean;
}

/** A byte-level BPE tokenizer (tiktoken-exact for tiktoken's encodings). */
export class BytePairTokenizer implements Tokenizer {
  readonly spec: BpeSpec;
  readonly name: string;
  /** 1 + the largest id, specials included. */
  readonly vocabSize: number;
  readonly specialTokens: ReadonlyMap<string, number>;
  /** The pre-tokenizer (pattern, and which scanner runs it). */
  readonly preTokenizer: PreTokenizer;
  private readonly vocab: Vocabulary;
  private readonly encoder: PieceEncoder;
  private readonly textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private stringToId: Map<string, number> | undefined;

  /** @throws TokenizerFormatError naming `spec.name` and the bad field when the spec is invalid. */
  constructor(spec: BpeSpec, options: BytePairTokenizerOptions = {}) {
    if (spec == null || typeof spec !== 'object') throw new TokenizerFormatError('BPE spec', 'not an object');
    if (typeof spec.name !== 'string' || spec.name.length === 0) throw new TokenizerFormatError('BPE spec', 'name must be a non-empty string');
    const { name } = spec;
    if (typeof spec.pattern !== 'string') throw new TokenizerFormatError(name, 'pattern must be a regex source string');
    this.spec = spec;
    this.name = name;
    this.vocab = new Vocabulary(spec);
    this.vocabSize = this.vocab.size;
    this.specialTokens = this.vocab.specials;
    const pairs: PairRanks = spec.merges === undefined ? new TiktokenPairRanks(this.vocab) : new MergeListPairRanks(spec.merges, this.vocab, name);
    try {
      this.preTokenizer = new PreTokenizer(spec.pattern, { scanner: options.scanner });
    } catch (err) {
      if (err instanceof TokenizerFormatError) throw new TokenizerFormatError(name, `pattern: ${err.detail}`);
      throw err;
    }
    const cacheLimit = options.cacheLimit ?? 65536;
    if (!Number.isSafeInteger(cacheLimit) || cacheLimit < 0) throw new RangeError(`${name}: cacheLimit must be a non-negative integer, got ${cacheLimit}`);
    this.encoder = new PieceEncoder(name, this.vocab, pairs, this.preTokenizer, { wholeTokenFirst: spec.merges === undefined, cacheLimit });
  }

  /**
   * Token ids of `text`. Special tokens follow tiktoken: by default any special token's text in
   * `text` throws DisallowedSpecialTokenError; `allowedSpecial` turns it into its id;
   * `disallowedSpecial: []` encodes it as ordinary text. Lone surrogates are encoded as U+FFFD
   * (as TextEncoder, js-tiktoken and tiktoken do), so they do not survive a round trip.
   */
  encode(text: string, options?: EncodeOptions): number[] {
    if (typeof text !== 'string') throw new TypeError(`${this.name}: encode expects a string, got ${typeof text}`);
    const encoder = this.encoder;
    let n = 0;
    for (const piece of splitOnSpecials(text, this.specialTokens, options)) {
      n = 'special' in piece ? encoder.writeId(piece.special, n) : encoder.encodeInto(piece.text, n);
    }
    return encoder.takeOutput(n);
  }

  /** Token ids of `text` with special tokens treated as ordinary text (tiktoken's encode_ordinary). */
  encodeOrdinary(text: string): number[] {
    if (typeof text !== 'string') throw new TypeError(`${this.name}: encodeOrdinary expects a string, got ${typeof text}`);
    return this.encoder.takeOutput(this.encoder.encodeInto(text, 0));
  }

  /** The text of `ids`; invalid UTF-8 across the whole sequence becomes U+FFFD. */
  decode(ids: readonly number[]): string {
    return this.textDecoder.decode(this.decodeBytes(ids));
  }

  /** The bytes of `ids`, back to back (specials as their UTF-8 text). */
  decodeBytes(ids: ArrayLike<number>): Uint8Array {
    const { offsets, kinds, pool, poolView, size } = this.vocab;
    let total = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!(id >>> 0 === id && id < size && kinds[id] !== IdKind.None)) throw new UnknownTokenIdError(id, this.name);
      total += offsets[id + 1] - offsets[id];
    }
    // Copy 8 bytes per token whatever its length (the pool and the output have 8 bytes of slack),
    // then the rest of longer tokens: no branch on the length for most tokens.
    const out = new Uint8Array(total + 8);
    const view = new DataView(out.buffer);
    let p = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      const s = offsets[id];
      const len = offsets[id + 1] - s;
      view.setUint32(p, poolView.getUint32(s, true), true);
      view.setUint32(p + 4, poolView.getUint32(s + 4, true), true);
      for (let k = 8; k < len; k++) out[p + k] = pool[s + k];
      p += len;
    }
    return out.subarray(0, total);
  }

  /** A copy of the bytes of one id, or undefined for an unknown id. */
  tokenBytes(id: number): Uint8Array | undefined {
    if (!this.isKnown(id)) return undefined;
    return this.vocab.pool.slice(this.vocab.offsets[id], this.vocab.offsets[id + 1]);
  }

  /**
   * The token's text: a special token's text, or an ordinary token's bytes decoded leniently
   * (bytes that are not whole UTF-8 characters, like half of an emoji, become U+FFFD, so distinct
   * tokens may show the same text; use `tokenBytes` for the exact bytes).
   */
  idToToken(id: number): string | undefined {
    const bytes = this.tokenBytes(id);
    return bytes && this.textDecoder.decode(bytes);
  }

  /**
   * The id of a special token's text, or of the ordinary token whose bytes are exactly the UTF-8
   * of `token`. Tokens that are not whole UTF-8 characters have no text, hence no id here.
   */
  tokenToId(token: string): number | undefined {
    const special = this.specialTokens.get(token);
    if (special !== undefined) return special;
    if (!this.stringToId) {
      const map = new Map<string, number>();
      const { pool, offsets, kinds } = this.vocab;
      for (let id = 0; id < this.vocabSize; id++) {
        if (kinds[id] !== IdKind.Ordinary) continue;
        const s = decodeUtf8Strict(pool, offsets[id], offsets[id + 1]);
        if (s !== undefined) map.set(s, id);
      }
      this.stringToId = map;
    }
    return this.stringToId.get(token);
  }

  /** Drops the cache of BPE results (the memory it holds is kept for reuse). */
  clearCache(): void {
    this.encoder.clearCache();
  }

  private isKnown(id: number): boolean {
    return id >>> 0 === id && id < this.vocabSize && this.vocab.kinds[id] !== IdKind.None;
  }
}
