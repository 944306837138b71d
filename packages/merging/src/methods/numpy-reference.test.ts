/**
 * Every method against an independent NumPy implementation written from the papers
 * (test/reference_merge.py), within 1e-6 on random tensors. DARE's masks are drawn here (seeded)
 * and given to both sides, so the comparison is exact. Runs when /usr/bin/python3 has numpy.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { maxAbsDiff, perturbed, randomTensor } from '../testing/random-tensor';
import { dareLinearMerge } from './dare-linear';
import { dareMask, dareSeed } from './dare-mask';
import { dareTiesMerge } from './dare-ties';
import { linearMerge } from './linear';
import { modelStockMerge } from './model-stock';
import { slerpMerge } from './slerp';
import { taskArithmeticMerge } from './task-arithmetic';
import { tiesMerge } from './ties';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../../test/reference_merge.py', import.meta.url));
const hasNumpy = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
if (!hasNumpy) console.warn(`numpy-reference.test.ts: skipped — ${PYTHON} with numpy is not available (apt-get install python3-numpy to run it)`);

interface Case {
  id: string;
  method: string;
  base: Float32Array;
  models: Float32Array[];
  shape: number[];
  params: Record<string, unknown>;
  ours: Float32Array;
}

function buildCases(): Case[] {
  const cases: Case[] = [];
  const shapes = [[257], [16, 24], [3, 5, 7], [1000]];
  let seed = 1;
  for (const [si, shape] of shapes.entries()) {
    const n = shape.reduce((a, b) => a * b, 1);
    const base = randomTensor(n, seed++, 0.5);
    const models = [perturbed(base, seed++, 0.05), perturbed(base, seed++, 0.08), perturbed(base, seed++, 0.03)];
    const weights = [0.7, -0.3, 1.2].map((w) => w + si * 0.1);
    const densities = [0.5, 0.3, 0.9];
    const add = (method: string, params: Record<string, unknown>, ours: Float32Array, ms = models, b = base) =>
      cases.push({ id: `${method}#${cases.length}`, method, base: b, models: ms, shape, params, ours });

    add('linear', { weights, normalize: true }, linearMerge(models, { weights, normalize: true }));
    add('linear', { weights, normalize: false }, linearMerge(models, { weights, normalize: false }));
    add('task_arithmetic', { weights, lambda: 0.8 }, taskArithmeticMerge(base, models, { weights, lambda: 0.8 }));
    add('task_arithmetic', { weights, normalize: true }, taskArithmeticMerge(base, models, { weights, normalize: true }));
    add('ties', { weights, densities }, tiesMerge(base, models, { weights, densities }));
    add('ties', { weights: [1, 1, 1], densities: [0.2, 0.2, 0.2], normalize: false, lambda: 1.5 }, tiesMerge(base, models, { weights: [1, 1, 1], densities: [0.2, 0.2, 0.2], normalize: false, lambda: 1.5 }));
    const masks = densities.map((d, i) => dareMask(n, d, dareSeed(42, `t${si}`, i)));
    const maskLists = masks.map((m) => Array.from(m));
    add('dare_linear', { weights, densities, masks: maskLists }, dareLinearMerge(base, models, { weights, densities, masks }));
    add('dare_linear', { weights, densities, masks: maskLists, rescale: false, normalize: true }, dareLinearMerge(base, models, { weights, densities, masks, rescale: false, normalize: true }));
    add('dare_ties', { weights, densities, masks: maskLists, lambda: 0.9 }, dareTiesMerge(base, models, { weights, densities, masks, lambda: 0.9 }));
    add('dare_ties', { weights, densities, masks: maskLists, normalize: true }, dareTiesMerge(base, models, { weights, densities, masks, normalize: true }));
    for (const t of [0, 0.3, 0.5, 1]) add('slerp', { t }, slerpMerge(base, models[1], { t }), [models[1]]);
    const far = randomTensor(n, seed++, 0.5); // an unrelated tensor: a wide angle, the true slerp branch
    add('slerp', { t: 0.35 }, slerpMerge(base, far, { t: 0.35 }), [far]);
    const near = perturbed(base, seed++, 0.001); // nearly colinear: mergekit's linear fallback
    add('slerp', { t: 0.6 }, slerpMerge(base, near, { t: 0.6 }), [near]);
    add('model_stock', { filter_wise: false }, modelStockMerge(base, models, { shape }));
    add('model_stock', { filter_wise: true }, modelStockMerge(base, models, { shape, filterWise: true }));
    add('model_stock', { filter_wise: false }, modelStockMerge(base, models.slice(0, 2), { shape }), models.slice(0, 2));
  }
  return cases;
}

describe.skipIf(!hasNumpy)('methods equal the NumPy reference (test/reference_merge.py)', () => {
  it('within 1e-6 on random tensors, every method and parameter combination', () => {
    const cases = buildCases();
    const input = JSON.stringify({ cases: cases.map(({ ours: _ours, base, models, ...c }) => ({ ...c, base: Array.from(base), models: models.map((m) => Array.from(m)) })) });
    const run = spawnSync(PYTHON, [SCRIPT], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const expected = JSON.parse(run.stdout) as Record<string, number[]>;
    const worst: Record<string, number> = {};
    for (const c of cases) {
      const diff = maxAbsDiff(c.ours, expected[c.id]);
      worst[c.method] = Math.max(worst[c.method] ?? 0, diff);
      expect(diff, c.id).toBeLessThan(1e-6);
    }
    console.log('max |ftheta − numpy| per method:', worst);
  });
});
