/**
 * Causal tracing (ROME §2.1): where does the model hold a fact? Run the prompt clean and record
 * every layer's activations; corrupt the subject by adding Gaussian noise to its token embeddings
 * (the answer's probability collapses); then, one (layer, token) at a time, restore that clean
 * activation inside the corrupted run and measure how much of the answer's probability comes back.
 * A high score at the subject's last token in the middle layers' MLPs is what ROME's edit relies on.
 */
import type { Transformer } from '@ftheta/core-model';
import type { Tokenizer } from '@ftheta/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import { promptAndTarget, promptIds, subjectTokens } from '../model/prompt-tokens';

/** What is restored: a layer's hidden state (the residual stream), its MLP output or its attention output. */
export type TraceKind = 'hidden' | 'mlp' | 'attn';

/** Options of {@link causalTrace}. */
export interface CausalTraceOptions {
  kind?: TraceKind;
  /** Noise samples averaged over (default 10). */
  samples?: number;
  /**
   * Standard deviation of the noise (default 3 × the standard deviation of the token embeddings,
   * ROME's choice of 3σ).
   */
  noiseStd?: number;
  /** For 'mlp' and 'attn': restore this many consecutive layers centred on each layer (default 1; ROME uses 10 of GPT-2 XL's 48). */
  window?: number;
  /** The answer whose probability is traced (its first token); default the model's own top next token. */
  target?: string;
  seed?: number;
}

/** The trace: scores[row][token] = probability of the answer with that activation restored. */
export interface CausalTrace {
  kind: TraceKind;
  /** The prompt's tokens as text (the sentence start first). */
  tokens: string[];
  /** The subject's token range [start, end). */
  subject: { start: number; end: number };
  /** Row labels: 'embed', '0', '1', … for hidden; '0', '1', … otherwise. */
  rows: string[];
  scores: number[][];
  /** The traced answer token, and its probability clean and corrupted. */
  answer: string;
  answerId: number;
  clean: number;
  corrupted: number;
}

/** Standard deviation of all token-embedding values (the noise scale's unit). */
export function embeddingStd(model: Transformer): number {
  return tf.tidy(() => Math.sqrt(tf.moments(model.params.get('transformer.wte.weight')).variance.dataSync()[0]!));
}

