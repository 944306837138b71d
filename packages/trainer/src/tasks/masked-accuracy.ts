/** Exact-match accuracy of a model's greedy predictions where a batch's mask says an answer is. */
import type { CausalLM } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../data/batch';
import { batchTensors } from '../loop/batch-tensors';

/** Right answers out of the positions that count. */
export interface MaskedAccuracy {
  correct: number;
  total: number;
  /** correct / total (NaN when nothing counts). */
  accuracy: number;
}

/**
 * One forward pass over `batch` (teacher forcing); at every position with mask 1, whether the
 * argmax of the logits equals the target. For the synthetic tasks this is the papers' accuracy
 * (induction heads: the last token; selective copying: each copied token; MQAR: each value).
 */
export function maskedAccuracy(model: CausalLM, batch: Batch): MaskedAccuracy {
  if (!batch.mask) throw new RangeError('maskedAccuracy: the batch has no mask (nothing says where the answers are)');
  const t = batchTensors(batch);
  let pred: Int32Array;
  try {
    const argmax = tf.tidy(() => {
      const out = model.forward(t.inputs);
      out.state.dispose();
      return tf.argMax(out.logits, -1);
    });
    pred = argmax.dataSync() as Int32Array;
    argmax.dispose();
  } finally {
    tf.dispose([t.inputs, t.targets, ...(t.mask ? [t.mask] : [])]);
  }
  let correct = 0;
  let total = 0;
  for (let i = 0; i < pred.length; i++) {
    if (!batch.mask[i]) continue;
    total++;
    if (pred[i] === batch.targets[i]) correct++;
  }
  return { correct, total, accuracy: correct / total };
}
