import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { parameterShapes, parseTransformerConfig } from '../config';
import { transformerFromWeights, type WeightArray } from './from-weights';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

const cfg = parseTransformerConfig({ model_type: 'gpt2', vocab_size: 10, n_positions: 4, n_embd: 4, n_layer: 1, n_head: 1 });
const weights = () => {
  const m = new Map<string, WeightArray>();
  for (const { name, shape } of parameterShapes(cfg)) {
    const n = shape.reduce((a, b) => a * b, 1);
    m.set(name, { shape, data: Float32Array.from({ length: n }, (_, i) => Math.sin(i + name.length)) });
  }
  return m;
};

it('skips mask buffers, drops a tied head equal to wte, and unties a head that differs', () => {
  const before = tf.memory().numTensors;
  const w = weights();
  w.set('transformer.h.0.attn.bias', { shape: [1, 1, 4, 4], data: new Float32Array(16) });
  w.set('lm_head.weight', w.get('transformer.wte.weight')!);
  const tied = transformerFromWeights(cfg, w);
  expect(tied.config.tie_word_embeddings).toBe(true);
  expect(tied.params.has('lm_head.weight')).toBe(false);
  tied.dispose();
  w.set('lm_head.weight', { shape: [10, 4], data: new Float32Array(40).fill(0.5) });
  const untied = transformerFromWeights(cfg, w);
  expect(untied.config.tie_word_embeddings).toBe(false);
  expect(untied.params.has('lm_head.weight')).toBe(true);
  untied.dispose();
  const bad = weights();
  bad.set('transformer.h.0.mlp.c_gate.weight', { shape: [4, 16], data: new Float32Array(64) });
  expect(() => transformerFromWeights(cfg, bad)).toThrow('unexpected weight "transformer.h.0.mlp.c_gate.weight"');
  const short = weights();
  short.delete('transformer.ln_f.bias');
  expect(() => transformerFromWeights(cfg, short)).toThrow('parameter "transformer.ln_f.bias" [4] is missing');
  expect(tf.memory().numTensors).toBe(before);
});
