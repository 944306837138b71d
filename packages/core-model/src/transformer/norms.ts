/** Normalisation layers over the last axis: LayerNorm (GPT-2) and RMSNorm. */
import { layerNorm as fusedLayerNorm, rmsNorm as fusedRmsNorm } from '@ftheta/backend';
import type * as tf from '@tensorflow/tfjs-core';

/** Scale [C] and optional shift [C] (LayerNorm without biases, and RMSNorm, have none). */
export interface NormWeights {
  weight: tf.Tensor1D;
  bias?: tf.Tensor1D;
}

/** (x - mean) / sqrt(var + eps) * weight + bias, with the biased variance (as torch's layer_norm). */
export function layerNorm<T extends tf.Tensor>(x: T, { weight, bias }: NormWeights, eps: number): T {
  // One kernel forward and one backward on wasm and cpu; tfjs ops on other backends.
  return fusedLayerNorm(x, weight, bias, eps);
}

/** x / sqrt(mean(x²) + eps) * weight (no centring, no shift). */
export function rmsNorm<T extends tf.Tensor>(x: T, { weight }: NormWeights, eps: number): T {
  // One kernel forward and one backward on wasm and cpu; tfjs ops on other backends.
  return fusedRmsNorm(x, weight, eps);
}
