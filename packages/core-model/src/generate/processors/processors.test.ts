import { describe, expect, it } from 'vitest';
import { GenerateOptionError } from '../option-error';
import { applyProcessors } from './logits-processor';
import { minPProcessor } from './min-p';
import { repetitionPenaltyProcessor } from './repetition-penalty';
import { logSoftmaxAt, softmax } from './softmax';
import { suppressTokensProcessor } from './suppress-tokens';
import { temperatureProcessor } from './temperature';
import { kthLargest, topKProcessor } from './top-k';
import { topPProcessor } from './top-p';

const NEG = Number.NEGATIVE_INFINITY;
const ctx = (ids: number[] = [], promptLength = 0) => ({ ids, promptLength });
const run = (p: { process(l: Float32Array, c: ReturnType<typeof ctx>): void }, values: number[], c = ctx()) => {
  const l = Float32Array.from(values);
  p.process(l, c);
  return Array.from(l);
};

describe('temperature', () => {
  it('divides the logits', () => {
    expect(run(temperatureProcessor(2), [2, -4, 1])).toEqual([1, -2, 0.5]);
    expect(run(temperatureProcessor(0.5), [2, -4, 1])).toEqual([4, -8, 2]);
  });
  it('rejects temperature <= 0 and non-finite values, naming the option', () => {
    for (const t of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => temperatureProcessor(t)).toThrow(GenerateOptionError);
    expect(() => temperatureProcessor(-1)).toThrow(/option temperature must be .*got -1/);
  });
});

describe('top-k', () => {
  it('keeps the k largest', () => {
    expect(run(topKProcessor(2), [1, 5, 3, 4])).toEqual([NEG, 5, NEG, 4]);
    expect(run(topKProcessor(1), [1, 5, 3, 4])).toEqual([NEG, 5, NEG, NEG]);
    expect(run(topKProcessor(10), [1, 5])).toEqual([1, 5]);
  });
  it('keeps ties with the k-th value', () => {
    expect(run(topKProcessor(2), [3, 5, 3, 1])).toEqual([3, 5, 3, NEG]);
  });
  it('finds the k-th largest for small and large k', () => {
    const v = Float32Array.from({ length: 200 }, (_, i) => (i * 37) % 200);
    expect(kthLargest(v, 1)).toBe(199);
    expect(kthLargest(v, 5)).toBe(195);
    expect(kthLargest(v, 100)).toBe(100);
  });
  it('rejects non-integers and k < 1', () => {
    expect(() => topKProcessor(0)).toThrow(/option topK must be an integer >= 1, got 0/);
    expect(() => topKProcessor(1.5)).toThrow(/got 1.5/);
  });
});

describe('top-p', () => {
  // probabilities of log([0.5, 0.3, 0.15, 0.05])
  const logits = [0.5, 0.3, 0.15, 0.05].map(Math.log);
  it('keeps the smallest set reaching p, the crossing token included', () => {
    expect(run(topPProcessor(0.5), logits).map(Number.isFinite)).toEqual([true, false, false, false]);
    expect(run(topPProcessor(0.6), logits).map(Number.isFinite)).toEqual([true, true, false, false]);
    expect(run(topPProcessor(0.9), logits).map(Number.isFinite)).toEqual([true, true, true, false]);
    expect(run(topPProcessor(1), logits).map(Number.isFinite)).toEqual([true, true, true, true]);
  });
  it('always keeps the top token and leaves kept logits unchanged', () => {
    const out = run(topPProcessor(0.01), [1, 2, 3]);
    expect(out).toEqual([NEG, NEG, 3]);
  });
  it('rejects p outside (0, 1]', () => {
    expect(() => topPProcessor(0)).toThrow(/option topP must be a number with 0 < topP <= 1, got 0/);
    expect(() => topPProcessor(1.1)).toThrow(/got 1.1/);
  });
});

describe('min-p', () => {
  const logits = [0.5, 0.3, 0.15, 0.05].map(Math.log);
  it('drops tokens below minP x the top probability', () => {
    // threshold 0.5 * 0.5 = 0.25: keeps 0.5 and 0.3
    expect(run(minPProcessor(0.5), logits).map(Number.isFinite)).toEqual([true, true, false, false]);
    // threshold 0.09 * 0.5 = 0.045: keeps all
    expect(run(minPProcessor(0.09), logits).map(Number.isFinite)).toEqual([true, true, true, true]);
  });
  it('rejects minP outside [0, 1)', () => {
    expect(() => minPProcessor(1)).toThrow(/option minP must be a number with 0 <= minP < 1, got 1/);
    expect(() => minPProcessor(-0.1)).toThrow(/got -0.1/);
  });
});

describe('repetition penalty', () => {
  it('divides positive and multiplies negative logits of seen tokens, once each', () => {
    expect(run(repetitionPenaltyProcessor(2), [4, -4, 4, -4], ctx([0, 1, 1, 1]))).toEqual([2, -8, 4, -4]);
    expect(run(repetitionPenaltyProcessor(0.5), [4, -4, 4], ctx([0, 1]))).toEqual([8, -2, 4]);
  });
  it('rejects penalty <= 0', () => {
    expect(() => repetitionPenaltyProcessor(0)).toThrow(/option repetitionPenalty must be a number > 0 .*got 0/);
  });
});

describe('suppress tokens', () => {
  it('bans ids always, or until a number of new tokens', () => {
    expect(run(suppressTokensProcessor([1, 3]), [1, 2, 3, 4])).toEqual([1, NEG, 3, NEG]);
    const minNew = suppressTokensProcessor([0], 2);
    expect(run(minNew, [1, 2], ctx([7, 8, 9], 2))).toEqual([NEG, 2]); // 1 new token
    expect(run(minNew, [1, 2], ctx([7, 8, 9, 9], 2))).toEqual([1, 2]); // 2 new tokens
  });
});

describe('chain and softmax', () => {
  it('applies in order', () => {
    const l = Float32Array.from([1, 2, 3, 4]);
    applyProcessors([temperatureProcessor(0.5), topKProcessor(2)], l, ctx());
    expect(Array.from(l)).toEqual([NEG, NEG, 6, 8]);
  });
  it('softmax and log-softmax agree and give -Infinity logits zero', () => {
    const p = softmax([0, Math.log(3), NEG]);
    expect(p[0]).toBeCloseTo(0.25, 12);
    expect(p[1]).toBeCloseTo(0.75, 12);
    expect(p[2]).toBe(0);
    expect(logSoftmaxAt([0, Math.log(3), NEG], 1)).toBeCloseTo(Math.log(0.75), 12);
    expect(() => softmax([NEG, NEG])).toThrow(/every logit is -Infinity/);
  });
});
