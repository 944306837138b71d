import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { mulberry32 } from '../conformance/random';
import { initBackend } from '../init-backend';
import { causalConv1d } from './causal-conv1d';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

it('equals the loop definition (PyTorch Conv1d, groups=C, padding=K-1, first T outputs)', async () => {
  const rand = mulberry32(3);
  const [B, T, C, K] = [2, 6, 3, 4];
  const x = Float32Array.from({ length: B * T * C }, () => rand() - 0.5);
  const w = Float32Array.from({ length: C * K }, () => rand() - 0.5);
  const bias = Float32Array.from({ length: C }, () => rand() - 0.5);
  const want = new Float32Array(B * T * C);
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++)
      for (let c = 0; c < C; c++) {
        let s = bias[c];
        for (let k = 0; k < K; k++) {
          const src = t - (K - 1) + k;
          if (src >= 0) s += w[c * K + k] * x[(b * T + src) * C + c];
        }
        want[(b * T + t) * C + c] = s;
      }
  const before = tf.memory().numTensors;
  const xt = tf.tensor3d(x, [B, T, C]);
  const wt = tf.tensor2d(w, [C, K]);
  const bt = tf.tensor1d(bias);
  const y = causalConv1d(xt, wt, bt);
  const got = await y.data();
  for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(want[i], 5);
  tf.dispose([xt, wt, bt, y]);
  expect(tf.memory().numTensors).toBe(before);
});

it('names the mismatch in bad shapes', () => {
  const x = tf.zeros([1, 4, 3]) as tf.Tensor3D;
  expect(() => causalConv1d(x, tf.zeros([2, 4]) as tf.Tensor2D)).toThrow(/weight has 2 channels but x has 3/);
  expect(() => causalConv1d(tf.zeros([4, 3]) as never, tf.zeros([3, 4]) as tf.Tensor2D)).toThrow(/x must be \[B,T,C\]/);
  expect(() => causalConv1d(x, tf.zeros([3, 4]) as tf.Tensor2D, tf.zeros([2]) as tf.Tensor1D)).toThrow(/bias must be \[3\]/);
});
