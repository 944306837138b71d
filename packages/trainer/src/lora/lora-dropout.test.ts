import { initBackend } from '@ftheta/backend';
import { type ParamStore, toParamStore } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { crossEntropy } from '../loss';
import { lossAndGrads } from '../loop/loss-and-grads';
import { sources, tinyModel } from '../loop/tiny-run.testing';
import { train } from '../loop/train';
import type { TrainingSnapshot } from '../loop/train-options';
import { parseTrainingState, serializeTrainingState } from '../loop/training-state';
import { createLora, loraBName, loraBranch, LoraModel, type LoraModel as Lora } from '.';
import { deriveSeed } from '../seeded-random';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

const snapshot = (store: ParamStore) => new Map([...store.entries()].map(([n, v]) => [n, v.dataSync().slice() as Float32Array]));
const sameBits = (a: Float32Array, b: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
const ids = () => tf.tensor2d([[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]], [2, 6], 'int32');
function logitsOf(model: Lora, options?: { dropoutSeed?: number }): Float32Array {
  const x = ids();
  const out = model.forward(x, undefined, options);
  const data = out.logits.dataSync().slice() as Float32Array;
  tf.dispose([x, out.logits]);
  out.state.dispose();
  return data;
}
/** Gives every lora_B a seeded nonzero value so the adapter changes the model. */
function perturbB(lora: Lora, seed = 3): void {
  let s = seed;
  for (const t of lora.targets) {
    const b = lora.params.get(loraBName(t.module));
    const v = new Float32Array(b.size).map(() => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return (s / 2147483648 - 0.5) * 0.4;
    });
    tf.tidy(() => b.assign(tf.tensor(v, b.shape)));
  }
}
const TARGETS = ['c_attn', 'c_proj', 'c_fc'];

it('training mode with dropout changes the output, reproducibly per seed; eval mode and dropout 0 are today’s merged forward bit for bit', () => {
  const base = tinyModel();
  const start = tf.memory().numTensors;
  const lora = createLora(base, { r: 4, alpha: 8, targetModules: TARGETS, dropout: 0.3, seed: 2 });
  const plain = createLora(base, { r: 4, alpha: 8, targetModules: TARGETS, seed: 2 }); // same A, dropout 0
  perturbB(lora);
  perturbB(plain);
  const evalOut = logitsOf(lora);
  expect(lora.training).toBe(false);
  expect(sameBits(evalOut, logitsOf(plain))).toBe(true); // eval mode ignores dropout
  plain.train();
  expect(sameBits(logitsOf(plain), evalOut)).toBe(true); // dropout 0: training mode is the merged path
  expect(plain.dropoutStep).toBe(0);

  lora.train();
  const t0 = logitsOf(lora);
  const t1 = logitsOf(lora);
  expect(lora.dropoutStep).toBe(2);
  expect(maxAbsDiff(t0, evalOut)).toBeGreaterThan(1e-3); // dropout changes the forward
  expect(maxAbsDiff(t0, t1)).toBeGreaterThan(1e-3); // a new mask each step
  lora.setTrainingStep(0); // what train() does before each training micro-batch
  expect(sameBits(logitsOf(lora), t0)).toBe(true); // same step, same masks
  expect(sameBits(logitsOf(lora, { dropoutSeed: deriveSeed(2, 1) }), t1)).toBe(true); // explicit seed
  expect(lora.dropoutStep).toBe(1);
  const other = createLora(base, { r: 4, alpha: 8, targetModules: TARGETS, dropout: 0.3, seed: 2, dropoutSeed: 99 }).train();
  perturbB(other);
  expect(maxAbsDiff(logitsOf(other), t0)).toBeGreaterThan(1e-3); // another dropout seed, other masks
  other.dispose();
  expect(() => lora.setTrainingStep(-1)).toThrow('LoraModel.setTrainingStep: index must be an integer ≥ 0 or null, got -1');
  lora.setTrainingStep(null);
  expect(lora.training).toBe(false);
  expect(sameBits(logitsOf(lora.eval()), evalOut)).toBe(true);
  lora.dispose();
  plain.dispose();
  expect(tf.memory().numTensors).toBe(start);
  base.dispose();
});

it('the branch path (training, dropout > 0) computes the same function as the merged one when nothing is dropped', () => {
  const base = tinyModel();
  const lora = createLora(base, { r: 2, alpha: 4, targetModules: TARGETS, dropout: 1e-9, seed: 4 });
  perturbB(lora);
  const merged = logitsOf(lora);
  const branch = logitsOf(lora.train());
  const diff = maxAbsDiff(merged, branch);
  expect(diff).toBeLessThan(1e-5);
  lora.dispose();
  base.dispose();
});

