/**
 * Test helpers (not exported from the package): a fake CausalLM whose next-token logits are a
 * deterministic function of the ids so far, and a small character tokenizer with special tokens.
 * Its state holds one tensor, so a state that is never disposed shows up in tf.memory().
 */
import { CharTokenizer } from '@ftheta/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import type { CausalLM, ForwardResult, ModelConfig, ModelState } from '../../contract/causal-lm';
import { ParamStore } from '../../contract/param-store';

/** Next-token logits (length vocabSize) after `ids`. */
export type LogitsRule = (ids: readonly number[]) => ArrayLike<number>;

export class LookupState implements ModelState {
  readonly marker: tf.Tensor;
  constructor(readonly history: readonly number[][]) {
    this.marker = tf.scalar(history[0]?.length ?? 0);
  }
  get length(): number {
    return this.history[0]?.length ?? 0;
  }
  dispose(): void {
    this.marker.dispose();
  }
}

export class LookupModel implements CausalLM<ModelConfig, LookupState> {
  readonly config: ModelConfig;
  readonly params = new ParamStore();
  /** [B, T] of every forward call, in order. */
  readonly calls: [number, number][] = [];

  constructor(
    vocabSize: number,
    private readonly rule: LogitsRule,
    readonly maxContext: number | null = null,
    extra: Record<string, unknown> = {},
  ) {
    this.config = { model_type: 'lookup', vocab_size: vocabSize, ...extra };
  }

  forward(ids: tf.Tensor2D, state?: LookupState): ForwardResult<LookupState> {
    const [b, t] = ids.shape;
    this.calls.push([b, t]);
    const rows = ids.arraySync();
    const history = rows.map((row, i) => [...(state?.history[i] ?? []), ...row]);
    if (this.maxContext !== null && history[0].length > this.maxContext) throw new Error(`context ${history[0].length} > ${this.maxContext}`);
    const v = this.config.vocab_size;
    const out = new Float32Array(b * t * v);
    history.forEach((h, i) => {
      for (let p = 0; p < t; p++) out.set(this.rule(h.slice(0, h.length - t + p + 1)), (i * t + p) * v);
    });
    return { logits: tf.tensor3d(out, [b, t, v]), state: new LookupState(history) };
  }

  dispose(): void {
    this.params.dispose();
  }
}

/** Characters of the test vocabulary. */
export const TEST_CHARS = [...' !,.:?0123456789\nabcdefghijklmnopqrstuvwxyzFQRW'];
export const EOS = '<|endoftext|>';
export const THINK = '<|think|>';
export const END_THINK = '<|/think|>';

/** A CharTokenizer over TEST_CHARS with `<|endoftext|>`, `<|think|>`, `<|/think|>`. */
export function testTokenizer(): CharTokenizer {
  return new CharTokenizer([...new Set(TEST_CHARS)], 'error', [EOS, THINK, END_THINK]);
}

/** Logits with `strength` on `id` and 0 elsewhere. */
export function prefer(vocabSize: number, id: number, strength = 10): Float32Array {
  const l = new Float32Array(vocabSize);
  l[id] = strength;
  return l;
}

/**
 * A model that writes `text` after the prompt, one character per step, then the end token:
 * its rule looks at how much of `text` the ids after the first `promptLength` already contain.
 */
export function scriptedModel(tokenizer: CharTokenizer, text: string, maxContext: number | null = null): LookupModel {
  const script = [...tokenizer.encode(text, { allowedSpecial: 'all' }), tokenizer.specialTokens.get(EOS)!];
  const v = tokenizer.vocabSize;
  return new LookupModel(
    v,
    (ids) => {
      // The longest suffix of ids that is a prefix of the script decides the next script token.
      for (let k = Math.min(ids.length, script.length - 1); k > 0; k--) {
        if (script.slice(0, k).every((id, j) => ids[ids.length - k + j] === id)) return prefer(v, script[k]);
      }
      return prefer(v, script[0]);
    },
    maxContext,
  );
}
