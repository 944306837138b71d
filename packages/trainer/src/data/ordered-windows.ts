/**
 * One pass over a token stream in order, for evaluation on a whole split: consecutive,
 * non-overlapping windows (every token is a target exactly once, but the first), in batches.
 */
import { type Batch, type TokenArray, checkPositiveInt } from './batch';

/** Options of {@link orderedWindows}. */
export interface OrderedWindowsOptions {
  seqLen: number;
  /** Windows per batch; the last batch holds what is left (it may be smaller). */
  batchSize: number;
}

/** A finite pass over windows: how many there are, and the batches in order. */
export interface OrderedWindows {
  /** W = floor((length − 1) / seqLen) windows: inputs t[kT : kT+T], targets t[kT+1 : kT+T+1]. */
  readonly windows: number;
  /** Target tokens the pass covers (W · seqLen); the tail that does not fill a window is left out. */
  readonly tokens: number;
  /** The batches in order (a fresh pass each call). */
  batches(): IterableIterator<Batch>;
}

/**
 * The windows of `tokens` in order, batched; no randomness, no state (a pass is a pass).
 * @throws RangeError when `tokens` holds fewer than seqLen + 1 ids or an option is not a positive integer.
 */
export function orderedWindows(tokens: TokenArray, options: OrderedWindowsOptions): OrderedWindows {
  const seqLen = checkPositiveInt('orderedWindows: seqLen', options.seqLen);
  const batchSize = checkPositiveInt('orderedWindows: batchSize', options.batchSize);
  const windows = Math.floor((tokens.length - 1) / seqLen);
  if (windows < 1) throw new RangeError(`orderedWindows: tokens has ${tokens.length} ids; seqLen ${seqLen} needs at least ${seqLen + 1}`);
  return {
    windows,
    tokens: windows * seqLen,
    *batches(): IterableIterator<Batch> {
      for (let first = 0; first < windows; first += batchSize) {
        const rows = Math.min(batchSize, windows - first);
        const inputs = new Int32Array(rows * seqLen);
        const targets = new Int32Array(rows * seqLen);
        for (let r = 0; r < rows; r++) {
          const i = (first + r) * seqLen;
          inputs.set(tokens.subarray(i, i + seqLen), r * seqLen);
          targets.set(tokens.subarray(i + 1, i + seqLen + 1), r * seqLen);
        }
        yield { inputs, targets, mask: null, batchSize: rows, seqLen };
      }
    },
  };
}
