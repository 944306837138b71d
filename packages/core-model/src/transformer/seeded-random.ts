/** Normals from the package's seeded PRNG (mulberry32) by Box–Muller: the same numbers for a seed everywhere. */
import { mulberry32 } from '../random';

/** Uniform [0, 1) and standard normal samples from a 32-bit seed. */
export class SeededRandom {
  /** Uniform in [0, 1). */
  readonly uniform: () => number;
  private spare: number | null = null;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
    this.uniform = mulberry32(seed);
  }

  /** Standard normal (Box–Muller, both values used). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const u = 1 - this.uniform(); // (0, 1]
    const r = Math.sqrt(-2 * Math.log(u));
    const a = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(a);
    return r * Math.cos(a);
  }

  /** n samples of N(0, std²) as float32. */
  normals(n: number, std: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = std * this.normal();
    return out;
  }
}
