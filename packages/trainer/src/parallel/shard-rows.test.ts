import { describe, expect, it } from 'vitest';
import type { Batch } from '../data';
import { shardRows } from './shard-rows';

const batch = (B: number, T: number, mask?: number[]): Batch => ({
  inputs: Int32Array.from({ length: B * T }, (_, i) => i),
  targets: Int32Array.from({ length: B * T }, (_, i) => i + 1),
  mask: mask ? Float32Array.from(mask) : null,
  batchSize: B,
  seqLen: T,
});

describe('shardRows', () => {
  it('splits rows as evenly as possible, larger shards first, with fresh arrays', () => {
    const b = batch(5, 2);
    const s = shardRows(b, 2);
    expect(s.map((x) => [x.row, x.batch.batchSize, x.tokens])).toEqual([
      [0, 3, 6],
      [3, 2, 4],
    ]);
    expect(Array.from(s[1].batch.inputs)).toEqual([6, 7, 8, 9]);
    expect(Array.from(s[1].batch.targets)).toEqual([7, 8, 9, 10]);
    expect(s[0].batch.inputs.buffer).not.toBe(b.inputs.buffer);
    expect(shardRows(batch(12, 1), 3).map((x) => x.batch.batchSize)).toEqual([4, 4, 4]);
  });

  it('uses fewer shards when the batch has fewer rows than threads', () => {
    expect(shardRows(batch(1, 4), 2).map((x) => x.batch.batchSize)).toEqual([1]);
    expect(shardRows(batch(3, 4), 8)).toHaveLength(3);
  });

  it('counts masked tokens per shard and drops shards that count none', () => {
    const s = shardRows(batch(4, 2, [1, 1, 1, 0, 0, 0, 0, 1]), 2);
    expect(s.map((x) => x.tokens)).toEqual([3, 1]);
    expect(Array.from(s[1].batch.mask!)).toEqual([0, 0, 0, 1]);
    const dropped = shardRows(batch(4, 2, [1, 1, 1, 0, 0, 0, 0, 0]), 2);
    expect(dropped.map((x) => [x.row, x.tokens])).toEqual([[0, 3]]);
    expect(shardRows(batch(2, 2, [0, 0, 0, 0]), 2)).toEqual([]);
  });

  it('names a bad shard count', () => {
    expect(() => shardRows(batch(2, 2), 0)).toThrow(/shards must be a positive integer, got 0/);
  });
});
