/**
 * GELU with its gradient, one kernel each way on wasm and cpu (`FthetaGelu`, which also keeps
 * the gate for `FthetaGeluGrad`), and the composite of tfjs ops on any other backend.
 *
 * - `approximate: 'tanh'` (Hugging Face's `gelu_new`, `gelu_pytorch_tanh`): x·sigmoid(2u) with
 *   u = √(2/π)(x + 0.044715x³), which equals 0.5x(1 + tanh u).
 * - `approximate: 'none'` (`gelu`): the exact 0.5x(1 + erf(x/√2)).
 */
import * as tf from '@tensorflow/tfjs-core';
import { fusedKernelFor } from '../kernels/fused-kernels';
import { GELU_KERNEL, type GeluApproximate } from '../kernels/gelu-kernels';

export type { GeluApproximate } from '../kernels/gelu-kernels';

const TWO_SQRT_2_OVER_PI = 2 * Math.sqrt(2 / Math.PI);

function composite<T extends tf.Tensor>(x: T, approximate: GeluApproximate): T {
  return tf.tidy(() => {
    if (approximate === 'none') return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1)) as T;
    // x³ as x·x·x and tanh via sigmoid: wasm's pow and tanh are slow.
    const cube = tf.mul(tf.mul(x, x), x);
    const twoU = tf.mul(tf.add(x, tf.mul(cube, 0.044715)), TWO_SQRT_2_OVER_PI);
    return tf.mul(x, tf.sigmoid(twoU)) as T;
  });
}

/**
 * GELU of float32 `x` (any shape), PyTorch's `F.gelu(x, approximate=...)`.
 * @throws Error naming x's bad dtype or the bad `approximate`.
 */
export function gelu<T extends tf.Tensor>(x: T, approximate: GeluApproximate): T {
  if (!(x instanceof tf.Tensor)) throw new Error(`gelu: x must be a tf.Tensor, got ${typeof x}`);
  if (x.dtype !== 'float32') throw new Error(`gelu: x must be float32, got ${x.dtype}`);
  if (approximate !== 'tanh' && approximate !== 'none') throw new Error(`gelu: approximate must be 'tanh' or 'none', got ${String(approximate)}`);
  if (!fusedKernelFor(GELU_KERNEL)) return composite(x, approximate);
  return tf.tidy(() => (tf.engine().runKernel(GELU_KERNEL, { x }, { approximate }) as tf.Tensor[])[0] as T);
}
