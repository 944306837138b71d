/**
 * The selective scan as plain tfjs ops, one time step at a time: the definition, and what
 * {@link selectiveScan} runs where the fused kernel is not registered (webgl) or kernel fixes are off.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SelectiveScanInputs, SelectiveScanResult } from './selective-scan-args';

/**
 * h_t = exp(Δ_t·A)·h_{t−1} + (Δ_t·x_t)⊗B_t, y_t = h_t·C_t + D·x_t, with tfjs ops (4 per step after
 * precomputing exp(Δ·A) and Δ·x⊗B for all steps). Differentiable by autodiff. Arguments are not
 * checked here (see `checkSelectiveScanArgs`).
 */
export function selectiveScanSequential(inputs: SelectiveScanInputs): SelectiveScanResult {
  const { x, delta, A, B, C, D, initialState } = inputs;
  const [b, t, d] = x.shape;
  const n = A.shape[1];
  return tf.tidy(() => {
    // Unstacked once: unstack's gradient is one stack, per-step slices would each pad a
    // full-length gradient. (T = 1: a squeeze, as tfjs's unstack gradient fails for one output.)
    const steps = (v: tf.Tensor): tf.Tensor[] => (t === 1 ? [tf.squeeze(v, [1])] : tf.unstack(v, 1));
    const dA = steps(tf.exp(tf.mul(tf.reshape(delta, [b, t, d, 1]), A))); // T × [B,D,N]
    const dBx = steps(tf.mul(tf.reshape(tf.mul(delta, x), [b, t, d, 1]), tf.reshape(B, [b, t, 1, n]))); // T × [B,D,N]
    const cs = steps(tf.reshape(C, [b, t, 1, n])); // T × [B,1,N]
    let h: tf.Tensor = initialState ?? tf.zeros([b, d, n]);
    const ys: tf.Tensor[] = [];
    for (let s = 0; s < t; s++) {
      const prev = h;
      const step = tf.tidy(() => {
        const hs = tf.add(tf.mul(dA[s], prev), dBx[s]);
        return { hs, ys: tf.sum(tf.mul(hs, cs[s]), -1) };
      });
      if (prev !== initialState) prev.dispose();
      h = step.hs;
      ys.push(step.ys);
    }
    let y: tf.Tensor = t === 1 ? tf.expandDims(ys[0], 1) : tf.stack(ys, 1);
    if (D) y = tf.add(y, tf.mul(x, D));
    return { y: y as tf.Tensor3D, state: (h === initialState ? tf.clone(h) : h) as tf.Tensor3D };
  });
}
