/**
 * Mamba's selective scan as one fused kernel each way on wasm (SIMD) and cpu
 * (`FthetaSelectiveScan` saves the state every {@link SELECTIVE_SCAN_CHUNK} steps,
 * `FthetaSelectiveScanGrad` recomputes each chunk from it and runs the adjoint state backwards),
 * and the sequential composite of tfjs ops on any other backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fusedKernelFor } from '../kernels/fused-kernels';
import { SELECTIVE_SCAN_CHUNK, SELECTIVE_SCAN_KERNEL } from '../kernels/selective-scan-kernels';
import { checkSelectiveScanArgs, type SelectiveScanInputs, type SelectiveScanResult } from './selective-scan-args';
import { selectiveScanSequential } from './selective-scan-sequential';

export type { SelectiveScanInputs, SelectiveScanResult } from './selective-scan-args';

/** True when {@link selectiveScan} runs as the fused kernels on the active backend (wasm, cpu; kernel fixes on). */
export function selectiveScanIsFused(): boolean {
  return fusedKernelFor(SELECTIVE_SCAN_KERNEL);
}

/**
 * The selective scan of Mamba (v1) over T steps, per batch b, channel d and state index n:
 *
 *   h_t[d,n] = exp(Δ_t[d]·A[d,n])·h_{t−1}[d,n] + Δ_t[d]·x_t[d]·B_t[n]
 *   y_t[d]   = Σ_n C_t[n]·h_t[d,n] + D[d]·x_t[d]
 *
 * from h_0 = `initialState` (or zeros). Differentiable w.r.t. every input (x, delta, A, B, C, D,
 * initialState) by tfjs autodiff. On wasm and cpu it is one kernel forward and one backward; the
 * memory kept for the backward pass is the state every 16 steps, B·D·N·⌈T/16⌉ floats. Elsewhere
 * (webgl), or after `setKernelFixes(false)`, it is the same recurrence as tfjs ops, step by step.
 * Returns new tensors; the inputs are left as they are.
 * @throws Error naming the argument and its shape when a shape or dtype is wrong.
 */
export function selectiveScan(inputs: SelectiveScanInputs): SelectiveScanResult {
  const [b, t, d, n] = checkSelectiveScanArgs('selectiveScan', inputs);
  if (!fusedKernelFor(SELECTIVE_SCAN_KERNEL)) return selectiveScanSequential(inputs);
  const { x, delta, A, B, C } = inputs;
  return tf.tidy(() => {
    // The kernel always takes D and h0 (zeros when absent): tfjs saves inputs for the gradient by name.
    const D = inputs.D ?? tf.zeros([d]);
    const initialState = inputs.initialState ?? tf.zeros([b, d, n]);
    const attrs = { chunk: Math.min(SELECTIVE_SCAN_CHUNK, t) };
    const [y, state] = tf.engine().runKernel(SELECTIVE_SCAN_KERNEL, { x, delta, A, B, C, D, initialState }, attrs) as tf.Tensor[];
    return { y: y as tf.Tensor3D, state: state as tf.Tensor3D };
  });
}
