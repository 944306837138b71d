import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { mulberry32 } from '../conformance/random';
import { initBackend } from '../init-backend';
import { setKernelFixes } from '../kernels/kernel-fixes';
import { rmsNorm } from './rms-norm';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

afterEach(async () => {
  setKernelFixes(true);
  await tf.setBackend('wasm');
});

const rand = mulberry32(8);
const [R, C] = [5, 11];
const x = Float32Array.from({ length: R * C }, () => rand() * 4 - 2);
const g = Float32Array.from({ length: C }, () => rand() + 0.5);
const dy = Float32Array.from({ length: R * C }, () => rand() - 0.5);

async function run(backend: string, fused: boolean): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  setKernelFixes(fused);
  const before = tf.memory().numTensors;
  const [xt, gt, dyt] = [tf.tensor2d(x, [R, C]), tf.tensor1d(g), tf.tensor2d(dy, [R, C])];
  const y = rmsNorm(xt, gt, 1e-6);
  const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(rmsNorm(a, b as tf.Tensor1D, 1e-6), dyt)))([xt, gt]);
  const out = [await y.data(), ...(await Promise.all(grads.map((t) => t.data())))] as Float32Array[];
  tf.dispose([xt, gt, dyt, y, ...grads]);
  expect(tf.memory().numTensors).toBe(before);
  setKernelFixes(true);
  return out;
}

it('the fused kernels (wasm, cpu) match the composite tfjs ops, forward and gradients', async () => {
  const want = await run('cpu', false);
  for (const [backend, fused] of [['cpu', true], ['wasm', true], ['wasm', false]] as const) {
    const got = await run(backend, fused);
    for (let k = 0; k < got.length; k++) {
      for (let i = 0; i < got[k].length; i++) expect(got[k][i]).toBeCloseTo(want[k][i], 4);
    }
  }
});

it('names the bad argument', () => {
  const xt = tf.zeros([2, 4]);
  const g3 = tf.zeros([3]) as tf.Tensor1D;
  expect(() => rmsNorm(xt, g3, 1e-6)).toThrow(/rmsNorm: gamma must have shape \[4\].*got \[3\]/);
  tf.dispose([xt, g3]);
});
