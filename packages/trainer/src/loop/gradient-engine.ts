/** How the training loop gets a micro-batch's loss and gradients: in process, or spread over threads. */
import type { CausalLM } from '@ftheta/core-model';
import type { Batch } from '../data';
import { type LossAndGrads, lossAndGrads } from './loss-and-grads';
import type { LossFn } from './loss-fn';

/**
 * Computes the loss and the gradients of one micro-batch for {@link train}. The result must be the
 * batch's mean loss and the gradient of that mean over every trainable parameter of `model.params`
 * (what {@link lossAndGrads} returns); the caller owns the returned gradient tensors.
 *
 * The caller owns the engine too: `train()` never disposes it, so one engine can serve several runs
 * (e.g. a run and its resume); call `dispose()` when done.
 */
export interface GradientEngine {
  /** Loss (read back) and gradients by parameter name of `lossFn(model(batch))`. */
  compute(model: CausalLM, batch: Batch, lossFn: LossFn): Promise<LossAndGrads>;
  /** Releases what the engine holds (threads, buffers); the engine is unusable afterwards. */
  dispose(): void | Promise<void>;
}

/** The default engine: {@link lossAndGrads} on the calling thread; `dispose` does nothing. */
export const inProcessGradients: GradientEngine = {
  compute: async (model, batch, lossFn) => lossAndGrads(model, batch, lossFn),
  dispose: () => {},
};
