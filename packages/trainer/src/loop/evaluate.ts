/** Validation: mean loss over a few batches and its perplexity, without gradients. */
import type { CausalLM } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import type { BatchSource } from '../data';
import { batchTensors } from './batch-tensors';
import type { LossFn } from './loss-fn';

/** Mean validation loss (nats per token) and perplexity exp(loss). */
export interface EvalResult {
  valLoss: number;
  valPpl: number;
}

/**
 * The mean of `lossFn` over the next `batches` batches of `source` (each batch weighs the same).
 * @throws Error when batches is not a positive integer.
 */
export function evaluate(model: CausalLM, source: BatchSource, batches: number, lossFn: LossFn): EvalResult {
  if (!(Number.isInteger(batches) && batches > 0)) throw new Error(`evaluate: batches must be a positive integer, got ${batches}`);
  let sum = 0;
  for (let i = 0; i < batches; i++) {
    const t = batchTensors(source.next());
    const loss = tf.tidy(() => {
      const out = model.forward(t.inputs);
      out.state.dispose();
      return lossFn(out.logits, t.targets, t.mask);
    });
    sum += loss.dataSync()[0];
    tf.dispose([loss, t.inputs, t.targets, ...(t.mask ? [t.mask] : [])]);
  }
  const valLoss = sum / batches;
  return { valLoss, valPpl: Math.exp(valLoss) };
}
