/**
 * The ops (and small composites) that ftheta's models and trainer use. Every backend must give the
 * cpu backend's forward values and gradients, and gradients that agree with finite differences.
 */
import * as tf from '@tensorflow/tfjs-core';
import { adamwUpdate } from '../ops/adamw-update';
import { causalConv1d } from '../ops/causal-conv1d';
import { gelu } from '../ops/gelu';
import { layerNorm } from '../ops/layer-norm';
import { rmsNorm } from '../ops/rms-norm';
import { selectiveScan } from '../ops/selective-scan';
import { sparseSoftmaxCrossEntropy } from '../ops/sparse-softmax-cross-entropy';
import { sumOfSquares } from '../ops/sum-of-squares';
import { applyCausalMask } from '../ops/causal-mask';
import type { ConformanceCase } from './case';

const f = (...shape: number[]) => ({ shape });
const pos = (...shape: number[]) => ({ shape, lo: 0.5, hi: 2 });
const ids = (max: number, ...shape: number[]) => ({ shape, kind: 'int' as const, max });

function matmulCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [
    { name: 'matMul 2d [13,17]x[17,11]', inputs: [f(13, 17), f(17, 11)], fn: (a, b) => tf.matMul(a, b) },
    { name: 'matMul 2d edge sizes [1,3]x[3,1]', inputs: [f(1, 3), f(3, 1)], fn: (a, b) => tf.matMul(a, b) },
    { name: 'matMul 2d [33,300]x[300,9] (k > block)', inputs: [f(33, 300), f(300, 9)], fn: (a, b) => tf.matMul(a, b), tol: 3e-3 },
    {
      name: 'matMul broadcast [2,3,5,4]x[4,6]',
      inputs: [f(2, 3, 5, 4), f(4, 6)],
      fn: (a, b) => tf.matMul(a, b),
    },
    // Two-sided batch broadcasting ([2,1,..] x [1,3,..]) is not here: tfjs's cpu backend returns
    // the wrong number of values for it, so it cannot be the reference. wasm-batch-matmul.test.ts
    // checks ftheta's kernel on it against plain JavaScript.
    {
      name: 'matMul attention q·kᵀ [2,2,6,4]x[2,2,6,4]ᵀ',
      inputs: [f(2, 2, 6, 4), f(2, 2, 6, 4)],
      fn: (q, k) => tf.matMul(q, k, false, true),
    },
  ];
  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    cases.push({
      name: `matMul batched [3,·,·] transposeA=${ta} transposeB=${tb}`,
      inputs: [f(3, ...(ta ? [7, 10] : [10, 7])), f(3, ...(tb ? [9, 7] : [7, 9]))],
      fn: (a, b) => tf.matMul(a, b, ta, tb),
    });
  }
  return cases;
}

function elementwiseCases(): ConformanceCase[] {
  return [
    { name: 'add broadcast', inputs: [f(4, 5), f(5)], fn: (a, b) => tf.add(a, b) },
    { name: 'sub broadcast', inputs: [f(4, 1), f(1, 5)], fn: (a, b) => tf.sub(a, b) },
    { name: 'mul broadcast', inputs: [f(2, 4, 5), f(4, 1)], fn: (a, b) => tf.mul(a, b) },
    { name: 'div', inputs: [f(4, 5), pos(4, 5)], fn: (a, b) => tf.div(a, b) },
    { name: 'neg, square', inputs: [f(4, 5)], fn: (a) => tf.neg(tf.square(a)) },
    { name: 'sqrt, rsqrt', inputs: [pos(4, 5)], fn: (a) => tf.add(tf.sqrt(a), tf.rsqrt(a)) },
    { name: 'exp', inputs: [f(4, 5)], fn: (a) => tf.exp(a) },
    { name: 'log', inputs: [pos(4, 5)], fn: (a) => tf.log(a) },
    { name: 'tanh', inputs: [f(4, 5)], fn: (a) => tf.tanh(a) },
    { name: 'sigmoid', inputs: [f(4, 5)], fn: (a) => tf.sigmoid(a) },
    { name: 'softplus', inputs: [{ shape: [4, 5], lo: -3, hi: 3 }], fn: (a) => tf.softplus(a) },
    { name: 'relu', inputs: [f(4, 5)], fn: (a) => tf.relu(a), finiteDifferences: false },
    {
      name: 'gelu (tanh form via sigmoid)',
      inputs: [{ shape: [4, 5], lo: -3, hi: 3 }],
      fn: (x) => {
        const u = tf.mul(0.7978845608028654, tf.add(x, tf.mul(0.044715, tf.mul(x, tf.mul(x, x)))));
        return tf.mul(x, tf.sigmoid(tf.mul(2, u)));
      },
    },
    { name: 'erf (exact gelu)', inputs: [f(4, 5)], fn: (x) => tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))) },
    { name: 'maximum', inputs: [f(4, 5), f(4, 5)], fn: (a, b) => tf.maximum(a, b), finiteDifferences: false },
    { name: 'clipByValue', inputs: [{ shape: [4, 5], lo: -2, hi: 2 }], fn: (a) => tf.clipByValue(a, -1, 1), finiteDifferences: false },
    // The condition comes from ids: comparisons have no gradient in tfjs (nor in TF).
    { name: 'where', inputs: [ids(2, 4, 5), f(4, 5), f(4, 5)], fn: (c, a, b) => tf.where(tf.greater(c, 0), a, b) },
  ];
}

