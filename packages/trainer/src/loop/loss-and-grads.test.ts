/** lossAndGrads adds a model's own training term (ForwardResult.auxLoss) to the loss and its gradient. */
import { initBackend } from '@ftheta/backend';
import type { CausalLM } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { crossEntropy } from '../loss';
import { createDataParallel } from '../parallel/data-parallel';
import { lossAndGrads } from './loss-and-grads';
import { sources, tinyModel } from './tiny-run.testing';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu', onWarning: () => {} });
});

/** `model` with forward returning auxLoss = c · Σ wte² (a regulariser on one parameter). */
function withAux(model: ReturnType<typeof tinyModel>, c: number): ReturnType<typeof tinyModel> {
  const forward = model.forward.bind(model);
  model.forward = (ids, state) => ({ ...forward(ids, state), auxLoss: tf.mul(c, tf.sum(tf.square(model.params.get('transformer.wte.weight')))) as tf.Scalar });
  return model;
}

it('adds auxLoss to the loss and its gradient, and reports it; nothing leaks', () => {
  const batch = sources(4, 8).train.next();
  const start = tf.memory().numTensors;
  const plain = tinyModel(2);
  const a = lossAndGrads(plain, batch, crossEntropy);
  const c = 0.01;
  const model = withAux(tinyModel(2), c);
  const b = lossAndGrads(model, batch, crossEntropy);
  const wte = model.params.get('transformer.wte.weight');
  const sq = tf.tidy(() => tf.sum(tf.square(wte)).dataSync()[0]!);
  expect(b.auxLoss).toBeCloseTo(c * sq, 5);
  expect(a.auxLoss).toBeUndefined();
  expect(b.loss).toBeCloseTo(a.loss + c * sq, 5);
  // d/dw (c·Σw²) = 2c·w on wte; every other gradient is the plain one.
  const want = tf.tidy(() => tf.add(a.grads.get('transformer.wte.weight')!, tf.mul(2 * c, wte)).dataSync());
  const got = b.grads.get('transformer.wte.weight')!.dataSync();
  expect(Math.max(...Array.from(got, (g, i) => Math.abs(g - want[i]!)))).toBeLessThan(1e-6);
  expect(Array.from(b.grads.get('transformer.h.0.mlp.c_fc.weight')!.dataSync())).toEqual(Array.from(a.grads.get('transformer.h.0.mlp.c_fc.weight')!.dataSync()));
  for (const g of [a, b]) tf.dispose([...g.grads.values()]);
  model.dispose();
  plain.dispose();
  expect(tf.memory().numTensors).toBe(start);
});

it('data-parallel refuses a model with its own training term (a worker replica would leave it out)', async () => {
  const engine = createDataParallel({ threads: 2 });
  const model: CausalLM = withAux(tinyModel(3), 0.5);
  try {
    await expect(engine.compute(model, sources(4, 8).train.next(), crossEntropy)).rejects.toThrow(/adds its own term to the training loss \(auxLoss [0-9.]+, e.g. MambaModel's stepPenalty\).*threads: 1/);
  } finally {
    await engine.dispose();
    model.dispose();
  }
});
