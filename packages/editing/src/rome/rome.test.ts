/** ROME and MEMIT bookkeeping on a tiny untrained model: what they write, where, and nothing else. */
import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fillTemplate, relationOf } from '../facts/fact-base';
import { activationsAtSubject } from '../model/activations';
import { targetLogProbs } from '../model/target-scores';
import { snapshot, tinyFactModel } from '../testing/tiny-fact-model';
import { keyStatistics } from './key-statistics';
import { memitEdit } from './memit';
import { romeEdit } from './rome';
import { targetValue } from './target-value';
import { applyWeightDeltas, mlpProjName } from './weight-edit';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('ROME', () => {
  it('writes v* for the prompt\'s key into one matrix; every other tensor is unchanged bit for bit; undo restores it', () => {
    const { base, tokenizer, model, tokens } = tinyFactModel(2);
    const start = tf.memory().numTensors;
    const before = snapshot(model);
    const subject = base.subjects[3]!;
    const r = relationOf(base, 'plays');
    const request = { subject, prompt: fillTemplate(r.templates[0]!, subject), target: 'harp' };
    const stats = keyStatistics(model, tokens, { layer: 1, positions: 600 });
    expect(stats.count).toBeGreaterThanOrEqual(600);
    const edit = romeEdit(model, tokenizer, request, stats, { layer: 1, contexts: ['', '\nKa plays the'], steps: 8, clampNormFactor: 100, weightDecay: 0, lr: 0.1 });
    expect(edit.value.nllAfter).toBeLessThan(edit.value.nllBefore);
    expect(edit.deltas.map((d) => d.name)).toEqual([mlpProjName(1)]);
    expect(snapshot(model)).toEqual(before); // computing changed nothing

    const undo = applyWeightDeltas(model, edit.deltas);
    const after = snapshot(model);
    for (const [name, values] of before) {
      if (name === mlpProjName(1)) expect(maxDiff(after.get(name)!, values)).toBeGreaterThan(0);
      else expect(after.get(name), name).toEqual(values);
    }
    // The prompt's MLP output at the subject's last token is now v*.
    const out = activationsAtSubject(model, tokenizer, [{ prompt: request.prompt, subject }], { kind: 'mlp', layer: 1 });
    expect(maxDiff(out, edit.value.value)).toBeLessThan(1e-4 * Math.max(1, ...Array.from(edit.value.value, Math.abs)));
    undo();
    expect(snapshot(model)).toEqual(before);
    expect(tf.memory().numTensors).toBe(start);
    model.dispose();
  });

  it('searching through the update: the search\'s final NLL is the edited model\'s own; at the subject alone it is not', () => {
    const { base, tokenizer, model, tokens } = tinyFactModel(5);
    const subject = base.subjects[2]!;
    const request = { subject, prompt: fillTemplate(relationOf(base, 'plays').templates[0]!, subject), target: 'harp' };
    const stats = keyStatistics(model, tokens, { layer: 0, positions: 600 });
    const start = tf.memory().numTensors;
    const editedNll = (searchThrough: 'update' | 'subject') => {
      const edit = romeEdit(model, tokenizer, request, stats, { layer: 0, contexts: [''], steps: 30, clampNormFactor: 100, weightDecay: 0, lr: 0.5, nllStop: 0, klFactor: 0, searchThrough });
      const undo = applyWeightDeltas(model, edit.deltas);
      const nll = -targetLogProbs(model, tokenizer, [{ prompt: request.prompt, target: request.target }]).mean[0]!;
      undo();
      return { search: edit.value.nllAfter, edited: nll, before: edit.value.nllBefore };
    };
    const through = editedNll('update');
    expect(through.search).toBeLessThan(through.before);
    const gap = Math.abs(through.edited - through.search);
    expect(gap).toBeLessThan(1e-5 * Math.max(1, through.search));
    // Searched at the subject alone, the update also moves the later tokens, which the search never saw.
    const atSubject = editedNll('subject');
    expect(Math.abs(atSubject.edited - atSubject.search)).toBeGreaterThan(Math.max(10 * gap, 1e-4));
    expect(tf.memory().numTensors).toBe(start);
    expect(() => targetValue(model, tokenizer, request, { kind: 'block', layer: 0 }, { update: { u: new Float32Array(4), kPrompt: new Float32Array(4) } })).toThrow(/must be an mlp point, got block/);
    model.dispose();
  });

  it('targetValue lowers the target NLL and keeps ‖δ‖ within the clamp', () => {
    const { base, tokenizer, model } = tinyFactModel(3);
    const subject = base.subjects[0]!;
    const request = { subject, prompt: `${subject} speaks`, target: relationOf(base, 'speaks').objects[2]! };
    const start = tf.memory().numTensors;
    const v = targetValue(model, tokenizer, request, { kind: 'block', layer: 1 }, { steps: 10, clampNormFactor: 0.5, weightDecay: 0, lr: 0.1, keep: [`${subject} plays the`] });
    const norm = (x: Float32Array) => Math.sqrt(x.reduce((s, y) => s + y * y, 0));
    const delta = Float32Array.from(v.value, (x, i) => x - v.initial[i]!);
    expect(norm(delta)).toBeLessThanOrEqual(0.5 * norm(v.initial) * 1.001 + 1e-3 * norm(v.initial));
    expect(v.nllAfter).toBeLessThan(v.nllBefore);
    expect(tf.memory().numTensors).toBe(start);
    expect(() => targetValue(model, tokenizer, request, { kind: 'mlp', layer: 2 })).toThrow(/layer 2 is the model's last/);
    model.dispose();
  });
});

describe('MEMIT', () => {
  it('spreads a batch over its layers: one delta per layer, the model left as it was until applied', () => {
    const { base, tokenizer, model, tokens } = tinyFactModel(4);
    const stats = new Map([0, 1].map((l) => [l, keyStatistics(model, tokens, { layer: l, positions: 600 })]));
    const before = snapshot(model);
    const start = tf.memory().numTensors;
    const r = relationOf(base, 'born_in');
    const requests = base.subjects.slice(0, 4).map((s, i) => ({ subject: s, prompt: fillTemplate(r.templates[0]!, s), target: r.objects[i]! }));
    const m = memitEdit(model, tokenizer, requests, stats, { layers: [0, 1], steps: 6, mom2Weight: 1 });
    expect(m.deltas.map((d) => d.name)).toEqual([mlpProjName(0), mlpProjName(1)]);
    expect(m.values).toHaveLength(4);
    expect(snapshot(model)).toEqual(before);
    expect(tf.memory().numTensors).toBe(start);
    const undo = applyWeightDeltas(model, m.deltas);
    const changed = [...snapshot(model)].filter(([n, v]) => maxDiff(v, before.get(n)!) > 0).map(([n]) => n);
    expect(changed.sort()).toEqual([mlpProjName(0), mlpProjName(1)]);
    undo();
    expect(() => memitEdit(model, tokenizer, requests, stats, { layers: [1, 0] })).toThrow(/ascending/);
    expect(() => memitEdit(model, tokenizer, requests, stats, { layers: [2] })).toThrow(/no key statistics for layer 2/);
    model.dispose();
  });
});
