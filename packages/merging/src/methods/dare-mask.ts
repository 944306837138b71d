/**
 * DARE's random drop mask (Yu et al. 2024, "Language Models are Super Mario: Absorbing Abilities
 * from Homologous Models as a Free Lunch", https://arxiv.org/abs/2311.03099): each entry of a task
 * vector is kept with probability `density` (dropped with probability 1 − density), independently.
 */
import { hashString, mixSeeds, uniformStream } from './seeded-random';

/**
 * A keep-mask of `size` entries (1 kept, 0 dropped), each kept with probability `density`, drawn
 * from the stream `seed`. `density` ≥ 1 keeps everything.
 * @throws RangeError when density is not in (0, 1].
 */
export function dareMask(size: number, density: number, seed: number): Uint8Array {
  if (!(density > 0 && density <= 1)) throw new RangeError(`dareMask: density must be in (0, 1], got ${density}`);
  const mask = new Uint8Array(size);
  if (density >= 1) return mask.fill(1);
  const next = uniformStream(seed);
  for (let i = 0; i < size; i++) mask[i] = next() < density ? 1 : 0;
  return mask;
}

/** The mask seed of model `modelIndex` (its place in the recipe's inputs) for tensor `tensorName` in a merge seeded `seed`. */
export function dareSeed(seed: number, tensorName: string, modelIndex: number): number {
  return mixSeeds(seed, hashString(tensorName), modelIndex);
}
