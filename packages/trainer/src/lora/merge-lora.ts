/** LoRA folded into plain weights: a normal Transformer, as fast as the base and savable as a checkpoint. */
import { ParamStore, Transformer } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import type { LoraModel } from './lora-model';

/**
 * A new Transformer whose targeted weights are W + s·Aᵀ·Bᵀ and whose other parameters are copies
 * of the base's (PEFT's `merge_and_unload`, without touching the base). The caller owns and
 * disposes it; the LoRA model and its base are left as they were.
 */
export function mergeLora(lora: LoraModel): Transformer {
  const merged = lora.mergedWeights();
  const store = new ParamStore();
  try {
    for (const [name, v] of lora.base.params.entries()) {
      const w = merged.get(name);
      merged.delete(name);
      store.set(name, w ?? tf.clone(v)); // the store owns w / the clone
    }
    return new Transformer(lora.base.config, store, { onContextOverflow: lora.base.onContextOverflow });
  } catch (err) {
    store.dispose();
    throw err;
  } finally {
    tf.dispose([...merged.values()]);
  }
}
