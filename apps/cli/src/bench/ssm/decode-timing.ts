/**
 * Decode cost against context length: fill a model's state to `context` tokens (in chunks, as a
 * long prompt would be read), then time single-token forward calls from that state. A Transformer's
 * step reads a KV cache that grows with the context; Mamba's reads a fixed-size state.
 */
import type { CausalLM, ModelState } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { median, round } from '../../util/stats';

/** Options of {@link decodeMsPerToken}. */
export interface DecodeTimingOptions {
  /** Context lengths to measure at (ascending). */
  contexts: readonly number[];
  /** Tokens per prefill call. */
  prefillChunk: number;
  /** Timed single-token steps per context (the median is reported). */
  steps: number;
  vocab: number;
  seed: number;
  progress?: (m: string) => void;
}

/** One context's figure. */
export interface DecodePoint {
  context: number;
  msPerToken: number;
  /** Bytes tfjs holds for the state at this context (KV cache or SSM state). */
  stateBytes: number;
}

const randomIds = (n: number, vocab: number, seed: number) => {
  let s = seed >>> 0;
  return Int32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % vocab;
  });
};

/** Feeds `ids` [1, n] in chunks, returning the final state (the caller disposes it). */
function prefill(model: CausalLM, ids: Int32Array, chunk: number, state: ModelState | undefined): ModelState {
  let s = state;
  for (let i = 0; i < ids.length; i += chunk) {
    const part = ids.subarray(i, Math.min(ids.length, i + chunk));
    const input = tf.tensor2d(part, [1, part.length], 'int32');
    const out = model.forward(input, s);
    input.dispose();
    out.logits.dispose();
    s?.dispose();
    s = out.state;
  }
  return s!;
}

/**
 * ms per decoded token at each context: the state grows context by context (each measured
 * context extends the previous state), then `steps` single-token calls are timed from it (each
 * from the same state, so the context stays fixed). Tensors are returned to their start count.
 */
export function decodeMsPerToken(model: CausalLM, o: DecodeTimingOptions): DecodePoint[] {
  const points: DecodePoint[] = [];
  const start = tf.memory().numTensors;
  let state: ModelState | undefined;
  let length = 0;
  try {
    for (const context of o.contexts) {
      const baseBytes = tf.memory().numBytes;
      state = prefill(model, randomIds(context - length, o.vocab, o.seed + context), o.prefillChunk, state);
      length = context;
      const stateBytes = tf.memory().numBytes - baseBytes;
      const token = tf.tensor2d([[1]], [1, 1], 'int32');
      const times: number[] = [];
      for (let i = 0; i < o.steps + 2; i++) {
        const t0 = performance.now();
        const out = model.forward(token, state);
        out.logits.dataSync(); // the step is done when its logits are readable
        const ms = performance.now() - t0;
        out.logits.dispose();
        out.state.dispose();
        if (i >= 2) times.push(ms); // two warm-up calls per context
      }
      token.dispose();
      points.push({ context, msPerToken: round(median(times), 3), stateBytes: Math.max(0, stateBytes) });
      o.progress?.(`  context ${context}: ${median(times).toFixed(2)} ms/token`);
    }
  } finally {
    state?.dispose();
  }
  const leaked = tf.memory().numTensors - start;
  if (leaked !== 0) throw new Error(`decodeMsPerToken: ${leaked} tensors leaked`);
  return points;
}
