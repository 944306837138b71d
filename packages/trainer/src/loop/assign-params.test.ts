import { initBackend } from '@ftheta/backend';
import { ParamStore } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { assignParams } from './assign-params';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

it('assignParams writes checkpoint values into an existing store, checking names and shapes first', () => {
  const store = new ParamStore([['a', tf.zeros([2])], ['b', tf.zeros([1, 2])]]);
  const before = tf.memory().numTensors;
  assignParams(store, new Map([['a', { shape: [2], data: new Float32Array([1, 2]) }], ['b', { shape: [1, 2], data: new Float32Array([3, 4]) }]]));
  expect(Array.from(store.get('b').dataSync())).toEqual([3, 4]);
  expect(tf.memory().numTensors).toBe(before);
  expect(() => assignParams(store, new Map([['a', { shape: [2], data: new Float32Array(2) }]]))).toThrow(/"b" is missing/);
  const bad = new Map([['a', { shape: [3], data: new Float32Array(3) }], ['b', { shape: [1, 2], data: new Float32Array([9, 9]) }]]);
  expect(() => assignParams(store, bad)).toThrow(/"a" has shape \[3\] in the checkpoint, \[2\] in the model/);
  expect(Array.from(store.get('b').dataSync())).toEqual([3, 4]); // nothing written
  store.dispose();
});
