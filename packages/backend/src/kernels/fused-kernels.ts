/**
 * ftheta's fused kernels (AdamW, LayerNorm, GELU, sum of squares, sparse softmax cross-entropy, selective scan): registered for wasm and cpu, with the gradients
 * of the forward kernels, once per process on first use of one of the ops. An op runs its kernel
 * only where {@link fusedKernelFor} says so, and otherwise its composite of tfjs ops (webgl, any
 * other backend, or after `setKernelFixes(false)`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { adamwKernelConfigs } from './adamw-kernels';
import { GELU_GRAD_KERNEL, GELU_KERNEL, geluKernelConfigs } from './gelu-kernels';
import { kernelFixesEnabled } from './kernel-fixes';
import { LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL, layerNormKernelConfigs } from './layer-norm-kernels';
import { SELECTIVE_SCAN_GRAD_KERNEL, SELECTIVE_SCAN_KERNEL, selectiveScanKernelConfigs } from './selective-scan-kernels';
import { SPARSE_CE_GRAD_KERNEL, SPARSE_CE_KERNEL, sparseSoftmaxCrossEntropyKernelConfigs } from './sparse-softmax-cross-entropy-kernels';
import { sumOfSquaresKernelConfigs } from './sum-of-squares-kernels';

const FLAG = Symbol.for('ftheta.backend.fusedKernels');

const gradients: tf.GradConfig[] = [
  {
    kernelName: LAYER_NORM_KERNEL,
    inputsToSave: ['x', 'gamma'],
    outputsToSave: [false, true, true],
    gradFunc: (dy, saved, attrs) => {
      const [x, gamma, mean, rstd] = saved;
      const dyY = Array.isArray(dy) ? dy[0] : dy;
      // One kernel gives all three gradients. Run it here, not in the closures: tfjs calls each
      // closure in its own tidy, which would dispose the outputs the other closures return.
      const [dx, dgamma, dbeta] = tf.engine().runKernel(LAYER_NORM_GRAD_KERNEL, { dy: dyY, x, mean, rstd, gamma }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      return { x: () => dx, gamma: () => dgamma, beta: () => dbeta };
    },
  },
  {
    kernelName: GELU_KERNEL,
    inputsToSave: ['x'],
    outputsToSave: [false, true],
    gradFunc: (dy, saved, attrs) => {
      const [x, gate] = saved;
      const dyY = Array.isArray(dy) ? dy[0] : dy;
      return { x: () => tf.engine().runKernel(GELU_GRAD_KERNEL, { dy: dyY, x, gate }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor };
    },
  },
  {
    kernelName: SPARSE_CE_KERNEL,
    inputsToSave: ['logits', 'labels'],
    outputsToSave: [false, true],
    gradFunc: (dy, saved) => {
      const [logits, labels, lse] = saved;
      const dyNll = Array.isArray(dy) ? dy[0] : dy;
      return {
        logits: () => tf.engine().runKernel(SPARSE_CE_GRAD_KERNEL, { dy: dyNll, logits, labels, lse }) as tf.Tensor,
        // Labels are integers: tfjs never asks for their gradient (they lead from no variable).
        labels: () => tf.zerosLike(labels),
      };
    },
  },
  {
    kernelName: SELECTIVE_SCAN_KERNEL,
    inputsToSave: ['x', 'delta', 'A', 'B', 'C', 'D'],
    outputsToSave: [false, false, true],
    gradFunc: (dy, saved, attrs) => {
      const [x, delta, A, B, C, D, checkpoints] = saved;
      const [dyY, dyState] = Array.isArray(dy) ? dy : [dy];
      // An output outside the loss gets a null dy: zeros, the same shape.
      const dstate = dyState ?? tf.zeros([x.shape[0], x.shape[2], A.shape[1]] as number[]);
      const grads = tf.engine().runKernel(
        SELECTIVE_SCAN_GRAD_KERNEL,
        { dy: dyY ?? tf.zerosLike(x), dstate, x, delta, A, B, C, D, checkpoints },
        attrs as unknown as tf.NamedAttrMap,
      ) as tf.Tensor[];
      const [dx, ddelta, dA, dB, dC, dD, dh0] = grads;
      return { x: () => dx, delta: () => ddelta, A: () => dA, B: () => dB, C: () => dC, D: () => dD, initialState: () => dh0 };
    },
  },
];

/** Registers the fused kernels and their gradients (once per process; cheap to call again). */
export function ensureFusedKernels(): void {
  const g = globalThis as { [FLAG]?: boolean };
  if (g[FLAG]) return;
  for (const config of [
    ...adamwKernelConfigs,
    ...layerNormKernelConfigs,
    ...geluKernelConfigs,
    ...sumOfSquaresKernelConfigs,
    ...sparseSoftmaxCrossEntropyKernelConfigs,
    ...selectiveScanKernelConfigs,
  ]) {
    if (!tf.getKernel(config.kernelName, config.backendName)) tf.registerKernel(config);
  }
  for (const grad of gradients) {
    if (!tf.getGradient(grad.kernelName)) tf.registerGradient(grad);
  }
  g[FLAG] = true;
}

/** True when the active backend has fused kernel `name` and kernel fixes are on. */
export function fusedKernelFor(name: string): boolean {
  if (!kernelFixesEnabled()) return false;
  ensureFusedKernels();
  return tf.getKernel(name, tf.getBackend()) != null;
}
