/**
 * The merge phase of BPE training, with incremental pair counts.
 *
 * Each distinct word is an array of token ids (its bytes at first) with its count. For every
 * adjacent pair of ids we keep its count (summed over words, times each word's count) and the list
 * of words that contain it. A max-heap gives the most frequent pair. Merging it rewrites only the
 * words on its list, and each rewrite adjusts only the counts of the pairs around each merge site
 * (the left and right neighbours lose their old pair and gain one with the new token): nothing is
 * ever recounted. Counts follow Hugging Face's BpeTrainer exactly (every adjacent position counts,
 * so "aaa" holds the pair (a,a) twice), and so does the tie rule (./tie-rank.ts).
 */
import { PairHeap } from './pair-heap';
import { tieRank } from './tie-rank';

const EMPTY: number[] = [];

/** Word storage, pair index, heap and learned tokens for one training run. */
export class BpeMerger {
  /** Learned merges in order: [leftId, rightId, resultId]. */
  readonly merges: [number, number, number][] = [];
  /** id -> bytes: the 256 bytes, then learned tokens. */
  readonly tokens: Uint8Array[] = [];
  /** Tokens learned so far (merges that made a new token; HF re-uses the id when one already has those bytes). */
  learned = 0;

  // Words: symbols of word w are sym[start[w] .. start[w] + len[w]).
  private readonly sym: Int32Array;
  private readonly start: Int32Array;
  private readonly len: Int32Array;
  private readonly freq: Float64Array;
  private readonly wordStamp: Int32Array;
  private stamp = 0;

  // Pairs: dense ids through `pairIds` (key = left * keyBase + right).
  private readonly keyBase: number;
  private readonly pairIds = new Map<number, number>();
  private pairLeft = new Int32Array(1024);
  private pairRight = new Int32Array(1024);
  private pairCount = new Float64Array(1024);
  private pairTie = new Float64Array(1024);
  private pairTouched = new Int32Array(1024);
  private readonly pairWords: number[][] = [];
  private nPairs = 0;
  private readonly touched: number[] = [];
  private readonly heap = new PairHeap(() => this.pairTie, 1 << 14);

  private readonly tokenKeys: string[] = [];
  private readonly idOfKey = new Map<string, number>();

  /** @param maxId an upper bound on every id that training can create (the vocabulary size). */
  constructor(wordCounts: Map<string, number>, maxId: number) {
    this.keyBase = maxId + 1;
    for (let b = 0; b < 256; b++) {
      this.tokens.push(Uint8Array.of(b));
      this.tokenKeys.push(String.fromCharCode(b));
      this.idOfKey.set(String.fromCharCode(b), b);
    }
    const encoder = new TextEncoder();
    const encoded: Uint8Array[] = [];
    const counts: number[] = [];
    let total = 0;
    for (const [word, count] of wordCounts) {
      const bytes = encoder.encode(word);
      if (bytes.length < 2) continue; // no pair to merge
      encoded.push(bytes);
      counts.push(count);
      total += bytes.length;
    }
    const n = encoded.length;
    this.sym = new Int32Array(total);
    this.start = new Int32Array(n);
    this.len = new Int32Array(n);
    this.freq = Float64Array.from(counts);
    this.wordStamp = new Int32Array(n);
    let at = 0;
    for (let w = 0; w < n; w++) {
      const bytes = encoded[w];
      this.start[w] = at;
      this.len[w] = bytes.length;
      this.sym.set(bytes, at);
      at += bytes.length;
    }
  }

  /** Counts every adjacent pair of every word and fills the heap. */
  countPairs(): void {
    const { sym, start, len, freq } = this;
    for (let w = 0; w < start.length; w++) {
      const s = start[w];
      const f = freq[w];
      for (let i = s, end = s + len[w] - 1; i < end; i++) {
        const p = this.pairOf(sym[i], sym[i + 1]);
        this.pairCount[p] += f;
        const words = this.pairWords[p];
        if (words[words.length - 1] !== w) words.push(w);
      }
    }
    for (let p = 0; p < this.nPairs; p++) if (this.pairCount[p] > 0) this.heap.push(this.pairCount[p], p);
  }

