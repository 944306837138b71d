/** The shape of a training loss, as the loop calls it. */
import type * as tf from '@tensorflow/tfjs-core';

/**
 * logits [B,T,V], targets [B,T] int32 and an optional mask [B,T] float32 (1 = counts) -> a scalar
 * loss (mean over counted positions). `crossEntropy` of `@ftheta/trainer` has this shape.
 */
export type LossFn = (logits: tf.Tensor3D, targets: tf.Tensor2D, mask?: tf.Tensor2D) => tf.Scalar;
