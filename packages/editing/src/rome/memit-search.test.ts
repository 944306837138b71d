/** MEMIT's batch search through its own update, on a tiny untrained model. */
import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { fillTemplate, relationOf } from '../facts/fact-base';
import { targetLogProbs } from '../model/target-scores';
import { snapshot, tinyFactModel } from '../testing/tiny-fact-model';
import { keyStatistics } from './key-statistics';
import { batchKeyMap, memitEdit } from './memit';
import { searchBatchResiduals } from './memit-search';
import { applyWeightDeltas } from './weight-edit';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

it('searching the batch through its update: every edit\'s final NLL is the edited model\'s own, in chunks or not; per edit alone it is not', () => {
  const { base, tokenizer, model, tokens } = tinyFactModel(6, 4);
  const r = relationOf(base, 'born_in');
  const requests = base.subjects.slice(0, 4).map((s, i) => ({ subject: s, prompt: fillTemplate(r.templates[0]!, s), target: r.objects[(i + 3) % r.objects.length]! }));
  const stats = new Map([0, 1].map((l) => [l, keyStatistics(model, tokens, { layer: l, positions: 600 })]));
  const before = snapshot(model);
  const start = tf.memory().numTensors;
  const options = { layers: [0, 1], mom2Weight: 2, contexts: ['', '\nKa plays the'], steps: 15, lr: 0.05, nllStop: 0, weightDecay: 0.01, clampNormFactor: 100 };
  const editedNll = (searchThrough: 'update' | 'subject', chunkRows?: number) => {
    const m = memitEdit(model, tokenizer, requests, stats, { ...options, searchThrough, ...(chunkRows ? { chunkRows } : {}) });
    expect(snapshot(model)).toEqual(before);
    const undo = applyWeightDeltas(model, m.deltas);
    const got = targetLogProbs(
      model,
      tokenizer,
      requests.flatMap((q) => options.contexts.map((context) => ({ prompt: q.prompt, target: q.target, context }))),
    ).mean;
    undo();
    const edited = requests.map((_, i) => -(got[2 * i]! + got[2 * i + 1]!) / 2); // mean over the two contexts
    return { m, edited };
  };

  const whole = editedNll('update');
  for (const [i, v] of whole.m.values.entries()) {
    expect(v.nllAfter).toBeLessThan(v.nllBefore);
    expect(Math.abs(whole.edited[i]! - v.nllAfter)).toBeLessThan(1e-5 * Math.max(1, v.nllAfter));
  }
  const wholeGap = Math.max(...whole.m.values.map((v, i) => Math.abs(whole.edited[i]! - v.nllAfter)));
  // Three rows per forward pass: the same search (gradients summed over the chunks).
  const chunked = editedNll('update', 3);
  for (const [i, v] of chunked.m.values.entries()) expect(v.nllAfter).toBeCloseTo(whole.m.values[i]!.nllAfter, 3);
  // Targets searched per edit at the subject alone: the joint update does not land where they did.
  const alone = editedNll('subject');
  const gap = Math.max(...alone.m.values.map((v, i) => Math.abs(alone.edited[i]! - v.nllAfter)));
  expect(gap).toBeGreaterThan(Math.max(10 * wholeGap, 1e-4));
  expect(tf.memory().numTensors).toBe(start);

  // Bad input names what is wrong.
  const A = batchKeyMap(stats.get(0)!, whole.m.inputs[0]!.K, 4, 2);
  expect(() => searchBatchResiduals(model, tokenizer, requests, [{ layer: 3, A }], [])).toThrow(/layer 3 is the model's last/);
  expect(() => searchBatchResiduals(model, tokenizer, requests, [{ layer: 0, A: A.slice(1) }], [])).toThrow(/map of layer 0 has/);
  expect(() => searchBatchResiduals(model, tokenizer, requests, [{ layer: 0, A }], [], { chunkRows: 0 })).toThrow(/chunkRows must be a positive integer, got 0/);
  model.dispose();
});