  /**
   * Finds the next pair to merge: the most frequent (ties: ./tie-rank.ts) whose count is at least
   * `minFrequency`. Returns its pair index, or -1 when there is none.
   */
  nextPair(minFrequency: number): number {
    const heap = this.heap;
    while (heap.size > 0) {
      const count = heap.topCount();
      const p = heap.topPair();
      heap.pop();
      const current = this.pairCount[p];
      if (count !== current) {
        if (current > 0) heap.push(current, p); // stale entry: its count fell since it was pushed
        continue;
      }
      return count >= minFrequency ? p : -1;
    }
    return -1;
  }

  /** Merges pair `p` everywhere it occurs, adjusting the neighbouring pairs' counts. */
  merge(p: number): void {
    const a = this.pairLeft[p];
    const b = this.pairRight[p];
    const key = this.tokenKeys[a] + this.tokenKeys[b];
    let x = this.idOfKey.get(key);
    if (x === undefined) {
      x = this.tokens.length;
      const bytes = new Uint8Array(this.tokens[a].length + this.tokens[b].length);
      bytes.set(this.tokens[a]);
      bytes.set(this.tokens[b], this.tokens[a].length);
      this.tokens.push(bytes);
      this.tokenKeys.push(key);
      this.idOfKey.set(key, x);
      this.learned++;
    }
    this.merges.push([a, b, x]);

    const stamp = ++this.stamp;
    this.touched.length = 0;
    for (const w of this.pairWords[p]) {
      if (this.wordStamp[w] === stamp) continue;
      this.wordStamp[w] = stamp;
      this.mergeWord(w, a, b, x, stamp);
    }
    this.pairWords[p] = EMPTY;
    this.pairCount[p] = 0; // merged everywhere; later entries for it are stale
    for (const q of this.touched) if (this.pairCount[q] > 0) this.heap.push(this.pairCount[q], q);
  }

  /** Replaces each (a, b) in word w by x, left to right, as HF's Word::merge does. */
  private mergeWord(w: number, a: number, b: number, x: number, stamp: number): void {
    const sym = this.sym;
    const s = this.start[w];
    const n = this.len[w];
    const f = this.freq[w];
    let j = 0;
    for (let i = 0; i < n; ) {
      const c = sym[s + i];
      if (c === a && i + 1 < n && sym[s + i + 1] === b) {
        if (j > 0) {
          const prev = sym[s + j - 1];
          this.pairCount[this.pairOf(prev, a)] -= f;
          this.addPair(prev, x, f, w, stamp);
        }
        if (i + 2 < n) {
          const next = sym[s + i + 2];
          this.pairCount[this.pairOf(b, next)] -= f;
          this.addPair(x, next, f, w, stamp);
        }
        sym[s + j++] = x;
        i += 2;
      } else {
        sym[s + j++] = c;
        i++;
      }
    }
    this.len[w] = j;
  }

  private addPair(left: number, right: number, f: number, w: number, stamp: number): void {
    const p = this.pairOf(left, right);
    this.pairCount[p] += f;
    const words = this.pairWords[p];
    if (words[words.length - 1] !== w) words.push(w);
    if (this.pairTouched[p] !== stamp) {
      this.pairTouched[p] = stamp;
      this.touched.push(p);
    }
  }

  /** The index of pair (left, right), created with count 0 if new. */
  private pairOf(left: number, right: number): number {
    const key = left * this.keyBase + right;
    const found = this.pairIds.get(key);
    if (found !== undefined) return found;
    const p = this.nPairs++;
    if (p === this.pairLeft.length) this.growPairs();
    this.pairLeft[p] = left;
    this.pairRight[p] = right;
    this.pairTie[p] = tieRank(left) * this.keyBase + tieRank(right);
    this.pairWords.push([]);
    this.pairIds.set(key, p);
    return p;
  }

  private growPairs(): void {
    const grow = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.pairLeft = grow(this.pairLeft);
    this.pairRight = grow(this.pairRight);
    this.pairCount = grow(this.pairCount);
    this.pairTie = grow(this.pairTie);
    this.pairTouched = grow(this.pairTouched);
  }
}
