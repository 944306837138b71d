import { describe, expect, it } from 'vitest';
import { type KMeansProgress, kMeans } from './kmeans';
import { seededRandom } from '../random';

/** Points along the red axis, weight 1 each. */
function reds(values: number[]) {
  const points = new Uint8Array(values.length * 3);
  values.forEach((v, i) => {
    points[3 * i] = v;
  });
  return { points, weights: new Float64Array(values.length).fill(1), count: values.length };
}

describe('kMeans', () => {
  it('re-seeds an empty cluster at the costliest point', () => {
    const progress: KMeansProgress[] = [];
    const centres = kMeans(reds([0, 10, 20, 30]), {
      k: 3,
      iterations: 10,
      tolerance: 0,
      random: seededRandom(0),
      init: [0, 0, 0, 10, 0, 0, 200, 0, 0], // centre 2 owns no point
      onProgress: (p) => progress.push(p),
    });
    expect(progress[0].reseeded).toBe(1);
    const sorted = [centres[0], centres[3], centres[6]].sort((a, b) => a - b);
    expect(sorted).toEqual([5, 20, 30]); // 10 ties between 0 and 20 and goes to the lower index
  });

  it('weights points by their count', () => {
    const data = reds([0, 100]);
    data.weights[1] = 3;
    const centres = kMeans(data, { k: 1, iterations: 5, tolerance: 0, random: seededRandom(0) });
    expect(centres[0]).toBe(75);
  });
});
