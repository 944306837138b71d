/** Loads host tensors (a checkpoint's θ) into an existing model's {@link ParamStore}, for resuming. */
import type { HostTensor, ParamStore } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Assigns every tensor of `params` to the parameter of the same name in `store`. The names must
 * match exactly and the shapes too; everything is checked before anything is written.
 * @throws Error naming the missing, unexpected or misshapen parameter.
 */
export function assignParams(store: ParamStore, params: Map<string, HostTensor>): void {
  for (const name of store.names) if (!params.has(name)) throw new Error(`assignParams: parameter "${name}" is missing from the checkpoint`);
  for (const [name, t] of params) {
    if (!store.has(name)) throw new Error(`assignParams: checkpoint parameter "${name}" is not in the model`);
    const v = store.get(name);
    if (!tf.util.arraysEqual(v.shape, t.shape) || t.data.length !== v.size) {
      throw new Error(`assignParams: "${name}" has shape [${t.shape}] in the checkpoint, [${v.shape}] in the model`);
    }
  }
  for (const [name, t] of params) tf.tidy(() => store.get(name).assign(tf.tensor(t.data, t.shape, 'float32')));
}
