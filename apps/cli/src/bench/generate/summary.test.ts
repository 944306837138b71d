import { describe, expect, it } from 'vitest';
import { benchTokens, FULL_CASES, gpt2ParameterCount, QUICK_CASES } from './cases';
import { kernelGroup } from './profile-step';
import { goalStatus, maxAbsDiff, ratiosVsOrt, sideFigures } from './summary';

describe('generate bench summary', () => {
  it('reports speed ratios as ORT time / ftheta time (> 1: ftheta faster)', () => {
    const ftheta = new Map([
      [64, { fullSec: 0.5, cachedSec: 0.02 }],
      [128, { fullSec: 1, cachedSec: 0.04 }],
    ]);
    const ort = new Map([
      [64, { fullSec: 1, cachedSec: 0.01 }],
      [128, { fullSec: 1, cachedSec: 0.04 }],
    ]);
    const r = ratiosVsOrt(1, ftheta, ort, [64]);
    expect(r.prefillTokensPerSecFthetaOverOrt).toEqual({ '64': 2 });
    expect(r.decodeCachedSpeedFthetaOverOrt).toEqual({ '64': 0.5, '128': 1 });
    expect(r.decodeNoCacheSpeedFthetaOverOrt).toEqual({ '64': 2, '128': 1 });
    const goal = goalStatus(r);
    expect(goal.met).toBe(false);
    expect(goal.worst).toEqual({ what: 'cached decode at context 64', ratio: 0.5 });
  });

  it('leaves the goal open when a side is missing', () => {
    const r = ratiosVsOrt(1, new Map([[64, { fullSec: 1, cachedSec: 1 }]]), new Map(), [64]);
    expect(r.decodeCachedSpeedFthetaOverOrt).toEqual({ '64': null });
    expect(goalStatus(r).met).toBeNull();
  });

  it('derives tokens/s and ms/token from the times', () => {
    expect(sideFigures(128, { fullSec: 2, cachedSec: 0.05 })).toEqual({ prefillTokensPerSec: 64, decodeCachedMsPerToken: 50, decodeNoCacheMsPerToken: 2000 });
  });

  it('compares logits exactly, NaN and length mismatches included', () => {
    expect(maxAbsDiff([1, 2, 3], [1, 2.5, 2])).toBe(1);
    expect(maxAbsDiff([1, Number.NaN], [1, 1])).toBeNaN();
    expect(maxAbsDiff([1], [1, 2])).toBe(Number.POSITIVE_INFINITY);
  });

  it('uses GPT-2 small (124M) for full runs and valid contexts', () => {
    expect(gpt2ParameterCount(FULL_CASES.model)).toBe(124_439_808);
    for (const c of [FULL_CASES, QUICK_CASES]) {
      expect(Math.max(...c.contexts)).toBeLessThanOrEqual(c.model.n_positions);
      expect(c.prefillContexts.every((p) => c.contexts.includes(p))).toBe(true);
      expect(benchTokens(10, c.model.vocab_size).every((t) => t >= 0 && t < c.model.vocab_size)).toBe(true);
    }
  });

  it('groups profiled kernels by what they do', () => {
    expect(kernelGroup('BatchMatMul', [[1, 768], [768, 2304]], 50257)).toMatch(/weights/);
    expect(kernelGroup('BatchMatMul', [[1, 768], [50257, 768]], 50257)).toMatch(/LM head/);
    expect(kernelGroup('BatchMatMul', [[1, 12, 1, 64], [1, 12, 64, 64]], 50257)).toMatch(/attention/);
    expect(kernelGroup('Concat', [[1, 12, 63, 64], [1, 12, 1, 64]], 50257)).toBe('KV cache concat');
  });
});
