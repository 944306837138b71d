/**
 * How `train()` drives LoRA dropout today without knowing about it: the training batch source
 * switches the model to training mode (and sets the dropout step) just before each training
 * forward, the validation source switches it back to eval mode before each evaluation forward.
 * The dropout step lives in the training source's state, which `train()` saves in every checkpoint
 * (trainer_state.json) and restores on resume, so a resumed run draws the same masks bit for bit.
 */
import type { BatchSource, BatchSourceState, JsonValue } from '../data/batch';
import type { LoraModel } from './lora-model';

/** The kind of the wrapped training source's state. */
export const LORA_TRAINING_SOURCE_KIND = 'lora-training';

/** The wrapped sources, to pass to `train({ model: lora, train, val })`. */
export interface LoraTrainingSources {
  train: BatchSource;
  val?: BatchSource;
}

/**
 * Wraps `train` (each `next()` puts `lora` in training mode with `dropoutStep` = the number of
 * training batches drawn before it) and `val` (each `next()` puts it in eval mode). The training
 * source's state is `{ kind: 'lora-training', step, inner }`. Call `lora.eval()` after `train()`
 * returns. With `accumulate` > 1 every micro-batch gets its own step, which stays exact on resume.
 */
export function loraTrainingSources(lora: LoraModel, sources: { train: BatchSource; val?: BatchSource }): LoraTrainingSources {
  const inner = sources.train;
  let step = 0;
  const train: BatchSource = {
    next: () => {
      lora.training = true;
      lora.dropoutStep = step++;
      return inner.next();
    },
    state: () => ({ kind: LORA_TRAINING_SOURCE_KIND, step, inner: inner.state() as unknown as JsonValue }),
    restore: (s: BatchSourceState) => {
      if (s == null || typeof s !== 'object' || s.kind !== LORA_TRAINING_SOURCE_KIND) {
        throw new TypeError(`${LORA_TRAINING_SOURCE_KIND}: cannot restore a state of kind ${JSON.stringify(s?.kind)} (was the run trained without loraTrainingSources?)`);
      }
      const n = s.step;
      if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new TypeError(`${LORA_TRAINING_SOURCE_KIND}: state.step must be a non-negative integer, got ${JSON.stringify(n)}`);
      inner.restore(s.inner as unknown as BatchSourceState);
      step = n;
    },
  };
  const v = sources.val;
  const val: BatchSource | undefined = v && {
    next: () => {
      lora.training = false;
      return v.next();
    },
    state: () => v.state(),
    restore: (s: BatchSourceState) => v.restore(s),
  };
  return val ? { train, val } : { train };
}
