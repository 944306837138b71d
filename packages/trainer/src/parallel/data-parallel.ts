/**
 * Data-parallel gradients over worker_threads (Node): each micro-batch's rows are split into shards;
 * the main thread computes shard 0 while worker i computes shard i, all at once; the shards' mean
 * gradients are combined weighted by their counted tokens (= the full batch's mean gradient up to
 * float rounding). Workers hold a replica of the model and receive only the parameters that changed
 * since their last request.
 */
import type { CausalLM } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { Worker } from 'node:worker_threads';
import type { Batch } from '../data';
import { BUILTIN_LOSSES, builtinLossName } from '../loss';
import type { GradientEngine } from '../loop/gradient-engine';
import { type LossAndGrads, lossAndGrads } from '../loop/loss-and-grads';
import type { LossFn } from '../loop/loss-fn';
import { disposeNamed } from '../optim';
import { combineShards, type ShardPart } from './combine-grads';
import { packParams, ParamSync } from './param-sync';
import type { ComputeRequest, ComputeResult, ParamPack, WorkerReply } from './protocol';
import { checkReplicaRegistry, type ReplicaRegistry, replicaSpec } from './replica-spec';
import { shardRows } from './shard-rows';
import { defaultWorkerScript } from './worker-script';

/** Options of {@link createDataParallel}. */
export interface DataParallelOptions {
  /** Threads including the calling one (default 2); 1 computes in process, with no worker. */
  threads?: number;
  /**
   * The tfjs backend the workers start (default: whatever the main thread runs, `tf.getBackend()`,
   * at each request). When set, it must equal the main thread's backend: shards on different
   * backends would not sum to the same gradient.
   */
  backend?: 'wasm' | 'cpu';
  /** The built worker script (default: dist/parallel-worker.js of this package, found at run time). */
  workerScript?: string | URL;
  /**
   * Model types beyond the built-in "gpt2" Transformer, by config.model_type: how a worker builds a
   * replica without @ftheta/trainer depending on the model's package, e.g.
   * `{ mamba: { module: import.meta.resolve('@ftheta/ssm'), factory: 'mambaReplica', className: 'MambaModel' } }`.
   */
  replicas?: ReplicaRegistry;
}

/** Cumulative timings and traffic of a {@link DataParallelEngine} (for measuring its overhead). */
export interface DataParallelStats {
  /** compute() calls. */
  calls: number;
  /** Calls split over more than one thread. */
  parallelCalls: number;
  /** Reading changed parameters into shared memory and posting the requests. */
  sendMs: number;
  /** The main thread's own shard (forward + backward). */
  mainMs: number;
  /** Waiting for workers after the main shard was done. */
  waitMs: number;
  /** Combining the shards' gradients. */
  combineMs: number;
  /** Time the workers reported (parameter updates + forward + backward + packing), summed. */
  workerMs: number;
  /** Of workerMs: applying parameter updates (a replica's first build included). */
  workerApplyMs: number;
  /** Of workerMs: reading back and packing gradients. */
  workerPackMs: number;
  /** Parameter bytes sent (one shared copy per send, counted once) and gradient bytes received. */
  bytesSent: number;
  bytesReceived: number;
}

/** A {@link GradientEngine} over worker threads; see {@link createDataParallel}. */
export interface DataParallelEngine extends GradientEngine {
  /** Threads including the calling one. */
  readonly threads: number;
  /** Workers started and not yet exited. */
  readonly liveWorkers: number;
  /** Cumulative timings and traffic since creation. */
  stats(): DataParallelStats;
  /** Terminates the workers; resolves when they have exited. */
  dispose(): Promise<void>;
}

interface Pending {
  resolve(r: ComputeResult): void;
  reject(e: Error): void;
}

interface WorkerSlot {
  index: number;
  worker: Worker;
  alive: boolean;
  exited: Promise<void>;
  pending: Map<number, Pending>;
  /** The model the replica was built from (null: none yet). */
  model: CausalLM | null;
  sync: ParamSync;
}


