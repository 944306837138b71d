/** lossAndGrads adds a model's own training term (ForwardResult.auxLoss) to the loss and its gradient. */
import { initBackend } from '@ftheta/backend';
import type { CausalLM } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { crossEntropy } from '../loss';
import { createDataParallel } from '../parallel/data-parallel';
import { lossAndGrads } from './loss-and-grads';
import { train } from './train';
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

it('train() minimises the term in training mode; its callbacks run the model in inference mode (no term to dispose)', async () => {
  const start = tf.memory().numTensors;
  const wteNorm = (m: ReturnType<typeof tinyModel>) => tf.tidy(() => tf.sum(tf.square(m.params.get('transformer.wte.weight'))).dataSync()[0]!);
  const run = async (c: number) => {
    const model: ReturnType<typeof tinyModel> & { setTrainingStep?: (index: number | null) => void } = tinyModel(4);
    const forward = model.forward.bind(model);
    let training = false;
    model.setTrainingStep = (index) => {
      training = index !== null;
    };
    const seen: boolean[] = [];
    model.forward = (ids, state) => ({ ...forward(ids, state), ...(training && c > 0 ? { auxLoss: tf.keep(tf.mul(c, tf.sum(tf.square(model.params.get('transformer.wte.weight')))) as tf.Scalar) } : {}) });
    const r = await train({
      model,
      train: sources(4, 8).train,
      steps: 3,
      lr: 1e-2,
      optimizer: { weightDecay: 0 },
      callbacks: {
        onStep: () => {
          const ids = tf.tensor2d([[1, 2, 3]], [1, 3], 'int32');
          const out = model.forward(ids);
          seen.push(training, out.auxLoss !== undefined);
          tf.dispose([ids, out.logits]);
          out.state.dispose();
        },
      },
    });
    expect(r.step).toBe(3);
    expect(seen).toEqual([false, false, false, false, false, false]);
    const norm = wteNorm(model);
    model.dispose();
    return norm;
  };
  expect(await run(1)).toBeLessThan(await run(0)); // the term (c·Σw²) pulled the embeddings in
  expect(tf.memory().numTensors).toBe(start);
});
