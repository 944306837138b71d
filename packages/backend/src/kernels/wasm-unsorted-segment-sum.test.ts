import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { initBackend } from '../init-backend';

beforeAll(async () => {
  expect((await initBackend({ prefer: 'wasm' })).name).toBe('wasm');
});

it('sums rows per segment and drops ids outside [0, numSegments)', async () => {
  const x = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);
  const ids = tf.tensor1d([2, 0, 2, 9], 'int32');
  const y = tf.unsortedSegmentSum(x, ids, 3);
  expect(y.shape).toEqual([3, 2]);
  expect(Array.from(await y.data())).toEqual([3, 4, 0, 0, 6, 8]);
  tf.dispose([x, ids, y]);
});

it('matches cpu for rows of rank 2 and int32 data', async () => {
  const xs = Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
  const idv = [0, 4, 1, 1, 3, 0];
  const out: number[][] = [];
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    const y = tf.unsortedSegmentSum(tf.tensor3d(xs, [6, 2, 2], 'int32'), tf.tensor1d(idv, 'int32'), 5);
    out.push([...y.shape, ...(await y.data())]);
  }
  expect(out[1]).toEqual(out[0]);
});

it('makes gather (embedding) differentiable on wasm', async () => {
  await tf.setBackend('wasm');
  const table = tf.variable(tf.ones([5, 3]));
  const ids = tf.tensor1d([1, 1, 4], 'int32');
  const g = tf.grad((t) => tf.sum(tf.gather(t, ids)))(table);
  expect(Array.from(await g.data())).toEqual([0, 0, 0, 2, 2, 2, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
  tf.dispose([table, ids, g]);
});
