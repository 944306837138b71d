/**
 * A logits processor changes the next-token scores of one sequence before sampling (transformers.js'
 * LogitsProcessor): it works in place on the last position's logits, a Float32Array of the vocab
 * size, and sets tokens it removes to -Infinity.
 */

/** What a processor may look at besides the logits. */
export interface ProcessorContext {
  /** Every id of the sequence so far: the prompt, then the generated ids. */
  readonly ids: readonly number[];
  /** How many of `ids` are the prompt. */
  readonly promptLength: number;
}

/** One step of the chain; changes `logits` in place. */
export interface LogitsProcessor {
  readonly name: string;
  process(logits: Float32Array, context: ProcessorContext): void;
}

/** Runs processors in order over `logits` (in place) and returns it. */
export function applyProcessors(processors: readonly LogitsProcessor[], logits: Float32Array, context: ProcessorContext): Float32Array {
  for (const p of processors) p.process(logits, context);
  return logits;
}
