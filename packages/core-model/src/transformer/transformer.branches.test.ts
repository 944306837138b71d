/** The linear-branch hook (TransformerOptions.linearBranches): default path untouched, y = x·W + b + branch(x). */
import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { ids2d } from '../../test/fixtures';
import { parseTransformerConfig } from '../config';
import { ParamStore } from '../contract';
import { initTransformer } from './init-transformer';
import type { LinearBranch } from './linear';
import { Transformer } from './transformer';

const CONFIG = parseTransformerConfig({ model_type: 'gpt2', vocab_size: 30, n_positions: 8, n_embd: 16, n_layer: 2, n_head: 2, mlp_type: 'swiglu' });
const TOKENS = [3, 11, 7, 29, 0, 5];

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

function logits(model: Transformer): Float32Array {
  const ids = ids2d(TOKENS);
  const out = model.forward(ids);
  const data = out.logits.dataSync().slice() as Float32Array;
  tf.dispose([ids, out.logits]);
  out.state.dispose();
  return data;
}
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
/** A view over `model`'s own variables (the view is never disposed: it would dispose them). */
const view = (model: Transformer, branches: Map<string, LinearBranch>) => new Transformer(model.config, new ParamStore([...model.params.entries()]), { linearBranches: branches });

it('a zero branch leaves the logits bit for bit; a linear branch x·D equals the weight W + D', () => {
  const model = initTransformer(CONFIG, { seed: 4 });
  const plain = logits(model);
  const before = tf.memory().numTensors;
  const zero: LinearBranch = (x) => tf.zeros([x.shape[0], 48]);
  expect(maxDiff(logits(view(model, new Map([['transformer.h.1.attn.c_attn', zero]]))), plain)).toBe(0);

  const module = 'transformer.h.0.mlp.c_gate';
  const d = tf.randomNormal(model.params.get(`${module}.weight`).shape as [number, number], 0, 0.05, 'float32', 7) as tf.Tensor2D;
  const withBranch = logits(view(model, new Map([[module, (x: tf.Tensor2D) => tf.matMul(x, d)]])));
  const entries = [...model.params.entries()].map(([n, v]): [string, tf.Tensor] => [n, n === `${module}.weight` ? tf.add(v, d) : tf.clone(v)]);
  const merged = new Transformer(CONFIG, new ParamStore(entries));
  const diff = maxDiff(withBranch, logits(merged));
  expect(diff).toBeLessThan(1e-5);
  expect(maxDiff(withBranch, plain)).toBeGreaterThan(1e-4);
  merged.dispose();
  d.dispose();
  expect(tf.memory().numTensors).toBe(before);
  model.dispose();
});

it('rejects a branch on a name that is not a linear layer, naming it', () => {
  const model = initTransformer(CONFIG, { seed: 1 });
  const f: LinearBranch = (x) => x;
  expect(() => view(model, new Map([['transformer.h.0.attn.q_proj', f]]))).toThrow(/linearBranches has "transformer.h.0.attn.q_proj", which is not a linear layer/);
  expect(() => view(model, new Map([['transformer.wte', f]]))).toThrow(/"transformer.wte"/);
  expect(() => view(model, new Map([['transformer.h.0.attn.c_proj', 3 as unknown as LinearBranch]]))).toThrow(/must be a function, got number/);
  model.dispose();
});
