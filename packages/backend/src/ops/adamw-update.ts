/**
 * One AdamW update of one parameter tensor in one kernel (PyTorch's `torch.optim.AdamW` without
 * amsgrad):
 *
 *   θ ← θ·(1 − lr·wd)                                     decoupled decay
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   θ ← θ − lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε)     (ε outside the square root)
 *
 * On wasm and cpu this is the fused `FthetaAdamW` kernel (one call instead of ~12); elsewhere the
 * same formula as tfjs ops. Every path evaluates it op by op in float32, so they agree bit for bit.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ADAMW_KERNEL, type AdamWKernelAttrs } from '../kernels/adamw-kernels';
import { fusedKernelFor } from '../kernels/fused-kernels';

/** Hyper-parameters of one {@link adamwUpdate}. */
export interface AdamWUpdateOptions {
  /** Learning rate (≥ 0). */
  lr: number;
  /** β1 in [0, 1). */
  beta1: number;
  /** β2 in [0, 1). */
  beta2: number;
  /** ε (> 0), added outside the square root. */
  eps: number;
  /** Decoupled weight decay (≥ 0; 0 for a parameter outside the decay group). */
  weightDecay: number;
  /** The 1-based number of this update (t of the bias corrections). */
  step: number;
}

/** What {@link adamwUpdate} returns: new tensors (the caller owns them). */
export interface AdamWUpdateResult {
  param: tf.Tensor;
  m: tf.Tensor;
  v: tf.Tensor;
}

function check(name: string, ok: boolean, value: unknown): void {
  if (!ok) throw new Error(`adamwUpdate: ${name} is invalid, got ${value}`);
}

/** The combined scalars of the update (exported for tests). */
export function adamwKernelAttrs(o: AdamWUpdateOptions): AdamWKernelAttrs {
  return {
    decay: 1 - o.lr * o.weightDecay,
    beta1: o.beta1,
    oneMinusBeta1: 1 - o.beta1,
    beta2: o.beta2,
    oneMinusBeta2: 1 - o.beta2,
    bc2: Math.sqrt(1 - o.beta2 ** o.step),
    eps: o.eps,
    step: o.lr / (1 - o.beta1 ** o.step),
  };
}

function composite(param: tf.Tensor, grad: tf.Tensor, m: tf.Tensor, v: tf.Tensor, a: AdamWKernelAttrs, decay: boolean): tf.Tensor[] {
  return tf.tidy(() => {
    const p0 = decay ? tf.mul(param, tf.scalar(a.decay)) : param;
    const m1 = tf.add(tf.mul(m, tf.scalar(a.beta1)), tf.mul(grad, tf.scalar(a.oneMinusBeta1)));
    const v1 = tf.add(tf.mul(v, tf.scalar(a.beta2)), tf.mul(tf.mul(grad, grad), tf.scalar(a.oneMinusBeta2)));
    const denom = tf.add(tf.div(tf.sqrt(v1), tf.scalar(a.bc2)), tf.scalar(a.eps));
    return [tf.sub(p0, tf.mul(tf.div(m1, denom), tf.scalar(a.step))), m1, v1];
  });
}

/**
 * AdamW's new parameter and moments from `param`, its gradient `grad` and moments `m`, `v` (all
 * float32 tensors of one shape; none is changed or disposed).
 * @throws Error naming the argument whose dtype or shape is wrong, or the bad hyper-parameter.
 */
export function adamwUpdate(param: tf.Tensor, grad: tf.Tensor, m: tf.Tensor, v: tf.Tensor, options: AdamWUpdateOptions): AdamWUpdateResult {
  const tensors = { param, grad, m, v };
  for (const [name, t] of Object.entries(tensors)) {
    if (!(t instanceof tf.Tensor)) throw new Error(`adamwUpdate: ${name} must be a tf.Tensor, got ${typeof t}`);
    if (t.dtype !== 'float32') throw new Error(`adamwUpdate: ${name} must be float32, got ${t.dtype}`);
    if (!tf.util.arraysEqual(t.shape, param.shape)) throw new Error(`adamwUpdate: ${name} has shape [${t.shape}], param has [${param.shape}]`);
  }
  const { lr, beta1, beta2, eps, weightDecay, step } = options;
  check('lr', Number.isFinite(lr) && lr >= 0, lr);
  check('beta1', beta1 >= 0 && beta1 < 1, beta1);
  check('beta2', beta2 >= 0 && beta2 < 1, beta2);
  check('eps', Number.isFinite(eps) && eps > 0, eps);
  check('weightDecay', Number.isFinite(weightDecay) && weightDecay >= 0, weightDecay);
  check('step', Number.isInteger(step) && step >= 1, step);
  const attrs = adamwKernelAttrs(options);
  const out = fusedKernelFor(ADAMW_KERNEL)
    ? (tf.engine().runKernel(ADAMW_KERNEL, tensors as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[])
    : composite(param, grad, m, v, attrs, weightDecay !== 0);
  return { param: out[0], m: out[1], v: out[2] };
}
