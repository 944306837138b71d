/**
 * UnsortedSegmentSum for the wasm backend, which has none. It is the gradient of gather, so
 * without it no embedding can be trained on wasm. out[s, ...] = sum of x[i, ...] where
 * segmentIds[i] == s; ids outside [0, numSegments) are dropped, as in TensorFlow.
 */
import * as tf from '@tensorflow/tfjs-core';
import { asWasmBackend } from './wasm-internals';

const unsortedSegmentSum: tf.KernelFunc = (args) => {
  const backend = asWasmBackend(args.backend);
  const { x, segmentIds } = args.inputs as unknown as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const { numSegments } = args.attrs as unknown as tf.UnsortedSegmentSumAttrs;
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new Error(`unsortedSegmentSum on wasm: x must be float32 or int32, got ${x.dtype}`);
  }
  if (segmentIds.dtype !== 'int32') {
    throw new Error(`unsortedSegmentSum: segmentIds must be int32, got ${segmentIds.dtype}`);
  }
  const idsRank = segmentIds.shape.length;
  for (let d = 0; d < idsRank; d++) {
    if (segmentIds.shape[d] !== x.shape[d]) {
      throw new Error(`unsortedSegmentSum: segmentIds shape [${segmentIds.shape}] is not a prefix of x shape [${x.shape}]`);
    }
  }
  const inner = x.shape.slice(idsRank);
  const row = tf.util.sizeFromShape(inner);
  const out = backend.makeOutput([numSegments, ...inner], x.dtype);
  const dst = backend.typedArrayFromHeap(out);
  dst.fill(0);
  const count = tf.util.sizeFromShape(segmentIds.shape);
  if (count === 0 || row === 0) return out;
  const src = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds) as Int32Array;
  for (let i = 0; i < count; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue;
    const from = i * row;
    const to = s * row;
    for (let j = 0; j < row; j++) dst[to + j] += src[from + j];
  }
  return out;
};

export const wasmUnsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum,
};
