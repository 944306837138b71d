/** Global-norm gradient clipping, as PyTorch's `clip_grad_norm_` (L2 norm over every gradient together). */
import { sumOfSquares } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensors } from './named-tensors';

/** What {@link clipByGlobalNorm} returns. */
export interface ClippedGradients {
  /** New tensors (the caller owns them): every gradient times min(1, maxNorm/(norm + 1e-6)). */
  grads: NamedTensors;
  /** The global L2 norm before clipping (Infinity or NaN when a gradient is not finite). */
  norm: number;
}

/**
 * Scales `grads` so that their global L2 norm is at most `maxNorm`, exactly as PyTorch does:
 * `coef = min(1, maxNorm / (norm + 1e-6))`, every gradient multiplied by `coef` (also when it is 1).
 * `maxNorm` Infinity only measures the norm. The squares are summed in sorted-name order, so the
 * result is the same for any order of `grads` (needed for bit-exact resume). The input tensors are left to the caller.
 * @throws Error when maxNorm is not > 0.
 */
export function clipByGlobalNorm(grads: NamedTensors, maxNorm: number): ClippedGradients {
  if (!(maxNorm > 0)) throw new Error(`clipByGlobalNorm: maxNorm must be > 0 (Infinity to only measure), got ${maxNorm}`);
  // Summed in name order, not map order: the norm must not depend on the order the store was filled in.
  // One fused kernel for every tensor on wasm and cpu (float64 accumulation), tfjs ops elsewhere.
  const sumT = sumOfSquares([...grads.keys()].sort().map((name) => grads.get(name)!));
  const norm = Math.fround(Math.sqrt(sumT.dataSync()[0]));
  sumT.dispose();
  const coef = Number.isFinite(maxNorm) ? Math.min(1, maxNorm / (norm + 1e-6)) : 1;
  const out: NamedTensors = new Map();
  tf.tidy(() => {
    const c = tf.scalar(Number.isFinite(coef) ? coef : 1);
    for (const [name, g] of grads) out.set(name, tf.keep(tf.mul(g, c)));
  });
  return { grads: out, norm };
}
