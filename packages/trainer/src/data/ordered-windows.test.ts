import { expect, it } from 'vitest';
import { orderedWindows } from './ordered-windows';

it('visits every non-overlapping window once, in order, with a smaller last batch', () => {
  const tokens = Uint16Array.from({ length: 23 }, (_, i) => i);
  const pass = orderedWindows(tokens, { seqLen: 5, batchSize: 3 });
  expect(pass.windows).toBe(4); // floor(22 / 5)
  expect(pass.tokens).toBe(20);
  const batches = [...pass.batches()];
  expect(batches.map((b) => b.batchSize)).toEqual([3, 1]);
  expect(Array.from(batches[0]!.inputs.subarray(5, 10))).toEqual([5, 6, 7, 8, 9]);
  expect(Array.from(batches[0]!.targets.subarray(5, 10))).toEqual([6, 7, 8, 9, 10]);
  expect(Array.from(batches[1]!.targets)).toEqual([16, 17, 18, 19, 20]);
  // A fresh pass each call.
  expect([...pass.batches()].length).toBe(2);
});

it('refuses a stream too short for one window and bad options, naming them', () => {
  expect(() => orderedWindows(new Uint16Array(5), { seqLen: 5, batchSize: 1 })).toThrow(/tokens has 5 ids; seqLen 5 needs at least 6/);
  expect(() => orderedWindows(new Uint16Array(50), { seqLen: 0, batchSize: 1 })).toThrow(/orderedWindows: seqLen must be a positive integer, got 0/);
  expect(() => orderedWindows(new Uint16Array(50), { seqLen: 4, batchSize: 1.5 })).toThrow(/batchSize must be a positive integer, got 1.5/);
});
