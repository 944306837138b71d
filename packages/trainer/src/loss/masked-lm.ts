/**
 * The masked-language-model objective for the encoder mode (BERT): pick ~maskProb of the
 * positions, corrupt their inputs by the 80/10/10 rule, and predict the original tokens there.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../data/batch';
import { SeededRandom } from '../seeded-random';
import { type MaskInput, type TargetsInput, crossEntropy } from './cross-entropy';

/** Options of {@link maskedLmBatch}. */
export interface MaskedLmOptions {
  /** The `[MASK]` id. */
  maskId: number;
  /** Probability that a position is chosen for prediction (BERT: 0.15). */
  maskProb: number;
  /** Ids for the 10% random replacements are drawn from [0, vocabSize). */
  vocabSize: number;
  seed: number;
  /** Tokens per row (default: all of `tokens`, one row). */
  seqLen?: number;
  /** Ids never chosen (padding, special tokens). */
  exclude?: Iterable<number>;
}

/**
 * A masked-LM {@link Batch} from `tokens` (row-major [B,T], B = length / seqLen): each eligible
 * position is chosen with probability maskProb (at least one per batch, so the loss is defined);
 * a chosen position's input becomes maskId with probability 0.8, a uniformly random id with 0.1,
 * and stays with 0.1. targets = the original tokens; mask = 1 exactly at the chosen positions.
 * Deterministic for a seed (derive one per step for training).
 */
export function maskedLmBatch(tokens: ArrayLike<number>, options: MaskedLmOptions): Batch {
  const { maskId, maskProb, vocabSize, seed } = options;
  const seqLen = options.seqLen ?? tokens.length;
  if (!Number.isSafeInteger(seqLen) || seqLen < 1 || tokens.length % seqLen !== 0) {
    throw new RangeError(`maskedLmBatch: seqLen must be a positive integer dividing tokens.length ${tokens.length}, got ${seqLen}`);
  }
  if (!Number.isSafeInteger(vocabSize) || vocabSize < 1) throw new RangeError(`maskedLmBatch: vocabSize must be a positive integer, got ${vocabSize}`);
  if (!Number.isSafeInteger(maskId) || maskId < 0 || maskId >= vocabSize) throw new RangeError(`maskedLmBatch: maskId must be an id in [0, ${vocabSize}), got ${maskId}`);
  if (typeof maskProb !== 'number' || !(maskProb > 0 && maskProb <= 1)) throw new RangeError(`maskedLmBatch: maskProb must be in (0, 1], got ${maskProb}`);
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new RangeError(`maskedLmBatch: seed must be a finite number, got ${seed}`);
  const exclude = new Set(options.exclude ?? []);
  const n = tokens.length;
  const targets = Int32Array.from(tokens);
  const inputs = Int32Array.from(tokens);
  const mask = new Float32Array(n);
  const rng = new SeededRandom(seed);
  const eligible: number[] = [];
  let chosen = 0;
  const corrupt = (i: number) => {
    mask[i] = 1;
    chosen++;
    const u = rng.next();
    if (u < 0.8) inputs[i] = maskId;
    else if (u < 0.9) inputs[i] = rng.int(vocabSize);
  };
  for (let i = 0; i < n; i++) {
    if (exclude.has(targets[i]!)) continue;
    eligible.push(i);
    if (rng.next() < maskProb) corrupt(i);
  }
  if (eligible.length === 0) throw new RangeError('maskedLmBatch: every token is in exclude; nothing can be masked');
  if (chosen === 0) corrupt(eligible[rng.int(eligible.length)]!);
  return { inputs, targets, mask, batchSize: n / seqLen, seqLen };
}

/**
 * The masked-LM loss: mean cross-entropy of `targets` under the encoder's `logits` [B,T,V] at the
 * positions where `mask` is 1 (no shift: the encoder predicts the token at its own position).
 * Same checks and errors as {@link crossEntropy}.
 */
export function maskedLmLoss(logits: tf.Tensor, targets: TargetsInput, mask: MaskInput): tf.Scalar {
  if (mask == null) throw new RangeError('maskedLmLoss: mask is required (1 at the positions chosen for prediction)');
  return crossEntropy(logits, targets, mask);
}
