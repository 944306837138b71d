/**
 * The contract at the centre (see DESIGN.md): the architecture is chosen by humans (`config`), the
 * parameters are learned (`params`), and `forward` maps token ids to next-token logits, carrying a
 * state between calls (a KV cache for the Transformer, a fixed-size recurrent state for Mamba).
 * `generate()`, training, merging and test-time scaling use only this contract.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from './param-store';

/** Architecture, as plain JSON compatible with Hugging Face's config.json. */
export interface ModelConfig {
  model_type: string;
  vocab_size: number;
  [key: string]: unknown;
}

/** What a model remembers between forward calls. The caller owns it and disposes it. */
export interface ModelState {
  /** Tokens seen so far (per sequence; all sequences of a batch advance together). */
  readonly length: number;
  dispose(): void;
}

export interface ForwardResult<S extends ModelState> {
  /** [B, T, V] next-token logits for every position of `ids`. */
  logits: tf.Tensor3D;
  /** The state after these tokens (a new object; the input state is left as it was). */
  state: S;
  /**
   * A term the model adds to its training loss (a regulariser such as MambaModel's `stepPenalty`),
   * already weighted; present only in training mode (after `setTrainingStep(index)`), and then the
   * caller disposes it. `train()` adds it to the loss it minimises and reports.
   */
  auxLoss?: tf.Scalar;
}

export interface CausalLM<C extends ModelConfig = ModelConfig, S extends ModelState = ModelState> {
  readonly config: C;
  readonly params: ParamStore;
  /** Longest context the model accepts (tokens), or null when it has no limit (Mamba). */
  readonly maxContext: number | null;
  /**
   * What `forward` does when the context would pass `maxContext`: 'error' (default) or 'slide' (keep
   * the most recent tokens). generate() stops at the limit with 'context-limit' unless it is 'slide'.
   */
  readonly onContextOverflow?: 'error' | 'slide';
  /**
   * Training mode, for models with stochastic layers (dropout). A training loop calls it with the
   * index of each training micro-batch before that forward — a counter that is part of the run, so
   * a resumed run draws the same masks — and with null (inference mode) before evaluating and when
   * it is done. A model without one is deterministic and always in inference mode.
   */
  setTrainingStep?(index: number | null): void;
  /** [B, T] int32 ids (following `state`, if given) -> logits [B, T, V] and the new state. */
  forward(ids: tf.Tensor2D, state?: S): ForwardResult<S>;
  dispose(): void;
}
