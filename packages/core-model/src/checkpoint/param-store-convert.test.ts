import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { fromParamStore, fromParamStoreAsync, toParamStore } from './param-store-convert';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

it('moves tensors into a ParamStore by name and reads them back exactly', async () => {
  const before = tf.memory().numTensors;
  const tensors = new Map([
    ['transformer.wte.weight', { shape: [2, 3], data: new Float32Array([1, -2, 3.5, 1e-30, -0, 6]) }],
    ['transformer.ln_f.bias', { shape: [3], data: new Float32Array([0.1, 0.2, 0.3]) }],
  ]);
  const store = toParamStore(tensors);
  expect(store.names).toEqual([...tensors.keys()]);
  expect(store.get('transformer.wte.weight').shape).toEqual([2, 3]);
  for (const back of [fromParamStore(store), await fromParamStoreAsync(store)]) {
    for (const [name, t] of tensors) {
      expect(back.get(name)!.shape).toEqual(t.shape);
      expect(back.get(name)!.data).toEqual(t.data);
    }
  }
  store.dispose();
  expect(tf.memory().numTensors).toBe(before);
  expect(() => toParamStore([['a', { shape: [1], data: new Float32Array(1) }], ['b', { shape: [2], data: new Float32Array(3) }]])).toThrow('b: shape [2] holds 2 values, data has 3');
  expect(tf.memory().numTensors).toBe(before);
});
