import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { crossEntropy } from './cross-entropy';
import { maskedLmBatch, maskedLmLoss } from './masked-lm';

describe('maskedLmBatch', () => {
  const V = 100;
  const MASK = 99;
  const tokens = Int32Array.from({ length: 20000 }, (_, i) => i % 90);

  it('chooses ~maskProb of the positions and corrupts them 80/10/10', () => {
    const b = maskedLmBatch(tokens, { maskId: MASK, maskProb: 0.15, vocabSize: V, seed: 1, seqLen: 100 });
    expect([b.batchSize, b.seqLen]).toEqual([200, 100]);
    expect(b.targets).toEqual(tokens);
    let chosen = 0;
    let masked = 0;
    let kept = 0;
    for (let i = 0; i < tokens.length; i++) {
      if (b.mask![i] === 0) {
        expect(b.inputs[i]).toBe(tokens[i]);
        continue;
      }
      chosen++;
      if (b.inputs[i] === MASK) masked++;
      else if (b.inputs[i] === tokens[i]) kept++;
    }
    expect(chosen / tokens.length).toBeGreaterThan(0.14);
    expect(chosen / tokens.length).toBeLessThan(0.16);
    expect(masked / chosen).toBeGreaterThan(0.77);
    expect(masked / chosen).toBeLessThan(0.83);
    expect(kept / chosen).toBeGreaterThan(0.08); // 10% kept + ~1% random that hit the same id
    expect(kept / chosen).toBeLessThan(0.13);
  });

  it('is seeded, skips excluded ids, and always masks at least one position', () => {
    const opts = { maskId: MASK, maskProb: 0.15, vocabSize: V, seed: 3 };
    expect(maskedLmBatch(tokens, opts)).toEqual(maskedLmBatch(tokens, opts));
    const b = maskedLmBatch(tokens, { ...opts, exclude: [0, 1] });
    for (let i = 0; i < tokens.length; i++) if (tokens[i]! < 2) expect(b.mask![i]).toBe(0);
    const tiny = maskedLmBatch(Int32Array.of(5, 6), { ...opts, maskProb: 1e-9 });
    expect(tiny.mask!.reduce((a, m) => a + m, 0)).toBe(1);
    expect(() => maskedLmBatch(tokens, { ...opts, maskProb: 0 })).toThrow(/maskProb must be in \(0, 1\], got 0/);
  });
});

describe('maskedLmLoss', () => {
  it('is the cross-entropy at the chosen positions, without shift', async () => {
    await initBackend({ prefer: 'cpu', onWarning: () => {} });
    const before = tf.memory().numTensors;
    const batch = maskedLmBatch(Int32Array.of(1, 2, 3, 4, 1, 2, 3, 4), { maskId: 0, maskProb: 0.5, vocabSize: 5, seed: 2, seqLen: 4 });
    const logits = tf.randomNormal([2, 4, 5], 0, 1, 'float32', 1);
    const a = maskedLmLoss(logits, batch.targets, batch.mask);
    const b = crossEntropy(logits, batch.targets, batch.mask);
    expect(a.dataSync()[0]).toBe(b.dataSync()[0]);
    expect(() => maskedLmLoss(logits, batch.targets, null)).toThrow(/mask is required/);
    tf.dispose([logits, a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
