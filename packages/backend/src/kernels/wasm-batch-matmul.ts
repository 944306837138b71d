/**
 * BatchMatMul for the wasm backend on ftheta's SIMD GEMM.
 *
 * Stock tfjs-backend-wasm sends every matmul with a batch dimension or a transpose to a scalar
 * C++ loop (~14x slower than XNNPACK). Here every float32 case (batched, broadcast, transposed)
 * runs ftheta's SIMD kernel, reading the operands in place in the wasm heap — except one: a single
 * matrix with fewer than 4 rows and no transposes (a linear layer while decoding one token), where
 * XNNPACK keeps the weights packed between calls (it caches them by tensor) and so reads them
 * faster than any kernel that must stream them each call.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gemmFor } from './wasm-gemm';
import { asWasmBackend, offsetOf } from './wasm-internals';

type KernelArgs = { inputs: tf.BatchMatMulInputs; backend: unknown; attrs: tf.BatchMatMulAttrs };

function batchMatMul(args: KernelArgs, stock: tf.KernelFunc): tf.TensorInfo {
  const backend = asWasmBackend(args.backend);
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs;
  if (a.dtype !== 'float32' || b.dtype !== 'float32') {
    throw new Error(`matMul on wasm: float32 operands only, got ${a.dtype} x ${b.dtype}`);
  }
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra < 2 || rb < 2) throw new Error(`matMul: operands must have rank >= 2, got [${a.shape}] and [${b.shape}]`);
  const aRows = a.shape[ra - 2];
  const aCols = a.shape[ra - 1];
  const bRows = b.shape[rb - 2];
  const bCols = b.shape[rb - 1];
  const m = transposeA ? aCols : aRows;
  const k = transposeA ? aRows : aCols;
  const kb = transposeB ? bCols : bRows;
  const n = transposeB ? bRows : bCols;
  if (k !== kb) {
    throw new Error(
      `matMul: inner dimensions differ: a [${a.shape}] (transposeA=${transposeA}) and ` +
        `b [${b.shape}] (transposeB=${transposeB}) give ${k} vs ${kb}`,
    );
  }
  if (!transposeA && !transposeB && m < 4 && tf.util.sizeFromShape(a.shape.slice(0, -2)) === 1 && tf.util.sizeFromShape(b.shape.slice(0, -2)) === 1) {
    return stock(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  }
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  const out = backend.makeOutput([...outer, m, n], 'float32');
  const batch = tf.util.sizeFromShape(outer);
  if (batch * m * n === 0) return out;

  const gemm = gemmFor(backend);
  // Element (i, p) of op(A) sits at row*rs + col*cs of the stored matrix.
  const aStride: [number, number] = transposeA ? [1, aCols] : [aCols, 1];
  const bStride: [number, number] = transposeB ? [1, bCols] : [bCols, 1];
  const aMat = aRows * aCols;
  const bMat = bRows * bCols;
  const aBase = offsetOf(backend, a);
  const bBase = offsetOf(backend, b);
  const cBase = offsetOf(backend, out);
  const batchA = tf.util.sizeFromShape(outerA);
  const batchB = tf.util.sizeFromShape(outerB);

  if (batchA === batchB || batchA === 1 || batchB === 1) {
    // One call: equal batches, or one side broadcast with a batch stride of 0.
    gemm.run(
      batch, m, n, k,
      aBase, [batchA === 1 ? 0 : aMat, aStride[0], aStride[1]],
      bBase, [batchB === 1 ? 0 : bMat, bStride[0], bStride[1]],
      cBase, m * n,
    );
    return out;
  }
  // General broadcasting of the outer dimensions: one call per output matrix.
  const outStrides = tf.util.computeStrides(outer);
  const index = (flat: number, dims: number[]): number => {
    // Map an output batch index to the operand's batch index under broadcasting.
    const pad = outer.length - dims.length;
    let result = 0;
    let rest = flat;
    for (let d = 0; d < outer.length; d++) {
      const stride = d < outer.length - 1 ? outStrides[d] : 1;
      const coord = Math.floor(rest / stride);
      rest -= coord * stride;
      if (d >= pad) {
        const size = dims[d - pad];
        result = result * size + (size === 1 ? 0 : coord);
      }
    }
    return result;
  };
  for (let i = 0; i < batch; i++) {
    gemm.run(
      1, m, n, k,
      aBase + index(i, outerA) * aMat * 4, [0, aStride[0], aStride[1]],
      bBase + index(i, outerB) * bMat * 4, [0, bStride[0], bStride[1]],
      cBase + i * m * n * 4, 0,
    );
  }
  return out;
}

export function makeWasmBatchMatMulConfig(stock: (name: string) => tf.KernelFunc): tf.KernelConfig {
  return {
    kernelName: tf.BatchMatMul,
    backendName: 'wasm',
    kernelFunc: ((args: KernelArgs) => batchMatMul(args, stock(tf.BatchMatMul))) as unknown as tf.KernelFunc,
  };
}
