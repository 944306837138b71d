/**
 * The baseline beside ROME: fine-tune the same weight matrix (one layer's mlp.c_proj) with Adam
 * on the edit prompt alone until the model says the target — ROME's "FT" row. No key statistics,
 * no constraint: it shows what a plain gradient update of the right layer does to the neighbours.
 */
import type { Transformer } from '@ftheta/core-model';
import type { Tokenizer } from '@ftheta/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import { type EditRequest, resolveRequest } from '../model/edit-request';
import { flatRows, logProbsAt } from '../model/log-probs-at';
import { promptAndTarget } from '../model/prompt-tokens';
import { mlpProjName, type WeightDelta } from '../rome/weight-edit';

/** Options of {@link finetuneEdit}. */
export interface FinetuneEditOptions {
  layer: number;
  /** Adam steps (default 25) and learning rate (default 5e-4, ROME's for GPT-2 XL). */
  steps?: number;
  lr?: number;
  /** Stop once the target's mean NLL per token is below this (default 0.05). */
  nllStop?: number;
  /** Contexts to fine-tune in ('' = the bare prompt; default ['']). */
  contexts?: readonly string[];
}

/** The fine-tuning edit: one delta, and the target's NLL before and after. */
export interface FinetuneEdit {
  request: EditRequest;
  deltas: [WeightDelta];
  nllBefore: number;
  nllAfter: number;
  steps: number;
}

/** Fine-tunes, records ΔW, and puts the weight back (apply the delta with `applyWeightDeltas`). */
export function finetuneEdit(model: Transformer, tokenizer: Tokenizer, request: EditRequest, options: FinetuneEditOptions): FinetuneEdit {
  const r = resolveRequest(request);
  const name = mlpProjName(options.layer);
  if (!model.params.has(name)) throw new Error(`finetuneEdit: the model has no parameter "${name}" (layer ${options.layer})`);
  const W = model.params.get(name) as tf.Variable;
  const steps = options.steps ?? 25;
  const nllStop = options.nllStop ?? 0.05;
  const contexts = options.contexts ?? [''];
  const rows = contexts.map((context) => promptAndTarget(tokenizer, r.prompt, r.target, context));
  const T = Math.max(...rows.map((x) => x.prompt.length + x.target.length - 1));
  const ids = new Int32Array(rows.length * T);
  const at: [number, number][] = [];
  const tok: number[] = [];
  const weight: number[] = [];
  rows.forEach((x, b) => {
    ids.set([...x.prompt, ...x.target.slice(0, -1)], b * T);
    x.target.forEach((t, j) => {
      at.push([b, x.prompt.length - 1 + j]);
      tok.push(t);
      weight.push(1 / (x.target.length * rows.length));
    });
  });
  const idsT = tf.tensor2d(ids, [rows.length, T], 'int32');
  const atT = flatRows(at, T);
  const pickT = tf.tensor1d(tok, 'int32');
  const wT = tf.tensor1d(weight);
  const original = tf.clone(W);
  const optimizer = tf.train.adam(options.lr ?? 5e-4);
  const nll = () => {
    const { logits, state } = model.forward(idsT, undefined);
    state.dispose();
    return tf.neg(tf.sum(tf.mul(logProbsAt(logits, atT, pickT), wT))) as tf.Scalar;
  };
  try {
    const nllBefore = tf.tidy(() => nll().dataSync()[0]!);
    let done = 0;
    let last = nllBefore;
    while (done < steps && last >= nllStop) {
      optimizer.minimize(nll, false, [W]);
      done++;
      last = tf.tidy(() => nll().dataSync()[0]!);
    }
    const delta = tf.tidy(() => tf.sub(W, original).dataSync() as Float32Array);
    return { request: r, deltas: [{ name, shape: W.shape, delta: Float32Array.from(delta) }], nllBefore, nllAfter: last, steps: done };
  } finally {
    W.assign(original);
    optimizer.dispose();
    tf.dispose([idsT, atT, pickT, wT, original]);
  }
}
