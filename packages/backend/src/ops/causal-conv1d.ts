/**
 * Depthwise causal 1-D convolution, the short conv in front of Mamba's scan, with its gradient.
 *
 * y[b,t,c] = bias[c] + sum_k w[c,k] * x[b, t-(K-1)+k, c]   (x = 0 before t = 0)
 *
 * This is PyTorch's `Conv1d(C, C, K, groups=C, padding=K-1)(x)[..., :T]` in [B,T,C] layout. tfjs's
 * depthwise conv has no gradient kernels on wasm, so the op is written with K shifted
 * multiply-adds (K is small: 4 in Mamba) and a hand-written gradient that uses the same ops:
 *   dx[t]    = sum_k w[:,k] * dy[t+(K-1)-k]
 *   dw[:,k]  = sum_{b,t} dy[b,t,:] * x[b, t-(K-1)+k, :]
 * It runs unchanged on every backend.
 */
import * as tf from '@tensorflow/tfjs-core';

function taps(w: tf.Tensor2D): tf.Tensor1D[] {
  return tf.unstack(tf.transpose(w)) as tf.Tensor1D[]; // K x [C]
}

/** sum_k taps[k] * window k of `padded` ([B, T+K-1, C]), each window [B,T,C] starting at start(k). */
function shiftedSum(padded: tf.Tensor3D, w: tf.Tensor2D, start: (k: number) => number, t: number): tf.Tensor3D {
  const [b, , c] = padded.shape;
  const ws = taps(w);
  let acc: tf.Tensor3D | null = null;
  for (let k = 0; k < ws.length; k++) {
    const term = tf.mul(tf.slice(padded, [0, start(k), 0], [b, t, c]), ws[k]) as tf.Tensor3D;
    acc = acc === null ? term : (tf.add(acc, term) as tf.Tensor3D);
  }
  return acc!;
}

const conv = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x3, w2, save] = args as [tf.Tensor3D, tf.Tensor2D, tf.GradSaveFunc];
  const kSize = w2.shape[1];
  const t = x3.shape[1];
  save([x3, w2]);
  const value = tf.tidy(() => {
    const xp = tf.pad(x3, [[0, 0], [kSize - 1, 0], [0, 0]]) as tf.Tensor3D;
    return shiftedSum(xp, w2, (k) => k, t);
  });
  // In a tidy: the padded copies and shifted windows are freed as soon as dx and dw exist, not
  // kept until the whole backward pass ends.
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) =>
    tf.tidy(() => {
      const [xs, ws] = saved as [tf.Tensor3D, tf.Tensor2D];
      const [b, tt, c] = xs.shape;
      const kk = ws.shape[1];
      const dyp = tf.pad(dy, [[0, 0], [0, kk - 1], [0, 0]]) as tf.Tensor3D;
      const dx = shiftedSum(dyp, ws, (k) => kk - 1 - k, tt);
      const xp = tf.pad(xs, [[0, 0], [kk - 1, 0], [0, 0]]) as tf.Tensor3D;
      const cols: tf.Tensor1D[] = [];
      for (let k = 0; k < kk; k++) {
        cols.push(tf.sum(tf.mul(dy, tf.slice(xp, [0, k, 0], [b, tt, c])), [0, 1]) as tf.Tensor1D);
      }
      return [dx, tf.stack(cols, 1)];
    });
  return { value, gradFunc };
});

/**
 * Causal depthwise conv1d. x: [B,T,C], weight: [C,K] (Hugging Face's `conv1d.weight` [C,1,K]
 * reshaped), bias: [C]. Returns [B,T,C].
 */
export function causalConv1d(x: tf.Tensor3D, weight: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor3D {
  if (x.rank !== 3) throw new Error(`causalConv1d: x must be [B,T,C], got shape [${x.shape}]`);
  if (weight.rank !== 2) throw new Error(`causalConv1d: weight must be [C,K], got shape [${weight.shape}]`);
  if (weight.shape[0] !== x.shape[2]) {
    throw new Error(`causalConv1d: weight has ${weight.shape[0]} channels but x has ${x.shape[2]} (x [${x.shape}], weight [${weight.shape}])`);
  }
  if (weight.shape[1] < 1) throw new Error(`causalConv1d: kernel size must be >= 1, got ${weight.shape[1]}`);
  if (bias && (bias.rank !== 1 || bias.shape[0] !== x.shape[2])) {
    throw new Error(`causalConv1d: bias must be [${x.shape[2]}], got [${bias.shape}]`);
  }
  const y = conv(x, weight) as tf.Tensor3D;
  if (!bias) return y;
  return tf.tidy(() => {
    const out = tf.add(y, bias) as tf.Tensor3D;
    y.dispose();
    return out;
  });
}
