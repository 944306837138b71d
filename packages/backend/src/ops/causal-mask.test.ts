import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { initBackend } from '../init-backend';
import { applyCausalMask, causalMask, causalMaskBias } from './causal-mask';

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

it('a precomputed bias (one per forward pass) masks exactly as the built-in one, and must fit', async () => {
  const scores = tf.randomNormal([2, 2, 4]);
  const bias = causalMaskBias(2, 4);
  expect(await bias.array()).toEqual([[0, 0, 0, -Infinity], [0, 0, 0, 0]]);
  expect(await applyCausalMask(scores, bias).array()).toEqual(await applyCausalMask(scores).array());
  expect(() => applyCausalMask(scores, causalMaskBias(2))).toThrow('applyCausalMask: bias has shape [2,2], scores need [2,4]');
  tf.dispose([scores, bias]);
});

it('rejects impossible sizes', () => {
  expect(() => causalMask(4, 2)).toThrow(/queries=4, keys=2/);
  expect(() => causalMask(1.5)).toThrow(/integers/);
});
