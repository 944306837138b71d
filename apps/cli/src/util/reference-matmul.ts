/** Shape of one (batched) matrix product, as tfjs `matMul(a, b, transposeA, transposeB)` sees it. */
export interface MatmulShape {
  /** Number of independent products; 1 for a plain 2-D matMul. */
  batch: number;
  /** Rows of the result. */
  m: number;
  /** Inner (contracted) dimension. */
  k: number;
  /** Columns of the result. */
  n: number;
  /** `a` is stored as [batch, k, m] and used transposed. */
  transposeA: boolean;
  /** `b` is stored as [batch, n, k] and used transposed. */
  transposeB: boolean;
}

/**
 * Plain-JS matrix product in float64, the reference every backend is checked against.
 * `a` and `b` are stored as described by `shape` (transposed storage when the flags are set);
 * the result is [batch, m, n], row-major.
 */
export function referenceMatmul(a: Float32Array, b: Float32Array, shape: MatmulShape): Float64Array {
  const { batch, m, k, n, transposeA, transposeB } = shape;
  if (a.length !== batch * m * k) throw new Error(`a has ${a.length} values, expected ${batch * m * k}`);
  if (b.length !== batch * k * n) throw new Error(`b has ${b.length} values, expected ${batch * k * n}`);
  const out = new Float64Array(batch * m * n);
  const aRow = new Float64Array(m * k); // [m,k], contiguous
  const bRow = new Float64Array(k * n); // [k,n], contiguous
  for (let t = 0; t < batch; t++) {
    const aOff = t * m * k;
    const bOff = t * k * n;
    for (let i = 0; i < m; i++) {
      for (let p = 0; p < k; p++) aRow[i * k + p] = transposeA ? a[aOff + p * m + i] : a[aOff + i * k + p];
    }
    for (let p = 0; p < k; p++) {
      for (let j = 0; j < n; j++) bRow[p * n + j] = transposeB ? b[bOff + j * k + p] : b[bOff + p * n + j];
    }
    const oOff = t * m * n;
    for (let i = 0; i < m; i++) {
      for (let p = 0; p < k; p++) {
        const aip = aRow[i * k + p];
        const bBase = p * n;
        const oBase = oOff + i * n;
        for (let j = 0; j < n; j++) out[oBase + j] += aip * bRow[bBase + j];
      }
    }
  }
  return out;
}

/** Largest |expected[i] - actual[i]|; throws when the lengths differ. */
export function maxAbsError(expected: ArrayLike<number>, actual: ArrayLike<number>): number {
  if (expected.length !== actual.length) {
    throw new Error(`length mismatch: expected ${expected.length} values, got ${actual.length}`);
  }
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(expected[i] - actual[i]);
    if (!(d <= worst)) worst = d; // NaN propagates as the worst error
  }
  return worst;
}

/** 2·batch·m·k·n: floating-point operations in one product. */
export function matmulFlops(shape: MatmulShape): number {
  return 2 * shape.batch * shape.m * shape.k * shape.n;
}
