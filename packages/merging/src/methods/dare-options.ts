/** Options shared by {@link dareLinearMerge} and {@link dareTiesMerge} (mergekit's parameters). */
export interface DareOptions {
  /** `weight` per model (required). */
  weights: readonly number[];
  /** `density` per model, in (0, 1] (default 1): each task-vector entry is kept with this probability. */
  densities?: readonly number[];
  /** `lambda` (default 1): scales the merged task vector. */
  lambda?: number;
  /** `normalize` (default false): divide by the (agreeing, for dare_ties) summed weights. */
  normalize?: boolean;
  /**
   * `rescale` (default true): multiply kept entries by 1/density, so each task vector keeps its
   * expected value (the paper's rescaling). mergekit ≥ 0.1 instead scales the kept entries so the
   * task vector keeps its L1 norm, which equals 1/density in expectation.
   */
  rescale?: boolean;
  /** Seed of the drop masks (default 0); with `tensorName`, picks one mask stream per tensor and model. */
  seed?: number;
  tensorName?: string;
  /** Explicit keep-masks (1 keep, 0 drop) per model, instead of drawing them; see {@link dareMask}. */
  masks?: readonly (Uint8Array | undefined)[];
}
