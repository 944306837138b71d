/**
 * Induction heads (Olsson et al. 2022; the synthetic task of H3 and Mamba, Gu & Dao 2023 §4.1.2):
 * random tokens in which a trigger token appears once, followed by some token a; the sequence ends
 * with the trigger again, and the model must predict a. Solving it needs recalling what followed a
 * token however far back it was: Mamba trained at length 256 stays perfect far beyond it.
 */
import type { BatchSource } from '../data/batch';
import { checkPositiveInt } from '../data/batch';
import { taskSource } from './task-source';

/** Options of {@link inductionHeads}. */
export interface InductionHeadsOptions {
  /** Tokens per row (≥ 4): the last input is the second trigger; its target is the answer. */
  seqLen: number;
  /** Vocabulary (the paper: 16): id 0 is the trigger, 1..vocabSize−1 are content tokens. */
  vocabSize: number;
  batchSize: number;
  seed: number;
}

/** The trigger token's id. */
export const INDUCTION_TRIGGER = 0;

/**
 * A {@link BatchSource} of induction-head rows. inputs: content tokens, the trigger at one random
 * position p ∈ [0, seqLen−3] followed by the answer at p+1, and the trigger again at seqLen−1.
 * targets: the next token everywhere (inputs shifted), but mask is 1 only at seqLen−1, whose
 * target is the answer — accuracy is the share of rows whose last prediction is right.
 */
export function inductionHeads(options: InductionHeadsOptions): BatchSource {
  const T = checkPositiveInt('inductionHeads: seqLen', options.seqLen);
  const V = checkPositiveInt('inductionHeads: vocabSize', options.vocabSize);
  if (T < 4) throw new RangeError(`inductionHeads: seqLen must be ≥ 4, got ${T}`);
  if (V < 3) throw new RangeError(`inductionHeads: vocabSize must be ≥ 3 (a trigger and two content tokens), got ${V}`);
  return taskSource(
    {
      kind: 'induction-heads',
      fixed: { seqLen: T, vocabSize: V },
      seqLen: T,
      fill({ inputs, targets, mask }, rng) {
        const seq = new Int32Array(T + 1);
        for (let i = 0; i <= T; i++) seq[i] = 1 + rng.int(V - 1);
        const p = rng.int(T - 2); // trigger at p, answer at p+1 ≤ T−2
        seq[p] = INDUCTION_TRIGGER;
        seq[T - 1] = INDUCTION_TRIGGER;
        seq[T] = seq[p + 1]!;
        inputs.set(seq.subarray(0, T));
        targets.set(seq.subarray(1));
        mask[T - 1] = 1;
      },
    },
    options.batchSize,
    options.seed,
  );
}
