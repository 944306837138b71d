/**
 * Selective copying (Gu & Dao 2023, §3.1 and E.1; after Arjovsky et al.'s copying task): a few data
 * tokens scattered at random positions among noise, then one marker per token; at the markers the
 * model must output the data tokens in order. The spacing is random, so a fixed time-invariant
 * filter (a convolution, an LTI SSM) cannot solve it: the model has to select by content.
 */
import type { BatchSource } from '../data/batch';
import { checkPositiveInt } from '../data/batch';
import { distinctPositions, taskSource } from './task-source';

/** Options of {@link selectiveCopying}. */
export interface SelectiveCopyingOptions {
  /** Length of the region holding the data tokens among noise (the paper: 4096). */
  regionLength: number;
  /** Data tokens to copy (the paper: 16). */
  tokens: number;
  /** Vocabulary (the paper: 16): id 0 is noise, id 1 the marker, 2..vocabSize−1 data tokens. */
  vocabSize: number;
  batchSize: number;
  seed: number;
}

/** Ids of the noise and marker tokens. */
export const SELECTIVE_COPY_NOISE = 0;
export const SELECTIVE_COPY_MARKER = 1;

/**
 * A {@link BatchSource} of rows of length regionLength + tokens: the region (noise with `tokens`
 * data tokens at sorted random positions), then `tokens` markers. At marker j the target is the
 * j-th data token (mask 1 there only); elsewhere the mask is 0. The model never sees its own
 * answers (the markers are the inputs), as in the paper.
 */
export function selectiveCopying(options: SelectiveCopyingOptions): BatchSource {
  const L = checkPositiveInt('selectiveCopying: regionLength', options.regionLength);
  const K = checkPositiveInt('selectiveCopying: tokens', options.tokens);
  const V = checkPositiveInt('selectiveCopying: vocabSize', options.vocabSize);
  if (K > L) throw new RangeError(`selectiveCopying: tokens ${K} do not fit in regionLength ${L}`);
  if (V < 3) throw new RangeError(`selectiveCopying: vocabSize must be ≥ 3 (noise, marker and a data token), got ${V}`);
  return taskSource(
    {
      kind: 'selective-copying',
      fixed: { regionLength: L, tokens: K, vocabSize: V },
      seqLen: L + K,
      fill({ inputs, targets, mask }, rng) {
        const at = distinctPositions(rng, K, 0, L);
        at.forEach((pos, j) => {
          const token = 2 + rng.int(V - 2);
          inputs[pos] = token;
          inputs[L + j] = SELECTIVE_COPY_MARKER;
          targets[L + j] = token;
          mask[L + j] = 1;
        });
      },
    },
    options.batchSize,
    options.seed,
  );
}
