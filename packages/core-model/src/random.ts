/**
 * A seeded pseudo-random generator (mulberry32: 32-bit state, period 2^32, fast and good enough
 * for sampling), so that the same seed gives the same tokens on the same backend.
 */

/** Floats in [0, 1), fully determined by `seed` (its low 32 bits): the project's one mulberry32. */
export { mulberry32 } from '@ftheta/backend';

/** A seed for stream `index` derived from `seed` (splitmix32-style mixing), e.g. one per batch row. */
export function deriveSeed(seed: number, index: number): number {
  let z = ((seed >>> 0) + Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
