import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { gelu, silu } from './mlp';
import { layerNorm, rmsNorm } from './norms';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

const X = [-3, -1.5, -0.2, 0, 0.7, 2, 4.5];

it('GELU tanh (via sigmoid) and erf, and SiLU, match their formulas', () => {
  const tanhGelu = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
  const x = tf.tensor1d(X);
  for (const kind of ['gelu_new', 'gelu_pytorch_tanh'] as const) {
    const y = gelu(x, kind);
    y.dataSync().forEach((v, i) => {
      expect(v).toBeCloseTo(tanhGelu(X[i]), 6);
    });
    y.dispose();
  }
  const erf = gelu(x, 'gelu').dataSync();
  expect(erf[4]).toBeCloseTo(0.530625, 5); // 0.7·Φ(0.7), Φ(0.7) = 0.758036
  const s = silu(x).dataSync();
  for (const [i, v] of s.entries()) expect(v).toBeCloseTo(X[i] / (1 + Math.exp(-X[i])), 6);
  x.dispose();
});

it('LayerNorm and RMSNorm normalise the last axis', () => {
  tf.tidy(() => {
    const x = tf.tensor2d([X.slice(0, 4), X.slice(3)]);
    const w = tf.tensor1d([1, 2, 1, 0.5]);
    const b = tf.tensor1d([0, 0, 1, 0]);
    const ln = layerNorm(x, { weight: tf.ones([4]) as tf.Tensor1D }, 1e-5);
    const { mean, variance } = tf.moments(ln, -1);
    expect(Math.max(...Array.from(tf.abs(mean).dataSync()))).toBeLessThan(1e-6);
    for (const v of variance.dataSync()) expect(v).toBeCloseTo(1, 4);
    const lnwb = layerNorm(x, { weight: w as tf.Tensor1D, bias: b as tf.Tensor1D }, 1e-5);
    expect(lnwb.arraySync()[0][2]).toBeCloseTo(ln.arraySync()[0][2] + 1, 5);
    const rms = rmsNorm(x, { weight: tf.ones([4]) as tf.Tensor1D }, 0);
    for (const v of tf.mean(tf.square(rms), -1).dataSync()) expect(v).toBeCloseTo(1, 5);
  });
});
