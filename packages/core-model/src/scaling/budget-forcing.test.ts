import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../generate/generate';
import { END_THINK, EOS, LookupModel, THINK, prefer, testTokenizer } from '../generate/testing/lookup-model';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

const tok = testTokenizer();
const V = tok.vocabSize;
const id = (s: string) => tok.tokenToId(s)!;
const think = id(THINK);
const endThink = id(END_THINK);
const wait = tok.encode('Wait');

/**
 * A model that thinks "hm" and then wants to stop thinking (after `patience` thinking tokens
 * since the section opened or since the last "Wait"), then answers " 42" and ends.
 */
function impatientThinker(patience = 2, sampling = false): LookupModel {
  const answer = tok.encode(' 42');
  return new LookupModel(V, (ids) => {
    const open = ids.lastIndexOf(think);
    const close = ids.lastIndexOf(endThink);
    if (open >= 0 && close < open) {
      let since = ids.length - open - 1;
      for (let i = ids.length - wait.length; i > open; i--) {
        if (wait.every((w, k) => ids[i + k] === w)) {
          since = ids.length - i - wait.length;
          break;
        }
      }
      if (since >= patience) return prefer(V, endThink, sampling ? 3 : 10);
      return prefer(V, id(since % 2 === 0 ? 'h' : 'm'), sampling ? 3 : 10);
    }
    if (close < 0) return prefer(V, id('?'));
    for (let k = Math.min(answer.length, ids.length - close - 1); k > 0; k--) {
      if (answer.slice(0, k).every((a, j) => ids[ids.length - k + j] === a)) return prefer(V, k === answer.length ? id(EOS) : answer[k]);
    }
    return prefer(V, answer[0]);
  });
}

const thinking = { start: THINK, end: END_THINK };

describe('budget forcing (s1) on a model that wants to stop thinking early', () => {
  it('without a budget, the model stops thinking after 2 tokens', async () => {
    const [r] = await generate(impatientThinker(), tok, `Q: 6x7?${THINK}`, { temperature: 0, thinking });
    expect(r.text).toBe(`hm${END_THINK} 42`);
    expect(r.thinking).toEqual({ tokens: 2, waits: 0, forcedEnd: false, ended: true });
    expect(r.finishReason).toBe('eos');
  });

  it('with a minimum, "Wait" is appended instead of ending, until the minimum is met', async () => {
    const before = tf.memory().numTensors;
    const [r] = await generate(impatientThinker(), tok, `Q: 6x7?${THINK}`, { temperature: 0, thinking: { ...thinking, minTokens: 10 } });
    expect(r.text).toBe(`hmWaithmWaithm${END_THINK} 42`);
    expect(r.thinking).toEqual({ tokens: 14, waits: 2, forcedEnd: false, ended: true });
    const section = r.text!.slice(0, r.text!.indexOf(END_THINK));
    expect(section.length).toBeGreaterThanOrEqual(10);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('force-feeds the start marker when the prompt does not open the section', async () => {
    const [r] = await generate(impatientThinker(), tok, 'Q: 6x7?', { temperature: 0, thinking: { ...thinking, minTokens: 4 } });
    expect(r.text).toBe(`${THINK}hmWaithm${END_THINK} 42`);
    expect(r.thinking?.waits).toBe(1);
    expect(r.ids[0]).toBe(think);
  });

  it('with a maximum, thinking is cut and the answer prefix follows, then the answer', async () => {
    const [r] = await generate(impatientThinker(100), tok, `Q: 6x7?${THINK}`, { temperature: 0, thinking: { ...thinking, maxTokens: 5 } });
    expect(r.text).toBe(`hmhmh${END_THINK}\nFinal answer: 42`);
    expect(r.thinking).toEqual({ tokens: 5, waits: 0, forcedEnd: true, ended: true });
  });

  it('the maximum cuts a "Wait" in the middle; maxTokens 0 skips thinking', async () => {
    const [r] = await generate(impatientThinker(), tok, `Q${THINK}`, { temperature: 0, thinking: { ...thinking, minTokens: 4, maxTokens: 4 } });
    expect(r.text).toBe(`hmWa${END_THINK}\nFinal answer: 42`);
    expect(r.thinking).toEqual({ tokens: 4, waits: 1, forcedEnd: true, ended: true });
    const [z] = await generate(impatientThinker(), tok, 'Q', { temperature: 0, thinking: { ...thinking, maxTokens: 0, answerPrefix: ' a:' } });
    expect(z.text).toBe(`${THINK}${END_THINK} a: 42`);
  });

  it('forced tokens are marked in the stream', async () => {
    const forced: boolean[] = [];
    await generate(impatientThinker(), tok, `Q${THINK}`, { temperature: 0, thinking: { ...thinking, minTokens: 3 }, onToken: (e) => forced.push(e.forced) });
    // h m W a i t h m </think> ' ' 4 2 eos
    expect(forced.slice(0, 8)).toEqual([false, false, true, true, true, true, false, false]);
  });

  it('holds while sampling: every seed respects the minimum and the maximum', async () => {
    for (let seed = 0; seed < 8; seed++) {
      const [r] = await generate(impatientThinker(2, true), tok, `Q${THINK}`, { seed, thinking: { ...thinking, minTokens: 6, maxTokens: 12 }, maxNewTokens: 60 });
      expect(r.thinking!.tokens).toBeGreaterThanOrEqual(6);
      expect(r.thinking!.tokens).toBeLessThanOrEqual(12);
      expect(r.thinking!.ended).toBe(true);
    }
  });
});
