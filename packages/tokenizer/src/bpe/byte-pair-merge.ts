/**
 * tiktoken's byte-pair merge: repeatedly merge the adjacent pair of lowest rank (the leftmost of
 * equal ranks) until no pair merges. Short pieces use tiktoken's own quadratic scan over a small
 * array; long ones a heap over a linked list (same merges, same order, O(n log n)).
 */
import { NO_PAIR, type PairRanks } from './pair-ranks';

/** Pieces longer than this (in symbols) use the heap. */
const HEAP_THRESHOLD = 128;

/** Scratch buffers reused across calls (one set per tokenizer). */
export class MergeScratch {
  ranks = new Int32Array(256);
  ensure(n: number): void {
    if (this.ranks.length < n) this.ranks = new Int32Array(2 * n);
  }
}

/**
 * Merges `symbols[0, n)` (token ids) in place and returns the new length. Pieces of more than
 * `heapThreshold` symbols use the heap (a parameter for tests).
 */
export function mergeSymbols(symbols: Int32Array, n: number, pairs: PairRanks, scratch: MergeScratch, heapThreshold = HEAP_THRESHOLD): number {
  if (n < 2) return n;
  if (n > heapThreshold) return mergeWithHeap(symbols, n, pairs);
  scratch.ensure(n);
  const ranks = scratch.ranks;
  for (let i = 0; i < n - 1; i++) ranks[i] = pairs.rank(symbols[i], symbols[i + 1]);
  let m = n;
  while (m > 1) {
    let best = NO_PAIR;
    let at = -1;
    for (let i = 0; i < m - 1; i++) {
      if (ranks[i] < best) {
        best = ranks[i];
        at = i;
      }
    }
    if (at < 0) break;
    symbols[at] = pairs.result(best);
    for (let j = at + 1; j < m - 1; j++) symbols[j] = symbols[j + 1];
    for (let j = at + 1; j < m - 2; j++) ranks[j] = ranks[j + 1];
    m--;
    ranks[at] = at < m - 1 ? pairs.rank(symbols[at], symbols[at + 1]) : NO_PAIR;
    if (at > 0) ranks[at - 1] = pairs.rank(symbols[at - 1], symbols[at]);
  }
  return m;
}

function mergeWithHeap(symbols: Int32Array, n: number, pairs: PairRanks): number {
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  const current = new Int32Array(n).fill(NO_PAIR);
  const heap = new PairHeap(3 * n);
  for (let i = 0; i < n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
    if (i < n - 1) {
      current[i] = pairs.rank(symbols[i], symbols[i + 1]);
      if (current[i] !== NO_PAIR) heap.push(current[i], i);
    }
  }
  while (heap.size > 0) {
    const rank = heap.topRank();
    const p = heap.pop();
    if (current[p] !== rank) continue; // stale: that pair changed since it was pushed
    const q = next[p];
    symbols[p] = pairs.result(rank);
    const after = next[q];
    next[p] = after;
    if (after < n) prev[after] = p;
    current[q] = NO_PAIR;
    current[p] = after < n ? pairs.rank(symbols[p], symbols[after]) : NO_PAIR;
    if (current[p] !== NO_PAIR) heap.push(current[p], p);
    const before = prev[p];
    if (before >= 0) {
      current[before] = pairs.rank(symbols[before], symbols[p]);
      if (current[before] !== NO_PAIR) heap.push(current[before], before);
    }
  }
  let m = 0;
  for (let i = 0; i < n; i = next[i]) symbols[m++] = symbols[i];
  return m;
}

/** A binary min-heap of (rank, position), ordered by rank then position. */
class PairHeap {
  private readonly ranks: Int32Array;
  private readonly positions: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.ranks = new Int32Array(capacity);
    this.positions = new Int32Array(capacity);
  }

  topRank(): number {
    return this.ranks[0];
  }

  push(rank: number, position: number): void {
    const { ranks, positions } = this;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (ranks[parent] < rank || (ranks[parent] === rank && positions[parent] < position)) break;
      ranks[i] = ranks[parent];
      positions[i] = positions[parent];
      i = parent;
    }
    ranks[i] = rank;
    positions[i] = position;
  }

  /** Removes the top and returns its position. */
  pop(): number {
    const { ranks, positions } = this;
    const top = positions[0];
    const n = --this.size;
    const rank = ranks[n];
    const position = positions[n];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && (ranks[child + 1] < ranks[child] || (ranks[child + 1] === ranks[child] && positions[child + 1] < positions[child]))) child++;
      if (rank < ranks[child] || (rank === ranks[child] && position < positions[child])) break;
      ranks[i] = ranks[child];
      positions[i] = positions[child];
      i = child;
    }
    ranks[i] = rank;
    positions[i] = position;
    return top;
  }
}
