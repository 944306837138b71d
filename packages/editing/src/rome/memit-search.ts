/**
 * MEMIT's residuals searched through the batch update itself. MEMIT writes, at each layer l of its
 * range, ΔW_l = A_l·R_l with A_l = (λ·C_l + K_lᵀK_l)⁻¹K_lᵀ ([D, n]) fixed by the edits' keys and
 * R_l ([n, C]) the residuals to write. The reference finds one target per edit alone (compute_z)
 * and then solves; but the update also writes k_j·A_l·R_l at every other token j — the tokens
 * after the subject, the other edits' prompts — and λ shrinks what reaches the edit's own key.
 * Here the R_l of all edits are found together by Adam on the edited model's own forward pass
 * (the MLP output at l plus k·A_l·R_l, with k the live key), so what the search reaches is what
 * the update does. The loss per edit is ROME's: the target's NLL in every context, a KL term on the
 * subject's other prompts, a weight decay relative to the hidden state's norm, and a clamp. Each
 * edit stops at its own target, as the reference's one-by-one searches do: an edit whose NLL is
 * below `nllStop` is held as it is (until the others' steps push it back above), so the easy edits
 * are not pushed further — and written larger, into their neighbours — while the hard ones catch up.
 */
import type { Transformer, TransformerHooks } from '@ftheta/core-model';
import type { Tokenizer } from '@ftheta/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import { activationsAtSubject, pointWidth } from '../model/activations';
import type { EditRequest } from '../model/edit-request';
import { flatRows, logProbsAt, logSoftmaxAt } from '../model/log-probs-at';
import { promptAndTarget, promptIds } from '../model/prompt-tokens';
import { padRows } from '../model/token-rows';
import { VALUE_DEFAULTS } from './defaults';
import type { TargetValue, TargetValueOptions } from './target-value';

/** One layer of the batch update: ΔW = A·R with A [D, n] (row-major). */
export interface LayerMap {
  layer: number;
  A: Float32Array;
}

/** Options of {@link searchBatchResiduals}. */
export interface BatchSearchOptions extends TargetValueOptions {
  /** Rows per forward pass (default 128): the gradient of a step is summed over chunks of this many rows. */
  chunkRows?: number;
  onProgress?: (message: string) => void;
}

/** What {@link searchBatchResiduals} found. */
export interface BatchResiduals {
  /** Per layer (in the order of the maps), the residuals R [n, C] to write. */
  R: Float32Array[];
  /** Per edit: the hidden state leaving the range's last layer before (initial) and plus the residuals of every layer (value), and the target's NLL before and after. */
  values: TargetValue[];
}

/** One forward pass worth of rows and where its loss terms are. */
interface Chunk {
  ids: tf.Tensor2D;
  lossIdx: tf.Tensor1D;
  lossPick: tf.Tensor1D;
  /** [N, n]: each loss position's weight in its edit's NLL. */
  lossW: tf.Tensor2D;
  keep?: { idx: tf.Tensor1D; w: tf.Tensor1D; before?: tf.Tensor2D };
}

let searches = 0;

/**
 * Finds the residuals R_l of every layer map for all `requests` at once (see the module). `keep`
 * holds each request's prompts to keep (the KL term). Leaves no tensors behind.
 */
