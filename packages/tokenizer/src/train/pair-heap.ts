/**
 * A binary max-heap of (count, pair) entries for the BPE trainer: the top is the pair with the
 * highest count, ties broken by the smaller tie key. Entries are not updated in place: the trainer
 * pushes a fresh entry when a pair's count grows and drops or re-pushes an entry whose count is
 * stale when it reaches the top ("lazy invalidation").
 */
export class PairHeap {
  private counts: Float64Array;
  private pairs: Int32Array;
  private n = 0;

  /** `tieKeys[pair]` orders pairs of equal count (smaller first); read at each comparison. */
  constructor(private readonly tieKeys: () => Float64Array, capacity = 1024) {
    this.counts = new Float64Array(capacity);
    this.pairs = new Int32Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  /** Count of the top entry (call only when size > 0). */
  topCount(): number {
    return this.counts[0];
  }

  /** Pair of the top entry (call only when size > 0). */
  topPair(): number {
    return this.pairs[0];
  }

  push(count: number, pair: number): void {
    if (this.n === this.counts.length) this.grow();
    const ties = this.tieKeys();
    const counts = this.counts;
    const pairs = this.pairs;
    let i = this.n++;
    const tie = ties[pair];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pc = counts[parent];
      if (pc > count || (pc === count && ties[pairs[parent]] < tie)) break;
      counts[i] = pc;
      pairs[i] = pairs[parent];
      i = parent;
    }
    counts[i] = count;
    pairs[i] = pair;
  }

  /** Removes the top entry. */
  pop(): void {
    const last = --this.n;
    if (last === 0) return;
    const ties = this.tieKeys();
    const counts = this.counts;
    const pairs = this.pairs;
    const count = counts[last];
    const pair = pairs[last];
    const tie = ties[pair];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      const right = child + 1;
      if (right < last && (counts[right] > counts[child] || (counts[right] === counts[child] && ties[pairs[right]] < ties[pairs[child]]))) {
        child = right;
      }
      const cc = counts[child];
      if (cc < count || (cc === count && ties[pairs[child]] > tie)) break;
      counts[i] = cc;
      pairs[i] = pairs[child];
      i = child;
    }
    counts[i] = count;
    pairs[i] = pair;
  }

  private grow(): void {
    const counts = new Float64Array(this.counts.length * 2);
    counts.set(this.counts);
    const pairs = new Int32Array(this.pairs.length * 2);
    pairs.set(this.pairs);
    this.counts = counts;
    this.pairs = pairs;
  }
}
