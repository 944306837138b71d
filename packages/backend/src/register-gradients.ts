/**
 * Gradients and chained ops (`x.add(y)`), registered once for whichever tfjs-core build is loaded.
 *
 * tfjs-core's CommonJS build (the one Node resolves, for `import` and `require` alike) registers
 * no gradients and no chained ops; only its ESM files do, and Node cannot load those. The build
 * (tsup `noExternal`) therefore bundles tfjs-core's own registration modules into this package.
 * They register into tfjs's global registries (kernel, gradient and Tensor class are process-wide
 * globals in tfjs), so it does not matter which build the user imports.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import { registerGradientFixes } from './kernels/gradient-fixes';

const FLAG = Symbol.for('ftheta.backend.gradients');

/** Registers tfjs's gradients, chained ops and ftheta's gradient fixes; safe to call many times. */
export function ensureGradients(): void {
  const g = globalThis as { [FLAG]?: boolean };
  if (g[FLAG]) return;
  registerGradientFixes();
  if (tf.getGradient('Sum') == null) {
    throw new Error('@ftheta/backend: tfjs gradients failed to register (no gradient for Sum)');
  }
  g[FLAG] = true;
}
