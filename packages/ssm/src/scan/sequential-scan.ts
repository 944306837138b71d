/**
 * The selective scan one time step at a time: the definition, used for decoding (T = 1) and as the
 * oracle the chunked scan is tested against. T steps cost 4 ops each.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkScanInputs, type ScanInputs, type ScanResult } from './scan-inputs';

/**
 * h_t = exp(Δ_t·A)·h_{t-1} + (Δ_t·x_t)⊗B_t, y_t = h_t·C_t + D·x_t, step by step (see {@link ScanInputs}).
 * Differentiable by tfjs autodiff. Returns new tensors; the inputs are left as they are.
 */
export function sequentialScan(inputs: ScanInputs): ScanResult {
  checkScanInputs('sequentialScan', inputs);
  const { x, delta, A, B, C, D, initialState } = inputs;
  const [b, t, di] = x.shape;
  const n = A.shape[1];
  return tf.tidy(() => {
    // Per-step decays, inputs and C, unstacked once (unstack's gradient is one stack; per-step
    // slices would each pad a full-length gradient: O(T²) memory in the backward pass).
    // (T = 1: a reshape, as tfjs's unstack gradient fails for a single output.)
    const steps = (v: tf.Tensor): tf.Tensor[] => (t === 1 ? [tf.squeeze(v, [1])] : tf.unstack(v, 1));
    const dA = steps(tf.exp(tf.mul(tf.reshape(delta, [b, t, di, 1]), A))); // T × [B,di,N] decay
    const dBx = steps(tf.mul(tf.reshape(tf.mul(delta, x), [b, t, di, 1]), tf.reshape(B, [b, t, 1, n]))); // T × [B,di,N] input
    const cs = steps(tf.reshape(C, [b, t, 1, n])); // T × [B,1,N]
    let h: tf.Tensor = initialState ?? tf.zeros([b, di, n]); // [B,di,N]
    const ys: tf.Tensor[] = [];
    for (let s = 0; s < t; s++) {
      const prev = h;
      const step = tf.tidy(() => {
        const hs = tf.add(tf.mul(dA[s], prev), dBx[s]); // [B,di,N]
        const ys = tf.sum(tf.mul(hs, cs[s]), -1); // [B,di]
        return { hs, ys };
      });
      if (prev !== initialState) prev.dispose();
      h = step.hs;
      ys.push(step.ys);
    }
    let y: tf.Tensor = t === 1 ? tf.expandDims(ys[0], 1) : tf.stack(ys, 1); // [B,T,di]
    if (D) y = tf.add(y, tf.mul(x, D));
    return { y: y as tf.Tensor3D, state: (h === initialState ? tf.clone(h) : h) as tf.Tensor3D };
  });
}