it('loraBranch: inverted dropout (kept inputs × 1/(1−p)) whose mean over many masks is the no-dropout output', () => {
  const start = tf.memory().numTensors;
  const x = tf.randomNormal([6, 10], 0, 1, 'float32', 1) as tf.Tensor2D;
  const a = tf.randomNormal([3, 10], 0, 0.5, 'float32', 2) as tf.Tensor2D;
  const b = tf.randomNormal([5, 3], 0, 0.5, 'float32', 3) as tf.Tensor2D;
  const p = 0.25;
  const s = 2;
  const exact = loraBranch(x, a, b, s, 0, 0);
  const ref = tf.tidy(() => tf.mul(tf.matMul(tf.matMul(x, a, false, true), b, false, true), s));
  expect(maxAbsDiff(exact.dataSync() as Float32Array, ref.dataSync() as Float32Array)).toBeLessThan(1e-5);
  // The mask: with A = I (in = r = 10) and B = I, s = 1, the branch is dropout(x) itself.
  const eye = tf.eye(10) as tf.Tensor2D;
  const masked = loraBranch(x, eye, eye, 1, p, 123);
  const d = masked.dataSync();
  const xs = x.dataSync();
  let dropped = 0;
  d.forEach((v, i) => {
    if (v === 0) dropped++;
    else expect(Math.abs(v - xs[i]! / (1 - p))).toBeLessThan(1e-5);
  });
  expect(dropped).toBeGreaterThan(0);
  expect(dropped).toBeLessThan(xs.length);
  // E[branch] = branch without dropout: the mean over 2000 masks is within a few standard errors.
  const n = 2000;
  const sum = tf.tidy(() => {
    let acc = tf.zerosLike(exact);
    for (let k = 0; k < n; k++) acc = tf.tidy(() => tf.add(acc, loraBranch(x, a, b, s, p, deriveSeed(7, k))));
    return tf.div(acc, n);
  });
  const err = maxAbsDiff(sum.dataSync() as Float32Array, exact.dataSync() as Float32Array);
  const scale = Math.max(...Array.from(exact.dataSync(), Math.abs));
  expect(err).toBeLessThan(0.03 * scale);
  expect(() => loraBranch(x, a, b, s, 1, 0)).toThrow(/dropout p must be in \[0, 1\), got 1/);
  tf.dispose([x, a, b, exact, ref, eye, masked, sum]);
  expect(tf.memory().numTensors).toBe(start);
});

it('with dropout, gradients reach only A and B; train() leaves the base bit for bit and resumes exactly (masks in the saved state)', async () => {
  const base = tinyModel();
  const before = snapshot(base.params);
  const opts = { r: 4, alpha: 8, targetModules: TARGETS, dropout: 0.2, seed: 1 };
  const lora = createLora(base, opts).train();
  perturbB(lora);
  const g = lossAndGrads(lora, sources().train.next(), crossEntropy);
  expect([...g.grads.keys()].sort()).toEqual([...lora.params.names].sort());
  tf.dispose([...g.grads.values()]);
  lora.dispose();

  const common = { steps: 6, lr: 1e-2, evalEvery: 2, evalBatches: 2 };
  const run = async (steps: number, resume?: TrainingSnapshot) => {
    const l = resume ? new LoraModel(base, createLora(base, opts).lora, toParamStore(resume.params), { dropoutSeed: 1 }) : createLora(base, opts);
    const tensors = tf.memory().numTensors;
    let last: TrainingSnapshot | undefined;
    const state = resume && (({ json, optimizer }) => parseTrainingState(json, optimizer))(serializeTrainingState(resume.state));
    const r = await train({
      model: l,
      ...sources(),
      ...common,
      resume: state,
      checkpoint: {
        every: 100,
        save: (s) => {
          last = s;
        },
      },
      signal: AbortSignal.timeout(60_000),
    });
    expect(l.training).toBe(false); // train() leaves the model in inference mode
    expect(l.dropoutStep).toBe(steps); // one micro-batch per step: the last forward was index steps − 1
    expect(tf.memory().numTensors).toBe(tensors);
    return { r, l, last: last! };
  };
  const full = await run(6);
  const adapter = snapshot(full.l.params);
  // Bit-for-bit resume: 3 steps, then 3 more from the snapshot of step 3.
  const partial = await (async () => {
    const l = createLora(base, opts);
    let snap: TrainingSnapshot | undefined;
    const controller = new AbortController();
    const r = await train({
      model: l,
      ...sources(),
      ...common,
      signal: controller.signal,
      checkpoint: {
        every: 100,
        save: (s) => {
          snap = s;
        },
      },
      callbacks: { onStep: (info) => void (info.step === 3 && controller.abort()) },
    });
    l.dispose();
    return { r, snap: snap! };
  })();
  expect(partial.r.reason).toBe('aborted');
  const rest = await run(6, partial.snap);
  const losses = [...partial.r.history, ...rest.r.history].map((s) => s.loss);
  expect(losses).toEqual(full.r.history.map((s) => s.loss));
  for (const [name, data] of snapshot(rest.l.params)) expect(sameBits(data, adapter.get(name)!), name).toBe(true);
  const after = snapshot(base.params);
  for (const [name, data] of before) expect(sameBits(after.get(name)!, data), name).toBe(true);
  full.l.dispose();
  rest.l.dispose();
  base.dispose();
});
