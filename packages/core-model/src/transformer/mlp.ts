/** The block's MLP: GPT-2's c_fc -> GELU -> c_proj, or SwiGLU c_proj(silu(x c_gate) * (x c_fc)). */
import { gelu as fusedGelu } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import type { GeluActivation } from '../config';
import { linear, type LinearWeights } from './linear';

/** c_fc [C,I], c_proj [I,C], and c_gate [C,I] for SwiGLU. */
export interface MlpWeights {
  c_fc: LinearWeights;
  c_proj: LinearWeights;
  c_gate?: LinearWeights;
}

/**
 * GELU: the tanh form (`gelu_new`, `gelu_pytorch_tanh`, 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))))
 * or the exact `gelu` 0.5x(1 + erf(x/√2)). One kernel forward and one backward on wasm and cpu
 * (`gelu` of @ftheta/backend); tfjs ops on other backends.
 */
export function gelu<T extends tf.Tensor>(x: T, kind: GeluActivation): T {
  return fusedGelu(x, kind === 'gelu' ? 'none' : 'tanh');
}

/** SiLU (swish): x·sigmoid(x). */
export function silu<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.mul(x, tf.sigmoid(x)) as T);
}

/**
 * x [N, C] -> [N, C]. With `c_gate` it is SwiGLU (and `kind` is unused), else GELU of `kind`.
 * `onKey` sees (and may replace) the hidden activation [N, I] that enters c_proj.
 */
export function mlp(x: tf.Tensor2D, w: MlpWeights, kind: GeluActivation, onKey?: (k: tf.Tensor2D) => tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const up = linear(x, w.c_fc); // [N, I]
    const hidden = (w.c_gate ? tf.mul(silu(linear(x, w.c_gate)), up) : gelu(up, kind)) as tf.Tensor2D;
    return linear(onKey ? onKey(hidden) : hidden, w.c_proj); // [N, C]
  });
}
