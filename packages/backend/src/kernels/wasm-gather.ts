/**
 * GatherV2 for the wasm backend that copies rows in place in the heap.
 *
 * Stock tfjs-backend-wasm 4.22 takes ~2 ms to gather 768 rows of 128 floats (a token embedding
 * lookup of one nanoGPT batch: ~20x a plain copy). Here every float32, int32 or bool gather with
 * batchDims 0 copies each selected slice with one `TypedArray.set` (or an element loop for short
 * slices); batchDims > 0 and string tensors keep the stock kernel. An index outside
 * [0, x.shape[axis]) throws, naming the index and its value (stock wasm reads out of bounds).
 */
import * as tf from '@tensorflow/tfjs-core';
import { asWasmBackend } from './wasm-internals';

type Stock = (name: string) => tf.KernelFunc;

export function makeWasmGatherConfig(stock: Stock): tf.KernelConfig {
  const gather: tf.KernelFunc = (args) => {
    const { x, indices } = args.inputs as unknown as { x: tf.TensorInfo; indices: tf.TensorInfo };
    const { axis, batchDims } = args.attrs as unknown as tf.GatherV2Attrs;
    if (x.dtype === 'string' || indices.dtype !== 'int32' || (batchDims ?? 0) !== 0) return stock(tf.GatherV2)(args);
    const backend = asWasmBackend(args.backend);
    const ax = tf.util.parseAxisParam(axis, x.shape)[0];
    const outer = tf.util.sizeFromShape(x.shape.slice(0, ax));
    const size = x.shape[ax];
    const inner = tf.util.sizeFromShape(x.shape.slice(ax + 1));
    const outShape = [...x.shape.slice(0, ax), ...indices.shape, ...x.shape.slice(ax + 1)];
    const count = tf.util.sizeFromShape(indices.shape);
    const ids = backend.typedArrayFromHeap(indices) as Int32Array;
    for (let i = 0; i < count; i++) {
      const id = ids[i];
      if (!(id >= 0 && id < size)) {
        throw new Error(`gather: indices[${i}] is ${id}, outside [0, ${size}) (x shape [${x.shape}], axis ${ax})`);
      }
    }
    const out = backend.makeOutput(outShape, x.dtype);
    if (outer * count * inner === 0) return out;
    // Views after makeOutput: it may grow (and so replace) the heap buffer.
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    const idx = backend.typedArrayFromHeap(indices) as Int32Array;
    let o = 0;
    for (let a = 0; a < outer; a++) {
      const base = a * size * inner;
      if (inner >= 16) {
        for (let i = 0; i < count; i++, o += inner) {
          const from = base + idx[i] * inner;
          dst.set(src.subarray(from, from + inner), o);
        }
      } else {
        for (let i = 0; i < count; i++) {
          const from = base + idx[i] * inner;
          for (let j = 0; j < inner; j++) dst[o++] = src[from + j];
        }
      }
    }
    return out;
  };
  return { kernelName: tf.GatherV2, backendName: 'wasm', kernelFunc: gather };
}
