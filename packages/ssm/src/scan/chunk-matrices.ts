/**
 * The constant 0/1 matrices of one chunk (L steps) that turn its per-step log-decays a_r = Δ_r·A
 * into the segment sums the chunked scan exponentiates — one matMul, sums of the terms themselves
 * (never differences of running totals, so no cancellation and every exponent is ≤ 0) — and that
 * gather and scatter the causal pairs (t ≥ s) with matMuls, so the non-causal half is never computed.
 *
 * Pairs p = (t, s), s ≤ t, are ordered by t then s: P = L(L+1)/2 of them.
 */

/** Host arrays for one chunk length (tensors are made per call, so no tensor outlives a test). */
export interface ChunkMatrices {
  /** Number of causal pairs, L(L+1)/2. */
  pairs: number;
  /** [P, L]: row p = (t, s) is 1 at s < r ≤ t, so row·a = Σ_{s<r≤t} a_r, the log-decay from s to t. */
  segments: Float32Array;
  /** [L, L]: row t is 1 at r ≤ t: Σ_{r≤t} a_r, the decay of the carried-in state through step t. */
  fromStart: Float32Array;
  /** [L, L]: row s is 1 at r > s: Σ_{s<r<L} a_r, the decay from step s to the chunk's end. */
  toEnd: Float32Array;
  /** [P, L]: row p = (t, s) is 1 at column t (gathers C_t; its transpose sums pairs into outputs y_t). */
  pickT: Float32Array;
  /** [P, L]: row p = (t, s) is 1 at column s (gathers B_s and u_s). */
  pickS: Float32Array;
}

const cache = new Map<number, ChunkMatrices>();

/** The matrices for chunk length `L` (memoised host arrays). */
export function chunkMatrices(L: number): ChunkMatrices {
  const hit = cache.get(L);
  if (hit) return hit;
  const pairs = (L * (L + 1)) / 2;
  const segments = new Float32Array(pairs * L);
  const fromStart = new Float32Array(L * L);
  const toEnd = new Float32Array(L * L);
  const pickT = new Float32Array(pairs * L);
  const pickS = new Float32Array(pairs * L);
  let p = 0;
  for (let t = 0; t < L; t++) {
    for (let s = 0; s <= t; s++, p++) {
      for (let r = s + 1; r <= t; r++) segments[p * L + r] = 1;
      pickT[p * L + t] = 1;
      pickS[p * L + s] = 1;
    }
  }
  for (let t = 0; t < L; t++) {
    for (let r = 0; r < L; r++) {
      if (r <= t) fromStart[t * L + r] = 1;
      if (r > t) toEnd[t * L + r] = 1;
    }
  }
  const m = { pairs, segments, fromStart, toEnd, pickT, pickS };
  cache.set(L, m);
  return m;
}
