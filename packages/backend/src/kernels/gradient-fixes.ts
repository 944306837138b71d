/**
 * Gradients that tfjs 4.22 gets wrong, replaced for every backend.
 *
 * - Cumsum: tfjs transposes the result of the reverse cumsum when the axis is not the last one,
 *   although `cumsum` already handles the axis itself: the gradient comes back with the wrong
 *   shape (or the wrong values for square inputs). The gradient of an inclusive/exclusive cumsum
 *   along `axis` is the cumsum of dy along the same axis in the other direction.
 * - BatchMatMul: when the batch dimensions broadcast (x [B,T,C] @ w [C,D], every linear layer),
 *   tfjs returns a gradient with the broadcast shape ([B,C,D] for w) and the tape rejects it.
 *   The gradient must be summed over the broadcast dimensions back to the operand's shape.
 */
import * as tf from '@tensorflow/tfjs-core';

const cumsumGrad: tf.GradConfig = {
  kernelName: tf.Cumsum,
  gradFunc: (dy, _saved, attrs) => {
    const { axis, exclusive, reverse } = attrs as unknown as tf.CumsumAttrs;
    return { x: () => tf.cumsum(dy as tf.Tensor, axis, exclusive, !reverse) };
  },
};

/** Sums `grad` over the dimensions that were broadcast to reach it, giving `shape`. */
function reduceTo(grad: tf.Tensor, shape: number[]): tf.Tensor {
  if (tf.util.arraysEqual(grad.shape, shape)) return grad;
  const lead = grad.rank - shape.length;
  const axes: number[] = [];
  for (let d = 0; d < grad.rank; d++) {
    if (d < lead || (shape[d - lead] === 1 && grad.shape[d] !== 1)) axes.push(d);
  }
  return tf.reshape(tf.sum(grad, axes), shape);
}

const batchMatMulGrad: tf.GradConfig = {
  kernelName: tf.BatchMatMul,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved;
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    const g = dy as tf.Tensor;
    let da: () => tf.Tensor;
    let db: () => tf.Tensor;
    if (!transposeA && !transposeB) {
      da = () => tf.matMul(g, b, false, true);
      db = () => tf.matMul(a, g, true, false);
    } else if (!transposeA && transposeB) {
      da = () => tf.matMul(g, b, false, false);
      db = () => tf.matMul(g, a, true, false);
    } else if (transposeA && !transposeB) {
      da = () => tf.matMul(b, g, false, true);
      db = () => tf.matMul(a, g, false, false);
    } else {
      da = () => tf.matMul(b, g, true, true);
      db = () => tf.matMul(g, a, true, true);
    }
    return { a: () => reduceTo(da(), a.shape), b: () => reduceTo(db(), b.shape) };
  },
};

export const GRADIENT_FIXES: readonly tf.GradConfig[] = [cumsumGrad, batchMatMulGrad];

export function registerGradientFixes(): void {
  for (const config of GRADIENT_FIXES) tf.registerGradient(config);
}
