/**
 * The two internals of tfjs-backend-cpu 4.22 that ftheta's cpu kernels use (the same ones tfjs's
 * own cpu kernels use): read a tensor's values, and make an output from values.
 */
import type * as tf from '@tensorflow/tfjs-core';

export interface CpuBackend {
  data: { get(dataId: tf.DataId): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: Float32Array): tf.TensorInfo;
}

export function asCpuBackend(backend: unknown): CpuBackend {
  const b = backend as Partial<CpuBackend>;
  if (b == null || b.data == null || typeof b.makeTensorInfo !== 'function') {
    throw new Error('@ftheta/backend: expected the tfjs cpu backend (tfjs-backend-cpu 4.22 internals not found)');
  }
  return b as CpuBackend;
}

/** The float32 values of a tensor on the cpu backend (no copy). */
export function cpuValues(backend: CpuBackend, t: tf.TensorInfo): Float32Array {
  const values = backend.data.get(t.dataId).values;
  if (!(values instanceof Float32Array)) throw new Error(`@ftheta/backend: expected float32 values on the cpu backend, got ${t.dtype}`);
  return values;
}
