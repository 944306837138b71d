/**
 * Everything that decides `ftheta bench merge-tasks`: the model, the corpus, the base run, the two
 * fine-tunes and the merges tried. Change one and the numbers change.
 */
import type { InstructionTask } from '@ftheta/trainer';

/** One training run (the base, or a fine-tune from it). */
export interface RunRecipe {
  /** Tasks trained on; the first `replay` share of a fine-tune's examples come from the base's tasks. */
  tasks: InstructionTask[];
  steps: number;
  batchSize: number;
  lr: number;
  minLr: number;
  warmupSteps: number;
  /** AdamW weight decay (fine-tunes: 0, so the task vector holds what the task taught and no shared shrink). */
  weightDecay: number;
}

/** The base: its tasks, and a glimpse of others (as a pretrained model has seen a little of everything). */
export interface BaseRecipe extends RunRecipe {
  /** Examples of these tasks added to the base's own, each `share` × the base's own count. */
  glimpse: { tasks: InstructionTask[]; share: number };
}

/** A fine-tune: the base plus one new task, with some of the base's tasks replayed. */
export interface FineTuneRecipe extends RunRecipe {
  name: string;
  /** Share of the fine-tune's examples drawn from the base's tasks (keeps them from being forgotten). */
  replay: number;
}

/** The whole scenario. */
export interface MergeTasksRecipe {
  seed: number;
  model: { n_layer: number; n_head: number; n_embd: number; n_positions: number };
  corpus: { trainPerTask: number; evalPerTask: number };
  base: BaseRecipe;
  fineTunes: [FineTuneRecipe, FineTuneRecipe];
  /** Gradient threads (createDataParallel). */
  threads: number;
  /** The merges tried (every point is reported). */
  grid: {
    linearWeights: number[][];
    /** Task arithmetic: weights of the two task vectors and λ. */
    taskArithmetic: Array<{ weights: [number, number]; lambda: number }>;
    tiesDensities: number[];
    tiesLambdas: number[];
    dareDensities: number[];
    dareLambdas: number[];
    slerpT: number[];
    modelStock: boolean;
  };
  /** DARE's mask seed. */
  dareSeed: number;
}

/**
 * The full run: about 6 to 10 minutes on 2 cores (with other load). The base sees a glimpse of
 * addition and reversing (0.3× as many examples of each as of its own tasks), so the fine-tunes
 * refine skills it has begun instead of building new ones: gentle runs (lr 5e-4, no weight decay,
 * 300 steps) that move the weights by about a tenth of their norm.
 */
export const FULL_RECIPE: MergeTasksRecipe = {
  seed: 1,
  model: { n_layer: 4, n_head: 4, n_embd: 128, n_positions: 32 },
  corpus: { trainPerTask: 4000, evalPerTask: 50 },
  base: { tasks: ['copy', 'facts'], glimpse: { tasks: ['addition', 'reverse'], share: 0.3 }, steps: 700, batchSize: 32, lr: 2e-3, minLr: 2e-4, warmupSteps: 20, weightDecay: 0.1 },
  fineTunes: [
    { name: 'A', tasks: ['addition'], replay: 0.25, steps: 300, batchSize: 32, lr: 5e-4, minLr: 5e-5, warmupSteps: 20, weightDecay: 0 },
    { name: 'B', tasks: ['reverse'], replay: 0.25, steps: 300, batchSize: 32, lr: 5e-4, minLr: 5e-5, warmupSteps: 20, weightDecay: 0 },
  ],
  threads: 2,
  grid: {
    linearWeights: [[0.5, 0.5]],
    taskArithmetic: [
      { weights: [1, 1], lambda: 0.6 },
      { weights: [1, 1], lambda: 0.8 },
      { weights: [1, 1], lambda: 1 },
      { weights: [1, 0.5], lambda: 1 },
      { weights: [1, 0.3], lambda: 1 },
      { weights: [0.5, 1], lambda: 1 },
    ],
    tiesDensities: [0.1, 0.3, 0.5],
    tiesLambdas: [1, 1.5],
    dareDensities: [0.3, 0.5],
    dareLambdas: [1],
    slerpT: [0.3, 0.5, 0.7],
    modelStock: true,
  },
  dareSeed: 0,
};

/** Seconds, for the test: a tiny model, a few steps, a few prompts. */
export const QUICK_RECIPE: MergeTasksRecipe = {
  ...FULL_RECIPE,
  model: { n_layer: 1, n_head: 2, n_embd: 32, n_positions: 32 },
  corpus: { trainPerTask: 60, evalPerTask: 3 },
  base: { ...FULL_RECIPE.base, steps: 3, batchSize: 8, warmupSteps: 1 },
  fineTunes: [
    { ...FULL_RECIPE.fineTunes[0], steps: 2, batchSize: 8, warmupSteps: 1 },
    { ...FULL_RECIPE.fineTunes[1], steps: 2, batchSize: 8, warmupSteps: 1 },
  ],
  grid: { linearWeights: [[0.5, 0.5]], taskArithmetic: [{ weights: [1, 1], lambda: 1 }], tiesDensities: [0.5], tiesLambdas: [1], dareDensities: [0.5], dareLambdas: [1], slerpT: [0.5], modelStock: true },
};
