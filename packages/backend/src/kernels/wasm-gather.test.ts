import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { initBackend } from '../init-backend';

beforeAll(async () => {
  expect((await initBackend({ prefer: 'wasm' })).name).toBe('wasm');
});

it('matches cpu on every axis, for long and short slices, float32, int32 and bool, without leaking', async () => {
  const cases: [number[], number, number[], tf.DataType][] = [
    [[65, 32], 0, [3, 5], 'float32'], // embedding rows (slice >= 16: TypedArray.set)
    [[4, 6, 3], 1, [5], 'float32'], // short slices, outer > 1
    [[4, 6, 3], -1, [2, 2], 'int32'],
    [[7], 0, [4], 'bool'],
    [[3, 0], 0, [2], 'float32'], // empty rows
  ];
  for (const [shape, axis, idShape, dtype] of cases) {
    const n = shape.reduce((p, d) => p * d, 1);
    const size = shape.at(axis)!;
    const xs = Array.from({ length: n }, (_, i) => (dtype === 'bool' ? i % 3 === 0 : i * 0.5 - 3));
    const ids = Array.from({ length: idShape.reduce((p, d) => p * d, 1) }, (_, i) => (i * 7 + 2) % size);
    const out: unknown[] = [];
    for (const backend of ['cpu', 'wasm']) {
      await tf.setBackend(backend);
      const before = tf.memory().numTensors;
      const x = tf.tensor(xs as number[], shape, dtype);
      const i = tf.tensor(ids, idShape, 'int32');
      const y = tf.gather(x, i, axis);
      out.push([y.shape, y.dtype, Array.from(await y.data())]);
      tf.dispose([x, i, y]);
      expect(tf.memory().numTensors).toBe(before);
    }
    expect(out[1]).toEqual(out[0]);
  }
});

it('names an index outside the gathered axis', () => {
  const x = tf.zeros([4, 3]);
  const i = tf.tensor1d([1, 4], 'int32');
  expect(() => tf.gather(x, i)).toThrow(/indices\[1\] is 4, outside \[0, 4\)/);
  tf.dispose([x, i]);
});
