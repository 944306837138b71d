/** `ftheta train --preset`: the named hyperparameter sets (sizes, batch, schedule, steps). */

/** The hyperparameters of a run (saved as DIR/run.json so --resume continues the same run). */
export interface TrainPreset {
  n_layer: number;
  n_head: number;
  n_embd: number;
  /** Context length (n_positions) = training window. */
  ctx: number;
  batchSize: number;
  lr: number;
  minLr: number;
  warmupSteps: number;
  steps: number;
  evalEvery: number;
  evalBatches: number;
}

/** Named presets. shakespeare-char is nanoGPT's CPU configuration of config/train_shakespeare_char.py. */
export const TRAIN_PRESETS: Record<string, TrainPreset> = {
  tiny: { n_layer: 2, n_head: 2, n_embd: 64, ctx: 32, batchSize: 8, lr: 3e-3, minLr: 3e-4, warmupSteps: 20, steps: 300, evalEvery: 50, evalBatches: 5 },
  'shakespeare-char': { n_layer: 4, n_head: 4, n_embd: 128, ctx: 64, batchSize: 12, lr: 1e-3, minLr: 1e-4, warmupSteps: 100, steps: 2000, evalEvery: 250, evalBatches: 20 },
};
