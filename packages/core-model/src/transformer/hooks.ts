/**
 * Hooks into one forward pass: read or replace the activations between the Transformer's parts.
 * This is what interpretability and editing methods need — causal tracing corrupts the embeddings
 * and restores one layer's hidden state, ROME reads the MLP's keys and adds a vector to one MLP
 * output — without a second copy of the forward pass.
 *
 * Every activation is 2-D, one row per token: row `b * T + t` is sequence b, new token t (T = the
 * tokens of this call, after any cache). A hook runs inside the forward pass's tidy and under its
 * gradient tape: it may return a replacement of the same shape (built from the argument or not;
 * gradients flow through it), or nothing to leave the activation as it is. To keep an activation
 * past the call, `tf.keep(tf.clone(x))` it (and dispose it later); do not dispose the argument.
 */
import type * as tf from '@tensorflow/tfjs-core';

/** A hook's answer: a replacement of the same (2-D) shape, or nothing (keep the activation). */
// biome-ignore lint/suspicious/noConfusingVoidType: a hook that only reads returns nothing (void), one that patches returns a tensor
export type HookResult = tf.Tensor | undefined | void;

/** Per-call hooks of `Transformer.forward` (the `hooks` option). */
export interface TransformerHooks {
  /** The embeddings entering block 0 (token + learned position), [B*T, C]. */
  embed?: (x: tf.Tensor2D) => HookResult;
  /** Block `layer`'s attention output (after c_proj), before the residual add, [B*T, C]. */
  attn?: (layer: number, y: tf.Tensor2D) => HookResult;
  /**
   * Block `layer`'s MLP hidden activation: the input of `mlp.c_proj`, [B*T, I] (I = n_inner). ROME
   * calls this the key: c_proj maps keys to values.
   */
  mlpKey?: (layer: number, k: tf.Tensor2D) => HookResult;
  /** Block `layer`'s MLP output (after c_proj), before the residual add, [B*T, C]. */
  mlp?: (layer: number, y: tf.Tensor2D) => HookResult;
  /** The residual stream leaving block `layer` (the hidden state of that layer), [B*T, C]. */
  block?: (layer: number, x: tf.Tensor2D) => HookResult;
}

/** Applies `hook` when given, checking the replacement's shape (errors name the hook and layer). */
export function applyHook(name: string, x: tf.Tensor2D, hook: ((x: tf.Tensor2D) => HookResult) | undefined): tf.Tensor2D {
  if (!hook) return x;
  const y = hook(x);
  if (y == null) return x;
  if (y.rank !== 2 || y.shape[0] !== x.shape[0] || y.shape[1] !== x.shape[1]) {
    throw new Error(`Transformer hooks: ${name} returned shape [${y.shape}], expected [${x.shape}]`);
  }
  return y as tf.Tensor2D;
}
