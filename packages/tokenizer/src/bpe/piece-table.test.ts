import { describe, expect, it } from 'vitest';
import { hashRange, MISS, PieceTable } from './piece-table';

describe('PieceTable', () => {
  const lookup = (t: PieceTable, s: string) => t.lookup(s, 0, s.length, hashRange(s, 0, s.length));

  it('finds permanent and cached entries by the text, not by a substring', () => {
    const t = new PieceTable(2, 10);
    t.addPermanent('hello', 7);
    t.addPermanent('é', 8);
    expect(lookup(t, 'hello')).toBe(7);
    expect(lookup(t, 'é')).toBe(8);
    expect(lookup(t, 'hell')).toBe(MISS);
    const text = 'xx world yy';
    t.cache(text, 3, 8, hashRange(text, 3, 8), Int32Array.of(1, 2, 3), 3);
    const v = lookup(t, 'world');
    expect(v).toBeLessThan(MISS);
    expect(t.resultLength(v)).toBe(3);
    const out = new Int32Array(5);
    expect(t.writeResult(v, out, 1)).toBe(4);
    expect([...out]).toEqual([0, 1, 2, 3, 0]);
  });

  it('drops the cache, not the vocabulary, when the cache is full', () => {
    const t = new PieceTable(1, 3);
    t.addPermanent('keep', 1);
    for (let i = 0; i < 10; i++) {
      const s = `w${i}`;
      t.cache(s, 0, s.length, hashRange(s, 0, s.length), Int32Array.of(i), 1);
      expect(t.cached).toBeLessThanOrEqual(3);
      expect(lookup(t, s)).toBe(i);
    }
    expect(lookup(t, 'keep')).toBe(1);
    expect(lookup(t, 'w0')).toBe(MISS);
  });

  it('grows past its planned size without losing entries, even when every hash collides', () => {
    const t = new PieceTable(0, 100_000);
    const words = Array.from({ length: 5000 }, (_, i) => `word${i}`);
    for (const [i, w] of words.entries()) t.cache(w, 0, w.length, 42, Int32Array.of(i), 1);
    for (const [i, w] of words.entries()) if (i % 97 === 0) expect(t.lookup(w, 0, w.length, 42)).toBe(i);
  });
});
