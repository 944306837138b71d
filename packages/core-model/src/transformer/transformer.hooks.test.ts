/** Forward hooks (TransformerOptions.hooks): read and replace activations inside one forward pass. */
import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { ids2d } from '../../test/fixtures';
import { parseTransformerConfig } from '../config';
import type { TransformerHooks } from './hooks';
import { initTransformer } from './init-transformer';
import type { Transformer } from './transformer';

const CONFIG = parseTransformerConfig({ model_type: 'gpt2', vocab_size: 30, n_positions: 8, n_embd: 16, n_layer: 2, n_head: 2 });
const TOKENS = [3, 11, 7, 29, 0, 5];

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

function logits(model: Transformer, hooks?: TransformerHooks): Float32Array {
  const ids = ids2d(TOKENS);
  const out = model.forward(ids, undefined, { hooks });
  const data = out.logits.dataSync().slice() as Float32Array;
  tf.dispose([ids, out.logits]);
  out.state.dispose();
  return data;
}
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

it('hooks that return nothing leave the logits bit for bit, and see every activation with its shape', () => {
  const model = initTransformer(CONFIG, { seed: 4 });
  const plain = logits(model);
  const before = tf.memory().numTensors;
  const seen: string[] = [];
  const hooks: TransformerHooks = {
    embed: (x) => void seen.push(`embed [${x.shape}]`),
    attn: (l, y) => void seen.push(`attn ${l} [${y.shape}]`),
    mlpKey: (l, k) => void seen.push(`mlpKey ${l} [${k.shape}]`),
    mlp: (l, y) => void seen.push(`mlp ${l} [${y.shape}]`),
    block: (l, x) => void seen.push(`block ${l} [${x.shape}]`),
  };
  expect(maxDiff(logits(model, hooks), plain)).toBe(0);
  expect(seen).toEqual(['embed [6,16]', 'attn 0 [6,16]', 'mlpKey 0 [6,64]', 'mlp 0 [6,16]', 'block 0 [6,16]', 'attn 1 [6,16]', 'mlpKey 1 [6,64]', 'mlp 1 [6,16]', 'block 1 [6,16]']);
  expect(tf.memory().numTensors).toBe(before);
  model.dispose();
});

it('the last block hook sees the residual stream the head reads; replacing it changes the logits; a wrong shape is named', () => {
  const model = initTransformer(CONFIG, { seed: 5 });
  let last: tf.Tensor2D | undefined;
  const plain = logits(model, {
    block: (l, x) => {
      if (l === 1) last = tf.keep(tf.clone(x));
    },
  });
  // logits = ln_f(h_last) · wteᵀ: recompute from the kept hidden state.
  const manual = tf.tidy(() => {
    const g = model.params.get('transformer.ln_f.weight');
    const b = model.params.get('transformer.ln_f.bias');
    const m = tf.moments(last!, 1, true);
    const n = tf.add(tf.mul(tf.div(tf.sub(last!, m.mean), tf.sqrt(tf.add(m.variance, CONFIG.layer_norm_epsilon))), g), b);
    return tf.matMul(n, model.params.get('transformer.wte.weight'), false, true).dataSync() as Float32Array;
  });
  expect(maxDiff(manual, plain)).toBeLessThan(1e-4);
  const zeroed = logits(model, { block: (l, x) => (l === 0 ? tf.zerosLike(x) : undefined) });
  expect(maxDiff(zeroed, plain)).toBeGreaterThan(1e-3);
  expect(() => logits(model, { mlp: () => tf.zeros([2, 2]) })).toThrow(/mlp\(0\) returned shape \[2,2\], expected \[6,16\]/);
  last!.dispose();
  model.dispose();
});

it('an MLP-key hook that adds Δ equals adding Δ·W_proj to the MLP output, and gradients flow through a hook', () => {
  const model = initTransformer(CONFIG, { seed: 6 });
  const W = model.params.get('transformer.h.0.mlp.c_proj.weight') as tf.Tensor2D; // [64,16]
  const delta = tf.randomNormal([6, 64], 0, 0.1, 'float32', 3) as tf.Tensor2D;
  const viaKey = logits(model, { mlpKey: (l, k) => (l === 0 ? tf.add(k, delta) : undefined) });
  const viaOut = logits(model, { mlp: (l, y) => (l === 0 ? tf.add(y, tf.matMul(delta, W)) : undefined) });
  expect(maxDiff(viaKey, viaOut)).toBeLessThan(1e-5);

  const before = tf.memory().numTensors;
  const zeros = tf.zeros([16]);
  const v = tf.variable(zeros);
  const ids = ids2d(TOKENS);
  const { value, grads } = tf.variableGrads(() => {
    const out = model.forward(ids, undefined, { hooks: { mlp: (l, y) => (l === 1 ? tf.add(y, v) : undefined) } });
    out.state.dispose();
    return tf.sum(tf.slice(out.logits, [0, 5, 2], [1, 1, 1])) as tf.Scalar;
  }, [v]);
  const g = grads[v.name]!.dataSync();
  expect(Math.max(...Array.from(g, Math.abs))).toBeGreaterThan(1e-4);
  tf.dispose([value, ids, v, zeros, ...Object.values(grads)]);
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose(delta);
  model.dispose();
});
