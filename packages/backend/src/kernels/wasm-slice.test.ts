import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { initBackend } from '../init-backend';
import { mulberry32 } from '../conformance/random';
import { copyBox } from './strided-copy';

beforeAll(async () => {
  expect((await initBackend({ prefer: 'wasm' })).name).toBe('wasm');
});

const rand = mulberry32(11);
const int = (n: number) => Math.floor(rand() * n);

async function onBoth(f: () => tf.Tensor | tf.Tensor[]): Promise<[number[][], number[][]]> {
  const out: number[][][] = [];
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    const r = f();
    const list = Array.isArray(r) ? r : [r];
    out.push(await Promise.all(list.map(async (t) => [...t.shape, -1, ...(await t.data())])));
    tf.dispose(list);
  }
  await tf.setBackend('wasm');
  return out as [number[][], number[][]];
}

it('slice matches cpu on random boxes of rank 1 to 6, float32 and int32', async () => {
  for (let trial = 0; trial < 60; trial++) {
    const rank = 1 + (trial % 6);
    const shape = Array.from({ length: rank }, () => 1 + int(5));
    const begin = shape.map((s) => int(s));
    const size = shape.map((s, d) => 1 + int(s - begin[d]));
    const dtype = trial % 2 ? 'int32' : 'float32';
    const values = Array.from({ length: shape.reduce((p, s) => p * s, 1) }, (_, i) => i);
    const [cpu, wasm] = await onBoth(() => tf.slice(tf.tensor(values, shape, dtype), begin, size));
    expect(wasm, `shape [${shape}] begin [${begin}] size [${size}]`).toEqual(cpu);
  }
});

it('split and unstack match cpu on every axis', async () => {
  const values = Array.from({ length: 2 * 6 * 4 }, (_, i) => i * 0.5);
  for (let axis = 0; axis < 3; axis++) {
    const [c1, w1] = await onBoth(() => tf.unstack(tf.tensor(values, [2, 6, 4]), axis));
    expect(w1).toEqual(c1);
    const [c2, w2] = await onBoth(() => tf.split(tf.tensor(values, [2, 6, 4]), 2, axis));
    expect(w2).toEqual(c2);
  }
  const [c3, w3] = await onBoth(() => tf.split(tf.tensor(values, [2, 6, 4]), [1, 3, 2], 1));
  expect(w3).toEqual(c3);
});

it('copyBox reads only the elements it copies', () => {
  const src = new Float32Array(4 * 5).map((_, i) => i);
  let read = 0;
  const counting = {
    subarray(from: number, to: number) {
      read += to - from;
      return src.subarray(from, to);
    },
  } as unknown as Float32Array;
  const dst = new Float32Array(2 * 2);
  copyBox(counting, [4, 5], [1, 2], [2, 2], dst);
  expect(Array.from(dst)).toEqual([7, 8, 12, 13]);
  expect(read).toBe(4);
});

it('keeps no tensors behind', async () => {
  const before = tf.memory().numTensors;
  const x = tf.ones([3, 4, 5]);
  tf.dispose([tf.slice(x, [1, 1, 1], [2, 2, 2]), ...tf.split(x, 5, 2), ...tf.unstack(x, 1)]);
  x.dispose();
  expect(tf.memory().numTensors).toBe(before);
});
