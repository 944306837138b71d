/** A host {@link Batch} as tensors, for one forward pass. */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../data';

/** Tensors of one batch: ids and targets [B,T] int32, mask [B,T] float32 or undefined. Caller disposes. */
export interface BatchTensors {
  inputs: tf.Tensor2D;
  targets: tf.Tensor2D;
  mask?: tf.Tensor2D;
}

/**
 * Uploads `batch`, checking that its arrays hold batchSize·seqLen values.
 * @throws Error naming the array whose length is wrong.
 */
export function batchTensors(batch: Batch): BatchTensors {
  const { batchSize: B, seqLen: T } = batch;
  const n = B * T;
  for (const key of ['inputs', 'targets', 'mask'] as const) {
    const a = batch[key];
    if (a && a.length !== n) throw new Error(`batch.${key} has ${a.length} values, batchSize·seqLen is ${B}·${T} = ${n}`);
  }
  return {
    inputs: tf.tensor2d(batch.inputs, [B, T], 'int32'),
    targets: tf.tensor2d(batch.targets, [B, T], 'int32'),
    mask: batch.mask ? tf.tensor2d(batch.mask, [B, T], 'float32') : undefined,
  };
}
