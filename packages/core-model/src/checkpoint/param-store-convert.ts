/**
 * Between checkpoint tensors (host float32 arrays) and a {@link ParamStore} (tf variables), so that
 * `new Transformer(parseTransformerConfig(config), toParamStore(tensors))` works on a loaded
 * checkpoint and `fromParamStore(model.params)` gives what `saveCheckpointDir` writes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ParamStore } from '../contract';
import { CheckpointError } from './checkpoint-error';
import { formatShape, shapeSize, type HostTensor } from './tensor-types';

/**
 * A new ParamStore holding a float32 variable per tensor, under the same names (in the map's order).
 * Needs a started tfjs backend. The values are copied; nothing is left allocated when it throws.
 * @throws CheckpointError when a tensor's data length differs from its shape's size.
 */
export function toParamStore(tensors: Iterable<[string, HostTensor]>): ParamStore {
  const store = new ParamStore();
  try {
    for (const [name, t] of tensors) {
      if (t.data.length !== shapeSize(t.shape)) {
        throw new CheckpointError(name, `shape ${formatShape(t.shape)} holds ${shapeSize(t.shape)} values, data has ${t.data.length}`);
      }
      store.set(name, tf.tensor(t.data, t.shape, 'float32'));
    }
  } catch (err) {
    store.dispose();
    throw err;
  }
  return store;
}

/** Every parameter of `store` read back to the host (synchronously), by name, in the store's order. */
export function fromParamStore(store: ParamStore): Map<string, HostTensor> {
  const out = new Map<string, HostTensor>();
  for (const [name, v] of store.entries()) out.set(name, { shape: [...v.shape], data: Float32Array.from(v.dataSync()) });
  return out;
}

/** {@link fromParamStore} without blocking (better on WebGL/WebGPU, where a sync read stalls the page). */
export async function fromParamStoreAsync(store: ParamStore): Promise<Map<string, HostTensor>> {
  const out = new Map<string, HostTensor>();
  for (const [name, v] of store.entries()) out.set(name, { shape: [...v.shape], data: Float32Array.from(await v.data()) });
  return out;
}
