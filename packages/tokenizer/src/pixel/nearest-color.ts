/**
 * Exact nearest-colour search that beats brute force over a 512-colour palette. Colours live in a
 * 3-D cube, so the cube is cut into 16×16×16 cells of 16 levels each; for a cell we keep only the
 * palette colours that can be nearest to some pixel in it (a colour qualifies when its closest
 * approach to the cell is no farther than the best colour's farthest approach). Candidate lists are
 * built lazily, the first time a pixel falls in the cell, so a k-means step over an image that
 * covers few cells pays only for those. A query scans its cell's candidates in order of closest
 * approach and stops once no remaining candidate can win.
 *
 * The answer is identical to brute force, ties included: the lowest palette index among the
 * equally near colours.
 */

const SHIFT = 4; // 16 levels per cell
const CELLS = 256 >> SHIFT; // 16 cells per axis
const SPAN = (1 << SHIFT) - 1; // a cell spans [lo, lo + 15] in integer levels

/** Nearest-colour queries against a fixed set of RGB centres (integer or fractional, in 0..255). */
export class NearestColorIndex {
  /** Number of centres. */
  readonly size: number;
  private readonly centres: Float64Array;
  /** Per cell: candidate indices (sorted by closest approach), or undefined until first used. */
  private readonly lists: (Uint32Array | undefined)[] = new Array(CELLS * CELLS * CELLS);
  /** Per cell: the closest approach of each candidate, aligned with `lists`. */
  private readonly approach: (Float64Array | undefined)[] = new Array(CELLS * CELLS * CELLS);

  /** `centres`: RGB triplets, `3 * size` numbers. */
  constructor(centres: ArrayLike<number>) {
    if (centres.length === 0 || centres.length % 3 !== 0) {
      throw new RangeError(`centres has ${centres.length} numbers, expected a positive multiple of 3`);
    }
    this.centres = Float64Array.from(centres);
    this.size = centres.length / 3;
  }

  /**
   * Index of the centre nearest to the integer colour (r, g, b), each in 0..255 (squared
   * Euclidean distance; ties go to the lowest index).
   */
  nearest(r: number, g: number, b: number): number {
    const cell = ((r >> SHIFT) * CELLS + (g >> SHIFT)) * CELLS + (b >> SHIFT);
    let list = this.lists[cell];
    if (list === undefined) list = this.build(cell);
    const approach = this.approach[cell]!;
    const c = this.centres;
    let best = list[0];
    let bestD = Number.POSITIVE_INFINITY;
    for (let i = 0; i < list.length; i++) {
      if (approach[i] > bestD) break;
      const k = list[i];
      const dr = c[3 * k] - r;
      const dg = c[3 * k + 1] - g;
      const db = c[3 * k + 2] - b;
      const d = dr * dr + dg * dg + db * db;
      if (d < bestD || (d === bestD && k < best)) {
        bestD = d;
        best = k;
      }
    }
    return best;
  }

  /** Squared distance from the integer colour (r, g, b) to centre `k`. */
  distance2(k: number, r: number, g: number, b: number): number {
    const c = this.centres;
    const dr = c[3 * k] - r;
    const dg = c[3 * k + 1] - g;
    const db = c[3 * k + 2] - b;
    return dr * dr + dg * dg + db * db;
  }

  private build(cell: number): Uint32Array {
    const lo = [((cell / (CELLS * CELLS)) | 0) << SHIFT, (((cell / CELLS) | 0) % CELLS) << SHIFT, (cell % CELLS) << SHIFT];
    const n = this.size;
    const c = this.centres;
    const near = new Float64Array(n);
    let bound = Number.POSITIVE_INFINITY; // min over centres of the farthest approach
    for (let k = 0; k < n; k++) {
      let dNear = 0;
      let dFar = 0;
      for (let a = 0; a < 3; a++) {
        const v = c[3 * k + a];
        const l = lo[a];
        const h = l + SPAN;
        const gap = v < l ? l - v : v > h ? v - h : 0;
        const far = Math.max(Math.abs(v - l), Math.abs(v - h));
        dNear += gap * gap;
        dFar += far * far;
      }
      near[k] = dNear;
      if (dFar < bound) bound = dFar;
    }
    const picked: number[] = [];
    for (let k = 0; k < n; k++) if (near[k] <= bound) picked.push(k);
    picked.sort((x, y) => near[x] - near[y] || x - y);
    const list = Uint32Array.from(picked);
    this.lists[cell] = list;
    this.approach[cell] = Float64Array.from(picked, (k) => near[k]);
    return list;
  }
}
