/** Tensors keyed by parameter name (the ParamStore's checkpoint names): gradients, optimizer moments. */
import type * as tf from '@tensorflow/tfjs-core';

/** Name -> tensor, in the ParamStore's order. */
export type NamedTensors = Map<string, tf.Tensor>;

/** Disposes every tensor of `tensors` (and clears the map). */
export function disposeNamed(tensors: NamedTensors): void {
  for (const t of tensors.values()) t.dispose();
  tensors.clear();
}