/** Traces `prompt` about `subject` (see the module). Leaves no tensors behind. */
export function causalTrace(model: Transformer, tokenizer: Tokenizer, prompt: string, subject: string, options: CausalTraceOptions = {}): CausalTrace {
  const kind = options.kind ?? 'hidden';
  if (!['hidden', 'mlp', 'attn'].includes(kind)) throw new Error(`causalTrace: kind "${kind}" must be hidden, mlp or attn`);
  const S = options.samples ?? 10;
  const window = options.window ?? 1;
  if (!Number.isInteger(S) || S < 1) throw new Error(`causalTrace: samples must be a positive integer, got ${S}`);
  if (!Number.isInteger(window) || window < 1) throw new Error(`causalTrace: window must be a positive integer, got ${window}`);
  const L = model.config.n_layer;
  const C = model.config.n_embd;
  const ids = promptIds(tokenizer, prompt);
  const T = ids.length;
  if (T > model.config.n_positions) throw new Error(`causalTrace: the prompt has ${T} tokens, the model's context is ${model.config.n_positions}`);
  const subj = subjectTokens(tokenizer, prompt, subject);
  const std = options.noiseStd ?? 3 * embeddingStd(model);
  const point = kind === 'hidden' ? 'block' : kind;

  const clean: tf.Tensor2D[] = []; // kept past the forward pass's own tidy; disposed at the end
  let cleanEmbed: tf.Tensor2D | undefined;
  try {
    let trace: CausalTrace | undefined;
    tf.tidy(() => {
      trace = traceInside();
    });
    return trace!;
  } finally {
    tf.dispose([...clean.filter(Boolean), ...(cleanEmbed ? [cleanEmbed] : [])]);
  }

  function traceInside(): CausalTrace {
    // Clean run: every layer's activation at every token (and the embeddings for 'hidden').
    const one = tf.tensor2d(ids, [1, T], 'int32');
    const cleanRun = model.forward(one, undefined, {
      hooks: {
        embed: (x) => {
          cleanEmbed = tf.keep(tf.clone(x));
        },
        [point]: (l: number, x: tf.Tensor2D) => {
          clean[l] = tf.keep(tf.clone(x));
        },
      },
    });
    cleanRun.state.dispose();
    const lastProbs = tf.softmax(tf.reshape(tf.slice(cleanRun.logits, [0, T - 1, 0], [1, 1, -1]), [-1]));
    const answerId = options.target === undefined ? tf.argMax(lastProbs).dataSync()[0]! : promptAndTarget(tokenizer, prompt, options.target).target[0]!;
    const cleanP = lastProbs.dataSync()[answerId]!;

    // Noise on the subject's embeddings: the same S draws in every group of rows.
    const noise = tf.randomNormal([S, subj.end - subj.start, C], 0, std, 'float32', options.seed ?? 1);
    const noiseRows = (groups: number) => {
      const full = tf.pad(noise, [[0, 0], [subj.start, T - subj.end], [0, 0]]); // [S,T,C]
      return tf.reshape(tf.tile(full, [groups, 1, 1]), [groups * S * T, C]);
    };
    /** P(answer) averaged per group of S rows: [groups]. */
    const probs = (groups: number, restore?: (layer: number, x: tf.Tensor2D) => tf.Tensor2D | undefined, restoreEmbed?: (x: tf.Tensor2D) => tf.Tensor2D) => {
      const B = groups * S;
      const batch = tf.tile(one, [B, 1]) as tf.Tensor2D;
      const addNoise = noiseRows(groups);
      const run = model.forward(batch, undefined, {
        hooks: {
          embed: (x) => {
            const noisy = tf.add(x, addNoise) as tf.Tensor2D;
            return restoreEmbed ? restoreEmbed(noisy) : noisy;
          },
          ...(restore ? { [point]: restore } : {}),
        },
      });
      run.state.dispose();
      const last = tf.reshape(tf.slice(run.logits, [0, T - 1, 0], [B, 1, -1]), [B, -1]);
      const p = tf.reshape(tf.slice(tf.softmax(last), [0, answerId], [B, 1]), [groups, S]);
      return Array.from(tf.mean(p, 1).dataSync());
    };
    const corrupted = probs(1)[0]!;

    // Group t restores token t: rows (t*S + s)*T + t take the clean activation.
    const mask = (() => {
      const m = new Float32Array(T * S * T);
      for (let t = 0; t < T; t++) for (let s = 0; s < S; s++) m[(t * S + s) * T + t] = 1;
      return tf.tensor2d(m, [T * S * T, 1]);
    })();
    const patch = (x: tf.Tensor2D, cleanX: tf.Tensor2D) => tf.add(tf.mul(x, tf.sub(1, mask)), tf.mul(tf.tile(cleanX, [T * S, 1]), mask)) as tf.Tensor2D;
    const rows: string[] = [];
    const scores: number[][] = [];
    if (kind === 'hidden') {
      rows.push('embed');
      scores.push(probs(T, undefined, (x) => patch(x, cleanEmbed!)));
    }
    for (let l = 0; l < L; l++) {
      const lo = Math.max(0, l - Math.floor((window - 1) / 2));
      const hi = Math.min(L - 1, lo + window - 1);
      rows.push(String(l));
      scores.push(probs(T, (layer, x) => (layer >= lo && layer <= hi && (kind !== 'hidden' || layer === l) ? patch(x, clean[layer]!) : undefined)));
    }
    return {
      kind,
      tokens: ids.map((id) => tokenizer.decode([id])),
      subject: subj,
      rows,
      scores,
      answer: tokenizer.decode([answerId]),
      answerId,
      clean: cleanP,
      corrupted,
    };
  }
}
