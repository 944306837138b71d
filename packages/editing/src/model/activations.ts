/**
 * Activations at the subject's last token — the keys ROME and MEMIT read, the values they write —
 * through the Transformer's forward hooks, in batches.
 */
import { innerSize, type Transformer, type TransformerHooks } from '@ftheta/core-model';
import type { Tokenizer } from '@ftheta/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import { promptIds, subjectLastToken } from './prompt-tokens';
import { padRows } from './token-rows';

/**
 * A place in the forward pass: block `layer`'s MLP key (the input of mlp.c_proj), MLP output, or
 * hidden state (the residual stream leaving the block).
 */
export interface HookPoint {
  kind: 'mlpKey' | 'mlp' | 'block';
  layer: number;
}

/** A prompt naming a subject, after an optional context. */
export interface SubjectRow {
  prompt: string;
  subject: string;
  context?: string;
}

/** Checks the point against the model (errors name the layer and the model's depth). */
export function checkPoint(model: Transformer, point: HookPoint): HookPoint {
  const L = model.config.n_layer;
  if (!Number.isInteger(point.layer) || point.layer < 0 || point.layer >= L) throw new Error(`layer ${point.layer} is not a layer of this model (0..${L - 1})`);
  if (!['mlpKey', 'mlp', 'block'].includes(point.kind)) throw new Error(`hook point "${point.kind}" must be mlpKey, mlp or block`);
  return point;
}

/** Hooks that call `fn` at `point` only. */
export function hookAt(point: HookPoint, fn: (x: tf.Tensor2D) => tf.Tensor2D | undefined): TransformerHooks {
  const at = (layer: number, x: tf.Tensor2D) => (layer === point.layer ? fn(x) : undefined);
  return { [point.kind]: at };
}

/** Width of the activation at `point`: n_inner for mlpKey, n_embd otherwise. */
export function pointWidth(model: Transformer, point: HookPoint): number {
  return point.kind === 'mlpKey' ? innerSize(model.config) : model.config.n_embd;
}

/** The activation at `point` at each row's subject-last token: [rows, width], row-major. */
export function activationsAtSubject(model: Transformer, tokenizer: Tokenizer, rows: readonly SubjectRow[], point: HookPoint, batchSize = 64): Float32Array {
  checkPoint(model, point);
  const D = pointWidth(model, point);
  const out = new Float32Array(rows.length * D);
  for (let s = 0; s < rows.length; s += batchSize) {
    const chunk = rows.slice(s, s + batchSize);
    const ids = chunk.map((r) => promptIds(tokenizer, r.prompt, r.context));
    const T = Math.max(...ids.map((r) => r.length));
    const at = chunk.map((r, b) => b * T + subjectLastToken(tokenizer, r.prompt, r.subject, r.context));
    let got: tf.Tensor2D | undefined;
    tf.tidy(() => {
      const { logits, state } = model.forward(padRows(ids), undefined, {
        hooks: hookAt(point, (x) => {
          got = tf.keep(tf.gather(x, at));
          return undefined;
        }),
      });
      (state as { dispose(): void }).dispose();
      return logits;
    }).dispose();
    out.set(got!.dataSync(), s * D);
    got!.dispose();
  }
  return out;
}

/** The mean over groups of `per` consecutive rows: [n*per, D] -> [n, D] (keys averaged over contexts). */
export function meanOfGroups(data: Float32Array, D: number, per: number): Float32Array {
  const n = data.length / D / per;
  const out = new Float32Array(n * D);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < per; c++) {
      const row = (i * per + c) * D;
      for (let d = 0; d < D; d++) out[i * D + d]! += data[row + d]! / per;
    }
  }
  return out;
}
