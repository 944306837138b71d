/**
 * What `ftheta bench generate` measures: the model shape, the contexts, the timing methods and the
 * tokens. Full runs use GPT-2 small's shape (124M parameters, random weights); `--quick` a tiny
 * model so the test finishes in seconds.
 */
import type { TimingMethod } from '../measure';

/** The HF config.json fields both sides build the model from (GPT-2's defaults for everything else). */
export interface GenerateModelShape {
  /** Cache folder name under the bench cache (weights + ONNX export). */
  id: string;
  vocab_size: number;
  n_positions: number;
  n_embd: number;
  n_layer: number;
  n_head: number;
}

/** A full run's or a quick run's settings. */
export interface GenerateCases {
  model: GenerateModelShape;
  /** Seed of ftheta's random weights. */
  seed: number;
  /**
   * Contexts c, in tokens. At context c, "without cache" is one forward over c tokens (positions
   * 0..c-1, logits for every position, as a cache-less generate loop recomputes them) and "with
   * cache" is one forward of 1 token on top of a cache of c-1 tokens. The largest must be at most
   * n_positions.
   */
  contexts: readonly number[];
  /** Prompt lengths whose tokens/s (= c / full-forward time) make the prefill headline. */
  prefillContexts: readonly number[];
  /** onnxruntime-web thread counts; the first is the headline (ftheta's wasm runs 1 thread in Node). */
  ortThreads: readonly number[];
  /** Timing of full forwards (slow: seconds each at 1024 tokens). */
  fullMethod: TimingMethod;
  /** Timing of one cached decode step. */
  stepMethod: TimingMethod;
  /** Tokens whose logits both sides must agree on (prefill all but the last, then one cached step). */
  checkTokens: readonly number[];
  /** Largest |ftheta - onnxruntime| logit difference accepted (and vs PyTorch). */
  tolerance: number;
}

const GPT2_SMALL: GenerateModelShape = { id: 'gpt2-small-random', vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12 };
const TINY: GenerateModelShape = { id: 'gpt2-tiny-random', vocab_size: 512, n_positions: 64, n_embd: 64, n_layer: 2, n_head: 4 };

export const FULL_CASES: GenerateCases = {
  model: GPT2_SMALL,
  seed: 0,
  contexts: [64, 128, 256, 512, 1024],
  prefillContexts: [64, 128],
  ortThreads: [1, 2],
  fullMethod: { warmupSec: 0, minWarmupReps: 1, maxWarmupReps: 1, samples: 3, sampleSec: 0, minRepsPerSample: 1, maxRepsPerSample: 1 },
  stepMethod: { warmupSec: 0.5, minWarmupReps: 2, maxWarmupReps: 10, samples: 5, sampleSec: 0.4, minRepsPerSample: 2, maxRepsPerSample: 20 },
  checkTokens: [464, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290, 13],
  tolerance: 1e-3,
};

export const QUICK_CASES: GenerateCases = {
  model: TINY,
  seed: 0,
  contexts: [16, 32],
  prefillContexts: [16, 32],
  ortThreads: [1],
  fullMethod: { warmupSec: 0, minWarmupReps: 1, maxWarmupReps: 2, samples: 3, sampleSec: 0.02, minRepsPerSample: 1, maxRepsPerSample: 5 },
  stepMethod: { warmupSec: 0.02, minWarmupReps: 2, maxWarmupReps: 5, samples: 3, sampleSec: 0.02, minRepsPerSample: 2, maxRepsPerSample: 10 },
  checkTokens: [5, 17, 300, 2, 99, 511, 0, 42],
  tolerance: 1e-3,
};

/** `n` deterministic token ids below `vocab` (values do not change speed; the same on both sides). */
export function benchTokens(n: number, vocab: number): number[] {
  return Array.from({ length: n }, (_, i) => (i * 7919 + 13) % vocab);
}

/** Parameter count of a GPT-2 shape with a tied head (wte, wpe, blocks, ln_f). */
export function gpt2ParameterCount(m: GenerateModelShape): number {
  const c = m.n_embd;
  const block = 2 * 2 * c + (c * 3 * c + 3 * c) + (c * c + c) + (c * 4 * c + 4 * c) + (4 * c * c + c);
  return m.vocab_size * c + m.n_positions * c + m.n_layer * block + 2 * c;
}