function reductionCases(): ConformanceCase[] {
  return [
    { name: 'sum axis 1', inputs: [f(3, 4, 5)], fn: (a) => tf.sum(a, 1) },
    { name: 'mean last axis keepDims', inputs: [f(3, 4, 5)], fn: (a) => tf.mean(a, -1, true) },
    { name: 'max last axis', inputs: [f(3, 4, 5)], fn: (a) => tf.max(a, -1), finiteDifferences: false },
    { name: 'softmax', inputs: [f(3, 4, 7)], fn: (a) => tf.softmax(a) },
    { name: 'logSoftmax', inputs: [f(3, 7)], fn: (a) => tf.logSoftmax(a) },
    {
      name: 'layerNorm (moments)',
      inputs: [f(2, 3, 8), f(8), f(8)],
      fn: (x, g, b) => {
        const { mean, variance } = tf.moments(x, -1, true);
        return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
      },
      tol: 3e-3,
    },
    {
      name: 'rmsNorm',
      inputs: [f(2, 3, 8), f(8)],
      fn: (x, g) => tf.mul(tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), 1e-5))), g),
    },
    {
      name: 'cross-entropy (logSoftmax + oneHot)',
      inputs: [f(6, 11), ids(11, 6)],
      fn: (logits, target) => tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(target, 11)), -1))),
    },
  ];
}

function shapeCases(): ConformanceCase[] {
  return [
    { name: 'reshape + transpose [0,2,1,3]', inputs: [f(2, 6, 8)], fn: (x) => tf.transpose(tf.reshape(x, [2, 6, 2, 4]), [0, 2, 1, 3]) },
    { name: 'slice 3d interior', inputs: [f(4, 6, 5)], fn: (x) => tf.slice(x, [1, 2, 1], [2, 3, 3]) },
    { name: 'slice 4d', inputs: [f(2, 3, 4, 5)], fn: (x) => tf.slice(x, [1, 0, 1, 2], [1, 3, 2, 3]) },
    {
      name: 'slice 5d',
      inputs: [f(2, 2, 3, 2, 3)],
      fn: (x) => tf.slice(x, [0, 1, 1, 0, 1], [2, 1, 2, 2, 2]),
      unsupported: { webgl: 'tfjs-backend-webgl 4.22 fails to compile the rank-5 PadV2 shader (the slice gradient)' },
    },
    { name: 'split q,k,v on last axis', inputs: [f(2, 5, 12)], fn: (x) => { const [q, k, v] = tf.split(x, 3, -1); return tf.add(tf.mul(q, k), v); } },
    { name: 'split uneven on axis 1', inputs: [f(2, 7, 3)], fn: (x) => { const [a, b] = tf.split(x, [2, 5], 1); return tf.concat([tf.mul(b, 2), a], 1); } },
    // Copy before reversing: tfjs's tape keeps the very array unstack returns, and reversing it in
    // place silently scrambles the gradient (found by this suite; see the package README).
    { name: 'unstack + stack', inputs: [f(3, 4, 2)], fn: (x) => tf.stack([...tf.unstack(x, 1)].reverse(), 0) },
    { name: 'concat axis 0', inputs: [f(2, 3), f(4, 3)], fn: (a, b) => tf.concat([a, b], 0) },
    { name: 'pad', inputs: [f(2, 3, 4)], fn: (x) => tf.pad(x, [[0, 0], [2, 1], [0, 1]]) },
    { name: 'expandDims + tile', inputs: [f(3, 4)], fn: (x) => tf.tile(tf.expandDims(x, 1), [1, 2, 1]) },
    { name: 'gather rows (embedding, repeated ids)', inputs: [f(10, 6), ids(10, 4, 5)], fn: (e, i) => tf.gather(e, i) },
  ];
}

function sequenceCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const axis of [0, 1, 2]) {
    for (const [exclusive, reverse] of [[false, false], [true, false], [false, true]] as const) {
      cases.push({
        name: `cumsum axis ${axis} exclusive=${exclusive} reverse=${reverse}`,
        inputs: [f(3, 4, 5)],
        fn: (x) => tf.cumsum(x, axis, exclusive, reverse),
      });
    }
  }
  cases.push(
    { name: 'causalConv1d K=4 with bias', inputs: [f(2, 7, 5), f(5, 4), f(5)], fn: (x, w, b) => causalConv1d(x as tf.Tensor3D, w as tf.Tensor2D, b as tf.Tensor1D) },
    { name: 'causalConv1d K=1', inputs: [f(1, 3, 2), f(2, 1)], fn: (x, w) => causalConv1d(x as tf.Tensor3D, w as tf.Tensor2D) },
    {
      name: 'causal attention (mask + softmax + matMul)',
      inputs: [f(2, 2, 5, 4), f(2, 2, 5, 4), f(2, 2, 5, 4)],
      fn: (q, k, v) => tf.matMul(tf.softmax(applyCausalMask(tf.mul(tf.matMul(q, k, false, true), 0.5))), v),
    },
    {
      name: 'selective scan step (exp(dt*A), softplus)',
      inputs: [{ shape: [2, 3, 4], lo: -2, hi: 0.5 }, { shape: [4, 3], lo: -1.5, hi: -0.5 }, f(2, 3, 4, 3), f(2, 3, 4)],
      fn: (dtRaw, a, h, x) => {
        const dt = tf.softplus(dtRaw); // [B,T,D]
        const dA = tf.exp(tf.mul(tf.expandDims(dt, -1), a)); // [B,T,D,N]
        return tf.add(tf.mul(dA, h), tf.expandDims(tf.mul(dt, x), -1));
      },
    },
  );
  return cases;
}

/** ftheta's fused ops (one kernel on wasm and cpu, the composite elsewhere). */
function fusedCases(): ConformanceCase[] {
  const odd = (...shape: number[]) => ({ shape, lo: -3, hi: 3 });
  return [
    { name: 'layerNorm op with beta [2,3,37]', inputs: [f(2, 3, 37), f(37), f(37)], fn: (x, g, b) => layerNorm(x, g as tf.Tensor1D, b as tf.Tensor1D, 1e-5), tol: 3e-3 },
    { name: 'layerNorm op without beta [5,8]', inputs: [f(5, 8), f(8)], fn: (x, g) => layerNorm(x, g as tf.Tensor1D, undefined, 1e-5), tol: 3e-3 },
    { name: 'layerNorm op rank 1 [6]', inputs: [f(6), f(6), f(6)], fn: (x, g, b) => layerNorm(x, g as tf.Tensor1D, b as tf.Tensor1D, 1e-5), tol: 3e-3 },
    { name: 'rmsNorm op [2,3,37]', inputs: [f(2, 3, 37), f(37)], fn: (x, g) => rmsNorm(x, g as tf.Tensor1D, 1e-6), tol: 3e-3 },
    { name: 'gelu op tanh [3,7]', inputs: [odd(3, 7)], fn: (x) => gelu(x, 'tanh') },
    { name: 'gelu op exact erf [3,7]', inputs: [odd(3, 7)], fn: (x) => gelu(x, 'none') },
    {
      name: 'adamwUpdate [3,7] (param, m, v concatenated)',
      inputs: [f(3, 7), f(3, 7), f(3, 7), pos(3, 7)],
      fn: (p, g, m, v) => {
        const r = adamwUpdate(p, g, m, v, { lr: 1e-2, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, step: 2 });
        return tf.concat([r.param, r.m, r.v], 0);
      },
      grad: false,
    },
    {
      name: 'sparseSoftmaxCrossEntropy [6,11] (odd vocab)',
      inputs: [{ shape: [6, 11], lo: -4, hi: 4 }, ids(11, 6)],
      fn: (logits, labels) => sparseSoftmaxCrossEntropy(logits as tf.Tensor2D, labels as tf.Tensor1D),
    },
    {
      name: 'sparseSoftmaxCrossEntropy [5,16], large logits',
      inputs: [{ shape: [5, 16], lo: 50, hi: 60 }, ids(16, 5)],
      fn: (logits, labels) => sparseSoftmaxCrossEntropy(logits as tf.Tensor2D, labels as tf.Tensor1D),
    },
    {
      // T 19 > the kernel's checkpoint interval (16), D 5 not a multiple of 4; y and the final state.
      name: 'selectiveScan op [2,19,5] N 3 with D and h0',
      inputs: [f(2, 19, 5), { shape: [2, 19, 5], lo: 0.1, hi: 1.5 }, { shape: [5, 3], lo: -2, hi: -0.3 }, f(2, 19, 3), f(2, 19, 3), f(5), f(2, 5, 3)],
      fn: (x, delta, A, B, C, D, h0) => {
        const r = selectiveScan({
          x: x as tf.Tensor3D, delta: delta as tf.Tensor3D, A: A as tf.Tensor2D, B: B as tf.Tensor3D, C: C as tf.Tensor3D, D: D as tf.Tensor1D, initialState: h0 as tf.Tensor3D,
        });
        return tf.concat([tf.reshape(r.y, [-1]), tf.reshape(r.state, [-1])]);
      },
    },
    { name: 'sumOfSquares of 3 tensors', inputs: [f(3, 7), f(5), f(2, 2, 3)], fn: (a, b, c) => sumOfSquares([a, b, c]), grad: false },
  ];
}

/** Every conformance case, in a stable order. */
export const CONFORMANCE_CASES: readonly ConformanceCase[] = [
  ...matmulCases(),
  ...elementwiseCases(),
  ...reductionCases(),
  ...shapeCases(),
  ...sequenceCases(),
  ...fusedCases(),
];
