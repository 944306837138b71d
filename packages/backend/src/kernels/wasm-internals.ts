/**
 * The few internals of tfjs-backend-wasm 4.22 that ftheta's kernels use. They are not public API,
 * so they are named once here; the conformance suite fails if a tfjs upgrade changes them.
 */
import type * as tf from '@tensorflow/tfjs-core';

export interface WasmModule {
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  HEAPU8: Uint8Array;
  /** Non-threaded builds export the memory here. */
  asm?: { memory?: WebAssembly.Memory };
  /** The threaded build keeps its shared memory here. */
  wasmMemory?: WebAssembly.Memory;
}

export interface WasmTensorData {
  id: number;
  memoryOffset: number;
  shape: number[];
  dtype: tf.DataType;
  refCount: number;
}

export interface WasmBackend {
  wasm: WasmModule;
  dataIdMap: { get(dataId: tf.DataId): WasmTensorData };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

export function asWasmBackend(backend: unknown): WasmBackend {
  const b = backend as Partial<WasmBackend>;
  if (b == null || b.wasm == null || b.dataIdMap == null || typeof b.makeOutput !== 'function') {
    throw new Error('@ftheta/backend: expected the tfjs wasm backend (tfjs-backend-wasm 4.22 internals not found)');
  }
  return b as WasmBackend;
}

/** The WebAssembly.Memory the wasm backend keeps its tensors in. */
export function wasmMemoryOf(backend: WasmBackend): WebAssembly.Memory {
  const memory = backend.wasm.asm?.memory ?? backend.wasm.wasmMemory;
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new Error('@ftheta/backend: cannot find the wasm backend memory (Module.asm.memory / Module.wasmMemory)');
  }
  return memory;
}

/** Byte offset of a tensor's data in the wasm heap. */
export function offsetOf(backend: WasmBackend, t: tf.TensorInfo): number {
  return backend.dataIdMap.get(t.dataId).memoryOffset;
}
