import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { tinyFactModel } from '../testing/tiny-fact-model';
import { causalTrace } from './causal-trace';
import { formatTraceTable } from './format-trace';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

it('restoring the last layer at the last token gives back the clean probability; the table names every token and layer', () => {
  const { base, tokenizer, model } = tinyFactModel(5);
  const subject = base.subjects[1]!;
  const prompt = `The birthplace of ${subject} is`;
  const start = tf.memory().numTensors;
  const tr = causalTrace(model, tokenizer, prompt, subject, { samples: 4, noiseStd: 1 });
  expect(tf.memory().numTensors).toBe(start);
  const T = tr.tokens.length;
  expect(tr.tokens.join('')).toBe(`\n${prompt}`);
  expect(tr.rows).toEqual(['embed', '0', '1', '2']);
  expect(tr.scores.every((r) => r.length === T)).toBe(true);
  expect(tr.subject.end - tr.subject.start).toBeGreaterThan(0);
  // The last hidden state at the last token determines the prediction: restoring it is exact.
  expect(tr.scores[3]![T - 1]).toBeCloseTo(tr.clean, 5);
  // Tokens before the subject are not corrupted: restoring them changes nothing.
  expect(tr.scores[0]![0]).toBeCloseTo(tr.corrupted, 6);
  expect(tr.corrupted).not.toBeCloseTo(tr.clean, 6);

  const mlp = causalTrace(model, tokenizer, prompt, subject, { kind: 'mlp', samples: 2, target: relationObject(base) });
  expect(mlp.rows).toEqual(['0', '1', '2']);
  expect(mlp.answer.trim()).toBe(tokenizer.decode([mlp.answerId]).trim());
  const table = formatTraceTable(tr);
  expect(table).toContain('causal trace (hidden)');
  expect(table.split('\n')[1]).toMatch(/token\s+emb\s+L0\s+L1\s+L2/);
  expect(table).toContain(`*${JSON.stringify(tr.tokens[tr.subject.end - 1])}`);
  expect(() => causalTrace(model, tokenizer, prompt, subject, { kind: 'x' as never })).toThrow(/kind "x"/);
  model.dispose();
});

const relationObject = (base: ReturnType<typeof tinyFactModel>['base']) => base.relations[0]!.objects[0]!;
