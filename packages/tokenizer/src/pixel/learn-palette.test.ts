import { describe, expect, it } from 'vitest';
import { learnPalette } from './learn-palette';
import type { KMeansProgress } from './kmeans';
import { clusteredPixels, gradientImage } from './test-images';

const CENTRES: [number, number, number][] = [
  [200, 30, 30],
  [30, 200, 40],
  [40, 30, 200],
  [220, 220, 60],
  [128, 128, 128],
];

function nearestDistance(palette: Uint8Array, c: number[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < palette.length / 3; k++) {
    best = Math.min(best, Math.hypot(palette[3 * k] - c[0], palette[3 * k + 1] - c[1], palette[3 * k + 2] - c[2]));
  }
  return best;
}

describe('learnPalette', () => {
  it('recovers known colour clusters', () => {
    const pixels = clusteredPixels(CENTRES, 2000, 12);
    const palette = learnPalette(pixels, { colors: 5, seed: 3 });
    expect(palette.size).toBe(5);
    for (const c of CENTRES) expect(nearestDistance(palette.colors, c)).toBeLessThan(2);
  });

  it('is deterministic for a seed, and the seed matters', () => {
    const image = gradientImage(64, 64);
    const a = learnPalette(image, { colors: 32, seed: 1, iterations: 5 });
    const b = learnPalette(image, { colors: 32, seed: 1, iterations: 5 });
    const c = learnPalette(image, { colors: 32, seed: 2, iterations: 5 });
    expect(a.colors).toEqual(b.colors);
    expect(c.colors).not.toEqual(a.colors);
  });

  it('uses every colour (no dead centres) on data with outliers', () => {
    const pixels = [...clusteredPixels(CENTRES.slice(0, 3), 500, 3), 0, 0, 0, 255, 255, 255, 0, 255, 255, 255, 0, 255];
    const palette = learnPalette(pixels, { colors: 12, seed: 5 });
    const used = new Set<number>();
    for (let i = 0; i < pixels.length; i += 3) used.add(palette.nearest(pixels[i], pixels[i + 1], pixels[i + 2]));
    expect(used.size).toBe(12);
    for (const outlier of [[0, 0, 0], [255, 255, 255]]) expect(nearestDistance(palette.colors, outlier)).toBe(0);
  });

  it('returns exactly the colours of an image that has no more than asked', () => {
    const pixels = [9, 9, 9, 1, 2, 3, 9, 9, 9, 255, 0, 0];
    const palette = learnPalette(pixels, { colors: 512 });
    expect([...palette.colors]).toEqual([1, 2, 3, 9, 9, 9, 255, 0, 0]);
  });

  it('stops early once converged and reports progress', () => {
    const progress: KMeansProgress[] = [];
    learnPalette(clusteredPixels(CENTRES, 200, 5), { colors: 5, iterations: 50, onProgress: (p) => progress.push(p) });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.length).toBeLessThan(50);
    expect(progress.at(-1)!.changed === 0 || progress.at(-1)!.maxShift <= 0.1).toBe(true);
    for (let i = 1; i < progress.length; i++) expect(progress[i].meanSquaredError).toBeLessThanOrEqual(progress[i - 1].meanSquaredError + 1e-9);
  });

  it('reads several images and ignores alpha', () => {
    const red = { width: 1, height: 2, channels: 4 as const, data: Uint8ClampedArray.from([255, 0, 0, 0, 255, 0, 0, 9]) };
    const blue = { width: 1, height: 1, channels: 3 as const, data: Uint8Array.from([0, 0, 255]) };
    expect([...learnPalette([red, blue]).colors]).toEqual([0, 0, 255, 255, 0, 0]);
  });

  it('rejects bad inputs and options', () => {
    expect(() => learnPalette([])).toThrow(/no pixels/);
    expect(() => learnPalette([1, 2])).toThrow(/multiple of 3/);
    expect(() => learnPalette([1, 2, 300])).toThrow(/pixels\[2\] is 300/);
    expect(() => learnPalette([1, 2, 3], { colors: 0 })).toThrow(/colors is 0/);
    expect(() => learnPalette({ width: 2, height: 2, channels: 3, data: new Uint8Array(3) })).toThrow(/12/);
  });
});
