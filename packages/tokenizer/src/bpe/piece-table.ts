/**
 * A hash table from pre-token text to its token ids, read straight from the text being encoded
 * (no substring is made). It holds the vocabulary's own strings (permanent entries: a pre-token
 * that is a whole token costs one probe) and a bounded cache of BPE results, dropped all at once
 * when it reaches its limit. Open addressing, linear probing; each slot holds
 * [hash, keyStart, keyLength, value] so a hit reads one slot and the key's characters.
 */

/** `lookup` found nothing. */
export const MISS = -1;

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** The hash that the table expects for `text[start, end)` (FNV-1a over UTF-16 units). */
export function hashRange(text: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let k = start; k < end; k++) h = Math.imul(h ^ text.charCodeAt(k), FNV_PRIME);
  return h;
}

/**
 * Values: an id >= 0 for a one-token piece; for longer results a number <= -2 that
 * {@link PieceTable.appendResult} expands.
 */
export class PieceTable {
  private mask: number;
  private slots: Int32Array;
  /** Permanent entries, [hash, keyStart, keyLength, value] each, to rebuild the slots from. */
  private permanent: Int32Array;
  private keys: Uint16Array;
  /** Multi-token results: [length, id, id, ...]. */
  private results: Int32Array;
  private count = 0;
  private permanentCount = 0;
  private keysUsed = 0;
  private permanentKeys = 0;
  private resultsUsed = 0;

  /** Room for `permanent` vocabulary entries plus `cacheLimit` cached results. */
  constructor(
    permanent: number,
    readonly cacheLimit: number,
  ) {
    let capacity = 1024;
    while (capacity < 2 * (permanent + cacheLimit)) capacity *= 2;
    this.mask = capacity - 1;
    this.slots = new Int32Array(4 * capacity);
    this.permanent = new Int32Array(4 * Math.max(16, permanent));
    this.keys = new Uint16Array(Math.max(4096, 8 * permanent));
    this.results = new Int32Array(1 << 16);
  }

  /** Number of cached (non-permanent) entries. */
  get cached(): number {
    return this.count - this.permanentCount;
  }

  /** The value of `text[start, end)` (whose hash is `h`), or MISS. */
  lookup(text: string, start: number, end: number, h: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const len = end - start;
    let at = (h & mask) << 2;
    for (;;) {
      const n = slots[at + 2];
      if (n === 0) return MISS;
      if (n === len && slots[at] === h) {
        const keys = this.keys;
        const offset = slots[at + 1] - start;
        let k = start;
        while (k < end && keys[offset + k] === text.charCodeAt(k)) k++;
        if (k === end) return slots[at + 3];
      }
      at = (at + 4) & (mask << 2 | 3);
    }
  }

  /** Writes the ids of a multi-token value (<= -2) to `out` from `at`; returns the new end. */
  writeResult(value: number, out: Int32Array, at: number): number {
    const results = this.results;
    const r = -value - 2;
    const n = results[r];
    for (let k = 1; k <= n; k++) out[at++] = results[r + k];
    return at;
  }

  /** Length of a multi-token value (<= -2). */
  resultLength(value: number): number {
    return this.results[-value - 2];
  }

  /** Adds a vocabulary string (kept forever). Call before any `cache`. */
  addPermanent(key: string, id: number): void {
    if (this.count !== this.permanentCount) throw new Error('PieceTable: addPermanent after cache');
    const h = hashRange(key, 0, key.length);
    const ks = this.insert(key, 0, key.length, h, id);
    if (4 * (this.permanentCount + 1) > this.permanent.length) this.permanent = grow(this.permanent, 4 * (this.permanentCount + 1));
    this.permanent.set([h, ks, key.length, id], 4 * this.permanentCount);
    this.permanentCount = this.count;
    this.permanentKeys = this.keysUsed;
  }

  /**
   * Caches `ids[0, n)` for `text[start, end)` (hash `h`), first dropping every cached entry if
   * the cache is full.
   */
  cache(text: string, start: number, end: number, h: number, ids: Int32Array, n: number): void {
    if (this.count - this.permanentCount >= this.cacheLimit) this.clearCache();
    if (n === 1) {
      this.insert(text, start, end, h, ids[0]);
      return;
    }
    if (this.resultsUsed + n + 1 > this.results.length) this.results = grow(this.results, this.resultsUsed + n + 1);
    const at = this.resultsUsed;
    this.results[at] = n;
    this.results.set(ids.subarray(0, n), at + 1);
    this.resultsUsed += n + 1;
    this.insert(text, start, end, h, -at - 2);
  }

  /** Drops every cached entry (vocabulary entries stay). */
  clearCache(): void {
    this.count = this.permanentCount;
    this.keysUsed = this.permanentKeys;
    this.resultsUsed = 0;
    this.rebuild(this.mask);
  }

  /** Copies the key into the key pool and places the entry; returns the key's start. */
  private insert(text: string, start: number, end: number, h: number, value: number): number {
    const len = end - start;
    if (this.keysUsed + len > this.keys.length) this.keys = grow(this.keys, this.keysUsed + len);
    const keys = this.keys;
    const ks = this.keysUsed;
    for (let k = 0; k < len; k++) keys[ks + k] = text.charCodeAt(start + k);
    this.keysUsed += len;
    if (2 * (this.count + 1) > this.mask + 1) this.rebuild(2 * (this.mask + 1) - 1);
    this.count++;
    this.place(h, ks, len, value);
    return ks;
  }

  /** Empties the slots (resized to `mask + 1`) and re-places the permanent entries. */
  private rebuild(mask: number): void {
    const cached: number[] = [];
    if (mask !== this.mask && this.count > this.permanentCount) {
      // Growing with cached entries present: keep them too.
      for (let at = 0; at < this.slots.length; at += 4) {
        if (this.slots[at + 2] !== 0) cached.push(this.slots[at], this.slots[at + 1], this.slots[at + 2], this.slots[at + 3]);
      }
    }
    if (mask === this.mask) this.slots.fill(0);
    else this.slots = new Int32Array(4 * (mask + 1));
    this.mask = mask;
    if (cached.length > 0) {
      for (let k = 0; k < cached.length; k += 4) this.place(cached[k], cached[k + 1], cached[k + 2], cached[k + 3]);
      return;
    }
    const p = this.permanent;
    for (let e = 0; e < this.permanentCount; e++) this.place(p[4 * e], p[4 * e + 1], p[4 * e + 2], p[4 * e + 3]);
  }

  private place(h: number, keyStart: number, len: number, value: number): void {
    const slots = this.slots;
    const wrap = (this.mask << 2) | 3;
    let at = (h & this.mask) << 2;
    while (slots[at + 2] !== 0) at = (at + 4) & wrap;
    slots[at] = h;
    slots[at + 1] = keyStart;
    slots[at + 2] = len;
    slots[at + 3] = value;
  }
}

function grow<T extends Uint16Array | Int32Array>(array: T, needed: number): T {
  let size = array.length * 2;
  while (size < needed) size *= 2;
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}