export function searchBatchResiduals(model: Transformer, tokenizer: Tokenizer, requests: readonly EditRequest[], maps: readonly LayerMap[], keep: readonly (readonly string[])[], options: BatchSearchOptions = {}): BatchResiduals {
  const n = requests.length;
  const C = model.config.n_embd;
  const contexts = options.contexts ?? [''];
  const steps = options.steps ?? VALUE_DEFAULTS.steps;
  const klFactor = options.klFactor ?? VALUE_DEFAULTS.klFactor;
  const weightDecay = options.weightDecay ?? VALUE_DEFAULTS.weightDecay;
  const clamp = options.clampNormFactor ?? VALUE_DEFAULTS.clampNormFactor;
  const nllStop = options.nllStop ?? VALUE_DEFAULTS.nllStop;
  const chunkRows = options.chunkRows ?? 128;
  if (maps.length === 0) throw new Error('searchBatchResiduals: no layers');
  if (keep.length > n) throw new Error(`searchBatchResiduals: keep has prompts for ${keep.length} requests, there are ${n}`);
  if (!(Number.isInteger(chunkRows) && chunkRows > 0)) throw new Error(`searchBatchResiduals: chunkRows must be a positive integer, got ${chunkRows}`);
  const last = Math.max(...maps.map((m) => m.layer));
  if (last >= model.config.n_layer - 1) throw new Error(`searchBatchResiduals: layer ${last} is the model's last; a value written there at the subject's token never reaches the tokens after it`);
  const D = pointWidth(model, { kind: 'mlpKey', layer: last });
  for (const m of maps) if (m.A.length !== D * n) throw new Error(`searchBatchResiduals: the map of layer ${m.layer} has ${m.A.length} values, expected ${D}×${n}`);

  // Rows: every request's prompt + target (all but its last token) in every context, then the keep
  // prompts; each row with its loss positions (token, edit, weight) or its keep weight.
  type Row = { ids: number[]; loss: { t: number; tok: number; edit: number; w: number }[]; keep?: number };
  const rows: Row[] = [];
  requests.forEach((r, i) => {
    for (const context of contexts) {
      const pt = promptAndTarget(tokenizer, r.prompt, r.target, context);
      const w = 1 / (pt.target.length * contexts.length); // mean per token, then over contexts
      rows.push({ ids: [...pt.prompt, ...pt.target.slice(0, -1)], loss: pt.target.map((tok, j) => ({ t: pt.prompt.length - 1 + j, tok, edit: i, w })) });
    }
  });
  keep.forEach((prompts) => {
    for (const p of prompts) rows.push({ ids: promptIds(tokenizer, p), loss: [], keep: 1 / (prompts.length * n) }); // Σ_i mean KL / n
  });

  const initial = activationsAtSubject(
    model,
    tokenizer,
    requests.map((r) => ({ prompt: r.prompt, subject: r.subject })),
    { kind: 'block', layer: last },
  );
  const invNorm2 = Float32Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let c = 0; c < C; c++) s += initial[i * C + c]! ** 2;
    return 1 / Math.max(s, 1e-12);
  });

  const chunks: Chunk[] = [];
  const id = ++searches;
  const As = maps.map((m) => tf.tensor2d(m.A, [D, n]));
  const Rs = maps.map((m) => {
    const zeros = tf.zeros([n, C]);
    const R = tf.variable(zeros, true, `memit-residuals-${id}-layer-${m.layer}`);
    zeros.dispose();
    return R;
  });
  const decayW = tf.tensor2d(invNorm2, [n, 1]);
  const maxNorm = tf.tensor2d(
    Float32Array.from(invNorm2, (x) => clamp / Math.sqrt(x)),
    [n, 1],
  );
  const optimizer = tf.train.adam(options.lr ?? VALUE_DEFAULTS.lr);

  // k·A·R is computed where the key is (inside the MLP's own tidy) and kept until the pass ends.
  const kept: tf.Tensor[] = [];
  const at = new Map(maps.map((m, i) => [m.layer, i]));
  const hooks: TransformerHooks = {
    mlpKey: (layer, k) => {
      const i = at.get(layer);
      if (i !== undefined) kept[i] = tf.keep(tf.matMul(k, tf.matMul(As[i]!, Rs[i]!)));
      return undefined;
    },
    mlp: (layer, y) => {
      const i = at.get(layer);
      return i === undefined ? undefined : (tf.add(y, kept[i]!) as tf.Tensor2D); // k·(W + A·R) + b
    },
  };
  const run = (chunk: Chunk, edited: boolean) => {
    try {
      const { logits, state } = model.forward(chunk.ids, undefined, edited ? { hooks } : {});
      (state as { dispose(): void }).dispose();
      return logits;
    } finally {
      tf.dispose(kept.splice(0));
    }
  };
  /** This chunk's share of every edit's NLL [n], and its share of the loss (the NLL of the edits in `active` [n] only). */
  const chunkLoss = (chunk: Chunk, active?: tf.Tensor1D) => {
    const logits = run(chunk, true);
    const nll = tf.reshape(tf.neg(tf.matMul(tf.expandDims(logProbsAt(logits, chunk.lossIdx, chunk.lossPick), 0), chunk.lossW)), [n]) as tf.Tensor1D;
    let loss = tf.div(tf.sum(active ? tf.mul(nll, active) : nll), n) as tf.Scalar;
    if (chunk.keep?.before) {
      const now = logSoftmaxAt(logits, chunk.keep.idx);
      const kl = tf.sum(tf.mul(tf.sum(tf.mul(tf.exp(chunk.keep.before), tf.sub(chunk.keep.before, now)), 1), chunk.keep.w)); // KL(before ‖ now), weighted
      loss = tf.add(loss, tf.mul(klFactor, kl));
    }
    return { nll, loss };
  };

  let before: Float32Array | undefined;
  let done = 0;
  try {
    for (let s = 0; s < rows.length; s += chunkRows) {
      const part = rows.slice(s, s + chunkRows);
      const T = Math.max(...part.map((r) => r.ids.length));
      const loss = part.flatMap((r, b) => r.loss.map((l) => ({ ...l, b })));
      const lossW = new Float32Array(Math.max(loss.length, 1) * n);
      loss.forEach((l, j) => {
        lossW[j * n + l.edit] = l.w;
      });
      const keepRows = part.flatMap((r, b) => (r.keep === undefined ? [] : [{ b, t: r.ids.length - 1, w: r.keep }]));
      const chunk: Chunk = {
        ids: padRows(part.map((r) => r.ids)),
        lossIdx: flatRows(loss.length ? loss.map((l) => [l.b, l.t] as const) : [[0, 0]], T),
        lossPick: tf.tensor1d(loss.length ? loss.map((l) => l.tok) : [0], 'int32'),
        lossW: tf.tensor2d(lossW, [Math.max(loss.length, 1), n]),
        keep: keepRows.length
          ? {
              idx: flatRows(
                keepRows.map((k) => [k.b, k.t] as const),
                T,
              ),
              w: tf.tensor1d(keepRows.map((k) => k.w)),
            }
          : undefined,
      };
      chunks.push(chunk);
      if (chunk.keep) {
        const keepPart = chunk.keep;
        keepPart.before = tf.tidy(() => logSoftmaxAt(run(chunk, false), keepPart.idx));
      }
    }

    const nllNow = () => {
      const total = new Float32Array(n);
      for (const chunk of chunks) {
        const part = tf.tidy(() => chunkLoss(chunk).nll.dataSync());
        for (let i = 0; i < n; i++) total[i]! += part[i]!;
      }
      return total;
    };
    // An edit already below nllStop is held where it is (each stops at its own target, as the
    // reference's one-by-one searches do) until the others' steps push it back above.
    let active = new Float32Array(n).fill(1);
    for (; done < steps; done++) {
      // One Adam step on the gradient summed over the chunks (the weight decay's added once).
      const nll = new Float32Array(n);
      let grads: tf.NamedTensorMap | undefined;
      const activeT = tf.tensor1d(active);
      for (const chunk of chunks) {
        const g = tf.variableGrads(() => {
          const { nll: part, loss } = chunkLoss(chunk, activeT);
          const values = part.dataSync();
          for (let i = 0; i < n; i++) nll[i]! += values[i]!;
          return loss;
        }, Rs);
        g.value.dispose();
        grads = grads ? addInto(grads, g.grads) : g.grads;
      }
      activeT.dispose();
      before ??= Float32Array.from(nll);
      const worst = Math.max(...nll);
      if (done % 20 === 0) options.onProgress?.(`batch search step ${done}: target NLL mean ${(nll.reduce((s, x) => s + x, 0) / n).toFixed(3)}, worst ${worst.toFixed(3)}`);
      if (worst < nllStop) {
        tf.dispose(Object.values(grads!)); // every edit is at its target: a step would hold them all
        break;
      }
      active = Float32Array.from(nll, (x) => (x >= nllStop ? 1 : 0));
      const decay = tf.variableGrads(() => tf.mul(weightDecay / n, Rs.reduce((s: tf.Scalar, R) => tf.add(s, tf.sum(tf.mul(tf.sum(tf.square(R), 1, true), decayW))), tf.scalar(0))) as tf.Scalar, Rs);
      decay.value.dispose();
      grads = addInto(grads!, decay.grads);
      // Edits at their target keep their residuals as they are (a step moves the others only).
      const held = active.includes(0) ? Rs.map((R) => tf.clone(R)) : [];
      optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
      tf.dispose(Object.values(grads));
      if (held.length) {
        tf.tidy(() => {
          const moving = tf.tensor2d(active, [n, 1]);
          Rs.forEach((R, l) => {
            R.assign(tf.add(tf.mul(R, moving), tf.mul(held[l]!, tf.sub(1, moving))));
          });
        });
        tf.dispose(held);
      }
      // Keep each edit's ‖R_l,i‖ ≤ clamp·‖h_i‖.
      tf.tidy(() => {
        for (const R of Rs) R.assign(tf.mul(R, tf.minimum(1, tf.div(maxNorm, tf.add(tf.norm(R, 'euclidean', 1, true), 1e-12)))));
      });
    }
    const after = nllNow();
    const R = Rs.map((v) => Float32Array.from(v.dataSync() as Float32Array));
    const values = requests.map((_, i): TargetValue => {
      const init = initial.slice(i * C, (i + 1) * C);
      const value = Float32Array.from(init, (x, c) => x + R.reduce((s, r) => s + r[i * C + c]!, 0));
      return { value, initial: init, nllBefore: before?.[i] ?? after[i]!, nllAfter: after[i]!, steps: done };
    });
    return { R, values };
  } finally {
    optimizer.dispose();
    tf.dispose([...As, ...Rs, decayW, maxNorm]);
    for (const c of chunks) tf.dispose([c.ids, c.lossIdx, c.lossPick, c.lossW, ...(c.keep ? [c.keep.idx, c.keep.w, ...(c.keep.before ? [c.keep.before] : [])] : [])]);
  }
}

/** a + b per name (disposes both's tensors; returns new ones). */
function addInto(a: tf.NamedTensorMap, b: tf.NamedTensorMap): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  for (const [k, v] of Object.entries(a)) {
    out[k] = tf.add(v, b[k]!);
    v.dispose();
    b[k]!.dispose();
  }
  return out;
}
