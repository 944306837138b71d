import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { crossEntropy } from '../loss';
import { evaluateInOrder } from './evaluate-in-order';
import { corpus, tinyModel } from './tiny-run.testing';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

it('is the per-token mean over the whole split, whatever the batch size', () => {
  const model = tinyModel();
  const tokens = corpus(8 * 13 + 1); // 13 windows of 8
  const start = tf.memory().numTensors;
  // Reference: one batch holding every window.
  const inputs = tf.tensor2d(Int32Array.from(tokens.subarray(0, 104)), [13, 8], 'int32');
  const targets = tf.tensor2d(Int32Array.from(tokens.subarray(1, 105)), [13, 8], 'int32');
  const ref = tf.tidy(() => {
    const out = model.forward(inputs);
    out.state.dispose();
    return crossEntropy(out.logits, targets).dataSync()[0]!;
  });
  tf.dispose([inputs, targets]);
  const seen: number[] = [];
  const r = evaluateInOrder(model, tokens, { seqLen: 8, batchSize: 5, onProgress: (done) => seen.push(done) });
  expect(r.tokens).toBe(104);
  expect(r.valLoss).toBeCloseTo(ref, 5);
  expect(r.valPpl).toBeCloseTo(Math.exp(ref), 4);
  expect(seen).toEqual([5, 10, 13]); // the last batch (3 windows) weighs 3/5 of a full one
  expect(tf.memory().numTensors).toBe(start);
  model.dispose();
});
