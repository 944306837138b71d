import { ParamStore } from '@ftheta/core-model';
import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { AdamW } from './adamw';
import { shouldDecay } from './decay-groups';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

/** torch.optim.AdamW's formula in float64 JS, one parameter. */
function refAdamW(p: number[], grads: number[][], lrs: number[], o: { b1: number; b2: number; eps: number; wd: number }) {
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  p = [...p];
  grads.forEach((g, k) => {
    const t = k + 1;
    const lr = lrs[k];
    for (let i = 0; i < p.length; i++) {
      p[i] *= 1 - lr * o.wd;
      m[i] = o.b1 * m[i] + (1 - o.b1) * g[i];
      v[i] = o.b2 * v[i] + (1 - o.b2) * g[i] * g[i];
      const denom = Math.sqrt(v[i]) / Math.sqrt(1 - o.b2 ** t) + o.eps;
      p[i] -= (lr / (1 - o.b1 ** t)) * (m[i] / denom);
    }
  });
  return { p, m, v };
}

it('matches the PyTorch AdamW formula (JS float64 reference) over 5 steps, decay on matrices only', () => {
  const w0 = [0.5, -1.25, 2, 0.01, -0.3, 0.7];
  const b0 = [0.1, -0.2, 0.3];
  const store = new ParamStore([
    ['layer.weight', tf.tensor2d(w0, [2, 3])],
    ['layer.bias', tf.tensor1d(b0)],
  ]);
  const opt = new AdamW(store, { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1 });
  expect(opt.decayed).toEqual(['layer.weight']);
  const gw = [
    [0.3, -0.1, 0.05, 1.5, -2, 0],
    [0.2, 0.1, -0.05, 1, -1, 1e-4],
    [-0.4, 0.2, 0.5, 0.1, 0.3, -0.2],
    [1e-3, -1e-3, 2, -2, 0.5, 0.5],
    [0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
  ];
  const gb = gw.map((g) => g.slice(0, 3).map((x) => -x));
  const lrs = [1e-2, 3e-2, 2e-2, 1e-2, 5e-3];
  for (let k = 0; k < 5; k++) {
    const grads = new Map<string, tf.Tensor>([
      ['layer.weight', tf.tensor2d(gw[k], [2, 3])],
      ['layer.bias', tf.tensor1d(gb[k])],
    ]);
    opt.apply(grads, lrs[k]);
    for (const g of grads.values()) g.dispose();
  }
  const o = { b1: 0.9, b2: 0.99, eps: 1e-8 };
  const refW = refAdamW(w0, gw, lrs, { ...o, wd: 0.1 });
  const refB = refAdamW(b0, gb, lrs, { ...o, wd: 0 });
  const got = store.get('layer.weight').dataSync();
  for (const [i, x] of refW.p.entries()) expect(Math.abs(got[i] - x)).toBeLessThan(2e-6);
  for (const [i, x] of store.get('layer.bias').dataSync().entries()) expect(Math.abs(x - refB.p[i])).toBeLessThan(2e-6);
  const st = opt.state();
  expect(st.step).toBe(5);
  for (const [i, x] of st.m.get('layer.weight')!.data.entries()) expect(x).toBeCloseTo(refW.m[i], 6);
  for (const [i, x] of st.v.get('layer.weight')!.data.entries()) expect(x).toBeCloseTo(refW.v[i], 7);
  opt.dispose();
  store.dispose();
});

it('state() / restore() continue bit for bit', () => {
  const make = () => new ParamStore([['w.weight', tf.tensor2d([1, 2, 3, 4], [2, 2])]]);
  const g = (k: number) => new Map<string, tf.Tensor>([['w.weight', tf.tensor2d([k, -k, 0.5 * k, 0.1], [2, 2])]]);
  const step = (opt: AdamW, k: number) => {
    const gr = g(k);
    opt.apply(gr, 0.01);
    for (const t of gr.values()) t.dispose();
  };
  const a = make();
  const optA = new AdamW(a);
  for (let k = 1; k <= 4; k++) step(optA, k);

  const b = make();
  const optB = new AdamW(b);
  for (let k = 1; k <= 2; k++) step(optB, k);
  const saved = optB.state();
  const bValues = b.get('w.weight').dataSync().slice();
  optB.dispose();
  b.dispose();
  const c = new ParamStore([['w.weight', tf.tensor2d(bValues, [2, 2])]]);
  const optC = new AdamW(c);
  optC.restore(saved);
  for (let k = 3; k <= 4; k++) step(optC, k);
  expect(Array.from(c.get('w.weight').dataSync())).toEqual(Array.from(a.get('w.weight').dataSync()));
  for (const x of [optA, optC, a, c]) x.dispose();
});

it('validates options and gradients, naming them', () => {
  const store = new ParamStore([['w.weight', tf.zeros([2, 2])]]);
  expect(() => new AdamW(store, { beta1: 1 })).toThrow(/beta1 must be in \[0, 1\), got 1/);
  expect(() => new AdamW(store, { weightDecay: -1 })).toThrow(/weightDecay/);
  const opt = new AdamW(store);
  const bad = new Map<string, tf.Tensor>([['nope', tf.zeros([2])]]);
  expect(() => opt.apply(bad, 0.1)).toThrow(/unknown parameter "nope"/);
  expect(() => opt.apply(new Map(), Number.NaN)).toThrow(/lr must be/);
  expect(() => opt.restore({ step: 1, m: new Map(), v: new Map() })).toThrow(/m of parameter "w.weight" is missing/);
  bad.get('nope')!.dispose();
  opt.dispose();
  store.dispose();
});

it('decay groups: matrices decay; biases, norms, Mamba A_log / D and (optionally) embeddings do not', () => {
  expect(shouldDecay('backbone.layers.0.mixer.A_log', [128, 16])).toBe(false);
  expect(shouldDecay('backbone.layers.0.mixer.D', [128])).toBe(false);
  expect(shouldDecay('backbone.layers.0.mixer.x_proj.weight', [36, 128])).toBe(true);
  expect(shouldDecay('backbone.layers.0.mixer.dt_proj.weight', [128, 4])).toBe(true);
  expect(shouldDecay('transformer.h.0.attn.c_attn.weight', [4, 12])).toBe(true);
  expect(shouldDecay('transformer.h.0.attn.c_attn.bias', [12])).toBe(false);
  expect(shouldDecay('transformer.h.0.ln_1.weight', [4])).toBe(false);
  expect(shouldDecay('model.norm.weight', [4, 4])).toBe(false);
  expect(shouldDecay('transformer.wte.weight', [10, 4])).toBe(true);
  expect(shouldDecay('transformer.wte.weight', [10, 4], { decayEmbeddings: false })).toBe(false);
  expect(shouldDecay('transformer.wpe.weight', [10, 4], { decayEmbeddings: false })).toBe(false);
  expect(shouldDecay('x', [1], { decay: () => true })).toBe(true);
});
