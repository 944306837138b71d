import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { mulberry32 } from '../conformance/random';
import { initBackend } from '../init-backend';
import { setKernelFixes } from '../kernels/kernel-fixes';
import { layerNorm } from './layer-norm';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

afterEach(async () => {
  setKernelFixes(true);
  await tf.setBackend('wasm');
});

const rand = mulberry32(5);
const [R, C] = [7, 13];
const x = Float32Array.from({ length: R * C }, () => rand() * 4 - 2);
const g = Float32Array.from({ length: C }, () => rand() + 0.5);
const b = Float32Array.from({ length: C }, () => rand() - 0.5);
const dy = Float32Array.from({ length: R * C }, () => rand() - 0.5);

async function run(backend: string, fused: boolean, withBeta: boolean): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  setKernelFixes(fused);
  const before = tf.memory().numTensors;
  const [xt, gt, bt, dyt] = [tf.tensor2d(x, [R, C]), tf.tensor1d(g), tf.tensor1d(b), tf.tensor2d(dy, [R, C])];
  const f = (a: tf.Tensor, c: tf.Tensor, d?: tf.Tensor) => tf.sum(tf.mul(layerNorm(a, c as tf.Tensor1D, d as tf.Tensor1D | undefined, 1e-5), dyt));
  const y = layerNorm(xt, gt, withBeta ? bt : undefined, 1e-5);
  const grads = tf.grads(f)(withBeta ? [xt, gt, bt] : [xt, gt]);
  const out = [await y.data(), ...(await Promise.all(grads.map((t) => t.data())))] as Float32Array[];
  tf.dispose([xt, gt, bt, dyt, y, ...grads]);
  expect(tf.memory().numTensors).toBe(before);
  setKernelFixes(true);
  return out;
}

it('the fused kernels (wasm, cpu) match the composite tfjs ops, forward and gradients', async () => {
  for (const withBeta of [true, false]) {
    const want = await run('cpu', false, withBeta);
    for (const [backend, fused] of [['cpu', true], ['wasm', true], ['wasm', false]] as const) {
      const got = await run(backend, fused, withBeta);
      for (let k = 0; k < got.length; k++) {
        for (let i = 0; i < got[k].length; i++) expect(got[k][i]).toBeCloseTo(want[k][i], 4);
      }
    }
  }
});

it('keeps no tensors when run without a tape (inference)', () => {
  const before = tf.memory().numTensors;
  const xt = tf.ones([2, 4]);
  const gt = tf.ones([4]) as tf.Tensor1D;
  const y = layerNorm(xt, gt, undefined, 1e-5);
  expect(Array.from(y.dataSync())).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  tf.dispose([xt, gt, y]);
  expect(tf.memory().numTensors).toBe(before);
});

it('names the bad argument', () => {
  const xt = tf.zeros([2, 4]);
  const g3 = tf.zeros([3]) as tf.Tensor1D;
  const g4 = tf.zeros([4]) as tf.Tensor1D;
  const xi = tf.zeros([2, 4], 'int32');
  expect(() => layerNorm(xt, g3, undefined, 1e-5)).toThrow(/gamma must have shape \[4\].*got \[3\]/);
  expect(() => layerNorm(xt, g4, g3, 1e-5)).toThrow(/beta must have shape \[4\]/);
  expect(() => layerNorm(xi, g4, undefined, 1e-5)).toThrow(/x must be float32, got int32/);
  expect(() => layerNorm(xt, g4, undefined, Number.NaN)).toThrow(/eps/);
  tf.dispose([xt, g3, g4, xi]);
});
