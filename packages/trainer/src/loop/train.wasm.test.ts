import { initBackend } from '@ftheta/backend';
import { initTransformer, parseTransformerConfig } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { randomWindows } from '../data';
import { warmupCosine } from '../optim';
import { corpus } from './tiny-run.testing';
import { train } from './train';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

it('trains a small model on wasm: the loss falls, tensors stay flat (reports tokens/s)', async () => {
  const config = parseTransformerConfig({ model_type: 'gpt2', vocab_size: 16, n_positions: 32, n_embd: 64, n_layer: 2, n_head: 4 });
  const model = initTransformer(config, { seed: 3 });
  const tokens = corpus(20_000, 5);
  const before = tf.memory().numTensors;
  const r = await train({
    model,
    train: randomWindows(tokens, { batchSize: 8, seqLen: 32, seed: 1 }),
    steps: 30,
    lr: warmupCosine({ lr: 3e-3, minLr: 3e-4, warmupSteps: 5, decaySteps: 30 }),
  });
  expect(tf.getBackend()).toBe('wasm');
  expect(r.reason).toBe('done');
  const first = r.history.slice(0, 3).reduce((a, s) => a + s.loss, 0) / 3;
  const last = r.history.slice(-3).reduce((a, s) => a + s.loss, 0) / 3;
  expect(last).toBeLessThan(first);
  expect(tf.memory().numTensors).toBe(before);
  const steady = r.history.slice(5);
  const tokPerSec = (steady.length * 8 * 32 * 1000) / steady.reduce((a, s) => a + s.ms, 0);
  console.log(`wasm, 2 layers d64 ctx32 batch 8 (${model.params.count()} params): ${tokPerSec.toFixed(0)} tokens/s, loss ${first.toFixed(3)} -> ${last.toFixed(3)}`);
  model.dispose();
});
