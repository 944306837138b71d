import { CharTokenizer, ChatTemplate, DEFAULT_CHAT_MARKERS } from '@ftheta/tokenizer';
import { describe, expect, it } from 'vitest';
import type { BatchSource } from './batch';
import { mixture } from './mixture';
import { packedSequences } from './packed-sequences';
import { randomWindows } from './random-windows';
import { sftExamples } from './sft-examples';

const tokens = Uint16Array.from({ length: 1000 }, (_, i) => i % 500);

/** Draws n batches, checks that a JSON round trip of the state at k resumes identically. */
function expectResume(make: () => BatchSource, k = 3, n = 8): void {
  const a = make();
  const all = Array.from({ length: n }, () => a.next());
  const b = make();
  for (let i = 0; i < k; i++) b.next();
  const saved = JSON.parse(JSON.stringify(b.state()));
  const c = make();
  c.restore(saved);
  for (let i = k; i < n; i++) expect(c.next()).toEqual(all[i]);
}

describe('randomWindows', () => {
  it('windows are in range and targets are the inputs shifted by one', () => {
    const src = randomWindows(tokens, { batchSize: 4, seqLen: 16, seed: 1 });
    for (let s = 0; s < 50; s++) {
      const { inputs, targets, mask, batchSize, seqLen } = src.next();
      expect([batchSize, seqLen, inputs.length, mask]).toEqual([4, 16, 64, null]);
      for (let b = 0; b < 4; b++) {
        const start = inputs[b * 16]!;
        // tokens[i] = i % 500 and windows are < 500 long: a window is consecutive mod 500.
        for (let t = 0; t < 16; t++) {
          expect(inputs[b * 16 + t]).toBe((start + t) % 500);
          expect(targets[b * 16 + t]).toBe((start + t + 1) % 500);
        }
      }
    }
  });

  it('same seed, same batches; other seed, other batches', () => {
    const a = randomWindows(tokens, { batchSize: 2, seqLen: 8, seed: 7 });
    const b = randomWindows(tokens, { batchSize: 2, seqLen: 8, seed: 7 });
    const c = randomWindows(tokens, { batchSize: 2, seqLen: 8, seed: 8 });
    const x = a.next();
    expect(b.next()).toEqual(x);
    expect(c.next()).not.toEqual(x);
  });

  it('resumes bit for bit and rejects a state of other data', () => {
    expectResume(() => randomWindows(tokens, { batchSize: 3, seqLen: 10, seed: 3 }));
    const state = randomWindows(tokens, { batchSize: 3, seqLen: 10, seed: 3 }).state();
    expect(() => randomWindows(tokens, { batchSize: 3, seqLen: 11, seed: 3 }).restore(state)).toThrow(/state.seqLen is 10/);
  });

  it('names bad options', () => {
    expect(() => randomWindows(tokens, { batchSize: 0, seqLen: 8, seed: 1 })).toThrow(/batchSize must be a positive integer, got 0/);
    expect(() => randomWindows(tokens, { batchSize: 1, seqLen: 1000, seed: 1 })).toThrow(/seqLen 1000 needs at least 1001/);
  });
});

describe('packedSequences', () => {
  const docs = [Uint16Array.of(1, 2, 3), Uint16Array.of(4, 5), Uint16Array.of(6, 7, 8, 9)];
  it('concatenates with the end token and covers every window once per epoch', () => {
    // stream 1 2 3 0 4 5 0 6 7 8 9 0 (12 tokens), seqLen 2: windows floor(11/2) = 5.
    const src = packedSequences(docs, { seqLen: 2, batchSize: 5, seed: 1, eosId: 0 });
    const stream = [1, 2, 3, 0, 4, 5, 0, 6, 7, 8, 9, 0];
    const { inputs, targets } = src.next();
    const starts = [];
    for (let b = 0; b < 5; b++) {
      const i = stream.indexOf(inputs[b * 2]!) === -1 ? -1 : [0, 2, 4, 6, 8].find((k) => stream[k] === inputs[b * 2] && stream[k + 1] === inputs[b * 2 + 1])!;
      starts.push(i);
      expect([targets[b * 2], targets[b * 2 + 1]]).toEqual([stream[i + 1], stream[i + 2]]);
    }
    expect(starts.sort()).toEqual([0, 2, 4, 6, 8]);
  });

  it('resumes across epochs', () => {
    expectResume(() => packedSequences(docs, { seqLen: 2, batchSize: 2, seed: 5, eosId: 0 }), 4, 12);
  });
});

