/**
 * How much the model believes a target after a prompt: the log-probability of the target's tokens
 * (summed and per token), teacher-forced, in batches. ROME's metrics compare these between the true
 * and the new object.
 */
import type { Transformer, TransformerHooks } from '@ftheta/core-model';
import type { Tokenizer } from '@ftheta/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import { flatRows, logProbsAt } from './log-probs-at';
import { promptAndTarget } from './prompt-tokens';
import { padRows } from './token-rows';

/** One prompt and a continuation to score (after one space); `context` is text before the prompt's sentence. */
export interface ScoredTarget {
  prompt: string;
  target: string;
  context?: string;
}

/** Options of {@link targetLogProbs}. */
export interface TargetScoreOptions {
  /** Rows per forward pass (default 64). */
  batchSize?: number;
  /** Forward hooks for every pass (e.g. causal tracing's patches). */
  hooks?: TransformerHooks;
}

/** Per item: the summed log-probability of the target's tokens, their count, and the mean per token. */
export interface TargetScores {
  sum: Float64Array;
  tokens: Int32Array;
  mean: Float64Array;
}

/** Scores every item (see the module). Leaves no tensors behind. */
export function targetLogProbs(model: Transformer, tokenizer: Tokenizer, items: readonly ScoredTarget[], options: TargetScoreOptions = {}): TargetScores {
  const batchSize = options.batchSize ?? 64;
  const n = items.length;
  const out: TargetScores = { sum: new Float64Array(n), tokens: new Int32Array(n), mean: new Float64Array(n) };
  for (let s = 0; s < n; s += batchSize) {
    const chunk = items.slice(s, s + batchSize).map((it) => promptAndTarget(tokenizer, it.prompt, it.target, it.context));
    const rows = chunk.map((c) => [...c.prompt, ...c.target.slice(0, -1)]);
    const T = Math.max(...rows.map((r) => r.length));
    const indices: [number, number][] = [];
    const wanted: number[] = [];
    chunk.forEach((c, b) => {
      c.target.forEach((tok, j) => {
        indices.push([b, c.prompt.length - 1 + j]);
        wanted.push(tok);
      });
    });
    const values = tf.tidy(() => {
      const ids = padRows(rows);
      const { logits, state } = model.forward(ids, undefined, { hooks: options.hooks });
      (state as { dispose(): void }).dispose();
      return logProbsAt(logits, flatRows(indices, T), tf.tensor1d(wanted, 'int32')).dataSync();
    });
    let k = 0;
    chunk.forEach((c, b) => {
      let sum = 0;
      for (let j = 0; j < c.target.length; j++) sum += values[k++]!;
      out.sum[s + b] = sum;
      out.tokens[s + b] = c.target.length;
      out.mean[s + b] = sum / c.target.length;
    });
  }
  return out;
}
