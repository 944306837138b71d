import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { mulberry32 } from '../conformance/random';
import { initBackend } from '../init-backend';
import { setKernelFixes } from '../kernels/kernel-fixes';
import { type AdamWUpdateOptions, adamwUpdate } from './adamw-update';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

afterEach(async () => {
  setKernelFixes(true);
  await tf.setBackend('wasm');
});

const rand = mulberry32(11);
const n = 37; // not a multiple of the SIMD width
const data = [0, 1, 2, 3].map((i) => Float32Array.from({ length: n }, () => (i === 3 ? rand() * 0.01 : rand() - 0.5)));
const options: AdamWUpdateOptions = { lr: 3e-3, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, step: 3 };

async function update(backend: string, fused: boolean, o: AdamWUpdateOptions): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  setKernelFixes(fused);
  const before = tf.memory().numTensors;
  const [p, g, m, v] = data.map((d) => tf.tensor2d(d, [1, n]));
  const r = adamwUpdate(p, g, m, v, o);
  const out = [await r.param.data(), await r.m.data(), await r.v.data()] as Float32Array[];
  tf.dispose([p, g, m, v, r.param, r.m, r.v]);
  expect(tf.memory().numTensors).toBe(before);
  setKernelFixes(true);
  return out;
}

it('the wasm and cpu kernels give the composite formula bit for bit, with and without decay', async () => {
  for (const o of [options, { ...options, weightDecay: 0, step: 1 }]) {
    const want = await update('cpu', false, o);
    for (const got of [await update('cpu', true, o), await update('wasm', true, o), await update('wasm', false, o)]) {
      for (let k = 0; k < 3; k++) expect(Array.from(got[k])).toEqual(Array.from(want[k]));
    }
  }
});

it('follows PyTorch AdamW on one element (float64 reference)', async () => {
  const [p, g, m, v] = [0.5, -0.2, 0.01, 0.002];
  const { lr, beta1: b1, beta2: b2, eps, weightDecay: wd, step: t } = options;
  const m1 = b1 * m + (1 - b1) * g;
  const v1 = b2 * v + (1 - b2) * g * g;
  const want = p * (1 - lr * wd) - (lr / (1 - b1 ** t)) * (m1 / (Math.sqrt(v1) / Math.sqrt(1 - b2 ** t) + eps));
  const ts = [p, g, m, v].map((x) => tf.tensor1d([x]));
  const r = adamwUpdate(ts[0], ts[1], ts[2], ts[3], options);
  expect((await r.param.data())[0]).toBeCloseTo(want, 6);
  expect((await r.m.data())[0]).toBeCloseTo(m1, 7);
  expect((await r.v.data())[0]).toBeCloseTo(v1, 8);
  tf.dispose([...ts, r.param, r.m, r.v]);
});

it('names the bad argument', () => {
  const a = tf.zeros([2, 3]);
  const b = tf.zeros([3, 2]);
  const i = tf.zeros([2, 3], 'int32');
  expect(() => adamwUpdate(a, b, a, a, options)).toThrow(/grad has shape \[3,2\], param has \[2,3\]/);
  expect(() => adamwUpdate(a, a, i, a, options)).toThrow(/m must be float32, got int32/);
  expect(() => adamwUpdate(a, a, a, a, { ...options, beta2: 1 })).toThrow(/beta2/);
  expect(() => adamwUpdate(a, a, a, a, { ...options, step: 0 })).toThrow(/step/);
  tf.dispose([a, b, i]);
});
