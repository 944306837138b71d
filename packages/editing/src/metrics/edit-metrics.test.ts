/** scoreCase on an untrained tiny model: a batch's own facts leave the neighbourhood, nothing else does. */
import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { targetLogProbs } from '../model/target-scores';
import { tinyFactModel } from '../testing/tiny-fact-model';
import { editCases } from './edit-cases';
import { scoreCase } from './edit-metrics';
import { factKey } from './fact-recall';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

describe('scoreCase', () => {
  it('leaves neighbours whose fact of the same relation is in editedFacts out of the neighbourhood', () => {
    const { base, tokenizer, model } = tinyFactModel(6);
    const start = tf.memory().numTensors;
    const c = editCases(base, { count: 1, seed: 3 })[0]!;
    expect(c.neighbors.length).toBeGreaterThanOrEqual(3);
    // Which neighbours prefer their own answer to the new target on this (untrained) model.
    const lp = targetLogProbs(model, tokenizer, c.neighbors.flatMap((n) => [{ prompt: n.prompt, target: n.answer }, { prompt: n.prompt, target: c.request.target }])).mean;
    const keeps = c.neighbors.map((_, i) => lp[2 * i]! > lp[2 * i + 1]!);
    const share = (ks: boolean[]) => (ks.length ? ks.filter(Boolean).length / ks.length : 1);

    const all = scoreCase(model, tokenizer, c, base);
    expect(all.neighborhood).toBeCloseTo(share(keeps), 12);
    expect(share(keeps.slice(1))).not.toBeCloseTo(share(keeps), 6); // so leaving it out shows
    // Leave out the first neighbour's fact: the share is over the others.
    const first = c.neighbors[0]!;
    const without = scoreCase(model, tokenizer, c, base, { editedFacts: new Set([factKey(first.subject, c.relation)]) });
    expect(without.neighborhood).toBeCloseTo(share(keeps.slice(1)), 12);
    // A fact of another relation of that neighbour is no reason to leave it out.
    const other = base.relations.find((r) => r.id !== c.relation)!.id;
    expect(scoreCase(model, tokenizer, c, base, { editedFacts: new Set([factKey(first.subject, other)]) }).neighborhood).toBeCloseTo(share(keeps), 12);
    // The other scores do not depend on it.
    expect({ ...without, neighborhood: 0 }).toEqual({ ...all, neighborhood: 0 });
    expect(tf.memory().numTensors).toBe(start);
    model.dispose();
  });
});
