/**
 * The value to write: find δ such that adding it to one activation (the MLP output for ROME, the
 * hidden state of the last edited layer for MEMIT) at the subject's last token makes the model
 * say the new target — in every context prefix — while a KL term keeps what the model says about
 * the subject's other relations. ROME's compute_v / MEMIT's compute_z: Adam on δ alone, with a
 * weight decay relative to the activation's norm and a clamp on ‖δ‖.
 */
import type { Transformer } from '@ftheta/core-model';
import type { Tokenizer } from '@ftheta/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import { activationsAtSubject, checkPoint, type HookPoint, hookAt, pointWidth } from '../model/activations';
import type { EditRequest } from '../model/edit-request';
import { promptAndTarget, promptIds, subjectLastToken } from '../model/prompt-tokens';
import { flatRows, logProbsAt, logSoftmaxAt } from '../model/log-probs-at';
import { padRows, positionMask } from '../model/token-rows';
import { VALUE_DEFAULTS } from './defaults';
import { dot } from './linalg';

/** Options of {@link targetValue} (defaults: {@link VALUE_DEFAULTS}, tuned on the fact model from ROME's GPT-2 values). */
export interface TargetValueOptions {
  /** Contexts to write the target in (`contextPrefixes`; '' = the bare prompt). Default ['']. */
  contexts?: readonly string[];
  /**
   * Prompts about the same subject whose next-token distribution must not move (the KL term) —
   * ROME uses "{subject} is a"; for the fact model, the subject's other relations. Default none.
   */
  keep?: readonly string[];
  /** Adam steps (default 200), learning rate (default 0.5). */
  steps?: number;
  lr?: number;
  /** Weight of the KL term (default 0.0625, ROME's). */
  klFactor?: number;
  /** Weight of ‖δ‖² / ‖v‖² (default 0.05). */
  weightDecay?: number;
  /** ‖δ‖ is kept ≤ this × ‖v‖ (default 30). */
  clampNormFactor?: number;
  /**
   * The rank-one update δ will be written with (ROME; `point` must be an mlp point): its key
   * direction u = C⁻¹k* and the bare prompt's key k_p. When given, δ is added at every position j
   * of every row scaled by (k_j·u)/(k_p·u) — exactly what ΔW = u ⊗ δ / (k_p·u) writes there — so the
   * search optimises the edited model itself, including what the update does at the tokens after
   * the subject. Without it δ is added at the subject's last token alone (ROME's compute_v).
   */
  update?: { u: Float64Array | Float32Array; kPrompt: Float32Array };
  /** Stop once the mean target NLL per token is below this (default 0.05). */
  nllStop?: number;
}

/** What {@link targetValue} found. */
export interface TargetValue {
  /** v* = v + δ at the point (width n_embd). */
  value: Float32Array;
  /** v: the activation before (the bare prompt's). */
  initial: Float32Array;
  /** Mean NLL per target token before and after, over the contexts. */
  nllBefore: number;
  nllAfter: number;
  steps: number;
}

