/**
 * `FthetaSparseSoftmaxCE` (forward) and `FthetaSparseSoftmaxCEGrad` (backward) on wasm
 * (wasm/softmax-cross-entropy.c, SIMD) and cpu (TypeScript).
 *
 * Forward: inputs logits [N,V] float32, labels [N] int32; outputs [nll [N], lse [N]] with
 * lse = log Σ exp(logits) (max-shifted) and nll = lse − logits[label] (NaN for a label outside [0, V)).
 * Backward: inputs dy [N], logits, labels, lse; output dlogits = dy·(softmax − onehot(label)).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { asCpuBackend, cpuValues } from './cpu-internals';
import { asWasmBackend, offsetOf } from './wasm-internals';
import { fthetaWasmFor } from './wasm-module';

/** Kernel names of the fused sparse softmax cross-entropy. */
export const SPARSE_CE_KERNEL = 'FthetaSparseSoftmaxCE';
export const SPARSE_CE_GRAD_KERNEL = 'FthetaSparseSoftmaxCEGrad';

interface FwdInputs {
  logits: tf.TensorInfo;
  labels: tf.TensorInfo;
}

interface BwdInputs extends FwdInputs {
  dy: tf.TensorInfo;
  lse: tf.TensorInfo;
}

const wasmForward: tf.KernelFunc = ({ inputs, backend }) => {
  const wasm = asWasmBackend(backend);
  const { logits, labels } = inputs as unknown as FwdInputs;
  const [n, v] = logits.shape;
  const nll = wasm.makeOutput([n], 'float32');
  const lse = wasm.makeOutput([n], 'float32');
  if (n * v > 0) {
    fthetaWasmFor(wasm).sparse_ce_fwd(n, v, offsetOf(wasm, logits), offsetOf(wasm, labels), offsetOf(wasm, nll), offsetOf(wasm, lse));
  }
  return [nll, lse];
};

const wasmBackward: tf.KernelFunc = ({ inputs, backend }) => {
  const wasm = asWasmBackend(backend);
  const { dy, logits, labels, lse } = inputs as unknown as BwdInputs;
  const [n, v] = logits.shape;
  const dlogits = wasm.makeOutput([n, v], 'float32');
  if (n * v > 0) {
    fthetaWasmFor(wasm).sparse_ce_bwd(n, v, offsetOf(wasm, dy), offsetOf(wasm, logits), offsetOf(wasm, labels), offsetOf(wasm, lse), offsetOf(wasm, dlogits));
  }
  return dlogits;
};

function cpuLabels(backend: ReturnType<typeof asCpuBackend>, t: tf.TensorInfo): Int32Array {
  const values = backend.data.get(t.dataId).values;
  if (!(values instanceof Int32Array)) throw new Error(`sparseSoftmaxCrossEntropy: labels must be int32, got ${t.dtype}`);
  return values;
}

const cpuForward: tf.KernelFunc = ({ inputs, backend }) => {
  const cpu = asCpuBackend(backend);
  const { logits, labels } = inputs as unknown as FwdInputs;
  const [n, v] = logits.shape;
  const x = cpuValues(cpu, logits);
  const ids = cpuLabels(cpu, labels);
  const nll = new Float32Array(n);
  const lse = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    const o = r * v;
    let mx = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < v; j++) if (x[o + j] > mx) mx = x[o + j];
    let s = 0;
    for (let j = 0; j < v; j++) s += Math.exp(x[o + j] - mx);
    const l = mx + Math.log(s);
    const label = ids[r];
    lse[r] = l;
    nll[r] = label >= 0 && label < v ? l - x[o + label] : Number.NaN;
  }
  return [cpu.makeTensorInfo([n], 'float32', nll), cpu.makeTensorInfo([n], 'float32', lse)];
};

const cpuBackward: tf.KernelFunc = ({ inputs, backend }) => {
  const cpu = asCpuBackend(backend);
  const { dy, logits, labels, lse } = inputs as unknown as BwdInputs;
  const [n, v] = logits.shape;
  const x = cpuValues(cpu, logits);
  const ids = cpuLabels(cpu, labels);
  const l = cpuValues(cpu, lse);
  const d = cpuValues(cpu, dy);
  const out = new Float32Array(n * v);
  for (let r = 0; r < n; r++) {
    const o = r * v;
    for (let j = 0; j < v; j++) out[o + j] = d[r] * Math.exp(x[o + j] - l[r]);
    const label = ids[r];
    if (label >= 0 && label < v) out[o + label] -= d[r];
  }
  return cpu.makeTensorInfo([n, v], 'float32', out);
};

/** Both kernels on wasm and cpu. */
export const sparseSoftmaxCrossEntropyKernelConfigs: tf.KernelConfig[] = [
  { kernelName: SPARSE_CE_KERNEL, backendName: 'wasm', kernelFunc: wasmForward },
  { kernelName: SPARSE_CE_GRAD_KERNEL, backendName: 'wasm', kernelFunc: wasmBackward },
  { kernelName: SPARSE_CE_KERNEL, backendName: 'cpu', kernelFunc: cpuForward },
  { kernelName: SPARSE_CE_GRAD_KERNEL, backendName: 'cpu', kernelFunc: cpuBackward },
];
