/**
 * An edit as data: additive changes to named weight matrices. ROME changes one (a rank-one
 * update), MEMIT one per layer of its range, the fine-tuning baseline one. Applying assigns the
 * parameters in place and returns the undo; every other tensor is left bit for bit.
 */
import type { Transformer } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';

/** ΔW for one parameter (row-major, the parameter's shape). */
export interface WeightDelta {
  /** The checkpoint name, e.g. "transformer.h.1.mlp.c_proj.weight". */
  name: string;
  shape: readonly number[];
  delta: Float32Array;
}

/** The MLP output projection of `layer`: the matrix ROME and MEMIT edit ([n_inner, n_embd] in GPT-2's Conv1D layout, keys × values). */
export function mlpProjName(layer: number): string {
  return `transformer.h.${layer}.mlp.c_proj.weight`;
}

/** Adds each delta to its parameter (in place). Returns a function that puts the old values back. */
export function applyWeightDeltas(model: Transformer, deltas: readonly WeightDelta[]): () => void {
  const saved: [tf.Variable, tf.Tensor][] = [];
  for (const d of deltas) {
    if (!model.params.has(d.name)) throw new Error(`edit: the model has no parameter "${d.name}"`);
    const v = model.params.get(d.name) as tf.Variable;
    if (!tf.util.arraysEqual(v.shape, [...d.shape]) || d.delta.length !== v.size) {
      throw new Error(`edit: delta for "${d.name}" has shape [${d.shape}] (${d.delta.length} values), the parameter [${v.shape}]`);
    }
    saved.push([v, tf.clone(v)]);
    tf.tidy(() => v.assign(tf.add(v, tf.tensor(d.delta, v.shape))));
  }
  return () => {
    for (const [v, old] of saved) {
      v.assign(old);
      old.dispose();
    }
    saved.length = 0;
  };
}
