/**
 * RMSNorm over the last axis, `x/√(mean(x²) + eps)·gamma` (LLaMA's), forward and gradient in one
 * kernel each on wasm and cpu (the LayerNorm kernels with `center: false`), and the composite of
 * tfjs ops on any other backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fusedKernelFor } from '../kernels/fused-kernels';
import { LAYER_NORM_KERNEL } from '../kernels/layer-norm-kernels';
import { checkNormArgs } from './norm-args';

function composite<T extends tf.Tensor>(x: T, gamma: tf.Tensor1D, eps: number): T {
  return tf.tidy(() => {
    const meanSquare = tf.mean(tf.mul(x, x), -1, true);
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(meanSquare, eps))), gamma) as T;
  });
}

/**
 * RMSNorm of `x` [..., C] with scale `gamma` [C] (float32).
 * @throws Error naming the argument whose rank, shape or dtype is wrong, or a bad eps.
 */
export function rmsNorm<T extends tf.Tensor>(x: T, gamma: tf.Tensor1D, eps: number): T {
  checkNormArgs('rmsNorm', x, { gamma }, eps);
  if (!fusedKernelFor(LAYER_NORM_KERNEL)) return composite(x, gamma, eps);
  return tf.tidy(() => (tf.engine().runKernel(LAYER_NORM_KERNEL, { x, gamma }, { eps, center: false }) as tf.Tensor[])[0] as T);
}
