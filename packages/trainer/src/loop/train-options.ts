/** Options, callbacks and result of {@link train}. */
import type { CausalLM, HostTensor, ModelConfig } from '@ftheta/core-model';
import type { BatchSource } from '../data';
import type { AdamWOptions, LrSchedule } from '../optim';
import type { GradientEngine } from './gradient-engine';
import type { LossFn } from './loss-fn';
import type { TrainingState } from './training-state';

/** One finished optimizer step. */
export interface StepInfo {
  /** Completed steps, this one included (1-based). */
  step: number;
  /** Mean training loss over the step's micro-batches. */
  loss: number;
  /** Learning rate used for this step. */
  lr: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** Tokens of this step (batch·seqLen·accumulate) per second of wall time. */
  tokensPerSec: number;
  /** Milliseconds this step took. */
  ms: number;
}

/** One evaluation. */
export interface EvalInfo {
  step: number;
  valLoss: number;
  valPpl: number;
  /** True when valLoss is the lowest so far. */
  isBest: boolean;
}

/** What a checkpoint holds: θ (read back to the host), the model config and the training state. */
export interface TrainingSnapshot {
  config: ModelConfig;
  params: Map<string, HostTensor>;
  state: TrainingState;
  /** True when this step's evaluation set a new best validation loss (keep a `best/` copy). */
  isBest: boolean;
}

/** Callbacks; each may be async (the loop awaits it). */
export interface TrainCallbacks {
  onStep?(info: StepInfo): void | Promise<void>;
  onEval?(info: EvalInfo): void | Promise<void>;
  /** After a checkpoint was saved. */
  onCheckpoint?(info: { step: number; isBest: boolean; reason: 'every' | 'aborted' | 'done' }): void | Promise<void>;
}

/** Options of {@link train}. */
export interface TrainOptions {
  /** The model; its `params` are trained in place (load a checkpoint's θ into it before resuming). */
  model: CausalLM;
  /** Training batches. */
  train: BatchSource;
  /** Validation batches: each evaluation reads the same `evalBatches` batches from its start position. */
  val?: BatchSource;
  /** Total optimizer steps of the run (a resumed run continues up to this). */
  steps: number;
  /** Evaluate every this many steps (default 0: never); needs `val`. */
  evalEvery?: number;
  /** Batches per evaluation (default 10). */
  evalBatches?: number;
  /** Learning rate per step (see `warmupCosine`), or a constant. */
  lr: LrSchedule | number;
  /** AdamW options (betas, eps, weight decay and its groups). */
  optimizer?: AdamWOptions;
  /** Clip the global gradient norm to this (default 1.0, nanoGPT's); Infinity = no clipping. */
  clipNorm?: number;
  /** Micro-batches per step whose gradients are averaged (default 1). */
  accumulate?: number;
  /** The loss (logits, targets, mask) -> scalar (default `crossEntropy`). */
  lossFn?: LossFn;
  /**
   * Who computes each micro-batch's loss and gradients (default: in process, {@link lossAndGrads}).
   * `createDataParallel` of `@ftheta/trainer/node` splits each batch over worker threads. The caller
   * owns the engine: train() does not dispose it.
   */
  gradients?: GradientEngine;
  callbacks?: TrainCallbacks;
  /** Aborting stops after the current step, saves a checkpoint (if configured) and returns 'aborted'. */
  signal?: AbortSignal;
  /** Save every `every` steps (and when aborted or done) through `save`, e.g. `saveTrainingCheckpoint`. */
  checkpoint?: { every: number; save(snapshot: TrainingSnapshot): void | Promise<void> };
  /** Continue from this state (from `loadTrainingCheckpoint`); the model must already hold its θ. */
  resume?: TrainingState;
  /** Seed of the loop's PRNG (default 0); restored from `resume`. */
  seed?: number;
}

/** Why {@link train} returned. */
export type FinishReason = 'done' | 'aborted' | 'non-finite-loss';

/** What {@link train} returns. */
export interface TrainResult {
  reason: FinishReason;
  /** Completed steps (counting those before a resume). */
  step: number;
  /** Every step of this call, in order. */
  history: StepInfo[];
  /** Every evaluation of this call. */
  evals: EvalInfo[];
  bestValLoss: number | null;
  /** For 'non-finite-loss': what went wrong and at which step. */
  message?: string;
}
