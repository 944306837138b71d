/**
 * The small dense linear algebra ROME and MEMIT need, in float64 on the host: a Cholesky
 * factorisation of a symmetric positive-definite n×n matrix (n = the MLP width, a few hundred to a
 * few thousand) and solves with it. Row-major Float64Arrays throughout.
 */

/** The lower-triangular factor L of A = L·Lᵀ (A: n×n SPD, row-major; not modified). */
export function cholesky(A: Float64Array, n: number, what = 'matrix'): Float64Array {
  if (A.length !== n * n) throw new Error(`cholesky: ${what} has ${A.length} entries, expected ${n}×${n}`);
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j]!;
    const Lj = j * n;
    for (let k = 0; k < j; k++) d -= L[Lj + k]! * L[Lj + k]!;
    if (!(d > 0)) throw new Error(`cholesky: ${what} is not positive definite (pivot ${j} is ${d}); it needs more samples or a ridge`);
    const djj = Math.sqrt(d);
    L[Lj + j] = djj;
    for (let i = j + 1; i < n; i++) {
      const Li = i * n;
      let s = A[Li + j]!;
      for (let k = 0; k < j; k++) s -= L[Li + k]! * L[Lj + k]!;
      L[Li + j] = s / djj;
    }
  }
  return L;
}

/** Solves A·X = B for X (B: n×m row-major) given A's Cholesky factor L. */
export function choleskySolve(L: Float64Array, n: number, B: Float64Array | Float32Array, m: number): Float64Array {
  if (B.length !== n * m) throw new Error(`choleskySolve: right-hand side has ${B.length} entries, expected ${n}×${m}`);
  const X = Float64Array.from(B);
  // Forward: L·Y = B.
  for (let i = 0; i < n; i++) {
    const Li = i * n;
    for (let k = 0; k < i; k++) {
      const l = L[Li + k]!;
      if (l === 0) continue;
      for (let c = 0; c < m; c++) X[i * m + c]! -= l * X[k * m + c]!;
    }
    const d = L[Li + i]!;
    for (let c = 0; c < m; c++) X[i * m + c]! /= d;
  }
  // Backward: Lᵀ·X = Y.
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) {
      const l = L[k * n + i]!;
      if (l === 0) continue;
      for (let c = 0; c < m; c++) X[i * m + c]! -= l * X[k * m + c]!;
    }
    const d = L[i * n + i]!;
    for (let c = 0; c < m; c++) X[i * m + c]! /= d;
  }
  return X;
}

/** AᵀB for A: r×n and B: r×m (row-major) -> n×m, in float64. */
export function transposeTimes(A: Float32Array | Float64Array, B: Float32Array | Float64Array, r: number, n: number, m: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let k = 0; k < r; k++) {
    for (let i = 0; i < n; i++) {
      const a = A[k * n + i]!;
      if (a === 0) continue;
      const o = i * m;
      const b = k * m;
      for (let j = 0; j < m; j++) out[o + j]! += a * B[b + j]!;
    }
  }
  return out;
}

/** x·y for two vectors. */
export function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}
