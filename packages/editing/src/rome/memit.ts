/**
 * MEMIT (Meng et al. 2023, "Mass-Editing Memory in a Transformer"): many edits at once, spread
 * over a range of layers R = l₁..l_m. For each edit, a target hidden state z (the residual stream
 * leaving l_m at the subject's last token) is found as in ROME; then layer by layer, with K the
 * edits' keys at l (averaged over contexts) and the residual still missing at l_m shared out over
 * the layers left,
 *
 *   ΔW_l = (λ·C_l + Kᵀ K)⁻¹ Kᵀ R_l,   R_l = (Z − H_l) / (m − i)
 *
 * (rows are edits; [in, out] layout). λ weighs keeping the keys of everything else (C_l) against
 * writing the new ones.
 */
import type { Transformer } from '@ftheta/core-model';
import type { Tokenizer } from '@ftheta/tokenizer';
import { activationsAtSubject, meanOfGroups } from '../model/activations';
import { type EditRequest, resolveRequest } from '../model/edit-request';
import { type KeyStatistics, solveWithStatistics } from './key-statistics';
import { MEMIT_DEFAULTS } from './defaults';
import { transposeTimes } from './linalg';
import { type TargetValue, type TargetValueOptions, targetValue } from './target-value';
import { applyWeightDeltas, mlpProjName, type WeightDelta } from './weight-edit';

/** Options of {@link memitEdit}. */
export interface MemitOptions extends TargetValueOptions {
  /** The layers to spread the edits over, ascending (targets are hidden states of the last). */
  layers: readonly number[];
  /**
   * λ: the weight of C against the new keys (default {@link MEMIT_DEFAULTS}.mom2Weight, tuned on the fact
   * model for 100 edits; MEMIT used 15,000 for 10,000 edits in GPT-J — λ grows with the number of edits).
   */
  mom2Weight?: number;
  /** Keep-prompts per request (the subject's other relations), in request order; overrides `keep`. */
  keepFor?: (request: EditRequest, index: number) => readonly string[];
  onProgress?: (message: string) => void;
}

/** A MEMIT batch edit. */
export interface MemitEdit {
  requests: EditRequest[];
  /** One delta per layer of the range. */
  deltas: WeightDelta[];
  /** Each request's target search at the last layer. */
  values: TargetValue[];
  /** Per layer, what its closed form was computed from: the keys K [n, D] and residuals R [n, C]. */
  inputs: { layer: number; K: Float32Array; R: Float32Array }[];
}

/**
 * Computes the MEMIT update for all `requests` (the model is changed while computing — each layer's
 * keys are read after the layers before it are updated — and restored before returning; apply the
 * result with `applyWeightDeltas`). `stats` maps each layer of the range to its C.
 */
export function memitEdit(model: Transformer, tokenizer: Tokenizer, requests: readonly EditRequest[], stats: ReadonlyMap<number, KeyStatistics>, options: MemitOptions): MemitEdit {
  const reqs = requests.map((r, i) => resolveRequest(r, `edit ${i + 1}`));
  if (reqs.length === 0) throw new Error('memitEdit: no requests');
  const layers = [...options.layers];
  if (layers.length === 0 || layers.some((l, i) => i > 0 && l <= layers[i - 1]!)) throw new Error(`memitEdit: layers must be a non-empty ascending list, got [${layers}]`);
  for (const l of layers) if (!stats.has(l)) throw new Error(`memitEdit: no key statistics for layer ${l}`);
  const lambda = options.mom2Weight ?? MEMIT_DEFAULTS.mom2Weight;
  const contexts = options.contexts ?? [''];
  const last = layers.at(-1)!;
  const C = model.config.n_embd;
  const n = reqs.length;
  const zPoint = { kind: 'block', layer: last } as const;

  // 1. Target hidden states z at the last layer, one search per request.
  const values: TargetValue[] = reqs.map((r, i) => {
    const v = targetValue(model, tokenizer, r, zPoint, { ...options, keep: options.keepFor ? options.keepFor(r, i) : options.keep });
    options.onProgress?.(`target ${i + 1}/${n}: "${r.subject}" -> "${r.target}" (NLL ${v.nllBefore.toFixed(2)} -> ${v.nllAfter.toFixed(2)})`);
    return v;
  });
  const Z = new Float32Array(n * C);
  for (const [i, v] of values.entries()) Z.set(v.value, i * C);
  const bare = reqs.map((r) => ({ prompt: r.prompt, subject: r.subject }));
  const withContexts = reqs.flatMap((r) => contexts.map((context) => ({ prompt: r.prompt, subject: r.subject, context })));

  // 2. Layer by layer.
  const deltas: WeightDelta[] = [];
  const inputs: MemitEdit['inputs'] = [];
  const undo: (() => void)[] = [];
  try {
    layers.forEach((layer, i) => {
      const st = stats.get(layer)!;
      const D = st.dim;
      const K = meanOfGroups(activationsAtSubject(model, tokenizer, withContexts, { kind: 'mlpKey', layer }), D, contexts.length); // [n,D]
      const H = activationsAtSubject(model, tokenizer, bare, zPoint); // [n,C] now
      const R = Float32Array.from(Z, (z, j) => (z - H[j]!) / (layers.length - i));
      const d: WeightDelta = { name: mlpProjName(layer), shape: [D, C], delta: memitLayerUpdate(st, K, R, n, C, lambda) };
      deltas.push(d);
      inputs.push({ layer, K, R });
      undo.push(applyWeightDeltas(model, [d]));
      options.onProgress?.(`layer ${layer}: mean residual ${(R.reduce((s, x) => s + Math.abs(x), 0) / R.length).toFixed(4)}`);
    });
  } finally {
    for (const u of undo.reverse()) u();
  }
  return { requests: reqs, deltas, values, inputs };
}

/** MEMIT's closed form for one layer: ΔW [D, C] = (λ·C + KᵀK)⁻¹ Kᵀ R, with K [n, D] keys and R [n, C] residuals (rows are edits). */
export function memitLayerUpdate(stats: KeyStatistics, K: Float32Array, R: Float32Array, n: number, C: number, lambda: number): Float32Array {
  const D = stats.dim;
  if (K.length !== n * D || R.length !== n * C) throw new Error(`memitLayerUpdate: K has ${K.length} values and R ${R.length}, expected ${n}×${D} and ${n}×${C}`);
  const KtK = transposeTimes(K, K, n, D, D);
  const KtR = transposeTimes(K, R, n, D, C);
  return Float32Array.from(solveWithStatistics(stats, KtR, C, lambda, KtK));
}
