/**
 * A hook through which test-time scaling steers one sequence with the same pieces generate() uses:
 * it may replace what the sampler chose and force-feed tokens (budget forcing's "Wait" and its
 * end-of-thinking + answer prefix are both that).
 */
export interface SequenceController {
  /** Before the first step: ids to force-feed before anything is sampled (may be empty). */
  start(promptIds: readonly number[]): number[];
  /**
   * The sampler chose `id`. Return ids to use instead (the first takes its place, the rest are
   * force-fed next), or null to keep it.
   */
  review(id: number): number[] | null;
  /**
   * `id` was appended (sampled or forced). Return ids to force-feed next, which replace whatever was
   * still queued, or null to leave the queue as it is.
   */
  accept(id: number): number[] | null;
}
