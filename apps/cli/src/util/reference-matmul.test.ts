import { describe, expect, it } from 'vitest';
import { matmulFlops, maxAbsError, referenceMatmul } from './reference-matmul';

const f32 = (xs: number[]) => Float32Array.from(xs);

describe('referenceMatmul', () => {
  // a = [[1,2,3],[4,5,6]] (2x3), b = [[1,0],[0,1],[1,1]] (3x2) -> [[4,5],[10,11]]
  const a = f32([1, 2, 3, 4, 5, 6]);
  const b = f32([1, 0, 0, 1, 1, 1]);
  const expected = [4, 5, 10, 11];

  it('multiplies a 2x3 by a 3x2', () => {
    const out = referenceMatmul(a, b, { batch: 1, m: 2, k: 3, n: 2, transposeA: false, transposeB: false });
    expect(Array.from(out)).toEqual(expected);
  });

  it('reads transposed storage for a and b', () => {
    const aT = f32([1, 4, 2, 5, 3, 6]); // a stored as 3x2
    const bT = f32([1, 0, 1, 0, 1, 1]); // b stored as 2x3
    const shape = { batch: 1, m: 2, k: 3, n: 2 };
    expect(Array.from(referenceMatmul(aT, b, { ...shape, transposeA: true, transposeB: false }))).toEqual(expected);
    expect(Array.from(referenceMatmul(a, bT, { ...shape, transposeA: false, transposeB: true }))).toEqual(expected);
    expect(Array.from(referenceMatmul(aT, bT, { ...shape, transposeA: true, transposeB: true }))).toEqual(expected);
  });

  it('keeps batches apart', () => {
    const a2 = f32([...a, ...a.map((x) => 2 * x)]);
    const b2 = f32([...b, ...b]);
    const out = referenceMatmul(a2, b2, { batch: 2, m: 2, k: 3, n: 2, transposeA: false, transposeB: false });
    expect(Array.from(out)).toEqual([...expected, ...expected.map((x) => 2 * x)]);
  });

  it('rejects inputs of the wrong size', () => {
    expect(() => referenceMatmul(a, b, { batch: 1, m: 3, k: 3, n: 2, transposeA: false, transposeB: false })).toThrow(
      /a has 6 values, expected 9/,
    );
  });
});

describe('maxAbsError / matmulFlops', () => {
  it('finds the worst difference and treats NaN as worst', () => {
    expect(maxAbsError([1, 2, 3], [1, 2.5, 2.9])).toBeCloseTo(0.5);
    expect(maxAbsError([1, 2], [1, Number.NaN])).toBeNaN();
    expect(() => maxAbsError([1], [1, 2])).toThrow(/length mismatch/);
  });
  it('counts 2·b·m·k·n', () => {
    expect(matmulFlops({ batch: 8, m: 256, k: 64, n: 256, transposeA: true, transposeB: false })).toBe(67_108_864);
  });
});
