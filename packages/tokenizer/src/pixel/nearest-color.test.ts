import { describe, expect, it } from 'vitest';
import { NearestColorIndex } from './nearest-color';
import { seededRandom } from '../random';

function bruteForce(c: ArrayLike<number>, r: number, g: number, b: number): number {
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  for (let k = 0; k < c.length / 3; k++) {
    const d = (c[3 * k] - r) ** 2 + (c[3 * k + 1] - g) ** 2 + (c[3 * k + 2] - b) ** 2;
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

describe('NearestColorIndex', () => {
  it('agrees with brute force, ties to the lowest index, on fractional and duplicated centres', () => {
    const random = seededRandom(7);
    const centres: number[] = [];
    for (let k = 0; k < 300; k++) centres.push(random() * 255, random() * 255, random() * 255);
    for (let k = 0; k < 40; k++) centres.push(Math.round(random() * 255), 0, 255); // on the cube's faces
    centres.push(...centres.slice(30, 60)); // duplicates of centres 10..19: ties
    const index = new NearestColorIndex(centres);
    for (let q = 0; q < 20000; q++) {
      const r = Math.floor(random() * 256);
      const g = Math.floor(random() * 256);
      const b = Math.floor(random() * 256);
      const got = index.nearest(r, g, b);
      if (got !== bruteForce(centres, r, g, b)) expect([r, g, b, got]).toEqual([r, g, b, bruteForce(centres, r, g, b)]);
    }
  });

  it('answers with the only centre and rejects malformed centres', () => {
    expect(new NearestColorIndex([10, 20, 30]).nearest(255, 255, 255)).toBe(0);
    expect(() => new NearestColorIndex([1, 2])).toThrow(/multiple of 3/);
  });
});
