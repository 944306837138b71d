/**
 * Multi-query associative recall, MQAR (Arora et al. 2023, "Zoology"): key-value pairs first, then
 * the keys asked again later at random places; after each asked key the model must produce its
 * value. It measures how many associations a fixed-size state can hold, where attention simply
 * looks back.
 */
import type { BatchSource } from '../data/batch';
import { checkPositiveInt } from '../data/batch';
import { distinctPositions, taskSource } from './task-source';

/** Options of {@link associativeRecall}. */
export interface AssociativeRecallOptions {
  /** Tokens per row (≥ 4·pairs: the pairs, then room for every query and its value). */
  seqLen: number;
  /** Key-value pairs per row (Zoology: 4 to 64). */
  pairs: number;
  /** Vocabulary: id 0 fills; keys come from [1, vocabSize/2), values from [vocabSize/2, vocabSize). */
  vocabSize: number;
  batchSize: number;
  seed: number;
}

/**
 * A {@link BatchSource} of MQAR rows: k₁ v₁ … kₙ vₙ (distinct keys), then filler (0) in which every
 * key is asked once, in random order at random even offsets, each followed by its value. targets:
 * the next token; mask 1 exactly at the asked keys (whose target is the value).
 */
export function associativeRecall(options: AssociativeRecallOptions): BatchSource {
  const T = checkPositiveInt('associativeRecall: seqLen', options.seqLen);
  const N = checkPositiveInt('associativeRecall: pairs', options.pairs);
  const V = checkPositiveInt('associativeRecall: vocabSize', options.vocabSize);
  const half = Math.floor(V / 2);
  if (half - 1 < N) throw new RangeError(`associativeRecall: vocabSize ${V} has ${half - 1} keys, fewer than pairs ${N}`);
  if (T < 4 * N) throw new RangeError(`associativeRecall: seqLen must be ≥ 4·pairs = ${4 * N}, got ${T}`);
  const slots = Math.floor((T - 2 * N) / 2); // query slots of two tokens after the pairs
  return taskSource(
    {
      kind: 'associative-recall',
      fixed: { seqLen: T, pairs: N, vocabSize: V },
      seqLen: T,
      fill({ inputs, targets, mask }, rng) {
        const keys = distinctPositions(rng, N, 1, half); // N distinct keys (sorted; shuffled below)
        const values = keys.map(() => half + rng.int(V - half));
        const seq = new Int32Array(T + 1);
        keys.forEach((k, i) => {
          seq[2 * i] = k;
          seq[2 * i + 1] = values[i]!;
        });
        const order = Array.from({ length: N }, (_, i) => i); // the asking order: a seeded shuffle
        for (let i = N - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        const where = distinctPositions(rng, N, 0, slots);
        where.forEach((slot, q) => {
          const pos = 2 * N + 2 * slot;
          seq[pos] = keys[order[q]!]!;
          seq[pos + 1] = values[order[q]!]!;
          mask[pos] = 1;
        });
        inputs.set(seq.subarray(0, T));
        targets.set(seq.subarray(1));
      },
    },
    options.batchSize,
    options.seed,
  );
}
