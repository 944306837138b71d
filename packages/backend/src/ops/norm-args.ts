/** Argument checks shared by {@link layerNorm} and {@link rmsNorm}. */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Throws, naming the op and the argument, unless x is a float32 tensor of rank >= 1, the given
 * weights are float32 [C] (C = x's last axis) and eps is a finite number >= 0.
 */
export function checkNormArgs(op: string, x: tf.Tensor, weights: Record<string, tf.Tensor | undefined>, eps: number): void {
  if (!(x instanceof tf.Tensor) || x.rank < 1) throw new Error(`${op}: x must be a tensor of rank >= 1, got ${x instanceof tf.Tensor ? `shape [${x.shape}]` : typeof x}`);
  if (x.dtype !== 'float32') throw new Error(`${op}: x must be float32, got ${x.dtype}`);
  const c = x.shape[x.rank - 1];
  for (const [name, t] of Object.entries(weights)) {
    if (t === undefined) continue;
    if (!(t instanceof tf.Tensor) || t.rank !== 1 || t.shape[0] !== c) {
      throw new Error(`${op}: ${name} must have shape [${c}] (the last axis of x [${x.shape}]), got ${t instanceof tf.Tensor ? `[${t.shape}]` : typeof t}`);
    }
    if (t.dtype !== 'float32') throw new Error(`${op}: ${name} must be float32, got ${t.dtype}`);
  }
  if (!(Number.isFinite(eps) && eps >= 0)) throw new Error(`${op}: eps must be a finite number >= 0, got ${eps}`);
}
