// The encoder mode end to end: a bidirectional Transformer learns to fill in masked tokens with
// train() + maskedLmSource + maskedLmLoss.
import { initBackend } from '@ftheta/backend';
import { initTransformer, parseTransformerConfig, type Transformer } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { maskedLmSource, randomWindows } from '../data';
import { corpus } from '../loop/tiny-run.testing';
import { train } from '../loop/train';
import { maskedLmLoss } from './masked-lm';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

const MASK = 16;
const config = parseTransformerConfig({ model_type: 'gpt2', vocab_size: 17, n_positions: 16, n_embd: 32, n_layer: 2, n_head: 2, is_causal: false, position_embedding_type: 'rope' });
// RoPE: relative positions make "look at my neighbours" easy to learn (absolute embeddings take ~5x the steps).

/** Share of masked positions whose argmax is the original token. */
function maskedAccuracy(model: Transformer, batch: { inputs: Int32Array; targets: Int32Array; mask: Float32Array | null; batchSize: number; seqLen: number }): number {
  const logits = tf.tidy(() => {
    const out = model.forward(tf.tensor2d(batch.inputs, [batch.batchSize, batch.seqLen], 'int32'));
    out.state.dispose();
    return tf.argMax(out.logits, -1);
  });
  const pred = logits.dataSync();
  logits.dispose();
  let right = 0;
  let n = 0;
  for (let i = 0; i < pred.length; i++) {
    if (!batch.mask![i]) continue;
    n++;
    if (pred[i] === batch.targets[i]) right++;
  }
  return right / n;
}

it('trains an encoder on masked tokens: loss falls and masked accuracy rises far above chance', async () => {
  const tokens = corpus(6000);
  const model = initTransformer(config, { seed: 2 });
  const start = tf.memory().numTensors;
  const evalBatch = maskedLmSource(randomWindows(tokens.subarray(5000), { batchSize: 32, seqLen: 16, seed: 5 }), { maskId: MASK, maskProb: 0.15, vocabSize: 17, seed: 6 }).next();
  const before = maskedAccuracy(model, evalBatch);
  const result = await train({
    model,
    train: maskedLmSource(randomWindows(tokens.subarray(0, 5000), { batchSize: 16, seqLen: 16, seed: 1 }), { maskId: MASK, maskProb: 0.15, vocabSize: 17, seed: 4 }),
    steps: 250,
    lr: 3e-3,
    lossFn: maskedLmLoss,
    seed: 3,
  });
  const after = maskedAccuracy(model, evalBatch);
  const first = result.history.slice(0, 10).reduce((a, s) => a + s.loss, 0) / 10;
  const last = result.history.slice(-10).reduce((a, s) => a + s.loss, 0) / 10;
  expect(last).toBeLessThan(first * 0.5);
  expect(before).toBeLessThan(0.3);
  // The corpus is t+1 mod 16 with 10% noise: both neighbours pin the masked token down.
  expect(after).toBeGreaterThan(0.8);
  expect(tf.memory().numTensors).toBe(start);
  model.dispose();
}, 120_000);
