/**
 * LayerNorm over the last axis, `(x − mean)/√(var + eps)·gamma + beta` with the biased variance
 * (as `torch.nn.functional.layer_norm`), forward and gradient in one kernel each on wasm and cpu
 * (`FthetaLayerNorm` saves mean and 1/√(var + eps) for `FthetaLayerNormGrad`), and the composite
 * of tfjs ops (`moments`, `rsqrt`, ...) on any other backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fusedKernelFor } from '../kernels/fused-kernels';
import { LAYER_NORM_KERNEL } from '../kernels/layer-norm-kernels';
import { checkNormArgs } from './norm-args';

function composite<T extends tf.Tensor>(x: T, gamma: tf.Tensor1D, beta: tf.Tensor1D | undefined, eps: number): T {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    const y = tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), gamma);
    return (beta ? tf.add(y, beta) : y) as T;
  });
}

/**
 * LayerNorm of `x` [..., C] with scale `gamma` [C] and optional shift `beta` [C] (float32).
 * @throws Error naming the argument whose rank, shape or dtype is wrong, or a bad eps.
 */
export function layerNorm<T extends tf.Tensor>(x: T, gamma: tf.Tensor1D, beta: tf.Tensor1D | undefined, eps: number): T {
  checkNormArgs('layerNorm', x, { gamma, beta }, eps);
  if (!fusedKernelFor(LAYER_NORM_KERNEL)) return composite(x, gamma, beta, eps);
  const inputs: tf.NamedTensorMap = beta ? { x, gamma, beta } : { x, gamma };
  return tf.tidy(() => (tf.engine().runKernel(LAYER_NORM_KERNEL, inputs, { eps }) as tf.Tensor[])[0] as T);
}
