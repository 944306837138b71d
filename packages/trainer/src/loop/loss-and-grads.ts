/** Value and gradient of the loss over a model's {@link ParamStore}, by parameter name. */
import type { CausalLM, ModelState } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../data';
import type { NamedTensors } from '../optim';
import { batchTensors } from './batch-tensors';
import type { LossFn } from './loss-fn';

/** What {@link lossAndGrads} returns: the loss (read back) and the gradients (the caller owns them). */
export interface LossAndGrads {
  loss: number;
  grads: NamedTensors;
}

/**
 * Forward, loss and backward on one batch with `tf.variableGrads` over every trainable parameter
 * of `model.params`. Everything but the returned gradients is disposed (the model's state too).
 */
export function lossAndGrads(model: CausalLM, batch: Batch, lossFn: LossFn): LossAndGrads {
  const byVar = new Map<string, string>();
  const vars: tf.Variable[] = [];
  for (const [name, v] of model.params.entries()) {
    if (!v.trainable) continue;
    byVar.set(v.name, name);
    vars.push(v);
  }
  const t = batchTensors(batch);
  let state: ModelState | undefined;
  try {
    const { value, grads } = tf.variableGrads(() => {
      const out = model.forward(t.inputs);
      state = out.state;
      return lossFn(out.logits, t.targets, t.mask);
    }, vars);
    const loss = value.dataSync()[0];
    value.dispose();
    const named: NamedTensors = new Map();
    for (const [varName, g] of Object.entries(grads)) named.set(byVar.get(varName)!, g);
    return { loss, grads: named };
  } finally {
    state?.dispose();
    tf.dispose([t.inputs, t.targets, ...(t.mask ? [t.mask] : [])]);
  }
}
