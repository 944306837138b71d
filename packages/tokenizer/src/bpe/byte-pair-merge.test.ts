import { describe, expect, it } from 'vitest';
import { seededRandom } from '../pretokenize/testing/random-text';
import { MergeScratch, mergeSymbols } from './byte-pair-merge';
import { TiktokenPairRanks } from './pair-ranks';
import { byteSpec } from './test-specs';
import { Vocabulary } from './vocabulary';

describe('mergeSymbols', () => {
  // A vocabulary where many overlapping pairs of equal and different ranks merge.
  const extra = ['ab', 'ba', 'aa', 'bb', 'aab', 'abb', 'bab', 'aba', 'abab', 'baba', 'aaaa', 'bbbb', 'abba', 'ababab', 'aabb'];
  const vocab = new Vocabulary(byteSpec(extra));
  const pairs = new TiktokenPairRanks(vocab);

  it('merges the same way with the heap as with the quadratic scan', () => {
    const rng = seededRandom(3);
    const scratch = new MergeScratch();
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(rng() * 300);
      const input = Int32Array.from({ length: n }, () => (rng() < 0.5 ? 97 : 98));
      const quadratic = input.slice();
      const heap = input.slice();
      const m1 = mergeSymbols(quadratic, n, pairs, scratch, Number.POSITIVE_INFINITY);
      const m2 = mergeSymbols(heap, n, pairs, scratch, 0);
      expect([...heap.subarray(0, m2)]).toEqual([...quadratic.subarray(0, m1)]);
    }
  });

  it('leaves pieces without merges alone', () => {
    const s = Int32Array.of(120, 121, 122);
    expect(mergeSymbols(s, 3, pairs, new MergeScratch())).toBe(3);
    expect([...s]).toEqual([120, 121, 122]);
  });
});
