/**
 * Rotary position embeddings (RoPE, Su et al. 2021) in the "rotate half" layout of GPT-NeoX and
 * Hugging Face LLaMA: dimension i of the first half pairs with dimension i of the second half, and
 * the pair at position p turns by angle p·θ^(-2i/hd). Rotations keep norms, and q·k then depends
 * only on the offset between the two positions.
 */
import * as tf from '@tensorflow/tfjs-core';

/** cos and sin [T, hd/2] for positions start .. start+T-1 (angles computed in float64). */
export function ropeTables(start: number, length: number, headSize: number, theta: number): { cos: tf.Tensor2D; sin: tf.Tensor2D } {
  if (headSize % 2 !== 0) throw new Error(`rope: head size must be even, got ${headSize}`);
  const half = headSize / 2;
  const cos = new Float32Array(length * half);
  const sin = new Float32Array(length * half);
  for (let t = 0; t < length; t++) {
    for (let i = 0; i < half; i++) {
      const angle = (start + t) * theta ** (-(2 * i) / headSize);
      cos[t * half + i] = Math.cos(angle);
      sin[t * half + i] = Math.sin(angle);
    }
  }
  return { cos: tf.tensor2d(cos, [length, half]), sin: tf.tensor2d(sin, [length, half]) };
}

/** x [B, H, T, hd] rotated by the tables [T, hd/2]: (x1, x2) -> (x1·cos − x2·sin, x2·cos + x1·sin). */
export function applyRope(x: tf.Tensor4D, cos: tf.Tensor2D, sin: tf.Tensor2D): tf.Tensor4D {
  return tf.tidy(() => {
    const [x1, x2] = tf.split(x, 2, -1);
    const r1 = tf.sub(tf.mul(x1, cos), tf.mul(x2, sin));
    const r2 = tf.add(tf.mul(x2, cos), tf.mul(x1, sin));
    return tf.concat([r1, r2], -1) as tf.Tensor4D;
  });
}
