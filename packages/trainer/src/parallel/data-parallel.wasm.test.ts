/** The worker starts the main thread's backend: on wasm, 2 threads give the single-thread gradient. */
import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { lossAndGrads } from '../loop/loss-and-grads';
import { sources, tinyModel } from '../loop/tiny-run.testing';
import { crossEntropy } from '../loss';
import { createDataParallel } from './data-parallel';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', onWarning: () => {} });
});

it('on wasm, the 2-thread gradient equals the single-thread one (within 1e-5 relative)', async () => {
  const engine = createDataParallel({ threads: 2, backend: 'wasm' });
  const m = tinyModel(2);
  const before = tf.memory().numTensors;
  try {
    const batch = sources(6, 8).train.next();
    const ref = lossAndGrads(m, batch, crossEntropy);
    const par = await engine.compute(m, batch, crossEntropy);
    expect(Math.abs(par.loss - ref.loss) / ref.loss).toBeLessThan(1e-5);
    for (const [name, g] of ref.grads) {
      const a = par.grads.get(name)!.dataSync();
      const b = g.dataSync();
      let diff = 0;
      let scale = 0;
      for (let i = 0; i < b.length; i++) {
        diff = Math.max(diff, Math.abs(a[i] - b[i]));
        scale = Math.max(scale, Math.abs(b[i]));
      }
      expect(diff / (scale || 1), name).toBeLessThan(1e-5);
    }
    tf.dispose([...ref.grads.values(), ...par.grads.values()]);
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.memory().numTensors).toBe(before);
  } finally {
    await engine.dispose();
    m.dispose();
  }
  expect(engine.liveWorkers).toBe(0);
});
