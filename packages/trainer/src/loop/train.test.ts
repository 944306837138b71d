import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { crossEntropy } from '../loss';
import { GradAccumulator, warmupCosine } from '../optim';
import { lossAndGrads } from './loss-and-grads';
import { loadTrainingCheckpoint, saveTrainingCheckpoint } from './node-files';
import { modelFromParams, sources, tinyModel } from './tiny-run.testing';
import { train } from './train';
import type { StepInfo, TrainOptions } from './train-options';

let dir: string;
beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
  dir = await mkdtemp(path.join(tmpdir(), 'ftheta-trainer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const schedule = warmupCosine({ lr: 1e-2, minLr: 1e-3, warmupSteps: 2, decaySteps: 8 });
const common = { steps: 8, lr: schedule, accumulate: 2, clipNorm: 0.5, evalEvery: 2, evalBatches: 2 } satisfies Partial<TrainOptions>;
const paramsOf = (m: { params: { entries(): IterableIterator<[string, tf.Variable]> } }) =>
  new Map([...m.params.entries()].map(([n, v]) => [n, Array.from(v.dataSync())]));

it('N steps, abort, resume, M steps equals N+M uninterrupted steps bit for bit (cpu)', async () => {
  const a = tinyModel();
  const ra = await train({ model: a, ...sources(), ...common });
  expect(ra.reason).toBe('done');
  expect(ra.history).toHaveLength(8);
  expect(ra.history.at(-1)!.loss).toBeLessThan(ra.history[0].loss);

  const ckDir = path.join(dir, 'resume');
  const controller = new AbortController();
  const b = tinyModel();
  const saved: number[] = [];
  const rb = await train({
    model: b,
    ...sources(),
    ...common,
    signal: controller.signal,
    checkpoint: { every: 100, save: (s) => saveTrainingCheckpoint(ckDir, s) },
    callbacks: {
      onStep: ({ step }) => {
        if (step === 3) controller.abort();
      },
      onCheckpoint: ({ step }) => {
        saved.push(step);
      },
    },
  });
  expect(rb.reason).toBe('aborted');
  expect(rb.step).toBe(3);
  b.dispose();

  const loaded = await loadTrainingCheckpoint(ckDir);
  expect(loaded.state.step).toBe(3);
  const c = modelFromParams(loaded.params);
  const rc = await train({ model: c, ...sources(), ...common, resume: loaded.state });
  expect(rc.reason).toBe('done');
  const losses = (h: StepInfo[]) => h.map((s) => [s.step, s.loss, s.lr, s.gradNorm]);
  expect([...losses(rb.history), ...losses(rc.history)]).toEqual(losses(ra.history));
  expect([...rb.evals, ...rc.evals]).toEqual(ra.evals);
  expect(rc.bestValLoss).toBe(ra.bestValLoss);
  expect(paramsOf(c)).toEqual(paramsOf(a)); // bit for bit: exact float equality of every value
  expect(saved).toContain(2); // step 2's eval was the first best
  expect((await readdir(ckDir)).sort()).toEqual(['best', 'last']);
  a.dispose();
  c.dispose();
});

it('a NaN loss stops with a message naming the step and keeps the last good checkpoint', async () => {
  const ckDir = path.join(dir, 'nan');
  const m = tinyModel();
  let calls = 0;
  const r = await train({
    model: m,
    ...sources(),
    steps: 10,
    lr: 1e-2,
    lossFn: (logits, targets, mask) => {
      calls++;
      const l = crossEntropy(logits, targets, mask);
      if (calls !== 3) return l;
      const nan = tf.mul(l, tf.scalar(Number.NaN)) as tf.Scalar;
      return nan;
    },
    checkpoint: { every: 2, save: (s) => saveTrainingCheckpoint(ckDir, s) },
  });
  expect(r.reason).toBe('non-finite-loss');
  expect(r.step).toBe(2);
  expect(r.message).toMatch(/step 3: training loss is NaN/);
  expect(r.message).toMatch(/last checkpoint \(step 2\)/);
  const loaded = await loadTrainingCheckpoint(ckDir);
  expect(loaded.state.step).toBe(2);
  // θ in memory was not touched by the bad step: it equals the checkpoint.
  for (const [name, v] of m.params.entries()) expect(Array.from(v.dataSync())).toEqual(Array.from(loaded.params.get(name)!.data));
  m.dispose();
});

it('gradient accumulation: 2 half-batches average to the gradient of 1 full batch', () => {
  const m = tinyModel();
  const full = sources(4, 8).train.next();
  const half = (r0: number) => ({
    inputs: full.inputs.slice(r0 * 8, (r0 + 2) * 8),
    targets: full.targets.slice(r0 * 8, (r0 + 2) * 8),
    mask: null,
    batchSize: 2,
    seqLen: 8,
  });
  const ref = lossAndGrads(m, full, crossEntropy);
  const acc = new GradAccumulator();
  const h0 = lossAndGrads(m, half(0), crossEntropy);
  const h1 = lossAndGrads(m, half(2), crossEntropy);
  acc.add(h0.grads);
  acc.add(h1.grads);
  const mean = acc.take();
  expect((h0.loss + h1.loss) / 2).toBeCloseTo(ref.loss, 5);
  for (const [name, g] of ref.grads) {
    const a = g.dataSync();
    const b = mean.get(name)!.dataSync();
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-6 + 1e-4 * Math.abs(a[i]));
  }
  tf.dispose([...ref.grads.values(), ...mean.values()]);
  m.dispose();
});

it('tensor count stays flat over 50 steps (with eval)', async () => {
  const m = tinyModel();
  const counts: number[] = [];
  const before = tf.memory().numTensors;
  await train({
    model: m,
    ...sources(2, 8),
    steps: 50,
    lr: 1e-3,
    evalEvery: 10,
    evalBatches: 1,
    callbacks: { onStep: () => void counts.push(tf.memory().numTensors) },
  });
  expect(counts.length).toBe(50);
  expect(new Set(counts.slice(1)).size).toBe(1);
  expect(tf.memory().numTensors).toBe(before);
  m.dispose();
});

it('validates options, naming them', async () => {
  const m = tinyModel();
  const s = sources();
  await expect(train({ model: m, ...s, steps: 0, lr: 1 })).rejects.toThrow(/steps must be a positive integer, got 0/);
  await expect(train({ model: m, train: s.train, steps: 1, lr: 1, evalEvery: 5 })).rejects.toThrow(/evalEvery is 5 but no val/);
  await expect(train({ model: m, ...s, steps: 1, lr: 1, clipNorm: 0 })).rejects.toThrow(/clipNorm must be > 0/);
  await expect(train({ model: m, ...s, steps: 1, lr: 1, accumulate: 1.5 })).rejects.toThrow(/accumulate must be a positive integer/);
  const gradients = { dispose() {} } as unknown as TrainOptions['gradients'];
  await expect(train({ model: m, ...s, steps: 1, lr: 1, gradients })).rejects.toThrow(/gradients.compute must be a function \(a GradientEngine\), got undefined/);
  m.dispose();
});

it('a NaN gradient with a finite loss also stops before the update', async () => {
  const m = tinyModel();
  const before = paramsOf(m);
  const nanGrad = tf.customGrad(((x: tf.Tensor) => ({ value: tf.mul(x, tf.scalar(1)), gradFunc: (dy: tf.Tensor) => tf.mul(dy, tf.scalar(Number.NaN)) })) as unknown as Parameters<typeof tf.customGrad>[0]);
  const r = await train({ model: m, ...sources(), steps: 3, lr: 1e-2, lossFn: (l, t, k) => nanGrad(crossEntropy(l, t, k)) as tf.Scalar });
  expect(r.reason).toBe('non-finite-loss');
  expect(r.message).toMatch(/step 1: gradient norm is NaN/);
  expect(paramsOf(m)).toEqual(before);
  m.dispose();
});
