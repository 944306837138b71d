/** runTask's per-stage Mamba settings: the step-size penalty works in its stage only and is refused where it cannot apply. */
import { initBackend } from '@ftheta/backend';
import { inductionHeads } from '@ftheta/trainer';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { mambaOf, transformerOf } from './models';
import { runTask, type TaskAt, type TaskStage } from './task-run';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

const task: TaskAt = (length, batchSize, seed) => inductionHeads({ seqLen: length, vocabSize: 16, batchSize, seed });
const shape = { width: 16, transformerLayers: 1, heads: 2, vocab: 16, maxContext: 64, seed: 4 };
const base = { task, evalEvery: 100, target: 2, testLengths: [16], testRows: 4, testBatch: 4, seed: 5 };

/** Mean Δ of a model over one batch at length 16, read through the penalty itself (weight 1, training mode). */
function meanStep(model: { forward: (ids: tf.Tensor2D) => { logits: tf.Tensor; state: { dispose(): void }; auxLoss?: tf.Scalar }; stepPenalty: number; setTrainingStep(i: number | null): void }): number {
  const ids = tf.tensor2d(task(16, 4, 99).next().inputs, [4, 16], 'int32');
  model.stepPenalty = 1;
  model.setTrainingStep(0);
  const out = model.forward(ids);
  const v = out.auxLoss!.dataSync()[0]!;
  tf.dispose([ids, out.logits, out.auxLoss!]);
  out.state.dispose();
  model.setTrainingStep(null);
  model.stepPenalty = 0;
  return v;
}

it('a stage\'s stepPenalty presses Mamba\'s Δ down in that stage and is 0 after it; a Transformer trains with the stage\'s other fields', async () => {
  const start = tf.memory().numTensors;
  const stage = (stepPenalty: number): TaskStage[] => [{ length: 16, batchSize: 4, lr: 4e-2, maxSteps: 40, maxSeconds: 60, mamba: { stepPenalty } }];
  const plain = mambaOf(shape, { layers: 1 });
  const pressed = mambaOf(shape, { layers: 1 });
  const model = (m: typeof plain) => m.model as unknown as Parameters<typeof meanStep>[0];
  const before = meanStep(model(plain));
  expect(meanStep(model(pressed))).toBeCloseTo(before, 6); // the same init
  await runTask(plain.model, { ...base, stages: stage(0) });
  await runTask(pressed.model, { ...base, stages: stage(100) });
  expect(model(pressed).stepPenalty).toBe(0);
  expect(meanStep(model(pressed))).toBeLessThan(0.8 * meanStep(model(plain)));
  const tr = transformerOf(shape);
  const r = await runTask(tr.model, { ...base, stages: stage(100) });
  expect(r.steps).toBe(40);
  for (const m of [plain, pressed, tr]) m.model.dispose();
  expect(tf.memory().numTensors).toBe(start);
});

it('a Mamba stepPenalty on a model_type "mamba" model without one is refused, naming the stage', async () => {
  const tr = transformerOf(shape);
  const fake = { ...tr.model, config: { ...tr.model.config, model_type: 'mamba' }, forward: tr.model.forward.bind(tr.model), dispose: () => {} };
  await expect(runTask(fake, { ...base, stages: [{ length: 16, batchSize: 4, lr: 1e-3, maxSteps: 1, maxSeconds: 10, mamba: { stepPenalty: 1 } }] })).rejects.toThrow(/stage 1 sets a Mamba stepPenalty/);
  tr.model.dispose();
});
