/**
 * The headline of `ftheta bench generate`: ftheta's speed over onnxruntime-web's at the same thread
 * count, per context. Every ratio is speed over speed (= onnxruntime-web's time / ftheta's time),
 * so > 1 means ftheta is faster.
 */
import { median, ratio, round } from '../../util/stats';

/** Median times (seconds) of one side at one context. */
export interface SideTimes {
  /** One forward over `context` tokens. */
  fullSec: number;
  /** One token over a cache of `context - 1` tokens. */
  cachedSec: number;
}

/** Absolute figures of one side at one context, as written to the JSON. */
export interface SideFigures {
  prefillTokensPerSec: number;
  /** Decode with the KV cache, ms per new token. */
  decodeCachedMsPerToken: number;
  /** Decode without a cache (a full forward over the context per new token), ms per token. */
  decodeNoCacheMsPerToken: number;
}

export function sideFigures(context: number, t: SideTimes): SideFigures {
  return {
    prefillTokensPerSec: round(context / t.fullSec, 1),
    decodeCachedMsPerToken: round(t.cachedSec * 1000, 2),
    decodeNoCacheMsPerToken: round(t.fullSec * 1000, 1),
  };
}

/** ftheta over one onnxruntime-web configuration, keyed by context. */
export interface RatiosVsOrt {
  ortThreads: number;
  prefillTokensPerSecFthetaOverOrt: Record<string, number | null>;
  decodeCachedSpeedFthetaOverOrt: Record<string, number | null>;
  decodeNoCacheSpeedFthetaOverOrt: Record<string, number | null>;
}

/** Speed ratios (ftheta / ORT) from the two sides' times at each context. */
export function ratiosVsOrt(
  ortThreads: number,
  ftheta: ReadonlyMap<number, SideTimes>,
  ort: ReadonlyMap<number, SideTimes>,
  prefillContexts: readonly number[],
): RatiosVsOrt {
  const pick = (keys: Iterable<number>, f: (c: number) => number | null) => Object.fromEntries([...keys].map((c) => [String(c), f(c)]));
  // speed ratio = their time / our time
  const speed = (c: number, field: keyof SideTimes) => ratio(ort.get(c)?.[field], ftheta.get(c)?.[field]);
  return {
    ortThreads,
    prefillTokensPerSecFthetaOverOrt: pick(prefillContexts, (c) => speed(c, 'fullSec')),
    decodeCachedSpeedFthetaOverOrt: pick(ftheta.keys(), (c) => speed(c, 'cachedSec')),
    decodeNoCacheSpeedFthetaOverOrt: pick(ftheta.keys(), (c) => speed(c, 'fullSec')),
  };
}

/** The goal of issue #4: prefill and cached decode at least as fast as onnxruntime-web at every context. */
export function goalStatus(r: RatiosVsOrt): { rule: string; met: boolean | null; worst: { what: string; ratio: number } | null } {
  const all: [string, number | null][] = [
    ...Object.entries(r.prefillTokensPerSecFthetaOverOrt).map(([c, v]) => [`prefill ${c} tokens`, v] as [string, number | null]),
    ...Object.entries(r.decodeCachedSpeedFthetaOverOrt).map(([c, v]) => [`cached decode at context ${c}`, v] as [string, number | null]),
  ];
  const known = all.filter((e): e is [string, number] => e[1] !== null);
  const worst = known.length ? known.reduce((a, b) => (b[1] < a[1] ? b : a)) : null;
  return {
    rule: `ftheta/onnxruntime-web speed >= 1 for prefill and for cached decode at every context (onnxruntime-web on ${r.ortThreads} thread(s), as ftheta)`,
    met: known.length === all.length && known.length > 0 ? known.every(([, v]) => v >= 1) : null,
    worst: worst ? { what: worst[0], ratio: worst[1] } : null,
  };
}

/** Median of per-sample seconds (the child reports samples; the median is taken here as in measure.ts). */
export function medianSec(samplesSec: readonly number[]): number {
  return median(samplesSec);
}

/** Largest |a - b| over two equally long arrays (Infinity when the lengths differ). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return Number.NaN;
    if (d > m) m = d;
  }
  return m;
}
