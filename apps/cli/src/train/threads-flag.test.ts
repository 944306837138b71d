import os from 'node:os';
import { expect, it } from 'vitest';
import { parseThreadsFlag, resolveThreads } from './threads-flag';

it('parses a count or auto and names a bad value', () => {
  expect(parseThreadsFlag(undefined)).toBe('auto');
  expect(parseThreadsFlag('auto')).toBe('auto');
  expect(parseThreadsFlag('2')).toBe(2);
  for (const bad of ['0', '-1', '1.5', 'two', ' ']) expect(() => parseThreadsFlag(bad)).toThrow(`--threads must be a positive integer or "auto", got ${JSON.stringify(bad)}`);
});

it('auto uses the cores within the batch rows, 1 for a model that cannot be replicated', () => {
  expect(resolveThreads('auto', { batchSize: 64, replicable: true })).toBe(Math.min(os.availableParallelism(), 8));
  expect(resolveThreads('auto', { batchSize: 1, replicable: true })).toBe(1);
  expect(resolveThreads('auto', { batchSize: 64, replicable: false })).toBe(1);
});

it('an explicit count the run cannot use is refused with the reason', () => {
  expect(resolveThreads(2, { batchSize: 8, replicable: true })).toBe(2);
  expect(() => resolveThreads(2, { batchSize: 8, replicable: false, why: 'LoRA runs on one thread' })).toThrow('--threads 2: LoRA runs on one thread; use --threads 1');
  expect(() => resolveThreads(9, { batchSize: 8, replicable: true })).toThrow("--threads 9 is more than the batch's 8 rows");
});
