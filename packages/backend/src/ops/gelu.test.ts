import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { mulberry32 } from '../conformance/random';
import { initBackend } from '../init-backend';
import { setKernelFixes } from '../kernels/kernel-fixes';
import { type GeluApproximate, gelu } from './gelu';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

afterEach(async () => {
  setKernelFixes(true);
  await tf.setBackend('wasm');
});

const rand = mulberry32(9);
const n = 103; // not a multiple of the SIMD width
const x = Float32Array.from({ length: n }, (_, i) => (i < 4 ? [-30, 30, 0, -9][i] : rand() * 12 - 6));
const dy = Float32Array.from({ length: n }, () => rand() - 0.5);

async function run(backend: string, fused: boolean, approximate: GeluApproximate): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  setKernelFixes(fused);
  const before = tf.memory().numTensors;
  const [xt, dyt] = [tf.tensor1d(x), tf.tensor1d(dy)];
  const y = gelu(xt, approximate);
  const [dx] = tf.grads((a: tf.Tensor) => tf.sum(tf.mul(gelu(a, approximate), dyt)))([xt]);
  const out = [await y.data(), await dx.data()] as Float32Array[];
  tf.dispose([xt, dyt, y, dx]);
  expect(tf.memory().numTensors).toBe(before);
  setKernelFixes(true);
  return out;
}

it('the fused kernels (wasm, cpu) match the composite tfjs ops, forward and gradient', async () => {
  for (const approximate of ['tanh', 'none'] as const) {
    const want = await run('cpu', false, approximate);
    for (const [backend, fused] of [['cpu', true], ['wasm', true], ['wasm', false]] as const) {
      const got = await run(backend, fused, approximate);
      for (let k = 0; k < 2; k++) {
        for (let i = 0; i < n; i++) expect(Math.abs(got[k][i] - want[k][i])).toBeLessThan(2e-6 * Math.max(1, Math.abs(want[k][i])));
      }
    }
  }
});

it('is PyTorch GELU at known points', async () => {
  // torch.nn.functional.gelu(torch.tensor([-1., 0.5, 2.]), approximate=...)
  const xt = tf.tensor1d([-1, 0.5, 2]);
  const exact = gelu(xt, 'none');
  const tanh = gelu(xt, 'tanh');
  const e = await exact.data();
  const t = await tanh.data();
  for (const [i, v] of [-0.15865525, 0.34573123, 1.95449964].entries()) expect(e[i]).toBeCloseTo(v, 6);
  for (const [i, v] of [-0.15880801, 0.34571401, 1.95459769].entries()) expect(t[i]).toBeCloseTo(v, 6);
  tf.dispose([xt, exact, tanh]);
});

it('names the bad argument', () => {
  const xi = tf.zeros([2], 'int32');
  const xf = tf.zeros([2]);
  expect(() => gelu(xi, 'tanh')).toThrow(/x must be float32, got int32/);
  expect(() => gelu(xf, 'fast' as GeluApproximate)).toThrow(/approximate must be 'tanh' or 'none', got fast/);
  tf.dispose([xi, xf]);
});
