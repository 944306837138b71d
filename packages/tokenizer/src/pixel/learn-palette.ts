/**
 * Learning a palette by k-means, as ImageGPT did (512 colours): sample pixels, fit centres, round
 * them to bytes. Deterministic for a given seed.
 */
import { type KMeansProgress, kMeans } from './kmeans';
import { Palette } from './palette';
import { distinctColors, type PaletteSource, sampleColors, viewPixels } from './pixel-source';
import { seededRandom } from '../random';

export type { KMeansProgress } from './kmeans';
export type { PaletteSource } from './pixel-source';

/** Options of {@link learnPalette}; the defaults say why. */
export interface LearnPaletteOptions {
  /** Number of colours (= pixel vocabulary size). Default 512, as ImageGPT. */
  colors?: number;
  /** Most Lloyd iterations. Default 30: past that the error barely moves (< 1% on a gradient), and each costs ~5 ms at 64k samples. */
  iterations?: number;
  /** Stop once no centre moves more than this many levels (RGB distance). Default 0.1. */
  tolerance?: number;
  /** Seed of the sampling and of k-means++ seeding. Default 0. */
  seed?: number;
  /**
   * Pixels drawn (uniformly, with replacement) to fit on; all pixels if there are no more than
   * this. Default 65536: a 512-colour palette is already stable there and fitting stays < 1 s.
   */
  sample?: number;
  /** Called after every Lloyd iteration. */
  onProgress?: (progress: KMeansProgress) => void;
}

/**
 * Learns a palette from images (or RGB triplets) with k-means: k-means++ seeding, Lloyd iterations
 * with exact nearest-colour assignment (grid-accelerated), empty clusters re-seeded at the costliest
 * point, early stop on convergence. Centres are rounded to bytes.
 *
 * Alpha is ignored (only RGB is read); to fit transparent images as seen on a background, pass
 * them through `compositeOnBackground` first.
 *
 * If the data has no more distinct colours than `colors`, the palette is exactly those colours
 * (sorted by `r << 16 | g << 8 | b`), so such images round-trip exactly; its `size` is then smaller
 * than `colors`. The same happens, rarely, when the *sample* has fewer distinct colours.
 */
export function learnPalette(source: PaletteSource, options: LearnPaletteOptions = {}): Palette {
  const colors = options.colors ?? 512;
  const iterations = options.iterations ?? 30;
  const tolerance = options.tolerance ?? 0.1;
  const seed = options.seed ?? 0;
  const sample = options.sample ?? 65536;
  if (!Number.isInteger(colors) || colors < 1 || colors > 65536) throw new RangeError(`learnPalette: colors is ${colors}, expected an integer in 1..65536`);
  if (!Number.isInteger(iterations) || iterations < 0) throw new RangeError(`learnPalette: iterations is ${iterations}, expected an integer >= 0`);
  if (!(tolerance >= 0)) throw new RangeError(`learnPalette: tolerance is ${tolerance}, expected a number >= 0`);
  if (!Number.isInteger(seed)) throw new RangeError(`learnPalette: seed is ${seed}, expected an integer`);
  if (!Number.isInteger(sample) || sample < 1) throw new RangeError(`learnPalette: sample is ${sample}, expected a positive integer`);

  const view = viewPixels(source);
  const few = distinctColors(view, colors);
  if (few !== undefined) return paletteOfPacked(few);

  const random = seededRandom(seed);
  const points = sampleColors(view, sample, random);
  if (points.count <= colors) {
    const packed = new Uint32Array(points.count);
    for (let i = 0; i < points.count; i++) packed[i] = (points.points[3 * i] << 16) | (points.points[3 * i + 1] << 8) | points.points[3 * i + 2];
    return paletteOfPacked(packed);
  }
  const centres = kMeans(points, { k: colors, iterations, tolerance, random, onProgress: options.onProgress });
  const bytes = new Uint8Array(centres.length);
  for (let i = 0; i < centres.length; i++) bytes[i] = Math.min(255, Math.max(0, Math.round(centres[i])));
  return new Palette(bytes);
}

function paletteOfPacked(packed: Uint32Array): Palette {
  const bytes = new Uint8Array(packed.length * 3);
  packed.forEach((p, i) => {
    bytes[3 * i] = p >>> 16;
    bytes[3 * i + 1] = (p >>> 8) & 255;
    bytes[3 * i + 2] = p & 255;
  });
  return new Palette(bytes);
}
