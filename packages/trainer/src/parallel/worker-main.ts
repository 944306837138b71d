/**
 * The data-parallel worker thread (built to dist/parallel-worker.js): holds a replica of the model,
 * applies parameter updates and computes one shard's loss and gradients per request with the loop's
 * {@link lossAndGrads} and the request's built-in loss, on the same tfjs backend as the main thread.
 */
import { initBackend } from '@ftheta/backend';
import { type CausalLM, type HostTensor, ParamStore, Transformer } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { parentPort } from 'node:worker_threads';
import { BUILTIN_LOSSES } from '../loss';
import { lossAndGrads } from '../loop/loss-and-grads';
import { unpackParams } from './param-sync';
import type { ComputeRequest, ComputeResult, FactoryReplica, ParamPack, ReplicaSpec } from './protocol';

let model: CausalLM | null = null;
let backend: string | null = null;

async function rebuild(replica: ReplicaSpec, pack: ParamPack | null, wanted: string): Promise<CausalLM> {
  if (backend !== wanted) {
    await initBackend({ prefer: wanted as 'wasm' | 'cpu', onWarning: () => {} });
    if (tf.getBackend() !== wanted) throw new Error(`worker started backend "${tf.getBackend()}", the main thread runs "${wanted}"`);
    backend = wanted;
  }
  if (!pack) throw new Error('a replica needs every parameter with its first request (update was null)');
  model?.dispose();
  model = null;
  const views = unpackParams(pack);
  if (replica.kind === 'factory') return fromFactory(replica, pack, views);
  const store = new ParamStore(pack.names.map((name, i) => [name, tf.tensor(views[i], pack.shapes[i], 'float32')]));
  try {
    return new Transformer(replica.config, store, { onContextOverflow: replica.onContextOverflow });
  } catch (err) {
    store.dispose();
    throw err;
  }
}

/** A registered model type: imports its module and calls the factory; the result must be a plain instance of its class over exactly these parameters. */
async function fromFactory(replica: FactoryReplica, pack: ParamPack, views: Float32Array[]): Promise<CausalLM> {
  const what = `model_type ${JSON.stringify(replica.modelType)}: factory ${JSON.stringify(replica.factory)} of ${JSON.stringify(replica.module)}`;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(replica.module)) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${what}: cannot import the module (${(err as Error).message})`);
  }
  const factory = mod[replica.factory];
  if (typeof factory !== 'function') throw new Error(`${what}: the module has no such function export (${typeof factory})`);
  const params = new Map<string, HostTensor>(pack.names.map((name, i) => [name, { data: views[i], shape: pack.shapes[i] }]));
  const built = (factory as (c: Record<string, unknown>, p: ReadonlyMap<string, HostTensor>) => CausalLM)(replica.config, params);
  const name = (built as object | null)?.constructor?.name;
  if (name !== replica.className) {
    (built as CausalLM | null)?.dispose?.();
    throw new Error(`${what}: returned a ${name ?? typeof built}, expected a plain ${replica.className}`);
  }
  const names = [...built.params.names].sort();
  const sent = [...pack.names].sort();
  if (names.join('\n') !== sent.join('\n')) {
    built.dispose();
    throw new Error(`${what}: the replica's parameters [${names.join(', ')}] differ from the main thread's [${sent.join(', ')}]`);
  }
  return built;
}

function apply(m: CausalLM, pack: ParamPack): void {
  const views = unpackParams(pack);
  // ParamStore.set assigns into the existing variable and checks the shape.
  for (const [i, name] of pack.names.entries()) m.params.set(name, tf.tensor(views[i], pack.shapes[i], 'float32'));
}

async function compute(req: ComputeRequest): Promise<{ result: ComputeResult; transfer: ArrayBuffer[] }> {
  const t0 = performance.now();
  if (req.init) model = await rebuild(req.init, req.update, req.backend);
  else if (!model) throw new Error('no replica: the first request must carry init');
  else if (req.update) apply(model, req.update);
  const t1 = performance.now();
  const frozen = new Set(req.frozen);
  for (const [name, v] of model.params.entries()) v.trainable = !frozen.has(name);
  const { loss, grads } = lossAndGrads(model, req.batch, BUILTIN_LOSSES[req.loss]);
  const t2 = performance.now();
  const names = [...grads.keys()];
  const total = names.reduce((a, n) => a + grads.get(n)!.size, 0);
  const packed = new Float32Array(total);
  let offset = 0;
  try {
    for (const n of names) {
      const g = grads.get(n)!;
      packed.set(g.dataSync() as Float32Array, offset);
      offset += g.size;
    }
  } finally {
    tf.dispose([...grads.values()]);
  }
  const t3 = performance.now();
  return { result: { kind: 'result', id: req.id, loss, names, grads: packed, ms: t3 - t0, applyMs: t1 - t0, packMs: t3 - t2 }, transfer: [packed.buffer] };
}

const port = parentPort;
if (!port) throw new Error('@ftheta/trainer parallel-worker: must run as a worker_threads Worker (created by createDataParallel)');
let queue: Promise<void> = Promise.resolve();
port.on('message', (req: ComputeRequest) => {
  queue = queue.then(async () => {
    try {
      const { result, transfer } = await compute(req);
      port.postMessage(result, transfer);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      port.postMessage({ kind: 'error', id: req.id, message: e.message, stack: e.stack });
    }
  });
});
