import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { clipByGlobalNorm } from './clip-by-global-norm';
import { GradAccumulator } from './grad-accumulator';
import { warmupCosine } from './warmup-cosine';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

it('warmupCosine equals nanoGPT get_lr at known steps', () => {
  // nanoGPT shakespeare_char: lr 1e-3, min_lr 1e-4, warmup 100, lr_decay_iters 5000
  const lr = warmupCosine({ lr: 1e-3, minLr: 1e-4, warmupSteps: 100, decaySteps: 5000 });
  expect(lr(0)).toBeCloseTo(1e-3 / 101, 15);
  expect(lr(99)).toBeCloseTo(1e-3 * (100 / 101), 15);
  expect(lr(100)).toBeCloseTo(1e-3, 15); // cos(0): the peak
  expect(lr(2550)).toBeCloseTo(5.5e-4, 12); // half way: (lr + minLr) / 2
  expect(lr(5000)).toBeCloseTo(1e-4, 15);
  expect(lr(6000)).toBe(1e-4);
  const q = 100 + 4900 / 4;
  expect(lr(q)).toBeCloseTo(1e-4 + 0.5 * (1 + Math.cos(Math.PI / 4)) * 9e-4, 15);
  expect(() => warmupCosine({ lr: 1e-3, minLr: 2e-3, warmupSteps: 0, decaySteps: 10 })).toThrow(/minLr must be in \[0, lr=0.001\], got 0.002/);
  expect(() => warmupCosine({ lr: 1e-3, minLr: 0, warmupSteps: 20, decaySteps: 10 })).toThrow(/decaySteps/);
});

it('clipByGlobalNorm returns the global norm and scales as PyTorch', () => {
  const grads = new Map<string, tf.Tensor>([
    ['a', tf.tensor1d([3, 0])],
    ['b', tf.tensor2d([[0, 4]])],
  ]);
  const { grads: c, norm } = clipByGlobalNorm(grads, 1);
  expect(norm).toBeCloseTo(5, 6);
  const coef = 1 / (5 + 1e-6);
  expect(c.get('a')!.dataSync()[0]).toBeCloseTo(3 * coef, 6);
  expect(c.get('b')!.dataSync()[1]).toBeCloseTo(4 * coef, 6);
  const { grads: same, norm: n2 } = clipByGlobalNorm(grads, 10);
  expect(n2).toBeCloseTo(5, 6);
  expect(Array.from(same.get('a')!.dataSync())).toEqual([3, 0]);
  for (const m of [grads, c, same]) for (const t of m.values()) t.dispose();
  expect(() => clipByGlobalNorm(new Map(), 0)).toThrow(/maxNorm must be > 0/);
});

it('GradAccumulator averages micro-batch gradients and disposes what it takes', () => {
  const before = tf.memory().numTensors;
  const acc = new GradAccumulator();
  acc.add(new Map([['w', tf.tensor1d([1, 2])]]));
  acc.add(new Map([['w', tf.tensor1d([3, 6])]]));
  expect(acc.count).toBe(2);
  const mean = acc.take();
  expect(Array.from(mean.get('w')!.dataSync())).toEqual([2, 4]);
  mean.get('w')!.dispose();
  expect(acc.count).toBe(0);
  expect(() => acc.take()).toThrow(/no gradients/);
  expect(tf.memory().numTensors).toBe(before);
});
