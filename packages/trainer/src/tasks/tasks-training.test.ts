// The tasks are learnable and maskedAccuracy measures it: a small Transformer trained with train()
// on the answer positions only climbs far above chance within ~100 steps.
import { initBackend } from '@ftheta/backend';
import { initTransformer, parseTransformerConfig } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import type { BatchSource } from '../data';
import { train } from '../loop/train';
import { associativeRecall } from './associative-recall';
import { maskedAccuracy } from './masked-accuracy';
import { selectiveCopying } from './selective-copying';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

const cases: [string, (batchSize: number, seed: number) => BatchSource, number][] = [
  ['selective copying (chance 1/14)', (batchSize, seed) => selectiveCopying({ regionLength: 24, tokens: 4, vocabSize: 16, batchSize, seed }), 1 / 14],
  ['associative recall (chance 1/16)', (batchSize, seed) => associativeRecall({ seqLen: 32, pairs: 4, vocabSize: 32, batchSize, seed }), 1 / 16],
];

for (const [name, make, chance] of cases) {
  it(`${name}: a 2-layer Transformer climbs far above chance`, async () => {
    const config = parseTransformerConfig({ model_type: 'gpt2', vocab_size: 32, n_positions: 32, n_embd: 64, n_layer: 2, n_head: 2 });
    const model = initTransformer(config, { seed: 1 });
    const start = tf.memory().numTensors;
    const test = make(100, 99).next();
    const before = maskedAccuracy(model, test);
    await train({ model, train: make(32, 1), steps: 120, lr: 3e-3, seed: 2 });
    const after = maskedAccuracy(model, test);
    expect(before.accuracy).toBeLessThan(3 * chance);
    expect(after.accuracy).toBeGreaterThan(6 * chance);
    expect(tf.memory().numTensors).toBe(start);
    model.dispose();
  }, 120_000);
}

it('maskedAccuracy needs a mask', () => {
  const model = initTransformer(parseTransformerConfig({ model_type: 'gpt2', vocab_size: 8, n_positions: 4, n_embd: 8, n_layer: 1, n_head: 1 }), { seed: 1 });
  const batch = { inputs: new Int32Array(4), targets: new Int32Array(4), mask: null, batchSize: 1, seqLen: 4 };
  expect(() => maskedAccuracy(model, batch)).toThrow('maskedAccuracy: the batch has no mask');
  model.dispose();
});
