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
 * writing the new ones. By default (`searchThrough: 'update'`) the residuals R_l are not derived
 * from per-edit targets but searched for all edits together through the update ΔW_l = A_l·R_l
 * itself (./memit-search): the update also writes at the tokens after each subject and at the
 * other edits' prompts, and λ shrinks what reaches each key; the search sees both.
 */
import type { Transformer } from '@ftheta/core-model';
import type { Tokenizer } from '@ftheta/tokenizer';
import { activationsAtSubject, meanOfGroups } from '../model/activations';
import { type EditRequest, resolveRequest } from '../model/edit-request';
import { type KeyStatistics, solveWithStatistics } from './key-statistics';
import { MEMIT_DEFAULTS } from './defaults';
import { transposeTimes } from './linalg';
import { type BatchSearchOptions, searchBatchResiduals } from './memit-search';
import { type TargetValue, targetValue } from './target-value';
import { applyWeightDeltas, mlpProjName, type WeightDelta } from './weight-edit';

/** Options of {@link memitEdit}. */
export interface MemitOptions extends BatchSearchOptions {
  /** The layers to spread the edits over, ascending (targets are hidden states of the last). */
  layers: readonly number[];
  /**
   * λ: the weight of C against the new keys (default {@link MEMIT_DEFAULTS}.mom2Weight, or
   * .mom2WeightSubject with `searchThrough: 'subject'`; tuned on the fact model for 100 edits. MEMIT
   * used 15,000 for 10,000 edits in GPT-J — λ grows with the number of edits).
   */
  mom2Weight?: number;
  /** Keep-prompts per request (the subject's other relations), in request order; overrides `keep`. */
  keepFor?: (request: EditRequest, index: number) => readonly string[];
  /**
   * How the residuals are found: 'update' (default) by one search for all edits through the batch
   * update itself (see ./memit-search), or 'subject' as the reference does — a target z per edit at
   * the subject's last token (compute_z), then layer by layer R_l = (Z − H_l)/(layers left), each
   * layer's keys read after the layers before it are updated.
   */
  searchThrough?: 'update' | 'subject';
}

/** A MEMIT batch edit. */
export interface MemitEdit {
  requests: EditRequest[];
  /** One delta per layer of the range. */
  deltas: WeightDelta[];
  /** Each request's target: the hidden state leaving the last layer before and aimed at, and the target's NLL before and after the search. */
  values: TargetValue[];
  /** Per layer, what its closed form was computed from: the keys K [n, D] and residuals R [n, C]. */
  inputs: { layer: number; K: Float32Array; R: Float32Array }[];
}

/**
 * Computes the MEMIT update for all `requests` (apply the result with `applyWeightDeltas`). With
 * `searchThrough: 'subject'` the model is changed while computing — each layer's keys are read after
 * the layers before it are updated — and restored before returning. `stats` maps each layer of the
 * range to its C.
 */
