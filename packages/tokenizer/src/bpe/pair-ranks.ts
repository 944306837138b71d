/**
 * Which adjacent pairs of tokens merge, and in what order: tiktoken's rule (a pair merges if its
 * bytes together are a token; lower id first) or an explicit merge list (earlier rule first).
 */
import { TokenizerFormatError } from '../errors';
import { IdKind, type Vocabulary } from './vocabulary';

/** The rank of a pair that never merges. */
export const NO_PAIR = 0x7fffffff;

/** Merge priorities of adjacent token pairs. */
export interface PairRanks {
  /** Priority of merging (a, b): lower merges first; NO_PAIR if they never merge. */
  rank(a: number, b: number): number;
  /** The token that a merge of rank `rank` produces. */
  result(rank: number): number;
}

/** Most remembered pair ranks before the memo starts over (bounds its memory). */
const MAX_MEMO = 1 << 20;

/** tiktoken's rule; ranks are computed on first use and remembered. */
export class TiktokenPairRanks implements PairRanks {
  private readonly memo = new Map<number, number>();
  constructor(private readonly vocab: Vocabulary) {}

  rank(a: number, b: number): number {
    const key = a * this.vocab.size + b;
    let r = this.memo.get(key);
    if (r === undefined) {
      r = this.vocab.byteKeyToId.get(this.vocab.byteKey(a) + this.vocab.byteKey(b)) ?? NO_PAIR;
      if (this.memo.size >= MAX_MEMO) this.memo.clear();
      this.memo.set(key, r);
    }
    return r;
  }

  result(rank: number): number {
    return rank;
  }
}

/** An explicit merge list, validated against the vocabulary. */
export class MergeListPairRanks implements PairRanks {
  private readonly pairs = new Map<number, number>();
  private readonly results: Int32Array;
  private readonly stride: number;

  constructor(merges: readonly (readonly [number, number, number])[], vocab: Vocabulary, name: string) {
    if (!Array.isArray(merges)) throw new TokenizerFormatError(name, 'merges must be an array of [leftId, rightId, resultId]');
    this.stride = vocab.size;
    this.results = new Int32Array(merges.length);
    const known = (id: unknown) => Number.isSafeInteger(id) && (id as number) < vocab.size && vocab.kinds[id as number] === IdKind.Ordinary;
    merges.forEach((m, i) => {
      const where = `merges[${i}] ${JSON.stringify(m)}`;
      if (!Array.isArray(m) || m.length !== 3) throw new TokenizerFormatError(name, `${where} is not [leftId, rightId, resultId]`);
      const [a, b, c] = m;
      for (const id of m) if (!known(id)) throw new TokenizerFormatError(name, `${where} references ${id}, which is not an ordinary token id`);
      if (vocab.byteKey(a) + vocab.byteKey(b) !== vocab.byteKey(c)) {
        throw new TokenizerFormatError(name, `${where}: the bytes of ${a} and ${b} together are not the bytes of ${c}`);
      }
      const key = a * this.stride + b;
      const earlier = this.pairs.get(key);
      if (earlier !== undefined) throw new TokenizerFormatError(name, `${where} repeats the pair of merges[${earlier}]`);
      this.pairs.set(key, i);
      this.results[i] = c;
    });
  }

  rank(a: number, b: number): number {
    return this.pairs.get(a * this.stride + b) ?? NO_PAIR;
  }

  result(rank: number): number {
    return this.results[rank];
  }
}
