import { initBackend } from '@ftheta/backend';
import { ParamStore, Transformer } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { crossEntropy } from '../loss';
import { lossAndGrads } from '../loop/loss-and-grads';
import { sources, TINY_CONFIG, tinyModel } from '../loop/tiny-run.testing';
import { train } from '../loop/train';
import { createLora, loraAName, loraBName, LoraModel, mergeLora } from '.';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

const snapshot = (store: ParamStore) => new Map([...store.entries()].map(([n, v]) => [n, v.dataSync().slice() as Float32Array]));
const ids = () => tf.tensor2d([[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]], [2, 6], 'int32');
function logitsOf(model: { forward(ids: tf.Tensor2D): { logits: tf.Tensor3D; state: { dispose(): void } } }): Float32Array {
  const x = ids();
  const out = model.forward(x);
  const data = out.logits.dataSync().slice() as Float32Array;
  tf.dispose([x, out.logits]);
  out.state.dispose();
  return data;
}
const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

/** Gives every lora_B a seeded nonzero value so the adapter changes the model. */
function perturbB(lora: LoraModel, seed = 3): void {
  let s = seed;
  for (const t of lora.targets) {
    const b = lora.params.get(loraBName(t.module));
    const v = new Float32Array(b.size).map(() => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return (s / 2147483648 - 0.5) * 0.2;
    });
    tf.tidy(() => b.assign(tf.tensor(v, b.shape)));
  }
}

it('a fresh adapter is the base model exactly (lora_B = 0)', () => {
  const base = tinyModel();
  const lora = createLora(base, { r: 4, alpha: 8, targetModules: ['c_attn', 'c_proj', 'c_fc'] });
  expect(lora.targets.map((t) => t.module)).toEqual([
    'transformer.h.0.attn.c_attn', 'transformer.h.0.attn.c_proj', 'transformer.h.0.mlp.c_fc', 'transformer.h.0.mlp.c_proj',
    'transformer.h.1.attn.c_attn', 'transformer.h.1.attn.c_proj', 'transformer.h.1.mlp.c_fc', 'transformer.h.1.mlp.c_proj',
  ]);
  expect(lora.params.get(loraAName('transformer.h.0.attn.c_attn')).shape).toEqual([4, 16]);
  expect(lora.params.get(loraBName('transformer.h.0.attn.c_attn')).shape).toEqual([48, 4]);
  const bound = 1 / Math.sqrt(16);
  const a = lora.params.get(loraAName('transformer.h.0.attn.c_attn')).dataSync();
  expect(Math.max(...a.map(Math.abs))).toBeLessThanOrEqual(bound);
  expect(maxAbsDiff(logitsOf(lora), logitsOf(base))).toBe(0);
  lora.dispose();
  base.dispose();
});

it('gradients of A and B equal the chain rule through the merged weight', () => {
  const base = tinyModel();
  const lora = createLora(base, { r: 2, alpha: 4, targetModules: ['c_fc'], seed: 5 });
  perturbB(lora);
  const batch = sources().train.next();
  const g = lossAndGrads(lora, batch, crossEntropy);
  expect([...g.grads.keys()].sort()).toEqual([...lora.params.names].sort());
  // Reference: a Transformer holding W' itself; dL/dW' = G, dL/dA = s·(G·B)ᵀ, dL/dB = s·(A·G)ᵀ.
  const merged = mergeLora(lora);
  const ref = lossAndGrads(merged, batch, crossEntropy);
  expect(Math.abs(g.loss - ref.loss)).toBeLessThan(1e-6);
  for (const t of lora.targets) {
    const G = ref.grads.get(`${t.module}.weight`)!;
    const A = lora.params.get(loraAName(t.module));
    const B = lora.params.get(loraBName(t.module));
    const dA = tf.tidy(() => tf.mul(tf.transpose(tf.matMul(G, B)), lora.scaling));
    const dB = tf.tidy(() => tf.mul(tf.transpose(tf.matMul(A, G)), lora.scaling));
    expect(maxAbsDiff(g.grads.get(loraAName(t.module))!.dataSync() as Float32Array, dA.dataSync() as Float32Array)).toBeLessThan(1e-6);
    expect(maxAbsDiff(g.grads.get(loraBName(t.module))!.dataSync() as Float32Array, dB.dataSync() as Float32Array)).toBeLessThan(1e-6);
    tf.dispose([dA, dB]);
  }
  tf.dispose([...g.grads.values(), ...ref.grads.values()]);
  merged.dispose();
  lora.dispose();
  base.dispose();
});

