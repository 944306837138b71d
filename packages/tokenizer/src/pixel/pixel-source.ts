/**
 * Gathering the pixels a palette is fitted to: from one image, many images or bare RGB triplets,
 * as packed 24-bit colours (`r << 16 | g << 8 | b`). Alpha is ignored here.
 */
import { assertPixelImage, type PixelImage } from './image';

/** What a palette can be learned from: an image, several images, or RGB triplets (`3n` bytes). */
export type PaletteSource = PixelImage | readonly PixelImage[] | ArrayLike<number>;

/** A uniform view over the pixels of a {@link PaletteSource}. */
export interface PixelView {
  /** Total number of pixels. */
  count: number;
  /** Packed colour of pixel `i` (0 <= i < count), counting across images in order. */
  packed(i: number): number;
}

/** Validates `source` and returns a view over its pixels. */
export function viewPixels(source: PaletteSource): PixelView {
  if (isImageList(source)) {
    const images = source as readonly PixelImage[];
    images.forEach((im, i) => {
      assertPixelImage(im, `images[${i}]`);
    });
    const starts: number[] = [];
    let count = 0;
    for (const im of images) {
      starts.push(count);
      count += im.width * im.height;
    }
    if (count === 0) throw new RangeError('learnPalette: no pixels (empty image list)');
    let cur = 0;
    return {
      count,
      packed(i) {
        // Pixels are usually read in order or at random; keep the last image as a hint.
        if (i < starts[cur] || (cur + 1 < starts.length && i >= starts[cur + 1])) cur = findImage(starts, i);
        const im = images[cur];
        const o = (i - starts[cur]) * im.channels;
        return (im.data[o] << 16) | (im.data[o + 1] << 8) | im.data[o + 2];
      },
    };
  }
  if (isImage(source)) {
    const im = source as PixelImage;
    assertPixelImage(im);
    const ch = im.channels;
    const d = im.data;
    return { count: im.width * im.height, packed: (i) => (d[i * ch] << 16) | (d[i * ch + 1] << 8) | d[i * ch + 2] };
  }
  const rgb = source as ArrayLike<number>;
  if (rgb == null || typeof rgb.length !== 'number') throw new TypeError('learnPalette: expected an image, an array of images or RGB triplets');
  if (rgb.length === 0 || rgb.length % 3 !== 0) {
    throw new RangeError(`learnPalette: ${rgb.length} numbers is not a positive multiple of 3 (RGB triplets)`);
  }
  for (let i = 0; i < rgb.length; i++) {
    const v = rgb[i];
    if (!Number.isInteger(v) || v < 0 || v > 255) throw new RangeError(`learnPalette: pixels[${i}] is ${String(v)}, expected an integer in 0..255`);
  }
  return { count: rgb.length / 3, packed: (i) => (rgb[3 * i] << 16) | (rgb[3 * i + 1] << 8) | rgb[3 * i + 2] };
}

/**
 * The distinct packed colours of `view`, sorted ascending, if there are at most `limit` of them;
 * otherwise undefined (stops reading as soon as the limit is passed). Uses a 2 MiB bit set.
 */
export function distinctColors(view: PixelView, limit: number): Uint32Array | undefined {
  const seen = new Uint32Array(1 << 19);
  const found: number[] = [];
  for (let i = 0; i < view.count; i++) {
    const p = view.packed(i);
    const bit = 1 << (p & 31);
    if ((seen[p >>> 5] & bit) === 0) {
      seen[p >>> 5] |= bit;
      found.push(p);
      if (found.length > limit) return undefined;
    }
  }
  return Uint32Array.from(found).sort();
}

/** Distinct colours of a sample as points (RGB bytes) with their counts as weights. */
export interface WeightedColors {
  points: Uint8Array;
  weights: Float64Array;
  count: number;
}

/**
 * Draws `sample` pixels uniformly with replacement (all pixels, in order, if there are no more
 * than `sample`) and merges repeats into weighted points.
 */
export function sampleColors(view: PixelView, sample: number, random: () => number): WeightedColors {
  const n = Math.min(sample, view.count);
  const packed = new Uint32Array(n);
  if (n === view.count) for (let i = 0; i < n; i++) packed[i] = view.packed(i);
  else for (let i = 0; i < n; i++) packed[i] = view.packed(Math.floor(random() * view.count));
  packed.sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || packed[i] !== packed[i - 1]) distinct++;
  const points = new Uint8Array(distinct * 3);
  const weights = new Float64Array(distinct);
  let u = -1;
  for (let i = 0; i < n; i++) {
    if (i === 0 || packed[i] !== packed[i - 1]) {
      u++;
      points[3 * u] = packed[i] >>> 16;
      points[3 * u + 1] = (packed[i] >>> 8) & 255;
      points[3 * u + 2] = packed[i] & 255;
    }
    weights[u]++;
  }
  return { points, weights, count: distinct };
}

function isImage(x: unknown): boolean {
  return x != null && typeof x === 'object' && 'width' in x && 'data' in x;
}

function isImageList(x: unknown): boolean {
  return Array.isArray(x) && (x.length === 0 || isImage(x[0]));
}

function findImage(starts: number[], i: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