/**
 * A {@link GradientEngine} that splits each batch's rows over `threads` threads (the caller's and
 * `threads - 1` worker_threads, started at the first request), for `train({ gradients })`:
 *
 * ```ts
 * const gradients = createDataParallel({ threads: 2 });
 * try { await train({ model, train: source, steps, lr, gradients }); } finally { await gradients.dispose(); }
 * ```
 *
 * Supports a plain `Transformer`, or a plain instance of a model type taught through `replicas`,
 * with a built-in loss (`crossEntropy`, masks included, or `maskedLmLoss`); other models and
 * custom losses are refused with an error naming them. Idle workers do not keep the process
 * alive; a worker error rejects the request with the worker's message and terminates every worker
 * (the engine is unusable afterwards).
 * @throws Error naming an invalid option, or when the built worker script is missing.
 */
export function createDataParallel(options: DataParallelOptions = {}): DataParallelEngine {
  const threads = options.threads ?? 2;
  if (!(Number.isSafeInteger(threads) && threads > 0)) throw new Error(`createDataParallel: threads must be a positive integer, got ${threads}`);
  if (options.backend !== undefined && options.backend !== 'wasm' && options.backend !== 'cpu') {
    throw new Error(`createDataParallel: backend must be 'wasm' or 'cpu', got ${JSON.stringify(options.backend)}`);
  }
  const registry: ReplicaRegistry = { ...options.replicas };
  checkReplicaRegistry(registry);
  const script = threads > 1 ? (options.workerScript ?? defaultWorkerScript()) : null;
  const slots: WorkerSlot[] = [];
  const stats: DataParallelStats = { calls: 0, parallelCalls: 0, sendMs: 0, mainMs: 0, waitMs: 0, combineMs: 0, workerMs: 0, workerApplyMs: 0, workerPackMs: 0, bytesSent: 0, bytesReceived: 0 };
  let failure: Error | null = null;
  let disposed = false;
  let nextId = 1;

  const terminateAll = () => {
    for (const s of slots) if (s.alive) void s.worker.terminate();
  };
  const fail = (err: Error) => {
    if (!failure) failure = err;
    for (const s of slots) {
      for (const p of s.pending.values()) p.reject(err);
      s.pending.clear();
    }
    terminateAll();
  };

  const startWorker = (index: number): WorkerSlot => {
    // Workers inherit the process's execArgv; --input-type (with `node -e`) is refused in a worker.
    const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'));
    const worker = new Worker(script!, { name: `ftheta-data-parallel-${index}`, execArgv });
    worker.unref();
    let onExit!: () => void;
    const slot: WorkerSlot = { index, worker, alive: true, exited: new Promise((r) => (onExit = r)), pending: new Map(), model: null, sync: new ParamSync() };
    worker.on('message', (reply: WorkerReply) => {
      const p = slot.pending.get(reply.id);
      if (!p) return;
      slot.pending.delete(reply.id);
      if (slot.pending.size === 0) worker.unref();
      if (reply.kind === 'result') p.resolve(reply);
      else p.reject(new Error(`data-parallel worker ${index}: ${reply.message}`));
    });
    worker.on('error', (err) => fail(new Error(`data-parallel worker ${index}: ${err.message}`)));
    worker.on('exit', (code) => {
      slot.alive = false;
      onExit();
      if (!disposed) fail(new Error(`data-parallel worker ${index} exited (code ${code})`));
    });
    return slot;
  };

  const request = (slot: WorkerSlot, req: ComputeRequest, transfer: ArrayBuffer[]): Promise<ComputeResult> =>
    new Promise<ComputeResult>((resolve, reject) => {
      slot.pending.set(req.id, { resolve, reject });
      slot.worker.ref(); // a pending request keeps the process alive until it settles
      slot.worker.postMessage(req, transfer);
    });

  const backendOf = (): string => {
    const main = tf.getBackend();
    if (options.backend !== undefined && options.backend !== main) {
      throw new Error(`data-parallel: backend is '${options.backend}' but the main thread runs '${main}' (start it with initBackend first)`);
    }
    return main;
  };

  const timed = (f: () => LossAndGrads): LossAndGrads => {
    const t0 = performance.now();
    try {
      return f();
    } finally {
      stats.mainMs += performance.now() - t0;
    }
  };

  async function compute(model: CausalLM, batch: Batch, lossFn: LossFn): Promise<LossAndGrads> {
    if (disposed) throw new Error('data-parallel: compute() after dispose()');
    if (failure) throw new Error(`data-parallel: the engine failed earlier and its workers were terminated: ${failure.message}`);
    stats.calls++;
    if (threads === 1) return timed(() => lossAndGrads(model, batch, lossFn));
    // Checked on every request, whatever the batch: a model or loss a worker cannot run is refused
    // even when this batch would not be split.
    const loss = builtinLossName(lossFn);
    if (!loss) {
      throw new Error(
        `data-parallel: lossFn ${lossFn.name ? `"${lossFn.name}"` : '(anonymous)'} cannot run in a worker thread; only the built-in losses can (${Object.keys(BUILTIN_LOSSES).join(', ')}: crossEntropy, maskedLmLoss)`,
      );
    }
    const replica = replicaSpec(model, registry);
    const backend = backendOf();
    const shards = shardRows(batch, threads);
    // One shard: nothing to split. None: the mask counts nothing; lossAndGrads throws crossEntropy's error.
    if (shards.length <= 1) return timed(() => lossAndGrads(model, shards[0]?.batch ?? batch, lossFn));
    const frozen = [...model.params.entries()].filter(([, v]) => !v.trainable).map(([n]) => n);

    const t0 = performance.now();
    while (slots.length < shards.length - 1) slots.push(startWorker(slots.length + 1));
    const packs = new Map<string, ParamPack>(); // key: the changed names, shared by workers that need the same
    const replies: Promise<ComputeResult>[] = [];
    for (let s = 1; s < shards.length; s++) {
      const slot = slots[s - 1];
      const init = slot.model !== model;
      if (init) slot.sync.reset();
      const names = slot.sync.changed(model);
      const key = names.join('\n');
      let pack = names.length > 0 ? packs.get(key) : undefined;
      if (names.length > 0 && !pack) {
        pack = packParams(model, names);
        packs.set(key, pack);
        stats.bytesSent += pack.data.byteLength;
      }
      const b = shards[s].batch;
      const req: ComputeRequest = { kind: 'compute', id: nextId++, backend, init: init ? replica : null, update: pack ?? null, frozen, loss, batch: b };
      const transfer = [b.inputs.buffer, b.targets.buffer, ...(b.mask ? [b.mask.buffer] : [])] as ArrayBuffer[];
      const reply = request(slot, req, transfer);
      reply.catch(() => {}); // handled below; never an unhandled rejection when the main shard throws first
      replies.push(reply);
      slot.sync.markSent(model, names);
      slot.model = model;
    }
    const t1 = performance.now();
    stats.sendMs += t1 - t0;

    let main: LossAndGrads;
    try {
      main = lossAndGrads(model, shards[0].batch, lossFn);
      if (main.auxLoss !== undefined) {
        disposeNamed(main.grads);
        throw new Error(
          `data-parallel: the model adds its own term to the training loss (auxLoss ${main.auxLoss}, e.g. MambaModel's stepPenalty), which a worker's replica does not; train it with threads: 1 or set that term to 0`,
        );
      }
    } catch (err) {
      fail(err instanceof Error ? err : new Error(String(err)));
      throw err;
    }
    const t2 = performance.now();
    stats.mainMs += t2 - t1;
    let results: ComputeResult[];
    try {
      results = await Promise.all(replies);
    } catch (err) {
      disposeNamed(main.grads);
      fail(err as Error);
      throw err;
    }
    const t3 = performance.now();
    stats.waitMs += t3 - t2;
    const parts: ShardPart[] = [
      { loss: main.loss, tokens: shards[0].tokens, grads: { kind: 'tensors', grads: main.grads } },
      ...results.map((r, i): ShardPart => {
        stats.workerMs += r.ms;
        stats.workerApplyMs += r.applyMs;
        stats.workerPackMs += r.packMs;
        stats.bytesReceived += r.grads.byteLength;
        return { loss: r.loss, tokens: shards[i + 1].tokens, grads: { kind: 'packed', names: r.names, data: r.grads } };
      }),
    ];
    try {
      return combineShards(parts);
    } finally {
      disposeNamed(main.grads);
      stats.combineMs += performance.now() - t3;
      stats.parallelCalls++;
    }
  }

  return {
    threads,
    get liveWorkers() {
      return slots.filter((s) => s.alive).length;
    },
    stats: () => ({ ...stats }),
    compute,
    async dispose() {
      disposed = true;
      for (const s of slots) {
        for (const p of s.pending.values()) p.reject(new Error('data-parallel: disposed while a request was in flight'));
        s.pending.clear();
      }
      terminateAll();
      await Promise.all(slots.map((s) => s.exited));
    },
  };
}
