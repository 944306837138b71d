/**
 * ROME (Meng et al. 2022, "Locating and Editing Factual Associations in GPT"): treat the MLP
 * output projection W of one layer as a key→value memory and rewrite one association with a
 * rank-one update. With k* the key at the subject's last token (averaged over context prefixes),
 * C = E[k·kᵀ] over the model's text and v* the value that makes the model say the target:
 *
 *   u = C⁻¹ k*,   ΔW = u ⊗ (v* − W·k_p − b) / (k_p · u)
 *
 * (k_p: the key of the bare prompt; ⊗ in GPT-2's [in, out] layout), so the bare prompt's key now
 * maps exactly to v*, and keys uncorrelated with k* under C move least.
 */
import type { Transformer } from '@ftheta/core-model';
import type { Tokenizer } from '@ftheta/tokenizer';
import { activationsAtSubject, meanOfGroups, pointWidth } from '../model/activations';
import { type EditRequest, resolveRequest } from '../model/edit-request';
import { dot } from './linalg';
import { type KeyStatistics, solveWithStatistics } from './key-statistics';
import { type TargetValue, type TargetValueOptions, targetValue } from './target-value';
import { mlpProjName, type WeightDelta } from './weight-edit';

/** Options of {@link romeEdit}. */
export interface RomeOptions extends TargetValueOptions {
  /** The layer whose mlp.c_proj is rewritten (the one causal tracing points at). */
  layer: number;
  /**
   * Where the value search adds δ: 'update' (default) through the rank-one update itself — at every
   * token, in the share the update writes there (see TargetValueOptions.update) — or 'subject', at
   * the subject's last token alone, as the reference's compute_v. On small models the update also
   * moves the tokens after the subject; searching through it keeps the edit from undoing itself
   * there.
   */
  searchThrough?: 'update' | 'subject';
}

/** A ROME edit and what it was computed from. */
export interface RomeEdit {
  request: EditRequest;
  deltas: [WeightDelta];
  /** The target value search (NLL of the target before/after, steps). */
  value: TargetValue;
  /** What the closed form was computed from: k* (keys averaged over contexts), the prompt's key k_p and the layer's output for it. */
  inputs: { kStar: Float32Array; kPrompt: Float32Array; outPrompt: Float32Array };
}

/**
 * Computes the rank-one update for `request` at `options.layer` (the model is not changed: apply
 * it with `applyWeightDeltas`). `stats` must be C of that layer. `options.contexts` are the
 * prefixes of both k* and v* (see contextPrefixes).
 */
export function romeEdit(model: Transformer, tokenizer: Tokenizer, request: EditRequest, stats: KeyStatistics, options: RomeOptions): RomeEdit {
  const r = resolveRequest(request);
  const { layer } = options;
  if (stats.layer !== layer) throw new Error(`romeEdit: statistics are for layer ${stats.layer}, the edit is at layer ${layer}`);
  const contexts = options.contexts ?? [''];
  const D = stats.dim;
  const C = model.config.n_embd;
  if (D !== kStarWidth(model)) throw new Error(`romeEdit: statistics have key width ${D}, the model's layer ${layer} ${kStarWidth(model)}`);
  const keyPoint = { kind: 'mlpKey', layer } as const;
  // k*: the key at the subject's last token, averaged over the contexts.
  const kStar = meanOfGroups(activationsAtSubject(model, tokenizer, contexts.map((context) => ({ prompt: r.prompt, subject: r.subject, context })), keyPoint), D, contexts.length);
  const kPrompt = activationsAtSubject(model, tokenizer, [{ prompt: r.prompt, subject: r.subject }], keyPoint);
  const outPrompt = activationsAtSubject(model, tokenizer, [{ prompt: r.prompt, subject: r.subject }], { kind: 'mlp', layer });
  const update = (options.searchThrough ?? 'update') === 'update' ? { u: solveWithStatistics(stats, kStar, 1), kPrompt } : undefined;
  const value = targetValue(model, tokenizer, r, { kind: 'mlp', layer }, { ...options, update });
  const delta = rankOneUpdate(stats, kStar, kPrompt, outPrompt, value.value);
  return { request: r, deltas: [{ name: mlpProjName(layer), shape: [D, C], delta }], value, inputs: { kStar, kPrompt, outPrompt } };
}

/**
 * ROME's closed form: ΔW [D, C] = u ⊗ (v* − out_p) / (k_p · u) with u = C⁻¹ k*. `outPrompt` is the
 * layer's output for the prompt's key k_p (W·k_p + b), so k_p·(W + ΔW) + b = v* exactly.
 */
export function rankOneUpdate(stats: KeyStatistics, kStar: Float32Array, kPrompt: Float32Array, outPrompt: Float32Array, value: Float32Array): Float32Array {
  const D = stats.dim;
  const C = value.length;
  const u = solveWithStatistics(stats, kStar, 1); // C⁻¹ k*
  const scale = dot(kPrompt, u);
  if (!(Math.abs(scale) > 1e-12)) throw new Error(`rankOneUpdate: the prompt's key is orthogonal to C⁻¹k* at layer ${stats.layer}`);
  const right = Float64Array.from(value, (v, o) => (v - outPrompt[o]!) / scale);
  const delta = new Float32Array(D * C);
  for (let i = 0; i < D; i++) {
    const ui = u[i]!;
    for (let o = 0; o < C; o++) delta[i * C + o] = ui * right[o]!;
  }
  return delta;
}

const kStarWidth = (model: Transformer) => pointWidth(model, { kind: 'mlpKey', layer: 0 });
