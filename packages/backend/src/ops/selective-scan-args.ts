/** Argument checks of {@link selectiveScan}. */
import * as tf from '@tensorflow/tfjs-core';

/** The inputs of Mamba's selective scan (the layout of @ftheta/ssm's `ScanInputs`). */
export interface SelectiveScanInputs {
  /** x [B, T, D] (D = d_inner channels). */
  x: tf.Tensor3D;
  /** Δ [B, T, D], already through softplus (> 0). */
  delta: tf.Tensor3D;
  /** A [D, N] (< 0, = −exp(A_log)). */
  A: tf.Tensor2D;
  /** B [B, T, N]. */
  B: tf.Tensor3D;
  /** C [B, T, N]. */
  C: tf.Tensor3D;
  /** D [D], the skip connection (omitted: none). */
  D?: tf.Tensor1D;
  /** h_0 [B, D, N] (omitted: zeros). Never modified or disposed. */
  initialState?: tf.Tensor3D;
}

/** What {@link selectiveScan} returns; the caller owns (and disposes) both tensors. */
export interface SelectiveScanResult {
  /** y [B, T, D]. */
  y: tf.Tensor3D;
  /** h_T [B, D, N], the state after the last step. */
  state: tf.Tensor3D;
}

/**
 * Throws, naming the op, the argument, its shape and the expected one, unless every input is a
 * float32 tensor of the documented shape with B, T, D, N >= 1. Returns [B, T, D, N].
 */
export function checkSelectiveScanArgs(op: string, s: SelectiveScanInputs): [number, number, number, number] {
  const describe = (t: unknown) => (t instanceof tf.Tensor ? `[${t.shape}]` : typeof t);
  const fail = (arg: string, t: unknown, want: string): never => {
    throw new Error(`${op}: ${arg} must have shape ${want}, got ${describe(t)}`);
  };
  if (s == null || typeof s !== 'object') throw new Error(`${op}: inputs must be an object { x, delta, A, B, C, D?, initialState? }, got ${s}`);
  const { x, A } = s;
  if (!(x instanceof tf.Tensor) || x.rank !== 3 || x.size === 0) fail('x', x, '[B, T, D] with B, T, D >= 1');
  if (!(A instanceof tf.Tensor) || A.rank !== 2 || A.shape[0] !== x.shape[2] || A.shape[1] < 1) fail('A', A, `[${x.shape[2]}, N] with N >= 1 (D from x [${x.shape}])`);
  const [b, t, d] = x.shape;
  const n = A.shape[1];
  const expect = (arg: string, v: unknown, want: number[], optional: boolean) => {
    if (optional && v === undefined) return;
    if (!(v instanceof tf.Tensor) || v.rank !== want.length || v.shape.some((s: number, i: number) => s !== want[i])) fail(arg, v, `[${want}]`);
  };
  expect('delta', s.delta, [b, t, d], false);
  expect('B', s.B, [b, t, n], false);
  expect('C', s.C, [b, t, n], false);
  expect('D', s.D, [d], true);
  expect('initialState', s.initialState, [b, d, n], true);
  for (const [arg, v] of Object.entries({ x, delta: s.delta, A, B: s.B, C: s.C, D: s.D, initialState: s.initialState })) {
    if (v !== undefined && v.dtype !== 'float32') throw new Error(`${op}: ${arg} must be float32, got ${v.dtype}`);
  }
  return [b, t, d, n];
}