describe('sftExamples', () => {
  const markers = Object.values(DEFAULT_CHAT_MARKERS);
  const tok = CharTokenizer.fromText('abcdefghijklmnopqrstuvwxyz ?!.', { specialTokens: markers });
  const template = new ChatTemplate(tok);
  const pairs = [
    { prompt: 'what is up?', response: 'the sky.' },
    { prompt: 'hi', response: 'hello!', system: 'be kind' },
    { prompt: 'count', response: 'one two three' },
  ];

  it('masks exactly the response tokens and the end marker', () => {
    const src = sftExamples(pairs, template, { seqLen: 48, batchSize: 3, seed: 2 });
    const { inputs, targets, mask } = src.next();
    const seen = new Set<string>();
    for (let b = 0; b < 3; b++) {
      const row = (a: ArrayLike<number>) => Array.from(a).slice(b * 48, (b + 1) * 48);
      const learned = row(targets).filter((_, t) => row(mask!)[t] === 1);
      const text = tok.decode(learned);
      expect(text.endsWith('<|end|>')).toBe(true);
      seen.add(text.slice(0, -'<|end|>'.length));
      // targets are the inputs shifted by one where the example is.
      const n = row(mask!).lastIndexOf(1) + 1;
      expect(row(inputs).slice(1, n)).toEqual(row(targets).slice(0, n - 1));
      expect(row(mask!).slice(n).every((m) => m === 0)).toBe(true);
    }
    expect([...seen].sort()).toEqual(pairs.map((p) => p.response).sort());
  });

  it('errors on overflow, or truncates the prompt from the left', () => {
    expect(() => sftExamples(pairs, template, { seqLen: 10, batchSize: 1, seed: 0 })).toThrow(/pairs\[0\] renders to \d+ tokens; seqLen 10/);
    const src = sftExamples([{ prompt: 'a long long prompt', response: 'ok' }], template, { seqLen: 8, batchSize: 1, seed: 0, overflow: 'truncate-left' });
    const { targets, mask } = src.next();
    expect(tok.decode(Array.from(targets).filter((_, t) => mask![t] === 1))).toBe('ok<|end|>');
    expect(() => sftExamples([{ prompt: 'p', response: 'a very long response' }], template, { seqLen: 8, batchSize: 1, seed: 0, overflow: 'truncate-left' })).toThrow(/response alone/);
  });

  it('resumes', () => {
    expectResume(() => sftExamples(pairs, template, { seqLen: 48, batchSize: 2, seed: 9 }), 2, 7);
  });
});

describe('mixture', () => {
  const constant = (id: number): BatchSource => {
    let n = 0;
    return {
      next: () => ({ inputs: Int32Array.of(id, n++), targets: Int32Array.of(0, 0), mask: null, batchSize: 1, seqLen: 2 }),
      state: () => ({ kind: 'constant', n }),
      restore: (s) => {
        n = s.n as number;
      },
    };
  };

  it('draws sources in proportion to their weights', () => {
    const mix = mixture([{ source: constant(0), weight: 1 }, { source: constant(1), weight: 3 }], { seed: 4 });
    let ones = 0;
    for (let i = 0; i < 4000; i++) ones += mix.next().inputs[0]!;
    expect(ones / 4000).toBeGreaterThan(0.73);
    expect(ones / 4000).toBeLessThan(0.77);
  });

  it('resumes itself and its components', () => {
    expectResume(() => mixture([{ source: randomWindows(tokens, { batchSize: 1, seqLen: 4, seed: 1 }), weight: 1 }, { source: constant(9), weight: 1 }], { seed: 2 }), 5, 20);
  });

  it('names a bad weight', () => {
    expect(() => mixture([{ source: constant(0), weight: 0 }], { seed: 1 })).toThrow(/components\[0\].weight must be a finite number > 0, got 0/);
  });
});
