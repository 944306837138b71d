import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { mulberry32 } from '../conformance/random';
import { initBackend } from '../init-backend';
import { setKernelFixes } from '../kernels/kernel-fixes';
import { sparseSoftmaxCrossEntropy } from './sparse-softmax-cross-entropy';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

afterEach(async () => {
  setKernelFixes(true);
  await tf.setBackend('wasm');
});

async function run(backend: string, fused: boolean, logits: Float32Array, labels: Int32Array, v: number): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  setKernelFixes(fused);
  const n = labels.length;
  const before = tf.memory().numTensors;
  const [lt, it_, w] = [tf.tensor2d(logits, [n, v]), tf.tensor1d(labels, 'int32'), tf.tensor1d(Float32Array.from({ length: n }, (_, i) => i - 1.5))];
  const nll = sparseSoftmaxCrossEntropy(lt, it_);
  const [g] = tf.grads((a: tf.Tensor) => tf.sum(tf.mul(sparseSoftmaxCrossEntropy(a as tf.Tensor2D, it_), w)))([lt]);
  const out = [await nll.data(), await g.data()] as Float32Array[];
  tf.dispose([lt, it_, w, nll, g]);
  expect(tf.memory().numTensors).toBe(before);
  setKernelFixes(true);
  return out;
}

it('the fused kernels (wasm, cpu) match logSoftmax + gather, forward and gradient, for any vocabulary width', async () => {
  const rand = mulberry32(4);
  for (const [n, v, scale] of [[5, 65, 3], [4, 3, 3], [3, 1, 1], [2, 9, 1e4]] as const) {
    const logits = Float32Array.from({ length: n * v }, () => (rand() * 2 - 1) * scale);
    const labels = Int32Array.from({ length: n }, () => Math.floor(rand() * v));
    const want = await run('cpu', false, logits, labels, v);
    // (wasm without kernel fixes has no UnsortedSegmentSum, the gather gradient: not compared)
    for (const [backend, fused] of [['cpu', true], ['wasm', true]] as const) {
      const got = await run(backend, fused, logits, labels, v);
      for (let k = 0; k < 2; k++) {
        for (let i = 0; i < want[k].length; i++) expect(Math.abs(got[k][i] - want[k][i])).toBeLessThan(2e-5 * Math.max(1, Math.abs(want[k][i])));
      }
    }
  }
});

it('gives NaN for a label outside the vocabulary (fused kernels)', async () => {
  for (const backend of ['wasm', 'cpu']) {
    await tf.setBackend(backend);
    const lt = tf.zeros([2, 4]) as tf.Tensor2D;
    const ids = tf.tensor1d([1, 4], 'int32');
    const nll = sparseSoftmaxCrossEntropy(lt, ids);
    const d = await nll.data();
    expect(d[0]).toBeCloseTo(Math.log(4), 6);
    expect(d[1]).toBeNaN();
    tf.dispose([lt, ids, nll]);
  }
});

it('names the bad argument', () => {
  const lt = tf.zeros([2, 4]) as tf.Tensor2D;
  const l3 = tf.zeros([3], 'int32') as tf.Tensor1D;
  const lf = tf.zeros([2]) as tf.Tensor1D;
  const l1 = tf.zeros([4]) as unknown as tf.Tensor2D;
  expect(() => sparseSoftmaxCrossEntropy(lt, l3)).toThrow(/labels must be \[2\].*got \[3\]/);
  expect(() => sparseSoftmaxCrossEntropy(lt, lf)).toThrow(/labels must be int32, got float32/);
  expect(() => sparseSoftmaxCrossEntropy(l1, l3)).toThrow(/logits must be \[N,V\], got shape \[4\]/);
  tf.dispose([lt, l3, lf, l1]);
});