it('train() on a LoRA model changes only the adapter: the base is unchanged bit for bit; merged = LoRA logits', async () => {
  const base = tinyModel();
  const before = snapshot(base.params);
  const lora = createLora(base, { r: 4, alpha: 8, targetModules: ['c_attn', 'c_proj', 'c_fc'], seed: 1 });
  const adapterBefore = snapshot(lora.params);
  const tensorsBefore = tf.memory().numTensors;
  const result = await train({ model: lora, ...sources(), steps: 6, lr: 1e-2 });
  expect(result.reason).toBe('done');
  expect(result.history.at(-1)!.loss).toBeLessThan(result.history[0]!.loss);
  expect(tf.memory().numTensors).toBe(tensorsBefore);
  const after = snapshot(base.params);
  for (const [name, data] of before) expect(Buffer.from(after.get(name)!.buffer).equals(Buffer.from(data.buffer)), name).toBe(true);
  let changed = 0;
  for (const [name, data] of snapshot(lora.params)) if (maxAbsDiff(data, adapterBefore.get(name)!) > 0) changed++;
  expect(changed).toBe(lora.params.size);

  const merged = mergeLora(lora);
  const diff = maxAbsDiff(logitsOf(merged), logitsOf(lora));
  console.log(`max |merged − LoRA| logits: ${diff}`);
  expect(diff).toBeLessThan(1e-5);
  expect(maxAbsDiff(logitsOf(merged), logitsOf(base))).toBeGreaterThan(1e-3);
  merged.dispose();
  lora.dispose();
  base.dispose();
});

it('KV-cache decoding through the LoRA model equals the full forward', () => {
  const base = tinyModel();
  const lora = createLora(base, { r: 2, targetModules: ['c_attn'] });
  perturbB(lora);
  const x = ids();
  const full = lora.forward(x);
  const first = lora.forward(tf.slice(x, [0, 0], [2, 4]) as tf.Tensor2D);
  const rest = lora.forward(tf.slice(x, [0, 4], [2, 2]) as tf.Tensor2D, first.state);
  const a = tf.tidy(() => tf.slice(full.logits, [0, 4, 0], [2, 2, -1])).dataSync() as Float32Array;
  expect(maxAbsDiff(a, rest.logits.dataSync() as Float32Array)).toBeLessThan(1e-5);
  for (const o of [full, first, rest]) {
    o.logits.dispose();
    o.state.dispose();
  }
  x.dispose();
  lora.dispose();
  base.dispose();
});

it('rejects bad options, naming the value', () => {
  const base = tinyModel();
  expect(() => createLora(base, { targetModules: ['q_proj'] })).toThrow(/target module "q_proj" matches no linear layer.*available: c_attn, c_proj, c_fc/);
  expect(() => createLora(base, { targetModules: 'transformer\\.h\\.9\\..*' })).toThrow(/matches no module/);
  expect(() => createLora(base, { targetModules: ['wte'] })).toThrow(/"wte"/);
  expect(() => createLora(base, { r: 0 })).toThrow(/r must be a positive integer, got 0/);
  expect(() => createLora(base, { r: -2 })).toThrow(/got -2/);
  expect(() => createLora(base, { r: 1.5 })).toThrow(/got 1.5/);
  expect(() => createLora(base, { alpha: 0 })).toThrow(/alpha must be a finite number > 0, got 0/);
  expect(() => createLora(base, { dropout: -0.1 })).toThrow(/dropout must be in \[0, 1\), got -0.1/);
  expect(() => createLora(base, { dropoutSeed: 0.5 })).toThrow(/dropoutSeed must be an integer, got 0.5/);
  expect(() => createLora(base, { dropout: 1 })).toThrow(/dropout must be in \[0, 1\), got 1/);
  expect(() => createLora(base, { targetModules: [] })).toThrow(/non-empty list/);
  expect(() => createLora(base, { init: 'zeros' as never })).toThrow(/init "zeros"/);
  // A regular expression selects by full name, as PEFT does.
  const l = createLora(base, { targetModules: 'transformer\\.h\\.1\\.mlp\\.c_(fc|proj)' });
  expect(l.targets.map((t) => t.module)).toEqual(['transformer.h.1.mlp.c_fc', 'transformer.h.1.mlp.c_proj']);
  l.dispose();
  expect(() => new LoraModel(base, { ...l.lora }, new ParamStore())).toThrow(/adapter tensor "transformer.h.1.mlp.c_fc.lora_A.weight" \[8,16\] is missing/);
  base.dispose();
});

it('the base config is untouched and the tiny model is what the tests think it is', () => {
  expect(TINY_CONFIG.n_layer).toBe(2);
  expect(Transformer).toBeDefined();
});
