/**
 * nanoGPT's get_batch: B random windows of a token stream, inputs x = t[i:i+T], targets
 * y = t[i+1:i+T+1], with a seeded generator whose position is part of the state.
 */
import { type Batch, type BatchSource, type BatchSourceState, type TokenArray, checkPositiveInt, checkSeed, checkState, stateInt } from './batch';
import { SeededRandom } from '../seeded-random';

/** Options of {@link randomWindows}. */
export interface RandomWindowsOptions {
  batchSize: number;
  seqLen: number;
  seed: number;
}

const KIND = 'random-windows';

/**
 * A {@link BatchSource} of random windows of `tokens` (offsets uniform in [0, length - seqLen - 1],
 * drawn row by row from one seeded generator; mask null). State: the generator's 32-bit state and
 * the step count, so `restore` continues bit for bit.
 * @throws RangeError when `tokens` is shorter than seqLen + 1.
 */
export function randomWindows(tokens: TokenArray, options: RandomWindowsOptions): BatchSource {
  const batchSize = checkPositiveInt('randomWindows: batchSize', options.batchSize);
  const seqLen = checkPositiveInt('randomWindows: seqLen', options.seqLen);
  const seed = checkSeed('randomWindows: seed', options.seed);
  const span = tokens.length - seqLen;
  if (span < 1) throw new RangeError(`randomWindows: tokens has ${tokens.length} ids; seqLen ${seqLen} needs at least ${seqLen + 1}`);
  const rng = new SeededRandom(seed);
  let step = 0;
  const fixed = { tokens: tokens.length, batchSize, seqLen };
  return {
    next(): Batch {
      const inputs = new Int32Array(batchSize * seqLen);
      const targets = new Int32Array(batchSize * seqLen);
      for (let b = 0; b < batchSize; b++) {
        const i = rng.int(span);
        inputs.set(tokens.subarray(i, i + seqLen), b * seqLen);
        targets.set(tokens.subarray(i + 1, i + seqLen + 1), b * seqLen);
      }
      step++;
      return { inputs, targets, mask: null, batchSize, seqLen };
    },
    state: (): BatchSourceState => ({ kind: KIND, ...fixed, rng: rng.state, step }),
    restore(state: BatchSourceState): void {
      checkState(KIND, state, fixed);
      rng.state = stateInt(KIND, state, 'rng');
      step = stateInt(KIND, state, 'step');
    },
  };
}