export function memitEdit(model: Transformer, tokenizer: Tokenizer, requests: readonly EditRequest[], stats: ReadonlyMap<number, KeyStatistics>, options: MemitOptions): MemitEdit {
  const reqs = requests.map((r, i) => resolveRequest(r, `edit ${i + 1}`));
  if (reqs.length === 0) throw new Error('memitEdit: no requests');
  const layers = [...options.layers];
  if (layers.length === 0 || layers.some((l, i) => i > 0 && l <= layers[i - 1]!)) throw new Error(`memitEdit: layers must be a non-empty ascending list, got [${layers}]`);
  for (const l of layers) if (!stats.has(l)) throw new Error(`memitEdit: no key statistics for layer ${l}`);
  const search = options.searchThrough ?? 'update';
  const lambda = options.mom2Weight ?? (search === 'update' ? MEMIT_DEFAULTS.mom2Weight : MEMIT_DEFAULTS.mom2WeightSubject);
  const contexts = options.contexts ?? [''];
  const last = layers.at(-1)!;
  const C = model.config.n_embd;
  const n = reqs.length;
  const zPoint = { kind: 'block', layer: last } as const;

  const keepOf = (r: EditRequest, i: number) => (options.keepFor ? options.keepFor(r, i) : (options.keep ?? []));
  const withContexts = reqs.flatMap((r) => contexts.map((context) => ({ prompt: r.prompt, subject: r.subject, context })));
  const keysAt = (layer: number) => meanOfGroups(activationsAtSubject(model, tokenizer, withContexts, { kind: 'mlpKey', layer }), stats.get(layer)!.dim, contexts.length); // [n,D]

  if (search === 'update') {
    // Keys of the unedited model fix each layer's map A_l; one search finds every R_l.
    const Ks = layers.map(keysAt);
    const maps = layers.map((layer, i) => ({ layer, A: batchKeyMap(stats.get(layer)!, Ks[i]!, n, lambda) }));
    const found = searchBatchResiduals(model, tokenizer, reqs, maps, reqs.map(keepOf), options);
    const deltas = layers.map((layer, i): WeightDelta => ({ name: mlpProjName(layer), shape: [stats.get(layer)!.dim, C], delta: memitLayerUpdate(stats.get(layer)!, Ks[i]!, found.R[i]!, n, C, lambda) }));
    return { requests: reqs, deltas, values: found.values, inputs: layers.map((layer, i) => ({ layer, K: Ks[i]!, R: found.R[i]! })) };
  }

  // 1. Target hidden states z at the last layer, one search per request.
  const values: TargetValue[] = reqs.map((r, i) => {
    const v = targetValue(model, tokenizer, r, zPoint, { ...options, keep: keepOf(r, i) });
    options.onProgress?.(`target ${i + 1}/${n}: "${r.subject}" -> "${r.target}" (NLL ${v.nllBefore.toFixed(2)} -> ${v.nllAfter.toFixed(2)})`);
    return v;
  });
  const Z = new Float32Array(n * C);
  for (const [i, v] of values.entries()) Z.set(v.value, i * C);
  const bare = reqs.map((r) => ({ prompt: r.prompt, subject: r.subject }));

  // 2. Layer by layer.
  const deltas: WeightDelta[] = [];
  const inputs: MemitEdit['inputs'] = [];
  const undo: (() => void)[] = [];
  try {
    layers.forEach((layer, i) => {
      const st = stats.get(layer)!;
      const K = keysAt(layer);
      const H = activationsAtSubject(model, tokenizer, bare, zPoint); // [n,C] now
      const R = Float32Array.from(Z, (z, j) => (z - H[j]!) / (layers.length - i));
      const d: WeightDelta = { name: mlpProjName(layer), shape: [st.dim, C], delta: memitLayerUpdate(st, K, R, n, C, lambda) };
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

/** A = (λ·C + KᵀK)⁻¹ Kᵀ [D, n]: the map from residuals R [n, C] to MEMIT's ΔW = A·R for keys K [n, D]. */
export function batchKeyMap(stats: KeyStatistics, K: Float32Array, n: number, lambda: number): Float32Array {
  const D = stats.dim;
  if (K.length !== n * D) throw new Error(`batchKeyMap: K has ${K.length} values, expected ${n}×${D}`);
  const Kt = new Float64Array(D * n);
  for (let i = 0; i < n; i++) for (let d = 0; d < D; d++) Kt[d * n + i] = K[i * D + d]!;
  return Float32Array.from(solveWithStatistics(stats, Kt, n, lambda, transposeTimes(K, K, n, D, D)));
}

/** MEMIT's closed form for one layer: ΔW [D, C] = (λ·C + KᵀK)⁻¹ Kᵀ R, with K [n, D] keys and R [n, C] residuals (rows are edits). */
export function memitLayerUpdate(stats: KeyStatistics, K: Float32Array, R: Float32Array, n: number, C: number, lambda: number): Float32Array {
  const D = stats.dim;
  if (K.length !== n * D || R.length !== n * C) throw new Error(`memitLayerUpdate: K has ${K.length} values and R ${R.length}, expected ${n}×${D} and ${n}×${C}`);
  const KtK = transposeTimes(K, K, n, D, D);
  const KtR = transposeTimes(K, R, n, D, C);
  return Float32Array.from(solveWithStatistics(stats, KtR, C, lambda, KtK));
}
