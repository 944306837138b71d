/**
 * Budget forcing on a real (tiny) Transformer, trained here for a few hundred steps on two
 * synthetic traces: after "Q: 6x7?" it thinks "hm" and stops thinking (too early for a minimum);
 * after "R: 6x7?" it thinks "hmhmhmhmhmhm" (too long for a maximum) and writes the answer prefix.
 */
import { ensureGradients, initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTransformerConfig } from '../config';
import { generate } from '../generate/generate';
import { END_THINK, EOS, THINK, testTokenizer } from '../generate/testing/lookup-model';
import { initTransformer, type Transformer } from '../transformer';

const tok = testTokenizer();
const traces = [
  `Q: 6x7?${THINK}hm${END_THINK} 42${EOS}`,
  `R: 6x7?${THINK}hmhmhmhmhmhm${END_THINK}\nFinal answer: 42${EOS}`,
].map((t) => tok.encode(t, { allowedSpecial: 'all' }));
let model: Transformer;

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  ensureGradients();
  const config = parseTransformerConfig({ vocab_size: tok.vocabSize, n_positions: 64, n_embd: 32, n_layer: 2, n_head: 2 });
  model = initTransformer(config, { seed: 1 });
  const len = Math.max(...traces.map((t) => t.length));
  const eos = tok.specialTokens.get(EOS)!;
  const padded = traces.map((t) => [...t, ...Array(len - t.length).fill(eos)]);
  const x = tf.tensor2d(padded.map((t) => t.slice(0, -1)), undefined, 'int32');
  const y = tf.oneHot(tf.tensor2d(padded.map((t) => t.slice(1)), undefined, 'int32'), tok.vocabSize);
  const optimizer = tf.train.adam(0.01);
  const vars = [...model.params.entries()].map(([, v]) => v);
  let loss = Number.POSITIVE_INFINITY;
  for (let step = 0; step < 300 && loss > 0.01; step++) {
    const value = optimizer.minimize(() => {
      const out = model.forward(x);
      out.state.dispose();
      return tf.losses.softmaxCrossEntropy(y, out.logits) as tf.Scalar;
    }, true, vars);
    loss = (await value!.data())[0];
    value!.dispose();
  }
  x.dispose();
  y.dispose();
  optimizer.dispose();
  expect(loss).toBeLessThan(0.05);
}, 120_000);

describe('budget forcing on a tiny trained Transformer', () => {
  const thinking = { end: END_THINK };

  it('learned the traces: it stops thinking after 2 tokens, or after 12', async () => {
    const [short] = await generate(model, tok, `Q: 6x7?${THINK}`, { temperature: 0, thinking, maxNewTokens: 20 });
    expect(short.text).toBe(`hm${END_THINK} 42`);
    expect(short.thinking).toEqual({ tokens: 2, waits: 0, forcedEnd: false, ended: true });
    const [long] = await generate(model, tok, `R: 6x7?${THINK}`, { temperature: 0, thinking, maxNewTokens: 40 });
    expect(long.text).toBe(`hmhmhmhmhmhm${END_THINK}\nFinal answer: 42`);
  });

  it('a minimum budget appends "Wait" and is respected', async () => {
    const before = tf.memory().numTensors;
    const [r] = await generate(model, tok, `Q: 6x7?${THINK}`, { temperature: 0, thinking: { ...thinking, minTokens: 8 }, maxNewTokens: 40 });
    const section = r.text!.split(END_THINK)[0];
    expect(section.startsWith('hmWait')).toBe(true);
    expect(r.thinking!.waits).toBeGreaterThanOrEqual(1);
    expect(r.thinking!.tokens).toBeGreaterThanOrEqual(8);
    expect(section.length).toBe(r.thinking!.tokens); // one character per token
    // Observed: knocked off its trace by "Wait", this tiny model then answers inside the thinking
    // section ("hmWait: 42") and ends; it does not always close the section.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a maximum budget cuts the thinking and an answer follows', async () => {
    const [r] = await generate(model, tok, `R: 6x7?${THINK}`, { temperature: 0, thinking: { ...thinking, maxTokens: 3 }, maxNewTokens: 40 });
    expect(r.thinking).toEqual({ tokens: 3, waits: 0, forcedEnd: true, ended: true });
    expect(r.text!.startsWith(`hmh${END_THINK}\nFinal answer:`)).toBe(true);
    const answer = r.text!.slice(`hmh${END_THINK}\nFinal answer:`.length);
    expect(answer).toContain('42'); // observed: ": answer: 42" (the cut trace is off its training positions)
    expect(r.finishReason).toBe('eos');
  });
});
