/**
 * Weighted k-means over RGB points: k-means++ seeding (seeded), then Lloyd iterations with exact
 * nearest-centre assignment through {@link NearestColorIndex}. An empty cluster is re-seeded with
 * the point that currently costs the most (weight × squared distance), so every centre stays in
 * use. Stops after `iterations`, when no assignment changes, or when no centre moves more than
 * `tolerance` levels.
 */
import { NearestColorIndex } from './nearest-color';
import type { WeightedColors } from './pixel-source';

/** One Lloyd iteration, as reported to `onProgress`. */
export interface KMeansProgress {
  /** 1-based iteration number. */
  iteration: number;
  /** The iteration limit. */
  iterations: number;
  /** Mean squared RGB distance of the (weighted) points to their assigned centre, before the update. */
  meanSquaredError: number;
  /** Points whose assigned centre changed in this iteration. */
  changed: number;
  /** Largest distance (in levels) any centre moved in the update. */
  maxShift: number;
  /** Clusters that were empty and re-seeded. */
  reseeded: number;
}

export interface KMeansOptions {
  k: number;
  iterations: number;
  tolerance: number;
  random: () => number;
  onProgress?: (progress: KMeansProgress) => void;
  /** Starting centres (`3k` numbers) instead of k-means++: warm starts and tests. */
  init?: ArrayLike<number>;
}

/** Fits `k` centres (k <= points.count) and returns them as `3k` floats. */
export function kMeans(points: WeightedColors, options: KMeansOptions): Float64Array {
  const { k, iterations, tolerance, random, onProgress } = options;
  const n = points.count;
  const p = points.points;
  const w = points.weights;
  if (options.init !== undefined && options.init.length !== 3 * k) throw new RangeError(`init has ${options.init.length} numbers, expected 3k = ${3 * k}`);
  const centres = options.init !== undefined ? Float64Array.from(options.init) : kMeansPlusPlus(points, k, random);
  const assign = new Int32Array(n).fill(-1);
  const cost = new Float64Array(n);
  const sums = new Float64Array(3 * k);
  const mass = new Float64Array(k);
  let totalWeight = 0;
  for (let i = 0; i < n; i++) totalWeight += w[i];

  for (let it = 1; it <= iterations; it++) {
    const index = new NearestColorIndex(centres);
    sums.fill(0);
    mass.fill(0);
    let changed = 0;
    let sse = 0;
    for (let i = 0; i < n; i++) {
      const r = p[3 * i];
      const g = p[3 * i + 1];
      const b = p[3 * i + 2];
      const c = index.nearest(r, g, b);
      if (c !== assign[i]) changed++;
      assign[i] = c;
      const d = index.distance2(c, r, g, b) * w[i];
      cost[i] = d;
      sse += d;
      sums[3 * c] += r * w[i];
      sums[3 * c + 1] += g * w[i];
      sums[3 * c + 2] += b * w[i];
      mass[c] += w[i];
    }
    let maxShift2 = 0;
    const empty: number[] = [];
    for (let c = 0; c < k; c++) {
      if (mass[c] === 0) {
        empty.push(c);
        continue;
      }
      let shift2 = 0;
      for (let a = 0; a < 3; a++) {
        const v = sums[3 * c + a] / mass[c];
        shift2 += (v - centres[3 * c + a]) ** 2;
        centres[3 * c + a] = v;
      }
      if (shift2 > maxShift2) maxShift2 = shift2;
    }
    if (empty.length > 0) reseed(empty, centres, points, cost);
    const maxShift = Math.sqrt(maxShift2);
    onProgress?.({ iteration: it, iterations, meanSquaredError: sse / totalWeight, changed, maxShift, reseeded: empty.length });
    if (empty.length === 0 && (changed === 0 || maxShift <= tolerance)) break;
  }
  return centres;
}

/** k-means++: the first centre drawn by weight, each next one by weight × squared distance. */
function kMeansPlusPlus(points: WeightedColors, k: number, random: () => number): Float64Array {
  const n = points.count;
  const p = points.points;
  const w = points.weights;
  const centres = new Float64Array(3 * k);
  const d2 = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  let next = drawWeighted(w, n, random);
  for (let c = 0; c < k; c++) {
    const r = p[3 * next];
    const g = p[3 * next + 1];
    const b = p[3 * next + 2];
    centres[3 * c] = r;
    centres[3 * c + 1] = g;
    centres[3 * c + 2] = b;
    if (c === k - 1) break;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const dr = p[3 * i] - r;
      const dg = p[3 * i + 1] - g;
      const db = p[3 * i + 2] - b;
      const d = dr * dr + dg * dg + db * db;
      if (d < d2[i]) d2[i] = d;
      total += d2[i] * w[i];
    }
    // k <= distinct points, so some point is still uncovered and total > 0.
    let target = random() * total;
    next = -1;
    for (let i = 0; i < n; i++) {
      const m = d2[i] * w[i];
      if (m === 0) continue;
      next = i;
      target -= m;
      if (target < 0) break;
    }
  }
  return centres;
}

function drawWeighted(w: Float64Array, n: number, random: () => number): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i];
  let target = random() * total;
  for (let i = 0; i < n; i++) {
    target -= w[i];
    if (target < 0) return i;
  }
  return n - 1;
}

/** Moves each empty centre onto a distinct point of highest current cost. */
function reseed(empty: number[], centres: Float64Array, points: WeightedColors, cost: Float64Array): void {
  const order = Array.from({ length: points.count }, (_, i) => i)
    .filter((i) => cost[i] > 0)
    .sort((a, b) => cost[b] - cost[a] || a - b);
  empty.forEach((c, j) => {
    if (j >= order.length) return; // fewer costly points than empty clusters: leave the centre
    const i = order[j];
    for (let a = 0; a < 3; a++) centres[3 * c + a] = points.points[3 * i + a];
    cost[i] = 0;
  });
}
