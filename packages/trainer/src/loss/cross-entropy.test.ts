import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../seeded-random';
import { EmptyMaskError, crossEntropy, perplexity } from './cross-entropy';

const B = 2;
const T = 3;
const V = 5;

function randomLogits(seed: number, scale = 3): Float32Array {
  const rng = new SeededRandom(seed);
  return Float32Array.from({ length: B * T * V }, () => (rng.next() * 2 - 1) * scale);
}
const targets = Int32Array.of(0, 4, 2, 1, 1, 3);
const mask = Float32Array.of(1, 0, 1, 1, 1, 0);

/** Plain-JS reference in float64: mean over counted positions of logsumexp - logit[target]. */
function reference(logits: Float32Array | Float64Array, m: Float32Array | null): number {
  let total = 0;
  let count = 0;
  for (let i = 0; i < B * T; i++) {
    const w = m ? m[i]! : 1;
    if (w === 0) continue;
    const row = Array.from(logits.subarray(i * V, (i + 1) * V));
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((a, x) => a + Math.exp(x - max), 0));
    total += w * (lse - row[targets[i]!]!);
    count += w;
  }
  return total / count;
}

describe.each(['cpu', 'wasm'] as const)('crossEntropy on %s', (backend) => {
  it('matches a plain-JS reference, with and without a mask, and leaks no tensors', async () => {
    await initBackend({ prefer: backend, onWarning: () => {} });
    const before = tf.memory().numTensors;
    const data = randomLogits(1);
    const logits = tf.tensor3d(data, [B, T, V]);
    for (const m of [null, mask]) {
      const loss = crossEntropy(logits, targets, m);
      expect(loss.dataSync()[0]).toBeCloseTo(reference(data, m), 5);
      loss.dispose();
    }
    // tensor targets and mask give the same value
    const t = tf.tensor2d(targets, [B, T], 'int32');
    const mt = tf.tensor2d(mask, [B, T]);
    const loss = crossEntropy(logits, t, mt);
    expect(loss.dataSync()[0]).toBeCloseTo(reference(data, mask), 5);
    tf.dispose([logits, t, mt, loss]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stays finite with logits of 1e4', async () => {
    await initBackend({ prefer: backend, onWarning: () => {} });
    const data = randomLogits(2, 1e4);
    const loss = tf.tidy(() => crossEntropy(tf.tensor3d(data, [B, T, V]), targets, mask).dataSync()[0]!);
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss / reference(data, mask)).toBeCloseTo(1, 4);
  });
});

describe('crossEntropy gradients', () => {
  it('match finite differences (cpu, float64 reference) and softmax - onehot', async () => {
    await initBackend({ prefer: 'cpu', onWarning: () => {} });
    const before = tf.memory().numTensors;
    const data = randomLogits(3);
    const grad = tf.tidy(() => tf.grad((x: tf.Tensor) => crossEntropy(x, targets, mask))(tf.tensor3d(data, [B, T, V])).dataSync());
    const x64 = Float64Array.from(data);
    const h = 1e-5;
    const count = mask.reduce((a, m) => a + m, 0);
    for (let j = 0; j < x64.length; j++) {
      const save = x64[j]!;
      x64[j] = save + h;
      const up = reference(x64, mask);
      x64[j] = save - h;
      const down = reference(x64, mask);
      x64[j] = save;
      expect(grad[j]).toBeCloseTo((up - down) / (2 * h), 5);
    }
    // analytic: (softmax - onehot) * mask / count
    const row = Array.from(data.subarray(0, V));
    const z = row.reduce((a, x) => a + Math.exp(x), 0);
    expect(grad[targets[0]!]).toBeCloseTo((Math.exp(row[targets[0]!]!) / z - 1) / count, 6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('flow on wasm (gather gradient needs UnsortedSegmentSum)', async () => {
    await initBackend({ prefer: 'wasm', onWarning: () => {} });
    const data = randomLogits(4);
    const wasm = tf.tidy(() => tf.grad((x: tf.Tensor) => crossEntropy(x, targets, mask))(tf.tensor3d(data, [B, T, V])).dataSync());
    await initBackend({ prefer: 'cpu', onWarning: () => {} });
    const cpu = tf.tidy(() => tf.grad((x: tf.Tensor) => crossEntropy(x, targets, mask))(tf.tensor3d(data, [B, T, V])).dataSync());
    for (let j = 0; j < cpu.length; j++) expect(wasm[j]).toBeCloseTo(cpu[j]!, 6);
  });
});

describe('crossEntropy errors', () => {
  it('all-masked is an EmptyMaskError, not NaN; bad shapes and ids are named', async () => {
    await initBackend({ prefer: 'cpu', onWarning: () => {} });
    const before = tf.memory().numTensors;
    const logits = tf.zeros([B, T, V]);
    expect(() => crossEntropy(logits, targets, new Float32Array(B * T))).toThrow(EmptyMaskError);
    const zeros = tf.zeros([B, T]);
    expect(() => crossEntropy(logits, targets, zeros)).toThrow(/mask sums to 0/);
    expect(() => crossEntropy(logits, Int32Array.of(0, 1, 2, 3, 4, 5))).toThrow(/targets\[5\] is 5, outside \[0, 5\)/);
    expect(() => crossEntropy(logits, Int32Array.of(0))).toThrow(/targets has 1 ids, logits need B\*T = 6/);
    tf.dispose([logits, zeros]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('perplexity = exp(loss)', () => {
    expect(perplexity(Math.log(65))).toBeCloseTo(65, 10);
    expect(() => perplexity(Number.NaN)).toThrow(/loss must be a number/);
  });
});
