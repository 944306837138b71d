/**
 * A small seeded PRNG (mulberry32), so benchmarks and checks use the same inputs on every backend
 * and every run.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `length` float32 values uniform in [-1, 1), reproducible from `seed`. */
export function uniformFloat32(length: number, seed: number): Float32Array {
  const next = mulberry32(seed);
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) values[i] = next() * 2 - 1;
  return values;
}
