import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { initBackend } from '../init-backend';
import { applyCausalMask, causalMask } from './causal-mask';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

it('is lower-triangular, and offset by the cache length when keys > queries', async () => {
  // bool tensors read back as 1/0
  expect(await causalMask(3).array()).toEqual([[1, 0, 0], [1, 1, 0], [1, 1, 1]]);
  expect(await causalMask(2, 4).array()).toEqual([[1, 1, 1, 0], [1, 1, 1, 1]]);
});

it('masked scores give softmax weight exactly 0 to future positions', async () => {
  const p = tf.softmax(applyCausalMask(tf.zeros([2, 3, 3])));
  const v = (await p.array()) as number[][][];
  expect(v[1][0]).toEqual([1, 0, 0]);
  expect(v[1][1][2]).toBe(0);
  expect(v[1][2][0]).toBeCloseTo(1 / 3, 6);
});

it('rejects impossible sizes', () => {
  expect(() => causalMask(4, 2)).toThrow(/queries=4, keys=2/);
  expect(() => causalMask(1.5)).toThrow(/integers/);
});
