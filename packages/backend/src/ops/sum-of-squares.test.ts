import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { mulberry32 } from '../conformance/random';
import { initBackend } from '../init-backend';
import { setKernelFixes } from '../kernels/kernel-fixes';
import { sumOfSquares } from './sum-of-squares';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

afterEach(async () => {
  setKernelFixes(true);
  await tf.setBackend('wasm');
});

it('equals the float64 sum on wasm and cpu, fused or not, and keeps no tensors', async () => {
  const rand = mulberry32(2);
  const arrays = [37, 128, 1, 0].map((n) => Float32Array.from({ length: n }, () => rand() * 4 - 2));
  let want = 0;
  for (const a of arrays) for (const v of a) want += v * v;
  for (const backend of ['wasm', 'cpu']) {
    for (const fused of [true, false]) {
      await tf.setBackend(backend);
      setKernelFixes(fused);
      const before = tf.memory().numTensors;
      const xs = arrays.map((a) => tf.tensor1d(a));
      const s = sumOfSquares(xs);
      expect(s.shape).toEqual([]);
      expect((await s.data())[0]).toBeCloseTo(want, 3);
      tf.dispose([...xs, s]);
      expect(tf.memory().numTensors).toBe(before);
    }
  }
  const none = sumOfSquares([]);
  expect(none.dataSync()[0]).toBe(0);
  none.dispose();
});

it('names the bad argument', () => {
  const a = tf.zeros([2]);
  const b = tf.zeros([3], 'int32');
  expect(() => sumOfSquares([a, b])).toThrow(/xs\[1\] must be float32, got int32/);
  tf.dispose([a, b]);
});
