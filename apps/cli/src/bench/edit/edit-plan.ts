/** What `ftheta bench edit` runs (the quick plan shrinks everything for tests). */
import { FACT_BASE_DEFAULTS, FACT_MODEL_DEFAULTS, type FactBaseOptions, type FactModelOptions } from '@ftheta/editing';

export interface EditBenchPlan {
  base: Required<FactBaseOptions>;
  model: FactModelOptions;
  /** Gradient threads for the fact model's training. */
  threads: number;
  /** Edit cases (CounterFact-style, one per subject, facts the model recalls). */
  cases: number;
  /** Cases of the per-layer sweep and of the causal-trace summary. */
  sweepCases: number;
  traceCases: number;
  /** Positions of the model's text behind each layer's key statistics. */
  statsPositions: number;
  /** ROME and MEMIT edits checked against the NumPy closed forms. */
  numpyCases: number;
}

export const FULL_PLAN: EditBenchPlan = {
  base: { ...FACT_BASE_DEFAULTS },
  model: { ...FACT_MODEL_DEFAULTS },
  threads: 2,
  cases: 100,
  sweepCases: 30,
  traceCases: 20,
  statsPositions: 20_000,
  numpyCases: 3,
};

export const QUICK_PLAN: EditBenchPlan = {
  base: { seed: 1, subjects: 8, shareFirstName: 2 },
  model: { n_layer: 2, n_head: 2, n_embd: 16, n_positions: 48, window: 24, vocabSize: 300, passes: 3, steps: 4, batchSize: 4 },
  threads: 1,
  cases: 3,
  sweepCases: 2,
  traceCases: 2,
  statsPositions: 300,
  numpyCases: 1,
};
