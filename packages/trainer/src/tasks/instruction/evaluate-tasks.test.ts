import { initBackend } from '@ftheta/backend';
import { initTransformer, parseTransformerConfig } from '@ftheta/core-model';
import { ChatTemplate, CharTokenizer, DEFAULT_CHAT_MARKERS } from '@ftheta/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { evaluateTasks, formatTaskScore } from './evaluate-tasks';
import { instructionCorpus } from './instruction-corpus';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

it('asks every prompt greedily and counts exact answers per task, in task order', async () => {
  const corpus = instructionCorpus({ seed: 2, trainPerTask: 20, evalPerTask: 3 });
  const text = [...corpus.train, ...corpus.eval].map((e) => e.prompt + e.answer).join('');
  const tokenizer = CharTokenizer.fromText(text, { specialTokens: Object.values(DEFAULT_CHAT_MARKERS) });
  const template = new ChatTemplate(tokenizer);
  const config = parseTransformerConfig({ model_type: 'gpt2', vocab_size: tokenizer.vocabSize, n_positions: 48, n_embd: 16, n_layer: 1, n_head: 2 });
  const model = initTransformer(config, { seed: 1 });
  const start = tf.memory().numTensors;
  try {
    const examples = [...corpus.eval].reverse().filter((e) => e.task !== 'facts' || e.prompt.length % 2 === 0);
    const progress: number[] = [];
    const scores = await evaluateTasks(model, template, examples, { showPerTask: 100, onProgress: (done, total) => void progress.push(done, total) });
    expect(scores.map((s) => s.task)).toEqual(['addition', 'copy', 'reverse', 'facts']);
    expect(scores.reduce((n, s) => n + s.total, 0)).toBe(examples.length);
    for (const s of scores) {
      expect(s.examples).toHaveLength(s.total);
      expect(s.correct).toBe(s.examples.filter((e) => e.got === e.expected).length);
      expect(formatTaskScore(s)).toMatch(new RegExp(`^${s.task} ${s.correct}/${s.total} \\(\\d+%\\)$`));
    }
    expect(progress.slice(-2)).toEqual([examples.length, examples.length]);
    const few = await evaluateTasks(model, template, examples.filter((e) => e.task === 'copy'));
    expect(few.map((s) => [s.task, s.examples.length])).toEqual([['copy', 3]]);
    expect(tf.memory().numTensors).toBe(start);
  } finally {
    model.dispose();
  }
});

it('refuses a template whose tokenizer lacks the end marker', async () => {
  // Markers spelled as text: the tokenizer has no end token to stop at.
  const tokenizer = CharTokenizer.fromText(Object.values(DEFAULT_CHAT_MARKERS).join(''));
  const model = initTransformer(parseTransformerConfig({ model_type: 'gpt2', vocab_size: tokenizer.vocabSize, n_positions: 8, n_embd: 8, n_layer: 1, n_head: 1 }), { seed: 1 });
  try {
    await expect(evaluateTasks(model, new ChatTemplate(tokenizer, { markerEncoding: 'text' }), [])).rejects.toThrow(/lacks <\|end\|>/);
  } finally {
    model.dispose();
  }
});
