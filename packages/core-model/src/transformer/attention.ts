/** Multi-head self-attention over a KV cache: causal (decoder) or bidirectional (encoder). */
import { applyCausalMask } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { linear, type LinearWeights } from './linear';
import { applyRope } from './rope';

/** c_attn [C, 3C] (q, k, v concatenated on the output axis) and c_proj [C, C]. */
export interface AttentionWeights {
  c_attn: LinearWeights;
  c_proj: LinearWeights;
}

/** Shapes and options of one attention call. */
export interface AttentionArgs {
  batch: number;
  length: number;
  nHead: number;
  causal: boolean;
  /** cos/sin tables [T, hd/2] for RoPE, already at the right positions. */
  rope?: { cos: tf.Tensor2D; sin: tf.Tensor2D };
  /** Keys and values of earlier tokens [B, H, T_past, hd]. */
  past?: { k: tf.Tensor4D; v: tf.Tensor4D };
  /** The causal mask as an additive bias [T, T_all] (causalMaskBias), built once per forward pass; made here when absent. */
  maskBias?: tf.Tensor2D;
}

/**
 * x [B*T, C] -> y [B*T, C], plus this layer's keys and values for past + new tokens [B, H, T_all, hd]
 * (after RoPE), to be kept in the cache. Scores are q·k/√hd over batched matMuls with transposeB.
 */
export function selfAttention(
  x: tf.Tensor2D,
  w: AttentionWeights,
  { batch: B, length: T, nHead: H, causal, rope, past, maskBias }: AttentionArgs,
): { y: tf.Tensor2D; k: tf.Tensor4D; v: tf.Tensor4D } {
  return tf.tidy(() => {
    const C = x.shape[1];
    const hd = C / H;
    const heads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [B, T, H, hd]), [0, 2, 1, 3]) as tf.Tensor4D; // [B,H,T,hd]
    const [q0, k0, v0] = tf.split(linear(x, w.c_attn), 3, 1); // 3 x [B*T, C]
    let q = heads(q0);
    let k = heads(k0);
    let v = heads(v0);
    if (rope) {
      q = applyRope(q, rope.cos, rope.sin);
      k = applyRope(k, rope.cos, rope.sin);
    }
    if (past) {
      k = tf.concat([past.k, k], 2); // [B,H,T_all,hd]
      v = tf.concat([past.v, v], 2);
    }
    let scores = tf.matMul(tf.mul(q, 1 / Math.sqrt(hd)), k, false, true); // [B,H,T,T_all]
    if (causal && T > 1) scores = applyCausalMask(scores, maskBias); // one new token may see every key
    const att = tf.softmax(scores, -1);
    const y = tf.reshape(tf.transpose(tf.matMul(att, v), [0, 2, 1, 3]), [B * T, C]); // [B*T, C]
    return { y: linear(y as tf.Tensor2D, w.c_proj), k, v };
  });
}
