/** The headline of `ftheta bench train-shakespeare`: validation loss against nanoGPT's, tokens/s against PyTorch's. */
import { median, ratio, round } from '../../util/stats';

/** What the bench JSON shows first. */
export interface TrainSummary {
  direction: string;
  valLossFinal: number | null;
  valLossGoal: number;
  /** valLossFinal ≤ valLossGoal. */
  met: boolean;
  /** Loss over the whole validation split (every window once): ftheta's final model. */
  valLossFullFtheta: number | null;
  /** The same measure, same code, on PyTorch's model trained with the same recipe in this run. */
  valLossFullPytorch: number | null;
  /** valLossFullFtheta − valLossFullPytorch (< 0: ftheta's model is better). */
  valLossFullGap: number | null;
  tokensPerSecFtheta: number | null;
  tokensPerSecPytorch: number | null;
  /** Torch threads of that figure (the faster of the thread counts run). */
  pytorchThreads: number | null;
  /** ftheta tokens/s over PyTorch's (null when PyTorch did not run). */
  fthetaOverPytorch: number | null;
  goal: number;
  speedGoalMet: boolean | null;
}

/** Tokens/s at the median step of `stepMs` after the first `skipFirst` steps (all steps if fewer). */
export function medianStepTokensPerSec(stepMs: readonly number[], tokensPerStep: number, skipFirst: number): number | null {
  const steady = stepMs.length > skipFirst ? stepMs.slice(skipFirst) : stepMs;
  if (steady.length === 0) return null;
  const ms = median(steady);
  return ms > 0 ? round((tokensPerStep * 1000) / ms, 1) : null;
}

const full = (x: number | null | undefined): number | null => (x == null ? null : round(x, 4));

/** Builds the summary from the measured figures. */
export function trainSummary(f: {
  valLossFinal: number | null;
  valLossGoal: number;
  valLossFullFtheta?: number | null;
  valLossFullPytorch?: number | null;
  tokensPerSecFtheta: number | null;
  tokensPerSecPytorch: number | null;
  pytorchThreads?: number | null;
  speedGoal: number;
}): TrainSummary {
  const r = ratio(f.tokensPerSecFtheta, f.tokensPerSecPytorch);
  return {
    direction: 'fthetaOverPytorch = ftheta tokens/s / PyTorch tokens/s, each at its median training step: > 1 means ftheta is faster',
    valLossFinal: f.valLossFinal === null ? null : round(f.valLossFinal, 4),
    valLossGoal: f.valLossGoal,
    met: f.valLossFinal !== null && f.valLossFinal <= f.valLossGoal,
    valLossFullFtheta: full(f.valLossFullFtheta),
    valLossFullPytorch: full(f.valLossFullPytorch),
    valLossFullGap: f.valLossFullFtheta != null && f.valLossFullPytorch != null ? round(f.valLossFullFtheta - f.valLossFullPytorch, 4) : null,
    tokensPerSecFtheta: f.tokensPerSecFtheta,
    tokensPerSecPytorch: f.tokensPerSecPytorch,
    pytorchThreads: f.tokensPerSecPytorch === null ? null : (f.pytorchThreads ?? null),
    fthetaOverPytorch: r,
    goal: f.speedGoal,
    speedGoalMet: r === null ? null : r >= f.speedGoal,
  };
}
