/** Test helper: seeded normal-ish float32 tensors (sum of uniforms), the same on every run. */
import { uniformStream } from '../methods/seeded-random';

/** `n` values ~ N(mean, scale²) (approximately: Irwin–Hall with 4 uniforms), from stream `seed`. */
export function randomTensor(n: number, seed: number, scale = 1, mean = 0): Float32Array {
  const next = uniformStream(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = mean + scale * (next() + next() + next() + next() - 2) * Math.sqrt(3);
  return out;
}

/** `base` plus a small random offset: a "fine-tuned" model. */
export function perturbed(base: Float32Array, seed: number, scale = 0.1): Float32Array {
  const d = randomTensor(base.length, seed, scale);
  return base.map((v, i) => v + d[i]);
}

/** Largest |a − b| over the entries. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
