/**
 * The merges merge-tasks tries, as data (method name + mergekit parameters), and how one is applied
 * to whole models with @ftheta/merging's pure functions, tensor by tensor. DARE's keep-masks are
 * drawn here (seeded per tensor and model, the stream dareTiesMerge itself would draw) so the NumPy reference
 * can be given the very same masks.
 */
import { dareMask, dareSeed, dareTiesMerge, linearMerge, modelStockMerge, slerpMerge, taskArithmeticMerge, tiesMerge } from '@ftheta/merging';
import type { MergeTasksRecipe } from './recipe';
import type { Weights } from './train-checkpoints';

/** A merge method's mergekit name. */
export type MergeMethod = 'linear' | 'task_arithmetic' | 'ties' | 'dare_ties' | 'slerp' | 'model_stock';

/** One point of the grid: a method and its parameters (mergekit's names; per-model lists in fine-tune order). */
export interface MergeCase {
  /** `ties d=0.3 λ=1`. */
  label: string;
  method: MergeMethod;
  params: { weights?: number[]; densities?: number[]; lambda?: number; normalize?: boolean; t?: number };
}

const fmt = (x: number) => String(Number(x.toFixed(3)));

/** Every merge of the recipe's grid, in a fixed order. */
export function mergeCases(recipe: MergeTasksRecipe): MergeCase[] {
  const g = recipe.grid;
  const cases: MergeCase[] = [];
  for (const weights of g.linearWeights) cases.push({ label: `linear w=${weights.map(fmt).join('/')}`, method: 'linear', params: { weights, normalize: false } });
  for (const { weights, lambda } of g.taskArithmetic) {
    const w = weights[0] === 1 && weights[1] === 1 ? '' : ` w=${weights.map(fmt).join('/')}`;
    cases.push({ label: `task arithmetic${w} λ=${fmt(lambda)}`, method: 'task_arithmetic', params: { weights: [...weights], lambda } });
  }
  for (const d of g.tiesDensities) for (const lambda of g.tiesLambdas) cases.push({ label: `ties d=${fmt(d)} λ=${fmt(lambda)}`, method: 'ties', params: { weights: [1, 1], densities: [d, d], lambda, normalize: true } });
  for (const d of g.dareDensities) for (const lambda of g.dareLambdas) cases.push({ label: `dare_ties d=${fmt(d)} λ=${fmt(lambda)}`, method: 'dare_ties', params: { weights: [1, 1], densities: [d, d], lambda, normalize: false } });
  for (const t of g.slerpT) cases.push({ label: `slerp t=${fmt(t)}`, method: 'slerp', params: { t } });
  if (g.modelStock) cases.push({ label: 'model stock', method: 'model_stock', params: {} });
  return cases;
}

/** DARE's keep-masks for tensor `name` (one per fine-tune), or undefined for other methods. */
export function caseMasks(c: MergeCase, name: string, size: number, seed: number): Uint8Array[] | undefined {
  if (c.method !== 'dare_ties') return undefined;
  return c.params.densities!.map((d, i) => dareMask(size, d, dareSeed(seed, name, i)));
}

/**
 * One tensor merged: `base` and the fine-tunes' values of it. linear averages the fine-tunes
 * themselves (model soup); slerp goes from fine-tune A (t = 0) to fine-tune B (t = 1); the others
 * combine task vectors over the base.
 */
export function mergeOne(c: MergeCase, base: Float32Array, models: readonly Float32Array[], shape: readonly number[], masks?: readonly Uint8Array[]): Float32Array {
  const p = c.params;
  switch (c.method) {
    case 'linear':
      return linearMerge(models, { weights: p.weights!, normalize: p.normalize ?? false });
    case 'task_arithmetic':
      return taskArithmeticMerge(base, models, { weights: p.weights!, lambda: p.lambda });
    case 'ties':
      return tiesMerge(base, models, { weights: p.weights!, densities: p.densities, lambda: p.lambda, normalize: p.normalize });
    case 'dare_ties':
      return dareTiesMerge(base, models, { weights: p.weights!, densities: p.densities, lambda: p.lambda, normalize: p.normalize, masks });
    case 'slerp':
      return slerpMerge(models[0]!, models[1]!, { t: p.t! });
    case 'model_stock':
      return modelStockMerge(base, models, { shape });
  }
}

/** A merged model and the seconds its merge took (merging only, masks drawn outside the timing). */
export function mergeModels(c: MergeCase, base: Weights, fineTunes: readonly Weights[], seed: number): { weights: Weights; seconds: number } {
  const out: Weights = new Map();
  let seconds = 0;
  for (const [name, t] of base) {
    const models = fineTunes.map((w) => {
      const m = w.get(name);
      if (!m) throw new Error(`merge-tasks: tensor ${name} is missing from a fine-tune`);
      return m.data;
    });
    const masks = caseMasks(c, name, t.data.length, seed);
    const started = performance.now();
    const data = mergeOne(c, t.data, models, t.shape, masks);
    seconds += (performance.now() - started) / 1000;
    out.set(name, { shape: [...t.shape], data });
  }
  return { weights: out, seconds };
}
