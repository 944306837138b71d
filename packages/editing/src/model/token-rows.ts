/** Token rows of different lengths as one right-padded batch (a causal model never looks right, so padding at the end changes nothing before it). */
import * as tf from '@tensorflow/tfjs-core';

/** `rows` right-padded with id 0 to the longest: ids [B, T]. */
export function padRows(rows: readonly (readonly number[])[]): tf.Tensor2D {
  if (rows.length === 0) throw new Error('padRows: no rows');
  const T = Math.max(...rows.map((r) => r.length));
  if (T === 0) throw new Error('padRows: every row is empty');
  const data = new Int32Array(rows.length * T);
  for (const [b, r] of rows.entries()) data.set(r, b * T);
  return tf.tensor2d(data, [rows.length, T], 'int32');
}

/** A [B*T, 1] float mask with 1 at row b*T + positions[b] (one position per row, or -1 for none). */
export function positionMask(positions: readonly number[], T: number): tf.Tensor2D {
  const m = new Float32Array(positions.length * T);
  positions.forEach((p, b) => {
    if (p >= T) throw new Error(`positionMask: position ${p} of row ${b} is past the row length ${T}`);
    if (p >= 0) m[b * T + p] = 1;
  });
  return tf.tensor2d(m, [positions.length * T, 1]);
}
