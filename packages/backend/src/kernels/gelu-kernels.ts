/**
 * `FthetaGelu` (forward) and `FthetaGeluGrad` (backward) on wasm (wasm/gelu.c, SIMD) and cpu
 * (TypeScript). Attr `approximate`: 'tanh' (gelu_new, gelu_pytorch_tanh: x·sigmoid(2u),
 * u = √(2/π)(x + 0.044715x³)) or 'none' (exact 0.5x(1 + erf(x/√2))).
 * Forward: input x; outputs [y, gate] with y = x·gate (gate = sigmoid(2u), or the normal cdf
 * 0.5(1 + erf(x/√2))), kept for the backward pass. Backward: inputs dy, x, gate; output dx.
 */
import * as tf from '@tensorflow/tfjs-core';
import { asCpuBackend, cpuValues } from './cpu-internals';
import { asWasmBackend, offsetOf } from './wasm-internals';
import { fthetaWasmFor } from './wasm-module';

/** Kernel names of the fused GELU. */
export const GELU_KERNEL = 'FthetaGelu';
export const GELU_GRAD_KERNEL = 'FthetaGeluGrad';

/** Which GELU (PyTorch's `approximate` argument). */
export type GeluApproximate = 'tanh' | 'none';

/** Attributes of both kernels. */
export interface GeluKernelAttrs {
  approximate: GeluApproximate;
}

const K2 = 2 * Math.sqrt(2 / Math.PI);
const C3 = 0.044715;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** erf by Abramowitz & Stegun 7.1.26, as tfjs's Erf kernels and wasm/gelu.c. */
function erf(x: number): number {
  const ax = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * ax);
  const p = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t;
  const y = 1 - p * Math.exp(-ax * ax);
  return x < 0 ? -y : y;
}

function sig2u(x: number): number {
  return 1 / (1 + Math.exp(-K2 * (x + C3 * x * x * x)));
}

function gate(x: number, tanh: boolean): number {
  return tanh ? sig2u(x) : 0.5 * (1 + erf(x * Math.SQRT1_2));
}

function slope(x: number, g: number, tanh: boolean): number {
  if (tanh) return g + x * g * (1 - g) * K2 * (1 + 3 * C3 * x * x);
  return g + x * Math.exp(-0.5 * x * x) * INV_SQRT_2PI;
}

const mode = (attrs: unknown) => ((attrs as GeluKernelAttrs).approximate === 'tanh' ? 0 : 1);

const wasmForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const { x } = inputs as unknown as { x: tf.TensorInfo };
  const y = wasm.makeOutput([...x.shape], 'float32');
  const g = wasm.makeOutput([...x.shape], 'float32');
  const n = tf.util.sizeFromShape(x.shape);
  if (n > 0) fthetaWasmFor(wasm).gelu_fwd(n, offsetOf(wasm, x), offsetOf(wasm, y), offsetOf(wasm, g), mode(attrs));
  return [y, g];
};

const wasmBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const { dy, x, gate: g } = inputs as unknown as { dy: tf.TensorInfo; x: tf.TensorInfo; gate: tf.TensorInfo };
  const dx = wasm.makeOutput([...x.shape], 'float32');
  const n = tf.util.sizeFromShape(x.shape);
  if (n > 0) fthetaWasmFor(wasm).gelu_bwd(n, offsetOf(wasm, dy), offsetOf(wasm, x), offsetOf(wasm, g), offsetOf(wasm, dx), mode(attrs));
  return dx;
};

const cpuForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = asCpuBackend(backend);
  const { x } = inputs as unknown as { x: tf.TensorInfo };
  const tanh = mode(attrs) === 0;
  const xs = cpuValues(cpu, x);
  const y = new Float32Array(xs.length);
  const g = new Float32Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    g[i] = gate(xs[i], tanh);
    y[i] = xs[i] * g[i];
  }
  return [cpu.makeTensorInfo([...x.shape], 'float32', y), cpu.makeTensorInfo([...x.shape], 'float32', g)];
};

const cpuBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = asCpuBackend(backend);
  const { dy, x, gate: gt } = inputs as unknown as { dy: tf.TensorInfo; x: tf.TensorInfo; gate: tf.TensorInfo };
  const tanh = mode(attrs) === 0;
  const xs = cpuValues(cpu, x);
  const g = cpuValues(cpu, gt);
  const d = cpuValues(cpu, dy);
  const dx = new Float32Array(xs.length);
  for (let i = 0; i < xs.length; i++) dx[i] = d[i] * slope(xs[i], g[i], tanh);
  return cpu.makeTensorInfo([...x.shape], 'float32', dx);
};

/** Both kernels on wasm and cpu. */
export const geluKernelConfigs: tf.KernelConfig[] = [
  { kernelName: GELU_KERNEL, backendName: 'wasm', kernelFunc: wasmForward },
  { kernelName: GELU_GRAD_KERNEL, backendName: 'wasm', kernelFunc: wasmBackward },
  { kernelName: GELU_KERNEL, backendName: 'cpu', kernelFunc: cpuForward },
  { kernelName: GELU_GRAD_KERNEL, backendName: 'cpu', kernelFunc: cpuBackward },
];
