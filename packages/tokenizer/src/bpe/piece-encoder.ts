/**
 * The encoding loop of byte-level BPE, for text without special tokens: pre-tokenize, then per
 * piece one probe of the piece table (a whole-token piece or a cached result), else UTF-8 bytes
 * -> one-byte tokens -> merges, cached for next time.
 */
import { TokenizerFormatError } from '../errors';
import type { PreTokenizer } from '../pretokenize/pre-tokenizer';
import { MergeScratch, mergeSymbols } from './byte-pair-merge';
import type { PairRanks } from './pair-ranks';
import { hashRange, MISS, PieceTable } from './piece-table';
import { decodeUtf8Strict, encodeUtf8Into, latin1 } from './utf8';
import { IdKind, type Vocabulary } from './vocabulary';

/** Pieces longer than this (UTF-16 units) are not cached. */
const MAX_CACHED_PIECE = 256;

/** How {@link PieceEncoder} treats whole-token pieces. */
export interface PieceEncoderOptions {
  /** tiktoken's rule: a piece that is a token is that token, merges or not. */
  wholeTokenFirst: boolean;
  /** Most cached BPE results before the cache is dropped. */
  cacheLimit: number;
}

/** Encodes ordinary text (no special-token handling) to ids. */
export class PieceEncoder {
  private table: PieceTable | undefined;
  private bytes = new Uint8Array(1024);
  private symbols = new Int32Array(1024);
  private readonly scratch = new MergeScratch();
  /** Output buffer of {@link encodeInto}; grows as needed. */
  out: Int32Array = new Int32Array(4096);

  constructor(
    private readonly name: string,
    private readonly vocab: Vocabulary,
    private readonly pairs: PairRanks,
    private readonly preTokenizer: PreTokenizer,
    private readonly options: PieceEncoderOptions,
  ) {}

  /**
   * Writes the ids of `text` to `this.out` from index `at` (growing it as needed) and returns
   * the index after the last one.
   */
  encodeInto(text: string, at: number): number {
    const table = this.pieceTable();
    const scan = this.preTokenizer.scan;
    const end = text.length;
    let out: Int32Array = this.out;
    let n = at;
    if (scan) {
      for (let i = 0; i < end; ) {
        const e = scan(text, i, end);
        let h = 0x811c9dc5 | 0;
        for (let k = i; k < e; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
        const v = table.lookup(text, i, e, h);
        if (n + 3 * (e - i) > out.length) out = this.grow(n + 3 * (e - i));
        if (v >= 0) out[n++] = v;
        else if (v !== MISS) n = table.writeResult(v, out, n);
        else n = this.encodeNewPiece(text, i, e, h, n);
        i = e;
      }
      return n;
    }
    const re = this.preTokenizer.regex;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const i = m.index;
      const e = i + m[0].length;
      if (e === i) {
        re.lastIndex += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
        continue;
      }
      const h = hashRange(text, i, e);
      const v = table.lookup(text, i, e, h);
      if (n + 3 * (e - i) > out.length) out = this.grow(n + 3 * (e - i));
      if (v >= 0) out[n++] = v;
      else if (v !== MISS) n = table.writeResult(v, out, n);
      else n = this.encodeNewPiece(text, i, e, h, n);
    }
    return n;
  }

  /** Writes one id to `this.out` at `at`; returns `at + 1`. */
  writeId(id: number, at: number): number {
    if (at >= this.out.length) this.grow(at + 1);
    this.out[at] = id;
    return at + 1;
  }

  /** Takes the ids `out[0, n)` as an array, and lets go of a large output buffer. */
  takeOutput(n: number): number[] {
    const out = this.out;
    const ids: number[] = new Array(n);
    for (let k = 0; k < n; k++) ids[k] = out[k];
    if (out.length > 1 << 20) this.out = new Int32Array(4096);
    return ids;
  }

  private grow(needed: number): Int32Array {
    let size = this.out.length * 2;
    while (size < needed) size *= 2;
    const bigger = new Int32Array(size);
    bigger.set(this.out);
    this.out = bigger;
    return bigger;
  }

  /** Drops the cache of BPE results. */
  clearCache(): void {
    this.table?.clearCache();
  }

  /** BPE of a piece the table does not know; writes its ids to `this.out` at `at` (room made). */
  private encodeNewPiece(text: string, start: number, end: number, h: number, at: number): number {
    const units = end - start;
    if (this.bytes.length < 3 * units) this.bytes = new Uint8Array(6 * units);
    const bytes = this.bytes;
    const n = encodeUtf8Into(text, start, end, bytes);
    if (this.symbols.length < n) this.symbols = new Int32Array(2 * n);
    const symbols = this.symbols;
    let m: number;
    const whole = this.options.wholeTokenFirst ? this.vocab.byteKeyToId.get(latin1(bytes, 0, n)) : undefined;
    if (whole !== undefined) {
      symbols[0] = whole;
      m = 1;
    } else {
      const byteToId = this.vocab.byteToId;
      for (let k = 0; k < n; k++) {
        const id = byteToId[bytes[k]];
        if (id < 0) {
          throw new TokenizerFormatError(
            this.name,
            `the vocabulary has no token for byte 0x${bytes[k].toString(16).padStart(2, '0')}, needed by ${JSON.stringify(text.slice(start, end))}`,
          );
        }
        symbols[k] = id;
      }
      m = mergeSymbols(symbols, n, this.pairs, this.scratch);
    }
    if (units <= MAX_CACHED_PIECE && this.options.cacheLimit > 0) this.pieceTable().cache(text, start, end, h, symbols, m);
    const out = this.out;
    for (let k = 0; k < m; k++) out[at++] = symbols[k];
    return at;
  }

  /** The table, with every whole-token string when tiktoken's rule applies (built on first use). */
  private pieceTable(): PieceTable {
    if (this.table) return this.table;
    const { vocab } = this;
    const whole = this.options.wholeTokenFirst;
    const table = new PieceTable(whole ? vocab.size : 0, this.options.cacheLimit);
    if (whole) {
      for (let id = 0; id < vocab.size; id++) {
        if (vocab.kinds[id] !== IdKind.Ordinary) continue;
        const s = decodeUtf8Strict(vocab.pool, vocab.offsets[id], vocab.offsets[id + 1]);
        if (s !== undefined) table.addPermanent(s, id);
      }
    }
    this.table = table;
    return table;
  }
}
