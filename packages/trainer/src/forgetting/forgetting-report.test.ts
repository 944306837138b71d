import { initBackend } from '@ftheta/backend';
import { fromParamStore, type CausalLM } from '@ftheta/core-model';
import { beforeAll, expect, it } from 'vitest';
import { randomWindows, type Batch } from '../data';
import { crossEntropy } from '../loss';
import { evaluate } from '../loop/evaluate';
import { modelFromParams, tinyModel } from '../loop/tiny-run.testing';
import { train } from '../loop/train';
import { createLora } from '../lora';
import { forgettingReport, formatForgettingReport, heldOutLoss } from '.';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

/** A stream that mostly steps by `step` mod 16, with seeded noise: task A steps by 1, task B by 5. */
function stream(step: number, n: number, seed: number): Uint16Array {
  const out = new Uint16Array(n);
  let s = seed >>> 0;
  for (let i = 1; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s % 10 === 0 ? s % 16 : (out[i - 1]! + step) % 16;
  }
  return out;
}
const source = (step: number, seed: number) => randomWindows(stream(step, 3000, seed), { batchSize: 8, seqLen: 8, seed });
const batchesOf = (step: number, seed: number, n: number): Batch[] => {
  const s = source(step, seed);
  return Array.from({ length: n }, () => s.next());
};

it('full fine-tuning on task B forgets task A, a rank-1 LoRA forgets less; the report equals direct evaluation', async () => {
  const base = tinyModel(2);
  await train({ model: base, train: source(1, 1), steps: 60, lr: 1e-2, optimizer: { weightDecay: 0 } });
  const heldA = batchesOf(1, 99, 4);
  const heldB = batchesOf(5, 98, 4);

  const full = modelFromParams(fromParamStore(base.params));
  await train({ model: full, train: source(5, 3), steps: 30, lr: 1e-2, optimizer: { weightDecay: 0 } });
  const lora = createLora(base, { r: 1, alpha: 1, targetModules: ['c_attn'], seed: 4 });
  await train({ model: lora, train: source(5, 3), steps: 30, lr: 1e-2, optimizer: { weightDecay: 0 } });

  const fullReport = forgettingReport({ before: base, after: full, tasks: { 'task A': heldA, 'task B': heldB } });
  const loraReport = forgettingReport({ before: base, after: lora, tasks: { 'task A': heldA, 'task B': heldB } });
  console.log(`full fine-tuning\n${formatForgettingReport(fullReport)}\nLoRA r=1 on c_attn\n${formatForgettingReport(loraReport)}`);
  const [fullA, fullB] = fullReport.tasks;
  const [loraA] = loraReport.tasks;
  expect(fullA!.delta).toBeGreaterThan(0.5); // forgot task A
  expect(fullB!.delta).toBeLessThan(0); // learnt task B
  expect(loraA!.delta).toBeLessThan(fullA!.delta);

  // The numbers are the trainer's evaluate() on the same batches.
  const direct = (model: CausalLM, batches: Batch[]) => {
    let i = 0;
    return evaluate(model, { next: () => batches[i++]!, state: () => ({ kind: 'x' }), restore: () => undefined }, batches.length, crossEntropy);
  };
  expect(fullA!.lossBefore).toBe(direct(base, heldA).valLoss);
  expect(fullA!.lossAfter).toBe(direct(full, heldA).valLoss);
  expect(fullA!.pplAfter).toBe(Math.exp(fullA!.lossAfter));
  expect(loraA!.lossAfter).toBe(direct(lora, heldA).valLoss);

  // A source is evaluated from where it stands, with the same batches for both models, and left there.
  const src = source(1, 99);
  const state = JSON.stringify(src.state());
  const r = forgettingReport({ before: base, after: base, heldOut: src, batches: 4 });
  expect(r.tasks[0]).toMatchObject({ task: 'held-out', batches: 4, delta: 0 });
  expect(r.tasks[0]!.lossBefore).toBe(fullA!.lossBefore);
  expect(JSON.stringify(src.state())).toBe(state);
  // heldOutLoss is one column of the report, for one model, and leaves a source where it was too.
  expect(heldOutLoss(full, heldA).valLoss).toBe(fullA!.lossAfter);
  expect(heldOutLoss(base, src, { batches: 4 }).valLoss).toBe(fullA!.lossBefore);
  expect(JSON.stringify(src.state())).toBe(state);
  expect(() => heldOutLoss(base, [])).toThrow('heldOutLoss: the list of batches is empty');

  expect(() => forgettingReport({ before: base, after: full })).toThrow(/give heldOut/);
  expect(() => forgettingReport({ before: base, after: full, heldOut: [] })).toThrow(/"held-out" has an empty list/);
  expect(() => forgettingReport({ before: base, after: full, heldOut: src, batches: 0 })).toThrow(/batches must be a positive integer, got 0/);
  lora.dispose();
  full.dispose();
  base.dispose();
});
