/**
 * Gradients that tfjs 4.22 gets wrong, replaced for every backend.
 *
 * - Cumsum: tfjs transposes the result of the reverse cumsum when the axis is not the last one,
 *   although `cumsum` already handles the axis itself: the gradient comes back with the wrong
 *   shape (or the wrong values for square inputs). The gradient of an inclusive/exclusive cumsum
 *   along `axis` is the cumsum of dy along the same axis in the other direction.
 */
import * as tf from '@tensorflow/tfjs-core';

const cumsumGrad: tf.GradConfig = {
  kernelName: tf.Cumsum,
  gradFunc: (dy, _saved, attrs) => {
    const { axis, exclusive, reverse } = attrs as unknown as tf.CumsumAttrs;
    return { x: () => tf.cumsum(dy as tf.Tensor, axis, exclusive, !reverse) };
  },
};

export const GRADIENT_FIXES: readonly tf.GradConfig[] = [cumsumGrad];

export function registerGradientFixes(): void {
  for (const config of GRADIENT_FIXES) tf.registerGradient(config);
}
