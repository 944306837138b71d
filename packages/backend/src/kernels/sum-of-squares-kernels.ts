/**
 * `FthetaSumOfSquares`: Σ x² over every element of any number of float32 tensors (inputs '0',
 * '1', ...), one float32 scalar out, accumulated in float64 tensor by tensor in input order — on
 * wasm (wasm/sum-of-squares.c, SIMD) and cpu (TypeScript).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { asCpuBackend, cpuValues } from './cpu-internals';
import { asWasmBackend, offsetOf } from './wasm-internals';
import { fthetaWasmFor } from './wasm-module';

/** Kernel name of the fused sum of squares. */
export const SUM_OF_SQUARES_KERNEL = 'FthetaSumOfSquares';

const list = (inputs: tf.NamedTensorInfoMap): tf.TensorInfo[] => Object.values(inputs) as tf.TensorInfo[];

const wasmSumOfSquares: tf.KernelFunc = ({ inputs, backend }) => {
  const wasm = asWasmBackend(backend);
  const module = fthetaWasmFor(wasm);
  let total = 0;
  for (const t of list(inputs)) {
    const n = t.shape.reduce((p, d) => p * d, 1);
    if (n > 0) total += module.sum_of_squares(n, offsetOf(wasm, t));
  }
  const out = wasm.makeOutput([], 'float32');
  wasm.typedArrayFromHeap(out)[0] = total;
  return out;
};

const cpuSumOfSquares: tf.KernelFunc = ({ inputs, backend }) => {
  const cpu = asCpuBackend(backend);
  let total = 0;
  for (const t of list(inputs)) {
    const x = cpuValues(cpu, t);
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i] * x[i];
    total += s;
  }
  return cpu.makeTensorInfo([], 'float32', Float32Array.of(total));
};

/** The kernel on wasm and cpu. */
export const sumOfSquaresKernelConfigs: tf.KernelConfig[] = [
  { kernelName: SUM_OF_SQUARES_KERNEL, backendName: 'wasm', kernelFunc: wasmSumOfSquares },
  { kernelName: SUM_OF_SQUARES_KERNEL, backendName: 'cpu', kernelFunc: cpuSumOfSquares },
];
