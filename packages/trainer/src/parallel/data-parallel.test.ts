/**
 * Data-parallel gradients over worker threads on the cpu backend: the combined gradient equals the
 * single-thread one, train() gives the same losses and resumes bit for bit, nothing leaks, workers
 * exit, and what cannot run in a worker is refused by name. The workers run the built
 * dist/parallel-worker.js (turbo builds the package before its tests).
 */
import { initBackend } from '@ftheta/backend';
import type { CausalLM } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Batch, maskedLmSource } from '../data';
import { crossEntropy, maskedLmLoss } from '../loss';
import { loadTrainingCheckpoint, saveTrainingCheckpoint } from '../loop/node-files';
import { lossAndGrads } from '../loop/loss-and-grads';
import { modelFromParams, sources, tinyModel } from '../loop/tiny-run.testing';
import { train } from '../loop/train';
import type { StepInfo, TrainOptions } from '../loop/train-options';
import { createLora } from '../lora';
import { warmupCosine } from '../optim';
import { createDataParallel } from './data-parallel';
import { defaultWorkerScript } from './worker-script';

let dir: string;
beforeAll(async () => {
  await initBackend({ prefer: 'cpu', onWarning: () => {} });
  dir = await mkdtemp(path.join(tmpdir(), 'ftheta-parallel-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** max |a - b| / max |b| over one tensor. */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / (scale || 1);
}

function sftBatch(): Batch {
  const b = sources(4, 8).train.next();
  // rows 0-1 (shard 0) count 11 targets, rows 2-3 (shard 1) count 4: unequal weights.
  const mask = new Float32Array(32);
  for (let i = 0; i < 11; i++) mask[5 + i] = 1;
  for (let i = 0; i < 4; i++) mask[20 + i] = 1;
  return { ...b, mask };
}

describe('createDataParallel on cpu (2 threads)', () => {
  it('combines shard gradients into the full-batch gradient (within 1e-6), masked and odd batches too', async () => {
    const engine = createDataParallel({ threads: 2, backend: 'cpu' });
    const m = tinyModel(3);
    const before = tf.memory().numTensors;
    try {
      const plain = sources(4, 8).train.next();
      const odd = sources(3, 8).train.next();
      for (const batch of [plain, sftBatch(), odd]) {
        const ref = lossAndGrads(m, batch, crossEntropy);
        const par = await engine.compute(m, batch, crossEntropy);
        expect(Math.abs(par.loss - ref.loss) / ref.loss).toBeLessThan(1e-6);
        expect([...par.grads.keys()].sort()).toEqual([...ref.grads.keys()].sort());
        for (const [name, g] of ref.grads) expect(relErr(par.grads.get(name)!.dataSync(), g.dataSync()), name).toBeLessThan(1e-6);
        tf.dispose([...ref.grads.values(), ...par.grads.values()]);
      }
      // The encoder's masked-LM loss runs in workers too (by its built-in name).
      const mlm = maskedLmSource(sources(4, 8).train, { maskId: 15, maskProb: 0.3, vocabSize: 16, seed: 5 }).next();
      const refMlm = lossAndGrads(m, mlm, maskedLmLoss);
      const parMlm = await engine.compute(m, mlm, maskedLmLoss);
      expect(Math.abs(parMlm.loss - refMlm.loss) / refMlm.loss).toBeLessThan(1e-6);
      for (const [name, g] of refMlm.grads) expect(relErr(parMlm.grads.get(name)!.dataSync(), g.dataSync()), name).toBeLessThan(1e-6);
      tf.dispose([...refMlm.grads.values(), ...parMlm.grads.values()]);
      expect(engine.stats().parallelCalls).toBe(4);
      // The parameters went to the worker once: nothing changed between these calls.
      const paramBytes = [...m.params.entries()].reduce((a, [, v]) => a + v.size * 4, 0);
      expect(engine.stats().bytesSent).toBe(paramBytes);
      // After an update, only the changed parameter is resent, and the worker uses it.
      const name = 'transformer.h.0.mlp.c_fc.weight';
      const v = m.params.get(name);
      const scaled = tf.tidy(() => tf.mul(v, 1.5));
      v.assign(scaled);
      scaled.dispose();
      const ref = lossAndGrads(m, plain, crossEntropy);
      const par = await engine.compute(m, plain, crossEntropy);
      expect(engine.stats().bytesSent).toBe(paramBytes + v.size * 4);
      for (const [n, g] of ref.grads) expect(relErr(par.grads.get(n)!.dataSync(), g.dataSync()), n).toBeLessThan(1e-6);
      tf.dispose([...ref.grads.values(), ...par.grads.values()]);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      await engine.dispose();
      m.dispose();
    }
    expect(engine.liveWorkers).toBe(0);
  });

  const schedule = warmupCosine({ lr: 1e-2, minLr: 1e-3, warmupSteps: 2, decaySteps: 8 });
  const common = { steps: 8, lr: schedule, accumulate: 2, clipNorm: 0.5, evalEvery: 2, evalBatches: 2 } satisfies Partial<TrainOptions>;
  const paramsOf = (m: { params: { entries(): IterableIterator<[string, tf.Variable]> } }) =>
    new Map([...m.params.entries()].map(([n, v]) => [n, Array.from(v.dataSync())]));
  const losses = (h: StepInfo[]) => h.map((s) => [s.step, s.loss, s.lr, s.gradNorm]);

  it('train() gives the single-thread loss curve (1e-4) and resumes bit for bit, without leaking tensors', async () => {
    const engine = createDataParallel({ threads: 2 });
    const before = tf.memory().numTensors;
    try {
      const single = tinyModel();
      const rs = await train({ model: single, ...sources(), ...common });
      const a = tinyModel();
      const ra = await train({ model: a, ...sources(), ...common, gradients: engine });
      expect(ra.reason).toBe('done');
      expect(ra.history).toHaveLength(8);
      for (const [i, s] of ra.history.entries()) expect(Math.abs(s.loss - rs.history[i].loss), `step ${s.step}`).toBeLessThan(1e-4);
      // 8 steps × 2 micro-batches; parameters resent once per step (not per micro-batch).
      expect(engine.stats().parallelCalls).toBe(16);
      const paramBytes = [...a.params.entries()].reduce((acc, [, v]) => acc + v.size * 4, 0);
      expect(engine.stats().bytesSent).toBe(8 * paramBytes);
      single.dispose();

      const ckDir = path.join(dir, 'resume');
      const controller = new AbortController();
      const b = tinyModel();
      const rb = await train({
        model: b,
        ...sources(),
        ...common,
        gradients: engine,
        signal: controller.signal,
        checkpoint: { every: 100, save: (s) => saveTrainingCheckpoint(ckDir, s) },
        callbacks: { onStep: ({ step }) => void (step === 3 && controller.abort()) },
      });
      expect(rb.reason).toBe('aborted');
      b.dispose();
      const loaded = await loadTrainingCheckpoint(ckDir);
      const c = modelFromParams(loaded.params);
      const rc = await train({ model: c, ...sources(), ...common, gradients: engine, resume: loaded.state });
      expect(rc.reason).toBe('done');
      expect([...losses(rb.history), ...losses(rc.history)]).toEqual(losses(ra.history));
      expect([...rb.evals, ...rc.evals]).toEqual(ra.evals);
      expect(paramsOf(c)).toEqual(paramsOf(a)); // bit for bit
      a.dispose();
      c.dispose();
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      await engine.dispose();
    }
    expect(engine.liveWorkers).toBe(0);
  });

  it('refuses what a worker cannot replicate, naming it', async () => {
    const engine = createDataParallel({ threads: 2 });
    const base = tinyModel();
    const batch = sources(4, 8).train.next();
    try {
      const lora = createLora(base, { r: 2, alpha: 4, targetModules: ['c_fc'] });
      await expect(engine.compute(lora, batch, crossEntropy)).rejects.toThrow(/cannot replicate a LoraModel/);
      const oneRow = { ...batch, inputs: batch.inputs.slice(0, 8), targets: batch.targets.slice(0, 8), batchSize: 1 };
      await expect(engine.compute(lora, oneRow, crossEntropy)).rejects.toThrow(/cannot replicate a LoraModel/); // even unsplit
      await expect(engine.compute(base, { ...batch, mask: new Float32Array(32) }, crossEntropy)).rejects.toThrow(/mask sums to 0/);
      const mamba: CausalLM = { config: { ...base.config, model_type: 'mamba' }, params: base.params, maxContext: null, forward: (ids) => base.forward(ids), dispose: () => {} };
      await expect(engine.compute(mamba, batch, crossEntropy)).rejects.toThrow(/config.model_type "mamba"/);
      // A registered type is replicated only as a plain instance of its class, through its module's factory.
      const missing = new URL('file:///nonexistent/ftheta-replica.js').href;
      const registered = createDataParallel({ threads: 2, replicas: { mamba: { module: missing, factory: 'fakeReplica', className: 'FakeMamba' } } });
      await expect(registered.compute(mamba, batch, crossEntropy)).rejects.toThrow(/cannot replicate a Object in a worker thread: config.model_type "mamba" is supported only as a plain FakeMamba/);
      class FakeMamba {
        readonly config = mamba.config;
        readonly params = base.params;
        readonly maxContext = null;
        forward(ids: tf.Tensor2D) {
          return base.forward(ids);
        }
        dispose() {}
      }
      await expect(registered.compute(new FakeMamba(), batch, crossEntropy)).rejects.toThrow(
        /^data-parallel worker 1: model_type "mamba": factory "fakeReplica" of "file:\/\/\/nonexistent\/ftheta-replica.js": cannot import the module/,
      );
      await registered.dispose();
      expect(() => createDataParallel({ replicas: { mamba: { module: missing, factory: 'f', className: '' } } })).toThrow(/replicas\.mamba\.className must be a non-empty string, got ""/);
      const custom = (l: tf.Tensor3D, t: tf.Tensor2D, mk?: tf.Tensor2D) => crossEntropy(l, t, mk);
      await expect(engine.compute(base, batch, custom)).rejects.toThrow(/lossFn "custom" cannot run in a worker thread/);
      await expect(train({ model: base, ...sources(), steps: 1, lr: 1e-3, lossFn: custom, gradients: engine })).rejects.toThrow(/only the built-in losses can \(cross-entropy, masked-lm/);
      expect(() => createDataParallel({ threads: 0 })).toThrow(/threads must be a positive integer, got 0/);
      const wasm = createDataParallel({ threads: 2, backend: 'wasm' });
      await expect(wasm.compute(base, batch, crossEntropy)).rejects.toThrow(/backend is 'wasm' but the main thread runs 'cpu'/);
      await wasm.dispose();
      expect(engine.liveWorkers).toBe(0); // nothing was started for refused requests
    } finally {
      await engine.dispose();
      base.dispose();
    }
  });

  it('a worker error rejects with its message and terminates the workers', async () => {
    // Stand-in worker scripts: one whose request fails (an error reply), one that throws (an 'error' event).
    const replies = path.join(dir, 'replies-error.mjs');
    const throws = path.join(dir, 'throws.mjs');
    await writeFile(replies, `import { parentPort } from 'node:worker_threads';
      parentPort.on('message', (req) => parentPort.postMessage({ kind: 'error', id: req.id, message: 'replica exploded' }));`);
    await writeFile(throws, `import { parentPort } from 'node:worker_threads';
      parentPort.on('message', () => { throw new Error('uncaught in worker'); });`);
    const m = tinyModel();
    const before = tf.memory().numTensors;
    const batch = sources(4, 8).train.next();
    for (const [script, message] of [
      [replies, /^data-parallel worker 1: replica exploded$/],
      [throws, /^data-parallel worker 1: uncaught in worker$/],
    ] as const) {
      const engine = createDataParallel({ threads: 2, workerScript: script });
      await expect(engine.compute(m, batch, crossEntropy)).rejects.toThrow(message);
      await expect(engine.compute(m, batch, crossEntropy)).rejects.toThrow(/failed earlier/);
      await engine.dispose();
      expect(engine.liveWorkers).toBe(0);
    }
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });

  it('idle workers do not keep the process alive (a script that never disposes exits)', async () => {
    const node = path.join(path.dirname(defaultWorkerScript()), 'node.js');
    const script = `
      import { initBackend } from '@ftheta/backend';
      import { createDataParallel, crossEntropy, randomWindows } from ${JSON.stringify(node)};
      import { initTransformer, parseTransformerConfig } from '@ftheta/core-model';
      await initBackend({ prefer: 'cpu', onWarning: () => {} });
      const model = initTransformer(parseTransformerConfig({ model_type: 'gpt2', vocab_size: 16, n_positions: 8, n_embd: 8, n_layer: 1, n_head: 2 }), { seed: 1 });
      const tokens = Uint16Array.from({ length: 200 }, (_, i) => i % 16);
      const engine = createDataParallel({ threads: 2 });
      const r = await engine.compute(model, randomWindows(tokens, { batchSize: 4, seqLen: 8, seed: 1 }).next(), crossEntropy);
      console.log(JSON.stringify({ loss: r.loss, live: engine.liveWorkers }));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: path.dirname(path.dirname(node)),
      timeout: 60_000,
    });
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(out.live).toBe(1);
    expect(Number.isFinite(out.loss)).toBe(true);
  });
});
