/** Training throughput of one model: forward + loss + backward + AdamW steps on random tokens. */
import type { CausalLM } from '@ftheta/core-model';
import { randomWindows, train } from '@ftheta/trainer';
import { median, round } from '../../util/stats';

/** Options of {@link trainTokensPerSec}. */
export interface TrainSpeedOptions {
  batchSize: number;
  context: number;
  vocab: number;
  /** Timed steps (after `warmup` untimed ones); the median step gives the figure. */
  steps: number;
  warmup: number;
  seed: number;
}

/** Tokens per second at the median step, and that step's ms. */
export async function trainTokensPerSec(model: CausalLM, o: TrainSpeedOptions): Promise<{ tokensPerSec: number; medianStepMs: number }> {
  const n = o.batchSize * o.context * 8 + o.context + 1;
  let s = o.seed >>> 0;
  const tokens = Uint16Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % o.vocab;
  });
  const r = await train({ model, train: randomWindows(tokens, { batchSize: o.batchSize, seqLen: o.context, seed: o.seed }), steps: o.warmup + o.steps, lr: 1e-4, seed: o.seed });
  const ms = median(r.history.slice(o.warmup).map((h) => h.ms));
  return { tokensPerSec: round((o.batchSize * o.context * 1000) / ms, 1), medianStepMs: round(ms, 1) };
}
