/** The tfjs paths `ftheta bench matmul` compares, and how one case is timed on one of them. */
import { setKernelFixes } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { maxAbsError } from '../../util/reference-matmul';
import { type Measurement, measure, type TimingMethod } from '../measure';
import { aShape, bShape, type MatmulCase } from './cases';

/** A tfjs backend with ftheta's kernels on or off. */
export interface TfjsTarget {
  /** Key in the JSON. */
  id: 'wasmFtheta' | 'wasmStock' | 'cpu';
  /** Shown in progress lines. */
  label: string;
  backend: 'wasm' | 'cpu';
  kernelFixes: boolean;
}

/** wasm with ftheta's kernels, stock tfjs wasm, and tfjs cpu. */
export const TFJS_TARGETS: readonly TfjsTarget[] = [
  { id: 'wasmFtheta', label: 'wasm + ftheta kernels', backend: 'wasm', kernelFixes: true },
  { id: 'wasmStock', label: 'wasm stock', backend: 'wasm', kernelFixes: false },
  { id: 'cpu', label: 'tfjs cpu', backend: 'cpu', kernelFixes: true },
];

/** Inputs of one case, shared by every backend so results are comparable. */
export interface CaseInputs {
  a: Float32Array;
  b: Float32Array;
  /** float64 JS reference result. */
  expected: Float64Array;
}

/** One case on one target: the timing and the error against the reference. */
export interface TfjsCaseResult {
  measurement: Measurement;
  maxAbsErrorVsReference: number;
}

/**
 * Switches to `target` (backend + setKernelFixes), uploads the inputs, checks one product against
 * the reference, times `tf.matMul(a, b, transposeA, transposeB)` and disposes everything. Throws
 * when a tensor is left behind.
 */
export async function timeTfjsCase(
  target: TfjsTarget,
  c: MatmulCase,
  inputs: CaseInputs,
  method: TimingMethod,
): Promise<TfjsCaseResult> {
  if (!(await tf.setBackend(target.backend))) throw new Error(`tf.setBackend('${target.backend}') failed`);
  setKernelFixes(target.kernelFixes);
  const before = tf.memory().numTensors;
  const a = tf.tensor(inputs.a, aShape(c), 'float32');
  const b = tf.tensor(inputs.b, bShape(c), 'float32');
  let result: TfjsCaseResult;
  try {
    const out = tf.matMul(a, b, c.transposeA, c.transposeB);
    const error = maxAbsError(inputs.expected, out.dataSync());
    out.dispose();
    // cpu and wasm kernels run synchronously inside matMul, so timing the call times the kernel.
    const measurement = measure(() => tf.matMul(a, b, c.transposeA, c.transposeB).dispose(), method);
    result = { measurement, maxAbsErrorVsReference: error };
  } finally {
    a.dispose();
    b.dispose();
  }
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) throw new Error(`${c.id} on ${target.label} left ${leaked} tensors undisposed`);
  return result;
}
