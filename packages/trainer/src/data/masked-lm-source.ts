/**
 * Masked-LM training data for the encoder mode: windows from any source, corrupted BERT-style with a
 * fresh, seeded choice of positions every batch.
 */
import { type MaskedLmOptions, maskedLmBatch } from '../loss/masked-lm';
import { deriveSeed } from '../seeded-random';
import { type Batch, type BatchSource, type BatchSourceState, type JsonValue, checkSeed, checkState, stateInt } from './batch';

/** Options of {@link maskedLmSource}: {@link MaskedLmOptions} without seqLen (the windows' own). */
export type MaskedLmSourceOptions = Omit<MaskedLmOptions, 'seqLen'>;

const KIND = 'masked-lm';

/**
 * A {@link BatchSource} for masked-LM training: each batch of `windows` (its `inputs`: plain text
 * windows, e.g. from randomWindows) goes through {@link maskedLmBatch} with the seed of its step
 * (deriveSeed(seed, step)), so batch k is the same whatever happened before it. Use it with
 * `train({ lossFn: maskedLmLoss, ... })` on an encoder (config `is_causal: false`). State: the
 * inner source's state and the step, so `restore` continues bit for bit.
 */
export function maskedLmSource(windows: BatchSource, options: MaskedLmSourceOptions): BatchSource {
  const seed = checkSeed('maskedLmSource: seed', options.seed);
  maskedLmBatch([0], { ...options, seqLen: 1, exclude: [] }); // checks maskId, maskProb and vocabSize up front
  let step = 0;
  const fixed = { maskId: options.maskId, maskProb: options.maskProb, vocabSize: options.vocabSize };
  return {
    next(): Batch {
      const plain = windows.next();
      const batch = maskedLmBatch(plain.inputs, { ...options, seqLen: plain.seqLen, seed: deriveSeed(seed, step) });
      step++;
      return batch;
    },
    state: (): BatchSourceState => ({ kind: KIND, ...fixed, step, inner: windows.state() as unknown as JsonValue }),
    restore(state: BatchSourceState): void {
      checkState(KIND, state, fixed);
      const s = stateInt(KIND, state, 'step');
      windows.restore(state.inner as unknown as BatchSourceState);
      step = s;
    },
  };
}
