/** Normalisation layers over the last axis: LayerNorm (GPT-2) and RMSNorm. */
import * as tf from '@tensorflow/tfjs-core';

/** Scale [C] and optional shift [C] (LayerNorm without biases, and RMSNorm, have none). */
export interface NormWeights {
  weight: tf.Tensor1D;
  bias?: tf.Tensor1D;
}

/** (x - mean) / sqrt(var + eps) * weight + bias, with the biased variance (as torch's layer_norm). */
export function layerNorm<T extends tf.Tensor>(x: T, { weight, bias }: NormWeights, eps: number): T {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    const y = tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), weight);
    return (bias ? tf.add(y, bias) : y) as T;
  });
}

/** x / sqrt(mean(x²) + eps) * weight (no centring, no shift). */
export function rmsNorm<T extends tf.Tensor>(x: T, { weight }: NormWeights, eps: number): T {
  return tf.tidy(() => {
    const meanSquare = tf.mean(tf.mul(x, x), -1, true);
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(meanSquare, eps))), weight) as T;
  });
}
