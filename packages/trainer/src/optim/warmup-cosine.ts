/** The learning-rate schedule of nanoGPT (`get_lr`): linear warmup, cosine decay to `minLr`, then `minLr`. */

/** A learning rate for every step (0-based). */
export type LrSchedule = (step: number) => number;

/** Options of {@link warmupCosine}. */
export interface WarmupCosineOptions {
  /** Peak learning rate, reached at the end of the warmup (> 0). */
  lr: number;
  /** Floor reached at `decaySteps` and kept after it (0 ≤ minLr ≤ lr; nanoGPT: lr/10). */
  minLr: number;
  /** Steps of linear warmup (≥ 0). */
  warmupSteps: number;
  /** Step at which the cosine reaches `minLr` (≥ warmupSteps; nanoGPT's `lr_decay_iters`, ≈ total steps). */
  decaySteps: number;
}

/**
 * nanoGPT's `get_lr(it)` exactly:
 * - `it < warmup`: `lr·(it+1)/(warmup+1)`;
 * - `it > decaySteps`: `minLr`;
 * - otherwise `minLr + ½(1 + cos(π·(it−warmup)/(decaySteps−warmup)))·(lr − minLr)`.
 * @throws Error naming the option when a value is out of range.
 */
export function warmupCosine(options: WarmupCosineOptions): LrSchedule {
  const { lr, minLr, warmupSteps, decaySteps } = options;
  if (!(Number.isFinite(lr) && lr > 0)) throw new Error(`warmupCosine: lr must be a finite number > 0, got ${lr}`);
  if (!(Number.isFinite(minLr) && minLr >= 0 && minLr <= lr)) throw new Error(`warmupCosine: minLr must be in [0, lr=${lr}], got ${minLr}`);
  if (!(Number.isInteger(warmupSteps) && warmupSteps >= 0)) throw new Error(`warmupCosine: warmupSteps must be an integer ≥ 0, got ${warmupSteps}`);
  if (!(Number.isInteger(decaySteps) && decaySteps >= warmupSteps)) {
    throw new Error(`warmupCosine: decaySteps must be an integer ≥ warmupSteps (${warmupSteps}), got ${decaySteps}`);
  }
  return (it: number) => {
    if (it < warmupSteps) return (lr * (it + 1)) / (warmupSteps + 1);
    if (it > decaySteps || decaySteps === warmupSteps) return minLr;
    const ratio = (it - warmupSteps) / (decaySteps - warmupSteps);
    const coeff = 0.5 * (1 + Math.cos(Math.PI * ratio));
    return minLr + coeff * (lr - minLr);
  };
}

/** A constant learning rate (validated like {@link warmupCosine}'s `lr`). */
export function constantLr(lr: number): LrSchedule {
  if (!(Number.isFinite(lr) && lr > 0)) throw new Error(`constantLr: lr must be a finite number > 0, got ${lr}`);
  return () => lr;
}
