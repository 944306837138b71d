/** The block's MLP: GPT-2's c_fc -> GELU -> c_proj, or SwiGLU c_proj(silu(x c_gate) * (x c_fc)). */
import * as tf from '@tensorflow/tfjs-core';
import type { GeluActivation } from '../config';
import { linear, type LinearWeights } from './linear';

/** c_fc [C,I], c_proj [I,C], and c_gate [C,I] for SwiGLU. */
export interface MlpWeights {
  c_fc: LinearWeights;
  c_proj: LinearWeights;
  c_gate?: LinearWeights;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * GELU. The tanh form (`gelu_new`, `gelu_pytorch_tanh`) is written as x·sigmoid(2u) with
 * u = √(2/π)(x + 0.044715x³), since 0.5(1 + tanh u) = sigmoid(2u) and wasm's tanh and pow are slow;
 * x³ is x·x·x for the same reason. `gelu` is the exact 0.5x(1 + erf(x/√2)).
 */
export function gelu<T extends tf.Tensor>(x: T, kind: GeluActivation): T {
  return tf.tidy(() => {
    if (kind === 'gelu') return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1)) as T;
    const cube = tf.mul(tf.mul(x, x), x);
    const twoU = tf.mul(tf.add(x, tf.mul(cube, 0.044715)), 2 * SQRT_2_OVER_PI);
    return tf.mul(x, tf.sigmoid(twoU)) as T;
  });
}

/** SiLU (swish): x·sigmoid(x). */
export function silu<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.mul(x, tf.sigmoid(x)) as T);
}

/** x [N, C] -> [N, C]. With `c_gate` it is SwiGLU (and `kind` is unused), else GELU of `kind`. */
export function mlp(x: tf.Tensor2D, w: MlpWeights, kind: GeluActivation): tf.Tensor2D {
  return tf.tidy(() => {
    const up = linear(x, w.c_fc); // [N, I]
    const hidden = w.c_gate ? tf.mul(silu(linear(x, w.c_gate)), up) : gelu(up, kind);
    return linear(hidden as tf.Tensor2D, w.c_proj); // [N, C]
  });
}
