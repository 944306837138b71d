import { initBackend } from '@ftheta/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { EOS, LookupModel, testTokenizer } from '../generate/testing/lookup-model';
import { selfConsistency } from './self-consistency';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

const tok = testTokenizer();
const V = tok.vocabSize;
const id = (s: string) => tok.tokenToId(s)!;

/** Answers one digit: '7' (p ~ 0.53), '3' (~0.32) or '5' (~0.15), then ends. */
const noisyAnswerer = new LookupModel(V, (ids) => {
  const l = new Float32Array(V).fill(-1e9);
  if (ids.length === 1) {
    l[id('7')] = Math.log(0.53);
    l[id('3')] = Math.log(0.32);
    l[id('5')] = Math.log(0.15);
  } else l[id(EOS)] = 0;
  return l;
});

describe('selfConsistency', () => {
  it('takes the majority over sampled answers, reproducibly', async () => {
    const opts = { samples: 25, seed: 11, extractAnswer: (t: string) => (/\d/.test(t) ? t : null) };
    const r = await selfConsistency(noisyAnswerer, tok, '?', opts);
    expect(r.answer).toBe('7');
    expect(r.samples.length).toBe(25);
    expect([...r.votes.values()].reduce((a, b) => a + b, 0)).toBe(25);
    expect(r.votes.size).toBeGreaterThan(1); // the samples differ
    const again = await selfConsistency(noisyAnswerer, tok, '?', opts);
    expect(again.samples.map((s) => s.answer)).toEqual(r.samples.map((s) => s.answer));
  });

  it('breaks ties by first appearance; samples without an answer do not vote', async () => {
    const answers = ['b', null, 'a', 'a', 'b'];
    let i = 0;
    const r = await selfConsistency(noisyAnswerer, tok, '?', { samples: 5, seed: 1, extractAnswer: () => answers[i++] });
    expect(r.answer).toBe('b');
    expect([...r.votes]).toEqual([['b', 2], ['a', 2]]);
    const none = await selfConsistency(noisyAnswerer, tok, '?', { samples: 2, seed: 1, extractAnswer: () => null });
    expect(none.answer).toBeNull();
  });

  it('validates samples and extractAnswer', async () => {
    await expect(selfConsistency(noisyAnswerer, tok, '?', { samples: 0, extractAnswer: () => null })).rejects.toThrow(/option samples must be an integer >= 1, got 0/);
    await expect(selfConsistency(noisyAnswerer, tok, '?', { samples: 2, extractAnswer: 'x' as never })).rejects.toThrow(/option extractAnswer must be a function/);
  });
});
