/** The inputs and outputs of Mamba's selective scan, shared by the sequential and the chunked scan. */
import type * as tf from '@tensorflow/tfjs-core';

/**
 * A selective SSM over T steps, per channel d of d_inner and state index n of N:
 *
 *   h_t[d,n] = exp(Δ_t[d]·A[d,n]) · h_{t-1}[d,n] + Δ_t[d]·B_t[n]·x_t[d]     (ZOH for A, Euler for B)
 *   y_t[d]   = Σ_n C_t[n]·h_t[d,n] + D[d]·x_t[d]
 */
export interface ScanInputs {
  /** x [B, T, d_inner]: the conv's (SiLU'd) output. */
  x: tf.Tensor3D;
  /** Δ [B, T, d_inner], already through softplus (> 0). */
  delta: tf.Tensor3D;
  /** A [d_inner, N] = −exp(A_log) (< 0). */
  A: tf.Tensor2D;
  /** B [B, T, N]. */
  B: tf.Tensor3D;
  /** C [B, T, N]. */
  C: tf.Tensor3D;
  /** D [d_inner], the skip connection (omitted: no skip). */
  D?: tf.Tensor1D;
  /** h_0 [B, d_inner, N] (omitted: zeros). Never modified or disposed. */
  initialState?: tf.Tensor3D;
}

/** What a scan returns; the caller owns (and disposes) both tensors. */
export interface ScanResult {
  /** y [B, T, d_inner]. */
  y: tf.Tensor3D;
  /** h_T [B, d_inner, N], the state after the last step (to continue from). */
  state: tf.Tensor3D;
}

/** Checks ranks and shapes; errors name the argument, its shape and what was expected. */
export function checkScanInputs(where: string, s: ScanInputs): void {
  const [b, t, di] = s.x.shape;
  const fail = (arg: string, shape: readonly number[], want: string): never => {
    throw new Error(`${where}: ${arg} has shape [${shape}], expected ${want}`);
  };
  if (s.x.rank !== 3) fail('x', s.x.shape, '[B, T, d_inner]');
  if (t < 1) fail('x', s.x.shape, 'at least one time step');
  if (s.A.rank !== 2 || s.A.shape[0] !== di) fail('A', s.A.shape, `[${di}, N]`);
  const n = s.A.shape[1];
  const same = (arg: string, x: tf.Tensor, want: number[]) => {
    if (x.rank !== want.length || x.shape.some((v, i) => v !== want[i])) fail(arg, x.shape, `[${want}]`);
  };
  same('delta', s.delta, [b, t, di]);
  same('B', s.B, [b, t, n]);
  same('C', s.C, [b, t, n]);
  if (s.D) same('D', s.D, [di]);
  if (s.initialState) same('initialState', s.initialState, [b, di, n]);
}
