import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { ParamStore } from './param-store';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

it('owns its parameters by checkpoint name, counts them and disposes them', () => {
  const before = tf.memory().numTensors;
  const store = new ParamStore([
    ['transformer.wte.weight', tf.zeros([4, 3])],
    ['transformer.ln_f.bias', tf.ones([3])],
  ]);
  expect(store.names).toEqual(['transformer.wte.weight', 'transformer.ln_f.bias']);
  expect(store.count()).toBe(15);
  expect(store.get('transformer.ln_f.bias').trainable).toBe(true);
  expect(() => store.get('lm_head.weight')).toThrow(/parameter "lm_head.weight" not found \(2 parameters, e.g. transformer.wte.weight/);
  expect(() => store.set('transformer.ln_f.bias', tf.ones([4]))).toThrow(/new shape \[4\] differs from \[3\]/);
  store.set('transformer.ln_f.bias', tf.fill([3], 2));
  expect(Array.from(store.get('transformer.ln_f.bias').dataSync())).toEqual([2, 2, 2]);
  store.dispose();
  expect(tf.memory().numTensors).toBe(before);
});
