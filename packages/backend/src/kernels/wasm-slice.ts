/**
 * Slice, SplitV and Unpack (unstack) for the wasm backend that copy only what they return.
 *
 * Stock tfjs-backend-wasm reads the whole input out of the heap (`readSync` makes a copy) for
 * every slice, and split/unstack call that slice once per piece: splitting a [B,T,3C] tensor into
 * q, k, v copied it three times over. These kernels view the heap in place and copy each output
 * box once. String tensors keep the stock kernels.
 */
import * as tf from '@tensorflow/tfjs-core';
import { copyBox } from './strided-copy';
import { asWasmBackend } from './wasm-internals';

type Stock = (name: string) => tf.KernelFunc;

function sliceInto(backendRaw: unknown, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  const backend = asWasmBackend(backendRaw);
  const out = backend.makeOutput(size, x.dtype);
  if (tf.util.sizeFromShape(size) === 0) return out;
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  copyBox(src, x.shape, begin, size, dst);
  return out;
}

export function makeWasmSliceConfigs(stock: Stock): tf.KernelConfig[] {
  const slice: tf.KernelFunc = (args) => {
    const { x } = args.inputs as unknown as tf.SliceInputs & { x: tf.TensorInfo };
    if (x.dtype === 'string') return stock(tf.Slice)(args);
    const { begin, size } = args.attrs as unknown as tf.SliceAttrs;
    const [b, s] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
    tf.slice_util.assertParamsValid(x as tf.Tensor, b, s);
    return sliceInto(args.backend, x, b, s);
  };

  const splitV: tf.KernelFunc = (args) => {
    const { x } = args.inputs as unknown as { x: tf.TensorInfo };
    if (x.dtype === 'string') return stock(tf.SplitV)(args);
    const { numOrSizeSplits, axis } = args.attrs as unknown as tf.SplitVAttrs;
    const $axis = tf.util.parseAxisParam(axis, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, $axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    const outs: tf.TensorInfo[] = [];
    for (const s of sizes) {
      const size = [...x.shape];
      size[$axis] = s;
      outs.push(sliceInto(args.backend, x, [...begin], size));
      begin[$axis] += s;
    }
    return outs;
  };

  const unpack: tf.KernelFunc = (args) => {
    const { value } = args.inputs as unknown as { value: tf.TensorInfo };
    if (value.dtype === 'string') return stock(tf.Unpack)(args);
    let { axis } = args.attrs as unknown as tf.UnpackAttrs;
    if (axis < 0) axis += value.shape.length;
    const n = value.shape[axis];
    const outShape = value.shape.filter((_, d) => d !== axis);
    const size = [...value.shape];
    size[axis] = 1;
    const begin = new Array<number>(value.shape.length).fill(0);
    const outs: tf.TensorInfo[] = [];
    for (let i = 0; i < n; i++) {
      begin[axis] = i;
      const piece = sliceInto(args.backend, value, [...begin], size);
      piece.shape = outShape;
      outs.push(piece);
    }
    return outs;
  };

  return [
    { kernelName: tf.Slice, backendName: 'wasm', kernelFunc: slice },
    { kernelName: tf.SplitV, backendName: 'wasm', kernelFunc: splitV },
    { kernelName: tf.Unpack, backendName: 'wasm', kernelFunc: unpack },
  ];
}
