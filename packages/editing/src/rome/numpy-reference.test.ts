/**
 * ROME's rank-one and MEMIT's per-layer closed forms against an independent NumPy implementation
 * (test/reference_rome.py), on random keys and statistics. Runs when /usr/bin/python3 has numpy.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '@ftheta/backend';
import { describe, expect, it } from 'vitest';
import type { KeyStatistics } from './key-statistics';
import { memitLayerUpdate } from './memit';
import { rankOneUpdate } from './rome';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../../test/reference_rome.py', import.meta.url));
const hasNumpy = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
if (!hasNumpy) console.warn(`numpy-reference.test.ts: skipped — ${PYTHON} with numpy is not available (apt-get install python3-numpy to run it)`);

function gaussian(n: number, seed: number, scale = 1): Float32Array {
  const next = mulberry32(seed);
  return Float32Array.from({ length: n }, () => scale * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()));
}

/** C = E[kkᵀ] of `samples` random GELU-like (non-negative-heavy) keys. */
function statistics(D: number, samples: number, seed: number): KeyStatistics {
  const keys = gaussian(samples * D, seed).map((x) => (x > -0.5 ? x : -0.05));
  const mom2 = new Float64Array(D * D);
  for (let s = 0; s < samples; s++) for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) mom2[i * D + j]! += (keys[s * D + i]! * keys[s * D + j]!) / samples;
  return { layer: 0, dim: D, count: samples, mom2 };
}

describe.skipIf(!hasNumpy)('closed forms vs NumPy', () => {
  it('ROME and MEMIT updates agree within 1e-5 (relative to the largest entry)', () => {
    const cases: { id: string; input: Record<string, unknown>; ours: Float32Array }[] = [];
    for (const [i, [D, C, n]] of [[24, 8, 1], [48, 16, 5], [64, 12, 30]].entries()) {
      const st = statistics(D!, 400, 10 + i);
      const base = { D, C, mom2: Array.from(st.mom2) };
      const kStar = gaussian(D!, 20 + i).map(Math.abs);
      const kPrompt = Float32Array.from(kStar, (x, j) => x + 0.1 * gaussian(D!, 30 + i)[j]!);
      const outPrompt = gaussian(C!, 40 + i);
      const value = gaussian(C!, 50 + i, 2);
      cases.push({ id: `rome${i}`, input: { ...base, method: 'rome', kStar: Array.from(kStar), kPrompt: Array.from(kPrompt), outPrompt: Array.from(outPrompt), value: Array.from(value) }, ours: rankOneUpdate(st, kStar, kPrompt, outPrompt, value) });
      const K = gaussian(n! * D!, 60 + i).map(Math.abs);
      const R = gaussian(n! * C!, 70 + i, 0.5);
      for (const lambda of [0.5, 100]) {
        cases.push({ id: `memit${i}-${lambda}`, input: { ...base, method: 'memit', n, lambda, K: Array.from(K), R: Array.from(R) }, ours: memitLayerUpdate(st, K, R, n!, C!, lambda) });
      }
    }
    const run = spawnSync(PYTHON, [SCRIPT], { input: cases.map((c) => JSON.stringify({ id: c.id, ...c.input })).join('\n'), encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(run.status, run.stderr).toBe(0);
    const results = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; delta: number[] });
    expect(results).toHaveLength(cases.length);
    for (const [k, c] of cases.entries()) {
      const ref = results[k]!;
      expect(ref.id).toBe(c.id);
      const scale = Math.max(...ref.delta.map(Math.abs));
      const diff = Math.max(...ref.delta.map((v, j) => Math.abs(v - c.ours[j]!)));
      expect(diff / scale, c.id).toBeLessThan(1e-5);
    }
  });
});
