/** How close a reconstructed signal is to its original. */

/**
 * Signal-to-noise ratio in dB: `10 · log10(Σ ref² / Σ (ref − est)²)`. Infinity when identical;
 * throws a `RangeError` if the lengths differ or the signal is empty.
 */
export function snrDb(reference: ArrayLike<number>, estimate: ArrayLike<number>): number {
  if (reference.length !== estimate.length) throw new RangeError(`snrDb: lengths differ (${reference.length} vs ${estimate.length})`);
  if (reference.length === 0) throw new RangeError('snrDb: empty signal');
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < reference.length; i++) {
    signal += reference[i] * reference[i];
    const e = reference[i] - estimate[i];
    noise += e * e;
  }
  if (noise === 0) return Number.POSITIVE_INFINITY;
  return 10 * Math.log10(signal / noise);
}

/** Options of {@link segmentalSnrDb}. */
export interface SegmentalSnrOptions {
  /** Samples per frame. Default 320 (20 ms at 16 kHz). */
  frame?: number;
  /** Per-frame SNRs are clamped to [floorDb, ceilDb] so silent or perfect frames do not dominate. Default -10. */
  floorDb?: number;
  /** Default 60. */
  ceilDb?: number;
}

/**
 * Segmental SNR: the mean over whole frames of each frame's SNR in dB (clamped). Unlike
 * {@link snrDb}, quiet passages count as much as loud ones, which is what companding is for.
 * A trailing partial frame is ignored; frames of pure silence are skipped.
 */
export function segmentalSnrDb(reference: ArrayLike<number>, estimate: ArrayLike<number>, options: SegmentalSnrOptions = {}): number {
  const { frame = 320, floorDb = -10, ceilDb = 60 } = options;
  if (reference.length !== estimate.length) throw new RangeError(`segmentalSnrDb: lengths differ (${reference.length} vs ${estimate.length})`);
  if (!Number.isInteger(frame) || frame < 1) throw new RangeError(`segmentalSnrDb: frame is ${frame}, expected a positive integer`);
  let sum = 0;
  let frames = 0;
  for (let start = 0; start + frame <= reference.length; start += frame) {
    let signal = 0;
    let noise = 0;
    for (let i = start; i < start + frame; i++) {
      signal += reference[i] * reference[i];
      const e = reference[i] - estimate[i];
      noise += e * e;
    }
    if (signal === 0) continue;
    const db = noise === 0 ? ceilDb : 10 * Math.log10(signal / noise);
    sum += Math.min(ceilDb, Math.max(floorDb, db));
    frames++;
  }
  if (frames === 0) throw new RangeError('segmentalSnrDb: no non-silent whole frame');
  return sum / frames;
}
