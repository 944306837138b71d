/**
 * The `FthetaAdamW` kernel on wasm (wasm/adamw.c, SIMD) and cpu (plain TypeScript with
 * Math.fround after every operation, so both give the same float32 bits as the op-by-op formula).
 * Inputs param, grad, m, v (float32, one shape); outputs [param', m', v'].
 */
import * as tf from '@tensorflow/tfjs-core';
import { asCpuBackend, cpuValues } from './cpu-internals';
import { asWasmBackend, offsetOf } from './wasm-internals';
import { fthetaWasmFor } from './wasm-module';

/** Kernel name of the fused AdamW update. */
export const ADAMW_KERNEL = 'FthetaAdamW';

/** The kernel's attributes: the scalars of the update, already combined (see wasm/adamw.c). */
export interface AdamWKernelAttrs {
  /** 1 − lr·weightDecay (1 for a parameter without decay). */
  decay: number;
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  /** √(1 − β2ᵗ). */
  bc2: number;
  eps: number;
  /** lr / (1 − β1ᵗ). */
  step: number;
}

interface AdamWInputs {
  param: tf.TensorInfo;
  grad: tf.TensorInfo;
  m: tf.TensorInfo;
  v: tf.TensorInfo;
}

const wasmAdamW: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const { param, grad, m, v } = inputs as unknown as AdamWInputs;
  const a = attrs as unknown as AdamWKernelAttrs;
  const outs = [wasm.makeOutput([...param.shape], 'float32'), wasm.makeOutput([...param.shape], 'float32'), wasm.makeOutput([...param.shape], 'float32')];
  const n = tf.util.sizeFromShape(param.shape);
  if (n > 0) {
    fthetaWasmFor(wasm).adamw(
      n, offsetOf(wasm, param), offsetOf(wasm, grad), offsetOf(wasm, m), offsetOf(wasm, v),
      offsetOf(wasm, outs[0]), offsetOf(wasm, outs[1]), offsetOf(wasm, outs[2]),
      a.decay, a.beta1, a.oneMinusBeta1, a.beta2, a.oneMinusBeta2, a.bc2, a.eps, a.step,
    );
  }
  return outs;
};

const cpuAdamW: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = asCpuBackend(backend);
  const { param, grad, m, v } = inputs as unknown as AdamWInputs;
  const f = Math.fround;
  const a = attrs as unknown as AdamWKernelAttrs;
  const [decay, b1, omb1, b2, omb2, bc2, eps, step] = [a.decay, a.beta1, a.oneMinusBeta1, a.beta2, a.oneMinusBeta2, a.bc2, a.eps, a.step].map(f);
  const p = cpuValues(cpu, param);
  const g = cpuValues(cpu, grad);
  const m0 = cpuValues(cpu, m);
  const v0 = cpuValues(cpu, v);
  const n = p.length;
  const pOut = new Float32Array(n);
  const mOut = new Float32Array(n);
  const vOut = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const p0 = f(p[i] * decay);
    const mi = f(f(m0[i] * b1) + f(gi * omb1));
    const vi = f(f(v0[i] * b2) + f(f(gi * gi) * omb2));
    const denom = f(f(f(Math.sqrt(vi)) / bc2) + eps);
    mOut[i] = mi;
    vOut[i] = vi;
    pOut[i] = p0 - f(f(mi / denom) * step);
  }
  const shape = [...param.shape];
  return [cpu.makeTensorInfo(shape, 'float32', pOut), cpu.makeTensorInfo(shape, 'float32', mOut), cpu.makeTensorInfo(shape, 'float32', vOut)];
};

/** The kernel on wasm and cpu. */
export const adamwKernelConfigs: tf.KernelConfig[] = [
  { kernelName: ADAMW_KERNEL, backendName: 'wasm', kernelFunc: wasmAdamW },
  { kernelName: ADAMW_KERNEL, backendName: 'cpu', kernelFunc: cpuAdamW },
];
