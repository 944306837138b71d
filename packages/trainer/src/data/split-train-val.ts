/** nanoGPT's split: the first part of the token stream trains, the last part validates. */
import type { TokenArray } from './batch';

/**
 * `{ train, val }`: the first `1 - valFraction` of `tokens` and the rest, as contiguous subarray
 * views of `tokens` (no copy). `valFraction` is in [0, 1); nanoGPT uses 0.1. The split point is
 * `floor(length * (1 - valFraction))`.
 */
export function splitTrainVal<A extends TokenArray>(tokens: A, valFraction: number): { train: A; val: A } {
  if (typeof valFraction !== 'number' || !(valFraction >= 0 && valFraction < 1)) {
    throw new RangeError(`splitTrainVal: valFraction must be in [0, 1), got ${valFraction}`);
  }
  const n = Math.floor(tokens.length * (1 - valFraction));
  return { train: tokens.subarray(0, n) as A, val: tokens.subarray(n) as A };
}
