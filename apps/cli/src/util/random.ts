import { mulberry32 } from '@ftheta/backend';

/** `length` float32 values uniform in [-1, 1), reproducible from `seed`. */
export function uniformFloat32(length: number, seed: number): Float32Array {
  const next = mulberry32(seed);
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) values[i] = next() * 2 - 1;
  return values;
}
