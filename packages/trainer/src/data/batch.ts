/**
 * The batch contract between data and the training loop. A batch is row-major [B,T] typed arrays;
 * a batch source is an endless, seeded, resumable stream of batches.
 */

/** A JSON value (what a {@link BatchSourceState} may hold). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * One training batch, row-major [batchSize, seqLen]: `inputs[b*seqLen + t]` is fed to the model
 * and `targets[b*seqLen + t]` is the token it should predict there.
 */
export interface Batch {
  /** Input ids [B,T]. */
  inputs: Int32Array;
  /** Target ids [B,T] (next-token sources: the inputs shifted by one). */
  targets: Int32Array;
  /** [B,T]: 1 where the target counts in the loss, 0 where it does not; null = every target counts. */
  mask: Float32Array | null;
  batchSize: number;
  seqLen: number;
}

/**
 * A source's position as plain JSON (`JSON.parse(JSON.stringify(state))` restores the same
 * position), so training can stop and resume the same sequence of batches exactly.
 */
export interface BatchSourceState {
  /** Which kind of source wrote it ('random-windows', 'packed-sequences', ...). */
  readonly kind: string;
  readonly [key: string]: JsonValue;
}

/** An endless stream of batches that can save and restore its position. */
export interface BatchSource {
  /** The next batch (fresh arrays; the caller may keep or modify them). */
  next(): Batch;
  /** The current position; `restore(state())` later continues with the same batches. */
  state(): BatchSourceState;
  /** Continues from a position written by `state()` of a source built with the same data and options. */
  restore(state: BatchSourceState): void;
}

/** Token ids in a compact typed array (what the data functions accept and return). */
export type TokenArray = Uint8Array | Uint16Array | Uint32Array | Int32Array;

/** Throws unless `value` is a positive integer; the message names `name` and the value. */
export function checkPositiveInt(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}

/** Throws unless `value` is a finite number (a seed). */
export function checkSeed(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}

/** Throws unless `state` is an object of `kind` whose fields `fields` are what this source wrote. */
export function checkState(kind: string, state: BatchSourceState, expected: Record<string, JsonValue>): void {
  if (state == null || typeof state !== 'object') throw new TypeError(`${kind}: restore expects a state object, got ${String(state)}`);
  if (state.kind !== kind) throw new TypeError(`${kind}: cannot restore a state of kind ${JSON.stringify(state.kind)}`);
  for (const [key, value] of Object.entries(expected)) {
    if (JSON.stringify(state[key]) !== JSON.stringify(value)) {
      throw new TypeError(
        `${kind}: state.${key} is ${JSON.stringify(state[key])} but this source has ${JSON.stringify(value)}; restore needs the same data and options`,
      );
    }
  }
}

/** Reads a non-negative integer field of a state, or throws naming it. */
export function stateInt(kind: string, state: BatchSourceState, key: string): number {
  const v = state[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new TypeError(`${kind}: state.${key} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return v;
}
