/** Messages between the main thread and a data-parallel worker (structured-cloned by postMessage). */
import type { TransformerConfig } from '@ftheta/core-model';
import type { BuiltinLossName } from '../loss';

/** How a worker rebuilds the model (the parameters travel separately, as a {@link ParamPack}). */
export interface TransformerReplica {
  kind: 'transformer';
  config: TransformerConfig;
  onContextOverflow: 'error' | 'slide';
}

/**
 * How a worker rebuilds a model type taught to the engine through its replica registry
 * (`createDataParallel({ replicas })`): it imports `module` and calls its export `factory` with the
 * config and the parameters; the result must be a plain `className`.
 */
export interface FactoryReplica {
  kind: 'factory';
  /** config.model_type, for error messages. */
  modelType: string;
  /** What the worker imports (as given in the registry). */
  module: string;
  /** The named export of `module` to call. */
  factory: string;
  /** The class the built replica must be an instance of (by constructor name). */
  className: string;
  /** The model's config, JSON-cloned. */
  config: Record<string, unknown>;
}

/** Any replica a worker can build. */
export type ReplicaSpec = TransformerReplica | FactoryReplica;

/**
 * Parameters by name, packed into one float32 array (row-major, in `names` order). The main thread
 * packs into a fresh SharedArrayBuffer per send, read by every worker and never written again.
 */
export interface ParamPack {
  names: string[];
  shapes: number[][];
  data: Float32Array;
}

/** Rows of a batch (arrays transferred to the worker). */
export interface ShardBatch {
  inputs: Int32Array;
  targets: Int32Array;
  mask: Float32Array | null;
  batchSize: number;
  seqLen: number;
}

/** Main -> worker: (re)build the replica if `init` is set, apply `update`, compute one shard. */
export interface ComputeRequest {
  kind: 'compute';
  id: number;
  /** The tfjs backend the main thread runs; the worker starts the same one. */
  backend: string;
  /** Set on the first request for a model: rebuild from this and `update` (then every parameter). */
  init: ReplicaSpec | null;
  /** Parameters that changed since the last request (null: none). */
  update: ParamPack | null;
  /** Names of parameters with `trainable: false` (no gradient). */
  frozen: string[];
  /** The loss, by its built-in name (a function cannot cross threads). */
  loss: BuiltinLossName;
  batch: ShardBatch;
}

/** Worker -> main: the shard's mean loss and its gradients packed in `names` order (transferred). */
export interface ComputeResult {
  kind: 'result';
  id: number;
  loss: number;
  names: string[];
  grads: Float32Array;
  /** Milliseconds the worker spent on the request: all of it, applying parameters, reading back gradients. */
  ms: number;
  applyMs: number;
  packMs: number;
}

/** Worker -> main: the request failed. */
export interface ComputeError {
  kind: 'error';
  id: number;
  message: string;
  stack?: string;
}

export type WorkerReply = ComputeResult | ComputeError;
