/** Deterministic images for the pixel tests (not exported from the package). */
import type { PixelImage } from './image';
import { seededRandom } from '../random';

/** A smooth RGB gradient (r = x, g = y, b = (x + y) / 2 scaled to 0..255) with a red disc. */
export function gradientImage(width: number, height: number): PixelImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = 3 * (y * width + x);
      const fx = x / (width - 1);
      const fy = y / (height - 1);
      data[o] = Math.round(255 * fx);
      data[o + 1] = Math.round(255 * fy);
      data[o + 2] = Math.round(255 * (1 - (fx + fy) / 2));
      if ((x - width / 3) ** 2 + (y - height / 3) ** 2 < (width / 6) ** 2) data.set([220, 40, 60], o);
    }
  }
  return { width, height, channels: 3, data };
}

/** RGB triplets scattered uniformly within ±spread levels around each centre, `perCluster` each. */
export function clusteredPixels(centres: [number, number, number][], perCluster: number, spread: number, seed = 1): Uint8Array {
  const random = seededRandom(seed);
  const out = new Uint8Array(centres.length * perCluster * 3);
  let o = 0;
  for (let i = 0; i < perCluster; i++) {
    for (const c of centres) {
      for (let a = 0; a < 3; a++) out[o++] = Math.min(255, Math.max(0, c[a] + Math.round((random() * 2 - 1) * spread)));
    }
  }
  return out;
}
