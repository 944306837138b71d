/**
 * The second moment C = E[k·kᵀ] of one layer's MLP keys (the inputs of mlp.c_proj) over the
 * model's own text — ROME's and MEMIT's estimate of which directions of key space other facts use,
 * so that an update for one key disturbs the others least. Computed once per model and layer (and
 * cached by the caller, e.g. `cachedKeyStatistics` of ./node), then factorised once.
 */
import type { Transformer } from '@ftheta/core-model';
import type { TokenArray } from '@ftheta/trainer';
import * as tf from '@tensorflow/tfjs-core';
import { checkPoint, hookAt, pointWidth } from '../model/activations';
import { cholesky, choleskySolve } from './linalg';

/** C for one layer, and what it was estimated from. */
export interface KeyStatistics {
  layer: number;
  /** Key width (n_inner). */
  dim: number;
  /** Token positions averaged over. */
  count: number;
  /** E[k·kᵀ], dim×dim row-major. */
  mom2: Float64Array;
}

/** Options of {@link keyStatistics}. */
export interface KeyStatisticsOptions {
  layer: number;
  /** Token positions to average over (default 20,000; at least the key width is needed). */
  positions?: number;
  /** Window length (default the model's context). */
  window?: number;
  batchSize?: number;
}

/**
 * Estimates C at `layer` from consecutive windows of `tokens` (the model's training text), every
 * position of every window counted. Leaves no tensors behind.
 */
export function keyStatistics(model: Transformer, tokens: TokenArray, options: KeyStatisticsOptions): KeyStatistics {
  const run = accumulate(model, tokens, options);
  let step = run.next();
  while (!step.done) step = run.next();
  return step.value;
}

/**
 * {@link keyStatistics} that gives the event loop a turn between batches and reports how many
 * positions are done — for a page that must not freeze while it runs. Same windows, same result.
 */
export async function keyStatisticsAsync(model: Transformer, tokens: TokenArray, options: KeyStatisticsOptions & { onProgress?: (done: number, total: number) => void }): Promise<KeyStatistics> {
  const run = accumulate(model, tokens, options);
  for (;;) {
    const step = run.next();
    if (step.done) return step.value;
    options.onProgress?.(step.value.done, step.value.total);
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}

/** The estimate batch by batch: yields positions done so far, returns C. */
function* accumulate(model: Transformer, tokens: TokenArray, options: KeyStatisticsOptions): Generator<{ done: number; total: number }, KeyStatistics> {
  const point = checkPoint(model, { kind: 'mlpKey', layer: options.layer });
  const D = pointWidth(model, point);
  const T = Math.min(options.window ?? model.config.n_positions, model.config.n_positions);
  const want = options.positions ?? 20_000;
  const batch = options.batchSize ?? 16;
  if (want < D) throw new Error(`keyStatistics: positions ${want} is fewer than the key width ${D}; C would be singular`);
  const windows = Math.floor((tokens.length - 1) / T);
  const use = Math.min(windows, Math.ceil(want / T));
  if (use * T < D) throw new Error(`keyStatistics: the text has ${tokens.length} tokens, too few for ${D} key dimensions`);
  const mom2 = new Float64Array(D * D);
  for (let w = 0; w < use; w += batch) {
    const rows = Math.min(batch, use - w);
    const ids = tf.tensor2d(tokens.slice(w * T, (w + rows) * T) as Int32Array, [rows, T], 'int32');
    let kk: tf.Tensor2D | undefined;
    tf.tidy(() => {
      const { logits, state } = model.forward(ids, undefined, {
        hooks: hookAt(point, (k) => {
          kk = tf.keep(tf.matMul(k, k, true, false) as tf.Tensor2D); // [D,D] = Σ k kᵀ over this batch's positions
          return undefined;
        }),
      });
      (state as { dispose(): void }).dispose();
      return logits;
    }).dispose();
    ids.dispose();
    const s = kk!.dataSync();
    for (let i = 0; i < s.length; i++) mom2[i]! += s[i]!;
    kk!.dispose();
    if (w + rows < use) yield { done: (w + rows) * T, total: use * T };
  }
  const count = use * T;
  for (let i = 0; i < mom2.length; i++) mom2[i]! /= count;
  return { layer: options.layer, dim: D, count, mom2 };
}

/**
 * Solves (scale·C + extra)·X = B, B: dim×m. `extra` (dim×dim) is added when given (MEMIT's K·Kᵀ).
 * A ridge of 1e-6 × the mean diagonal keeps keys that never fire (a GELU unit always near zero)
 * from making C singular.
 */
export function solveWithStatistics(stats: KeyStatistics, B: Float64Array | Float32Array, m: number, scale = 1, extra?: Float64Array): Float64Array {
  const D = stats.dim;
  const cacheable = !extra && scale === 1;
  const cached = cacheable ? FACTORS.get(stats) : undefined;
  if (cached) return choleskySolve(cached, D, B, m);
  const A = new Float64Array(D * D);
  let trace = 0;
  for (let i = 0; i < D; i++) trace += stats.mom2[i * D + i]!;
  const ridge = (1e-6 * scale * trace) / D;
  for (let i = 0; i < A.length; i++) A[i] = scale * stats.mom2[i]! + (extra ? extra[i]! : 0);
  for (let i = 0; i < D; i++) A[i * D + i]! += ridge;
  const L = cholesky(A, D, `C of layer ${stats.layer}`);
  if (cacheable) FACTORS.set(stats, L);
  return choleskySolve(L, D, B, m);
}

/** Factors of C (scale 1, nothing added) by statistics object: ROME solves with the same C for every edit. */
const FACTORS = new WeakMap<KeyStatistics, Float64Array>();
