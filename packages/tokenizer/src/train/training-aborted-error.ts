/** Training was stopped through its AbortSignal. */
export class TrainingAbortedError extends Error {
  /** 'AbortError', like the errors of fetch and other abortable APIs. */
  override name = 'AbortError';
  constructor(
    /** Merges learned before the abort. */
    readonly merges: number,
    /** Merges that were wanted. */
    readonly target: number,
    /** The phase it was in: 'count', 'pairs' or 'merge'. */
    readonly phase: string,
    /** The signal's reason. */
    reason?: unknown,
  ) {
    super(`BPE training aborted during the ${phase} phase, after ${merges} of ${target} merges`, { cause: reason });
  }
}
