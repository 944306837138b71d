/**
 * The random numbers DARE draws: a per-(seed, tensor, model) stream, so a merge gives the same masks
 * whatever order tensors are visited in and on every platform (pure 32-bit integer arithmetic).
 */

/** FNV-1a hash of a string's UTF-16 code units (32 bits). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit seed from a list of integers (murmur3's finaliser after each one). */
export function mixSeeds(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = (Math.imul(h ^ (p >>> 0), 0x85ebca6b) + 0x27d4eb2f) >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A generator of uniform numbers in [0, 1) (mulberry32; 2^32 period, plenty for masks). */
export function uniformStream(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
