/**
 * A seeded pseudo-random generator whose whole state is one 32-bit integer (mulberry32), so a
 * batch source can put it in its JSON state and resume the same sequence of draws bit for bit.
 */

/** mulberry32 with an exposed state: same seed (low 32 bits used), same draws. */
export class SeededRandom {
  /** The generator's whole state (an unsigned 32-bit integer); assign it to rewind or resume. */
  state: number;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** A seed for stream `index` derived from `seed` (one per epoch, per component…): core-model's rule. */
export { deriveSeed } from '@ftheta/core-model';

/** A permutation of 0..n-1 (Fisher-Yates) fully determined by `seed`. */
export function seededPermutation(n: number, seed: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  const rng = new SeededRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}
