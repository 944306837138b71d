import { describe, expect, it } from 'vitest';
import { softmax } from './processors/softmax';
import { deriveSeed, mulberry32 } from '../random';
import { argmax, pickToken, sampleFromLogits } from './sampler';

describe('mulberry32', () => {
  it('is deterministic per seed, in [0, 1), and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const c = mulberry32(43);
    expect(Array.from({ length: 10 }, () => c())).not.toEqual(xs.slice(0, 10));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.03);
  });
  it('derives distinct per-row seeds', () => {
    const seeds = new Set(Array.from({ length: 100 }, (_, i) => deriveSeed(7, i)));
    expect(seeds.size).toBe(100);
    expect(deriveSeed(7, 3)).toBe(deriveSeed(7, 3));
  });
});

describe('sampler', () => {
  it('greedy takes the argmax, the lowest id among ties', () => {
    expect(argmax([1, 3, 3, 2])).toBe(1);
    expect(pickToken([0, -1, 5, Number.NEGATIVE_INFINITY], null)).toBe(2);
  });
  it('never picks a removed (-Infinity) token', () => {
    const random = mulberry32(1);
    const logits = [0, Number.NEGATIVE_INFINITY, 0, Number.NEGATIVE_INFINITY];
    for (let i = 0; i < 2000; i++) expect([0, 2]).toContain(sampleFromLogits(logits, random));
    expect(sampleFromLogits(logits, () => 0.9999999999999999)).toBe(2);
  });
  it('is deterministic with a seed', () => {
    const logits = [0.1, 0.5, -0.3, 1.2, 0];
    const draw = (seed: number) => {
      const r = mulberry32(seed);
      return Array.from({ length: 50 }, () => sampleFromLogits(logits, r));
    };
    expect(draw(123)).toEqual(draw(123));
    expect(draw(123)).not.toEqual(draw(124));
  });
  it('follows softmax(logits): chi-square over 20000 draws', () => {
    const logits = [Math.log(0.4), Math.log(0.3), Math.log(0.2), Math.log(0.1)];
    const p = softmax(logits);
    const n = 20000;
    const counts = [0, 0, 0, 0];
    const r = mulberry32(2024);
    for (let i = 0; i < n; i++) counts[sampleFromLogits(logits, r)]++;
    const chi2 = counts.reduce((s, c, i) => s + (c - n * p[i]) ** 2 / (n * p[i]), 0);
    // 3 degrees of freedom: P(chi2 > 16.27) = 0.001
    expect(chi2).toBeLessThan(16.27);
  });
});
