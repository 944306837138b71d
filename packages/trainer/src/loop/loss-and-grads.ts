/** Value and gradient of the loss over a model's {@link ParamStore}, by parameter name. */
import type { CausalLM, ModelState } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../data';
import type { NamedTensors } from '../optim';
import { batchTensors } from './batch-tensors';
import type { LossFn } from './loss-fn';

/** What {@link lossAndGrads} returns: the loss (read back) and the gradients (the caller owns them). */
export interface LossAndGrads {
  /** The loss minimised: `lossFn`'s value plus the model's `auxLoss` when it returned one. */
  loss: number;
  grads: NamedTensors;
  /** The model's own term of `loss` (ForwardResult.auxLoss), when it returned one. */
  auxLoss?: number;
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
  let aux: tf.Scalar | undefined; // kept by the model past every scope: disposed here
  try {
    let auxLoss: number | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const out = model.forward(t.inputs);
      state = out.state;
      const loss = lossFn(out.logits, t.targets, t.mask);
      if (!out.auxLoss) return loss;
      aux = out.auxLoss;
      auxLoss = aux.dataSync()[0];
      return tf.add(loss, out.auxLoss) as tf.Scalar; // the model's regulariser (e.g. Mamba's stepPenalty)
    }, vars);
    const loss = value.dataSync()[0];
    value.dispose();
    const named: NamedTensors = new Map();
    for (const [varName, g] of Object.entries(grads)) named.set(byVar.get(varName)!, g);
    return { loss, grads: named, ...(auxLoss === undefined ? {} : { auxLoss }) };
  } finally {
    state?.dispose();
    aux?.dispose();
    tf.dispose([t.inputs, t.targets, ...(t.mask ? [t.mask] : [])]);
  }
}