/** Finds v* at `point` for `request` (see the module). Leaves no tensors behind. */
export function targetValue(model: Transformer, tokenizer: Tokenizer, request: EditRequest, point: HookPoint, options: TargetValueOptions = {}): TargetValue {
  checkPoint(model, point);
  if (point.kind === 'mlpKey') throw new Error('targetValue: the value is written at an mlp or block point, not mlpKey');
  if (point.layer >= model.config.n_layer - 1) {
    throw new Error(`targetValue: layer ${point.layer} is the model's last; a value written there at the subject's token never reaches the tokens after it (use a layer below ${model.config.n_layer - 1})`);
  }
  const contexts = options.contexts ?? [''];
  const keep = options.keep ?? [];
  const steps = options.steps ?? VALUE_DEFAULTS.steps;
  const klFactor = options.klFactor ?? VALUE_DEFAULTS.klFactor;
  const weightDecay = options.weightDecay ?? VALUE_DEFAULTS.weightDecay;
  const clamp = options.clampNormFactor ?? VALUE_DEFAULTS.clampNormFactor;
  const nllStop = options.nllStop ?? VALUE_DEFAULTS.nllStop;
  const C = pointWidth(model, point);
  const { subject, prompt, target } = request;

  // Rows: the prompt + target (all but its last token) in every context, then the keep prompts.
  const rewrites = contexts.map((context) => ({ context, ...promptAndTarget(tokenizer, prompt, target, context) }));
  const rows = [...rewrites.map((r) => [...r.prompt, ...r.target.slice(0, -1)]), ...keep.map((p) => promptIds(tokenizer, p))];
  const subjectAt = [...rewrites.map((r) => subjectLastToken(tokenizer, prompt, subject, r.context)), ...keep.map((p) => subjectLastToken(tokenizer, p, subject))];
  const T = Math.max(...rows.map((r) => r.length));
  const lossAt: [number, number][] = [];
  const lossTok: number[] = [];
  const lossWeight: number[] = [];
  rewrites.forEach((r, b) => {
    r.target.forEach((tok, j) => {
      lossAt.push([b, r.prompt.length - 1 + j]);
      lossTok.push(tok);
      lossWeight.push(1 / (r.target.length * rewrites.length)); // mean per token, then mean over contexts
    });
  });
  const keepAt = keep.map((_, i): [number, number] => [rewrites.length + i, rows[rewrites.length + i]!.length - 1]);

  const initial = activationsAtSubject(model, tokenizer, [{ prompt, subject }], point);
  const vNorm = Math.sqrt(initial.reduce((s, x) => s + x * x, 0));
  const ids = padRows(rows);
  const mask = options.update ? updateCoefficients(model, ids, point, options.update) : positionMask(subjectAt, T); // [B*T,1]
  const lossIdx = flatRows(lossAt, T);
  const lossPick = tf.tensor1d(lossTok, 'int32');
  const lossW = tf.tensor1d(lossWeight);
  const keepIdx = keepAt.length ? flatRows(keepAt, T) : null;
  const zeros = tf.zeros([1, C]);
  const delta = tf.variable(zeros, true);
  zeros.dispose();
  const optimizer = tf.train.adam(options.lr ?? VALUE_DEFAULTS.lr);

  const run = (withDelta: boolean) => {
    const { logits, state } = model.forward(ids, undefined, withDelta ? { hooks: hookAt(point, (x) => tf.add(x, tf.mul(mask, delta)) as tf.Tensor2D) } : {});
    (state as { dispose(): void }).dispose();
    return logits;
  };
  const nllOf = (logits: tf.Tensor3D) => tf.neg(tf.sum(tf.mul(logProbsAt(logits, lossIdx, lossPick), lossW))) as tf.Scalar;
  // The distributions to keep, before any change.
  const keepBefore = keepIdx ? tf.tidy(() => logSoftmaxAt(run(false), keepIdx)) : null;

  let nllBefore = Number.NaN;
  let nllAfter = Number.NaN;
  let done = 0;
  try {
    for (; done < steps; done++) {
      let nll = 0;
      const cost = optimizer.minimize(
        () => {
          const logits = run(true);
          const nllT = nllOf(logits);
          nll = nllT.dataSync()[0]!;
          let loss: tf.Scalar = nllT;
          if (keepIdx && keepBefore) {
            const now = logSoftmaxAt(logits, keepIdx);
            const kl = tf.mean(tf.sum(tf.mul(tf.exp(keepBefore), tf.sub(keepBefore, now)), 1)); // KL(before ‖ now)
            loss = tf.add(loss, tf.mul(klFactor, kl));
          }
          return tf.add(loss, tf.mul(weightDecay / (vNorm * vNorm), tf.sum(tf.square(delta)))) as tf.Scalar;
        },
        true,
        [delta],
      );
      cost?.dispose();
      if (done === 0) nllBefore = nll;
      if (nll < nllStop) break;
      // Keep ‖δ‖ ≤ clamp·‖v‖.
      tf.tidy(() => {
        const norm = tf.norm(delta).dataSync()[0]!;
        const max = clamp * vNorm;
        if (norm > max) delta.assign(tf.mul(delta, max / norm));
      });
    }
    nllAfter = tf.tidy(() => nllOf(run(true)).dataSync()[0]!);
    const d = delta.dataSync();
    const value = Float32Array.from(initial, (v, i) => v + d[i]!);
    return { value, initial, nllBefore, nllAfter, steps: done };
  } finally {
    optimizer.dispose();
    tf.dispose([ids, mask, lossIdx, lossPick, lossW, delta]);
    if (keepIdx) keepIdx.dispose();
    if (keepBefore) keepBefore.dispose();
  }
}

/**
 * (k_j·u)/(k_p·u) at every position of `ids` ([B*T, 1]): the share of δ that the rank-one update
 * along u writes at each token. Layer l's keys do not depend on its own MLP output, so they are
 * read once, before the search.
 */
function updateCoefficients(model: Transformer, ids: tf.Tensor2D, point: HookPoint, update: NonNullable<TargetValueOptions['update']>): tf.Tensor2D {
  if (point.kind !== 'mlp') throw new Error(`targetValue: \`update\` spreads δ the way a rank-one update of an MLP projection does; the point must be an mlp point, got ${point.kind}`);
  const D = pointWidth(model, { kind: 'mlpKey', layer: point.layer });
  if (update.u.length !== D || update.kPrompt.length !== D) throw new Error(`targetValue: update.u and update.kPrompt must have the layer's key width ${D}, got ${update.u.length} and ${update.kPrompt.length}`);
  const scale = dot(update.kPrompt, update.u);
  if (!(Math.abs(scale) > 1e-12)) throw new Error(`targetValue: the prompt's key is orthogonal to the update direction at layer ${point.layer}`);
  let out: tf.Tensor2D | undefined;
  tf.tidy(() => {
    const u = tf.tensor2d(Float32Array.from(update.u, (x) => x / scale), [D, 1]);
    const { state } = model.forward(ids, undefined, {
      hooks: hookAt({ kind: 'mlpKey', layer: point.layer }, (k) => {
        out = tf.keep(tf.matMul(k, u) as tf.Tensor2D);
        return undefined;
      }),
    });
    (state as { dispose(): void }).dispose();
  });
  if (!out) throw new Error(`targetValue: the model ran no MLP at layer ${point.layer}`);
  return out;
}
