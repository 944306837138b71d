/** The hand-written gradient of one chunk of the chunked scan (see chunk-step.ts for the forward). */
import * as tf from '@tensorflow/tfjs-core';
import { chunkMatrices } from './chunk-matrices';

/**
 * The gradient of chunkStep (chunk-step.ts): given dy [L,B,di] and dh [B,di,N], the gradients w.r.t. a
 * [L, B·di·N], u [L,B,di], B, C [L,B,N] (and h0 [B,di,N]), in the same matMul/exp/mul ops as the
 * forward (each forward line's adjoint is noted beside it).
 */
export function chunkGradient(a: tf.Tensor, u: tf.Tensor, Bc: tf.Tensor, Cc: tf.Tensor, h0: tf.Tensor | null, dy: tf.Tensor, dh: tf.Tensor, [b, di, n]: number[]): tf.Tensor[] {
  const L = a.shape[0];
  const W = b * di * n;
  const m = chunkMatrices(L);
  const P = m.pairs;
  const segM = tf.tensor2d(m.segments, [P, L]);
  const endM = tf.tensor2d(m.toEnd, [L, L]);
  const pickT = tf.tensor2d(m.pickT, [P, L]);
  const pickS = tf.tensor2d(m.pickS, [P, L]);
  const C2 = tf.reshape(Cc, [L, b * n]);
  const B2 = tf.reshape(Bc, [L, b * n]);
  const u2 = tf.reshape(u, [L, b * di]);

  // Recompute the forward's pair quantities.
  const E = tf.exp(tf.matMul(segM, a)); // [P, W]
  const cP = tf.matMul(pickT, C2); // [P, B·N]
  const bP = tf.matMul(pickS, B2); // [P, B·N]
  const cb = tf.reshape(tf.mul(cP, bP), [P * b, n, 1]);
  const Er = tf.reshape(E, [P * b, di, n]);
  const g = tf.reshape(tf.matMul(Er, cb), [P, b * di]);
  const uP = tf.matMul(pickS, u2); // [P, B·di]

  // y = pickTᵀ·(g ⊙ uP)
  const dgu = tf.matMul(pickT, tf.reshape(dy, [L, b * di])); // [P, B·di]
  const dg = tf.mul(dgu, uP);
  let du2 = tf.matMul(pickS, tf.mul(dgu, g), true, false); // [L, B·di]
  // g = Er·cb (batched)
  const dgr = tf.reshape(dg, [P * b, di, 1]);
  const dE = tf.reshape(tf.matMul(dgr, cb, false, true), [P, W]); // [P, W]
  const dcb = tf.reshape(tf.matMul(Er, dgr, true, false), [P, b * n]); // [P, B·N]
  const dC2 = tf.matMul(pickT, tf.mul(dcb, bP), true, false); // [L, B·N]
  let dB2 = tf.matMul(pickS, tf.mul(dcb, cP), true, false); // [L, B·N]
  // E = exp(segM·a)
  let da = tf.matMul(segM, tf.mul(dE, E), true, false); // [L, W]

  // h = Σ_L toEnd ⊙ (u ⊗ B), toEnd = exp(endM·a)
  const toEnd = tf.reshape(tf.exp(tf.matMul(endM, a)), [L, b, di, n]);
  const u4 = tf.reshape(u, [L, b, di, 1]);
  const B4 = tf.reshape(Bc, [L, b, 1, n]);
  const dh4 = tf.reshape(dh, [1, b, di, n]);
  const dInputs = tf.mul(dh4, toEnd); // [L,B,di,N]
  da = tf.add(da, tf.matMul(endM, tf.reshape(tf.mul(tf.mul(dh4, tf.mul(u4, B4)), toEnd), [L, W]), true, false));
  du2 = tf.add(du2, tf.reshape(tf.sum(tf.mul(dInputs, B4), -1), [L, b * di]));
  dB2 = tf.add(dB2, tf.reshape(tf.sum(tf.mul(dInputs, u4), 2), [L, b * n]));

  const grads: tf.Tensor[] = [da, tf.reshape(du2, [L, b, di]), tf.reshape(dB2, [L, b, n]), tf.reshape(dC2, [L, b, n])];
  if (h0) {
    // y += Σ_N fromStart ⊙ h0 ⊙ C, fromStart = exp(startM·a); h += exp(Σ_L a) ⊙ h0
    const startM = tf.tensor2d(m.fromStart, [L, L]);
    const fromStart = tf.reshape(tf.exp(tf.matMul(startM, a)), [L, b, di, n]);
    const h04 = tf.reshape(h0, [1, b, di, n]);
    const C4 = tf.reshape(Cc, [L, b, 1, n]);
    const dy4 = tf.reshape(dy, [L, b, di, 1]);
    const carried = tf.mul(fromStart, h04); // [L,B,di,N]
    const dCarried = tf.mul(dy4, C4); // [L,B,di,N]
    grads[3] = tf.add(grads[3], tf.sum(tf.mul(dy4, carried), 2)); // dC [L,B,N]
    const whole = tf.reshape(tf.exp(tf.sum(a, 0)), [b, di, n]); // [B,di,N]
    const dWholeLog = tf.reshape(tf.mul(tf.mul(dh, h0), whole), [1, W]); // d/d(Σ a) of exp(Σ a)·h0
    const dStartLog = tf.reshape(tf.mul(dCarried, carried), [L, W]); // d/d(startM·a)
    grads[0] = tf.add(tf.add(grads[0], tf.matMul(startM, dStartLog, true, false)), dWholeLog);
    grads.push(tf.add(tf.sum(tf.mul(dCarried, fromStart), 0), tf.mul(dh, whole))); // dh0 [B,di,N]
  }
  return grads;
}
