/**
 * Data-parallel Mamba (here, because the CLI depends on both @ftheta/trainer and @ftheta/ssm, which
 * do not depend on each other): with the CLI's replica registry, 2 threads give the single-thread
 * gradient of a tiny Mamba within 1e-6 on cpu; wrappers and a wrong factory are refused by name.
 */
import { initBackend } from '@ftheta/backend';
import { initMamba, MambaModel, parseMambaConfig } from '@ftheta/ssm';
import { type Batch, createDataParallel, crossEntropy, lossAndGrads, randomWindows } from '@ftheta/trainer/node';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliReplicaRegistry } from './replica-registry';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu', onWarning: () => {} });
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

const tinyMamba = () => initMamba(parseMambaConfig({ vocab_size: 16, hidden_size: 16, num_hidden_layers: 2, state_size: 4 }), { seed: 3 });
const batch = (rows: number): Batch => randomWindows(Uint16Array.from({ length: 400 }, (_, i) => (i * 7 + (i >> 3)) % 16), { batchSize: rows, seqLen: 12, seed: 1 }).next();

describe('data-parallel Mamba (cpu, 2 threads)', () => {
  it('equals the single-thread loss and gradient within 1e-6, resends only changed parameters, leaks nothing', async () => {
    const engine = createDataParallel({ threads: 2, backend: 'cpu', replicas: cliReplicaRegistry() });
    const m = tinyMamba();
    const before = tf.memory().numTensors;
    try {
      for (const b of [batch(4), batch(3)]) {
        const ref = lossAndGrads(m, b, crossEntropy);
        const par = await engine.compute(m, b, crossEntropy);
        expect(Math.abs(par.loss - ref.loss) / ref.loss).toBeLessThan(1e-6);
        expect([...par.grads.keys()].sort()).toEqual([...ref.grads.keys()].sort());
        expect(ref.grads.size).toBe(m.params.size);
        for (const [name, g] of ref.grads) expect(relErr(par.grads.get(name)!.dataSync(), g.dataSync()), name).toBeLessThan(1e-6);
        tf.dispose([...ref.grads.values(), ...par.grads.values()]);
      }
      const paramBytes = [...m.params.entries()].reduce((a, [, v]) => a + v.size * 4, 0);
      expect(engine.stats()).toMatchObject({ parallelCalls: 2, bytesSent: paramBytes });
      // An update reaches the replica: only the changed parameter travels, and the gradients still agree.
      const v = m.params.get('backbone.layers.0.mixer.in_proj.weight');
      const scaled = tf.tidy(() => tf.mul(v, 1.5));
      v.assign(scaled);
      scaled.dispose();
      const ref = lossAndGrads(m, batch(4), crossEntropy);
      const par = await engine.compute(m, batch(4), crossEntropy);
      expect(engine.stats().bytesSent).toBe(paramBytes + v.size * 4);
      for (const [name, g] of ref.grads) expect(relErr(par.grads.get(name)!.dataSync(), g.dataSync()), name).toBeLessThan(1e-6);
      tf.dispose([...ref.grads.values(), ...par.grads.values()]);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      await engine.dispose();
      m.dispose();
    }
    expect(engine.liveWorkers).toBe(0);
  });

  it('refuses an unregistered Mamba, a subclass, and reports a factory the module lacks', async () => {
    const m = tinyMamba();
    try {
      const bare = createDataParallel({ threads: 2 });
      await expect(bare.compute(m, batch(4), crossEntropy)).rejects.toThrow(/cannot replicate a model with config.model_type "mamba" in a worker thread \(supported: "gpt2"/);
      await bare.dispose();

      class Wrapped extends MambaModel {}
      const sub = new Wrapped(m.config, tinyMamba().params);
      const engine = createDataParallel({ threads: 2, replicas: cliReplicaRegistry() });
      await expect(engine.compute(sub, batch(4), crossEntropy)).rejects.toThrow(/cannot replicate a Wrapped in a worker thread: config.model_type "mamba" is supported only as a plain MambaModel/);
      expect(engine.liveWorkers).toBe(0);
      await engine.dispose();
      sub.dispose();

      const { module } = cliReplicaRegistry().mamba;
      const wrong = createDataParallel({ threads: 2, replicas: { mamba: { module, factory: 'noSuchFactory', className: 'MambaModel' } } });
      await expect(wrong.compute(m, batch(4), crossEntropy)).rejects.toThrow(/model_type "mamba": factory "noSuchFactory" of ".*": the module has no such function export \(undefined\)/);
      await wrong.dispose();
      expect(() => createDataParallel({ replicas: { mamba: { module, factory: '', className: 'MambaModel' } } })).toThrow(/replicas\.mamba\.factory must be a non-empty string, got ""/);
      expect(() => createDataParallel({ replicas: { gpt2: { module, factory: 'mambaReplica', className: 'MambaModel' } } })).toThrow(/replicas\.gpt2: model_type "gpt2" is built in/);
    } finally {
      m.dispose();
    }
  });
});
