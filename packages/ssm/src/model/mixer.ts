/**
 * One Mamba mixer (../shared/refs/mamba_ref.py's Mixer), over activations kept 2-D as [B·T, C] so
 * every projection is one 2-D matMul. Weights are torch Linear layout [out, in]: y = x·Wᵀ (+ b).
 */
import { causalConv1d } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { type SelectiveScanOptions, selectiveScan } from '../scan';
import type { MambaLayerState } from './mamba-state';

/** A mixer's parameters (views of the ParamStore's variables). */
export interface MixerWeights {
  inProj: { weight: tf.Tensor2D; bias?: tf.Tensor1D }; // [2·di, d]
  conv: { weight: tf.Tensor3D; bias?: tf.Tensor1D }; // [di, 1, K]
  xProj: tf.Tensor2D; // [R + 2N, di]
  dtProj: { weight: tf.Tensor2D; bias: tf.Tensor1D }; // [di, R]
  aLog: tf.Tensor2D; // [di, N]
  d: tf.Tensor1D; // [di]
  outProj: { weight: tf.Tensor2D; bias?: tf.Tensor1D }; // [d, di]
}

/** Sizes the mixer needs besides its weights. */
export interface MixerDims {
  batch: number;
  length: number;
  dtRank: number;
  stateSize: number;
}

/** x [N, in] · Wᵀ [in, out] (+ b). */
function linearT(x: tf.Tensor2D, weight: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor2D {
  const y = tf.matMul(x, weight, false, true) as tf.Tensor2D;
  return bias ? (tf.add(y, bias) as tf.Tensor2D) : y;
}

const silu = <T extends tf.Tensor>(x: T): T => tf.mul(x, tf.sigmoid(x)) as T;

/**
 * h [B·T, d] (already RMSNorm'd) -> the mixer's output [B·T, d] and the layer's state after these
 * T tokens (continuing from `past` if given), and the step sizes Δ [B·T, di] it used. Runs inside
 * the caller's tidy; the returned tensors are ordinary tensors of that tidy (the caller keeps them).
 */
export function mambaMixer(
  h: tf.Tensor2D,
  w: MixerWeights,
  dims: MixerDims,
  past: MambaLayerState | undefined,
  scan: SelectiveScanOptions,
): { out: tf.Tensor2D; state: MambaLayerState; delta: tf.Tensor2D } {
  const { batch: B, length: T, dtRank: R, stateSize: N } = dims;
  const di = w.d.shape[0];
  const K = w.conv.weight.shape[2];
  const [xs, z] = tf.split(linearT(h, w.inProj.weight, w.inProj.bias), 2, 1) as [tf.Tensor2D, tf.Tensor2D]; // [B·T, di] each

  // Causal depthwise conv over (the previous K−1 inputs, these T): outputs for the T new positions.
  const x3 = tf.reshape(xs, [B, T, di]) as tf.Tensor3D; // [B,T,di]
  const window = K > 1 ? (tf.concat([past?.conv ?? tf.zeros([B, K - 1, di]), x3], 1) as tf.Tensor3D) : x3; // [B,K−1+T,di]
  const convW = tf.reshape(w.conv.weight, [di, K]) as tf.Tensor2D;
  const conv = causalConv1d(window, convW, w.conv.bias); // [B,K−1+T,di]
  const xc = silu(K > 1 ? (tf.slice(conv, [0, K - 1, 0], [B, T, di]) as tf.Tensor3D) : conv); // [B,T,di]
  const convState = tf.slice(window, [0, T, 0], [B, K - 1, di]) as tf.Tensor3D; // [B,K−1,di] the last K−1 inputs

  // Input-dependent Δ, B, C.
  const xdbl = linearT(tf.reshape(xc, [B * T, di]) as tf.Tensor2D, w.xProj); // [B·T, R+2N]
  const [dtLow, Bm, Cm] = tf.split(xdbl, [R, N, N], 1); // [B·T,R], [B·T,N], [B·T,N]
  const delta = tf.softplus(linearT(dtLow as tf.Tensor2D, w.dtProj.weight, w.dtProj.bias)); // [B·T,di] > 0 (threshold as torch's, to float32 rounding)
  const A = tf.neg(tf.exp(w.aLog)) as tf.Tensor2D; // [di,N] < 0

  const { y, state: ssm } = selectiveScan(
    {
      x: xc,
      delta: tf.reshape(delta, [B, T, di]) as tf.Tensor3D,
      A,
      B: tf.reshape(Bm, [B, T, N]) as tf.Tensor3D,
      C: tf.reshape(Cm, [B, T, N]) as tf.Tensor3D,
      D: w.d,
      initialState: past?.ssm,
    },
    scan,
  ); // y [B,T,di], ssm [B,di,N]
  const gated = tf.mul(tf.reshape(y, [B * T, di]), silu(z)) as tf.Tensor2D; // [B·T,di]
  return { out: linearT(gated, w.outProj.weight, w.outProj.bias), state: { conv: convState, ssm }, delta };
}
