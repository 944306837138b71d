/** One chunk of the chunked scan, forward (its gradient is chunk-gradient.ts). */
import * as tf from '@tensorflow/tfjs-core';
import { chunkMatrices } from './chunk-matrices';

/**
 * One chunk of L steps: a [L, B·di·N] log-decays, u [L,B,di], B, C [L,B,N], h0 [B,di,N] or null
 * -> outputs [L,B,di] and the state at the chunk's end [B,di,N]. Over the P = L(L+1)/2 causal
 * pairs (t ≥ s) only; every gather and scatter is a matMul with a constant 0/1 matrix.
 */
export function chunkStep(a: tf.Tensor, u: tf.Tensor, Bc: tf.Tensor, Cc: tf.Tensor, h0: tf.Tensor | null, [b, di, n]: number[]): { y: tf.Tensor; h: tf.Tensor } {
  const L = a.shape[0];
  const m = chunkMatrices(L);
  const P = m.pairs;
  // exp(M·a) for a constant 0/1 matrix M [rows, L]: decays of segments, every exponent ≤ 0. Each use
  // gets its own matMul + exp (no slices of a shared result: tfjs keeps every intermediate
  // gradient until the backward pass ends, and a slice's gradient is a full-size pad).
  const decay = (matrix: Float32Array, rows: number) => tf.exp(tf.matMul(tf.tensor2d(matrix, [rows, L]), a)); // [rows, B·di·N]
  const pickT = tf.tensor2d(m.pickT, [P, L]);
  const pickS = tf.tensor2d(m.pickS, [P, L]);

  // Intra-chunk: y_t = Σ_{s≤t} g(t,s)·u_s, g(t,s)[b,d] = Σ_n exp(seg(t,s))[b,d,n]·C_t[b,n]·B_s[b,n].
  const pairDecay = tf.reshape(decay(m.segments, P), [P * b, di, n]); // [(p,b), di, N]
  const cPairs = tf.matMul(pickT, tf.reshape(Cc, [L, b * n])); // [P, B·N] C_t per pair
  const bPairs = tf.matMul(pickS, tf.reshape(Bc, [L, b * n])); // [P, B·N] B_s per pair
  const cb = tf.reshape(tf.mul(cPairs, bPairs), [P * b, n, 1]); // [(p,b), N, 1]
  const g = tf.reshape(tf.matMul(pairDecay, cb), [P, b * di]); // [P, B·di]: the sum over N as one batched matMul
  const uPairs = tf.matMul(pickS, tf.reshape(u, [L, b * di])); // [P, B·di] u_s per pair
  let y = tf.reshape(tf.matMul(pickT, tf.mul(g, uPairs), true, false), [L, b, di]); // [L,B,di]: Σ over s for each t

  // The state at the chunk's end: Σ_s exp(Σ_{s<r<L} a_r)·u_s·B_s (+ the carried h0 decayed through the chunk).
  const toEnd = tf.reshape(decay(m.toEnd, L), [L, b, di, n]); // [L,B,di,N]
  const inputs = tf.mul(tf.reshape(u, [L, b, di, 1]), tf.reshape(Bc, [L, b, 1, n])); // [L,B,di,N]
  let h = tf.sum(tf.mul(toEnd, inputs), 0); // [B,di,N]

  if (h0) {
    // Inter-chunk: y_t += Σ_n C_t·exp(Σ_{r≤t} a_r)·h0, and h0 decays through the whole chunk.
    const fromStart = tf.reshape(decay(m.fromStart, L), [L, b, di, n]); // [L,B,di,N]
    y = tf.add(y, tf.sum(tf.mul(tf.mul(fromStart, tf.reshape(h0, [1, b, di, n])), tf.reshape(Cc, [L, b, 1, n])), -1)); // [L,B,di]
    const whole = tf.reshape(tf.exp(tf.sum(a, 0)), [b, di, n]); // [B,di,N] exp(Σ_r a_r)
    h = tf.add(h, tf.mul(whole, h0));
  }
  return { y, h };
}
