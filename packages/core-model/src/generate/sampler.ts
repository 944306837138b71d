/**
 * Picks the next token from processed logits (on the CPU, over the last position's Float32Array):
 * greedy takes the argmax (the lowest id among equal maxima), sampling draws from softmax(logits)
 * with a seeded generator.
 */
import { softmax } from './processors/softmax';

/** The index of the largest logit (the first one among ties). */
export function argmax(logits: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
  return best;
}

/** Draws an index with probability softmax(logits)[i], using one number `u` in [0, 1) from `random`. */
export function sampleFromLogits(logits: ArrayLike<number>, random: () => number): number {
  const probs = softmax(logits);
  const u = random();
  let cumulative = 0;
  let last = -1;
  for (let i = 0; i < probs.length; i++) {
    if (probs[i] === 0) continue;
    cumulative += probs[i];
    last = i;
    if (u < cumulative) return i;
  }
  return last; // rounding: u lies in the last sliver above the float64 sum
}

/** A sampler: greedy (`random` null) or seeded sampling. */
export function pickToken(logits: ArrayLike<number>, random: (() => number) | null): number {
  return random === null ? argmax(logits) : sampleFromLogits(logits, random);
}
