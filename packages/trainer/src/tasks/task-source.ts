/**
 * The shape shared by the synthetic tasks: every row of every batch is drawn from its own seeded
 * generator (batch k uses deriveSeed(seed, k)), so a source's whole state is the batch count and any
 * batch can be recomputed. Rows are written straight into the batch's typed arrays.
 */
import { type Batch, type BatchSource, type BatchSourceState, checkPositiveInt, checkSeed, checkState, type JsonValue, stateInt } from '../data/batch';
import { deriveSeed, SeededRandom } from '../seeded-random';

/** One row to fill: inputs, targets and mask are views of length seqLen (zeros on entry). */
export interface TaskRow {
  inputs: Int32Array;
  targets: Int32Array;
  mask: Float32Array;
}

/** A task: its kind, its fixed options (for state checks), the row length and how to draw one row. */
export interface TaskSpec {
  kind: string;
  fixed: Record<string, JsonValue>;
  seqLen: number;
  fill(row: TaskRow, rng: SeededRandom): void;
}

/** A resumable {@link BatchSource} of `batchSize` rows of `spec`, seeded by `seed`. */
export function taskSource(spec: TaskSpec, batchSize: number, seed: number): BatchSource {
  checkPositiveInt(`${spec.kind}: batchSize`, batchSize);
  checkSeed(`${spec.kind}: seed`, seed);
  const fixed = { ...spec.fixed, batchSize };
  let step = 0;
  return {
    next(): Batch {
      const T = spec.seqLen;
      const inputs = new Int32Array(batchSize * T);
      const targets = new Int32Array(batchSize * T);
      const mask = new Float32Array(batchSize * T);
      const rng = new SeededRandom(deriveSeed(seed, step));
      for (let b = 0; b < batchSize; b++) {
        const at = (a: Int32Array | Float32Array) => a.subarray(b * T, (b + 1) * T);
        spec.fill({ inputs: at(inputs) as Int32Array, targets: at(targets) as Int32Array, mask: at(mask) as Float32Array }, rng);
      }
      step++;
      return { inputs, targets, mask, batchSize, seqLen: T };
    },
    state: (): BatchSourceState => ({ kind: spec.kind, ...fixed, step }),
    restore(state: BatchSourceState): void {
      checkState(spec.kind, state, fixed);
      step = stateInt(spec.kind, state, 'step');
    },
  };
}

/** `count` distinct positions of [lo, hi), sorted (a partial Fisher-Yates over the range). */
export function distinctPositions(rng: SeededRandom, count: number, lo: number, hi: number): number[] {
  const n = hi - lo;
  const pool = Array.from({ length: n }, (_, i) => lo + i);
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(n - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count).sort((a, b) => a - b);
}
