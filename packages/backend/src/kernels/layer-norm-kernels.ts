/**
 * `FthetaLayerNorm` (forward) and `FthetaLayerNormGrad` (backward) on wasm (wasm/layer-norm.c, SIMD)
 * and cpu (TypeScript). Rows are the last axis of x.
 *
 * Forward: inputs x [..., C], gamma [C], beta [C] (optional); attr eps; outputs
 * [y [..., C], mean [...], rstd [...]] with rstd = 1/√(var + eps) (biased variance).
 * Backward: inputs dy, x, mean, rstd, gamma; outputs [dx, dgamma [C], dbeta [C]].
 * Attr `center: false` makes both RMSNorm: the mean is taken as (and written as) 0.
 */
import * as tf from '@tensorflow/tfjs-core';
import { asCpuBackend, cpuValues } from './cpu-internals';
import { asWasmBackend, offsetOf } from './wasm-internals';
import { fthetaWasmFor } from './wasm-module';

/** Kernel names of the fused LayerNorm. */
export const LAYER_NORM_KERNEL = 'FthetaLayerNorm';
export const LAYER_NORM_GRAD_KERNEL = 'FthetaLayerNormGrad';

/** Attributes of both kernels. */
export interface LayerNormKernelAttrs {
  eps: number;
  /** false: RMSNorm (no centring). Default true. */
  center?: boolean;
}

const centered = (attrs: unknown) => (attrs as LayerNormKernelAttrs).center !== false;

interface FwdInputs {
  x: tf.TensorInfo;
  gamma: tf.TensorInfo;
  beta?: tf.TensorInfo;
}

interface BwdInputs {
  dy: tf.TensorInfo;
  x: tf.TensorInfo;
  mean: tf.TensorInfo;
  rstd: tf.TensorInfo;
  gamma: tf.TensorInfo;
}

function dims(x: tf.TensorInfo): { rows: number; c: number; outer: number[] } {
  const c = x.shape[x.shape.length - 1];
  const outer = x.shape.slice(0, -1);
  return { rows: tf.util.sizeFromShape(outer), c, outer };
}

const wasmForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const { x, gamma, beta } = inputs as unknown as FwdInputs;
  const { rows, c, outer } = dims(x);
  const y = wasm.makeOutput([...x.shape], 'float32');
  const mean = wasm.makeOutput(outer, 'float32');
  const rstd = wasm.makeOutput(outer, 'float32');
  if (rows * c > 0) {
    fthetaWasmFor(wasm).layer_norm_fwd(
      rows, c, offsetOf(wasm, x), offsetOf(wasm, gamma), beta ? offsetOf(wasm, beta) : 0, (attrs as unknown as LayerNormKernelAttrs).eps,
      offsetOf(wasm, y), offsetOf(wasm, mean), offsetOf(wasm, rstd), centered(attrs) ? 1 : 0,
    );
  }
  return [y, mean, rstd];
};

const wasmBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const { dy, x, mean, rstd, gamma } = inputs as unknown as BwdInputs;
  const { rows, c } = dims(x);
  const dx = wasm.makeOutput([...x.shape], 'float32');
  const dgamma = wasm.makeOutput([c], 'float32');
  const dbeta = wasm.makeOutput([c], 'float32');
  if (c > 0) {
    fthetaWasmFor(wasm).layer_norm_bwd(
      rows, c, offsetOf(wasm, dy), offsetOf(wasm, x), offsetOf(wasm, mean), offsetOf(wasm, rstd), offsetOf(wasm, gamma),
      offsetOf(wasm, dx), offsetOf(wasm, dgamma), offsetOf(wasm, dbeta), centered(attrs) ? 1 : 0,
    );
  }
  return [dx, dgamma, dbeta];
};

const cpuForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = asCpuBackend(backend);
  const { x, gamma, beta } = inputs as unknown as FwdInputs;
  const { rows, c, outer } = dims(x);
  const eps = (attrs as unknown as LayerNormKernelAttrs).eps;
  const center = centered(attrs);
  const xs = cpuValues(cpu, x);
  const g = cpuValues(cpu, gamma);
  const b = beta ? cpuValues(cpu, beta) : null;
  const y = new Float32Array(rows * c);
  const mean = new Float32Array(rows);
  const rstd = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * c;
    let s = 0;
    if (center) for (let j = 0; j < c; j++) s += xs[o + j];
    const mu = s / c;
    let ss = 0;
    for (let j = 0; j < c; j++) ss += (xs[o + j] - mu) ** 2;
    const rs = 1 / Math.sqrt(ss / c + eps);
    for (let j = 0; j < c; j++) y[o + j] = (xs[o + j] - mu) * rs * g[j] + (b ? b[j] : 0);
    mean[r] = mu;
    rstd[r] = rs;
  }
  return [cpu.makeTensorInfo([...x.shape], 'float32', y), cpu.makeTensorInfo(outer, 'float32', mean), cpu.makeTensorInfo(outer, 'float32', rstd)];
};

const cpuBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = asCpuBackend(backend);
  const { dy, x, mean, rstd, gamma } = inputs as unknown as BwdInputs;
  const { rows, c } = dims(x);
  const d = cpuValues(cpu, dy);
  const xs = cpuValues(cpu, x);
  const mu = cpuValues(cpu, mean);
  const rs = cpuValues(cpu, rstd);
  const g = cpuValues(cpu, gamma);
  const dx = new Float32Array(rows * c);
  const dgamma = new Float64Array(c);
  const dbeta = new Float64Array(c);
  for (let r = 0; r < rows; r++) {
    const o = r * c;
    let s1 = 0;
    let s2 = 0;
    for (let j = 0; j < c; j++) {
      const h = (xs[o + j] - mu[r]) * rs[r];
      const gj = d[o + j] * g[j];
      s1 += gj;
      s2 += gj * h;
      dgamma[j] += d[o + j] * h;
      dbeta[j] += d[o + j];
    }
    const m1 = centered(attrs) ? s1 / c : 0;
    const m2 = s2 / c;
    for (let j = 0; j < c; j++) {
      const h = (xs[o + j] - mu[r]) * rs[r];
      dx[o + j] = (d[o + j] * g[j] - m1 - h * m2) * rs[r];
    }
  }
  return [
    cpu.makeTensorInfo([...x.shape], 'float32', dx),
    cpu.makeTensorInfo([c], 'float32', Float32Array.from(dgamma)),
    cpu.makeTensorInfo([c], 'float32', Float32Array.from(dbeta)),
  ];
};

/** Both kernels on wasm and cpu. */
export const layerNormKernelConfigs: tf.KernelConfig[] = [
  { kernelName: LAYER_NORM_KERNEL, backendName: 'wasm', kernelFunc: wasmForward },
  { kernelName: LAYER_NORM_GRAD_KERNEL, backendName: 'wasm', kernelFunc: wasmBackward },
  { kernelName: LAYER_NORM_KERNEL, backendName: 'cpu', kernelFunc: cpuForward },
  { kernelName: LAYER_NORM_GRAD_KERNEL, backendName: 'cpu', kernelFunc: cpuBackward },
];
