/**
 * How close a decoded image is to its original: mean absolute error per channel and PSNR, over the
 * RGB channels only (alpha is not compared).
 */
import { assertPixelImage, type PixelImage } from './image';

/** Errors of `decoded` against `reference`, in 0..255 levels. */
export interface ImageError {
  /** Mean of |a - b| over every pixel's R, G and B. */
  meanAbsError: number;
  /** Mean squared error over R, G and B. */
  meanSquaredError: number;
  /** Peak signal-to-noise ratio, 10·log10(255² / MSE) dB; Infinity for identical images. */
  psnrDb: number;
  /** Largest |a - b| seen. */
  maxAbsError: number;
}

/** Compares the RGB of two images of the same size (channel counts may differ). */
export function imageError(reference: PixelImage, decoded: PixelImage): ImageError {
  assertPixelImage(reference, 'reference');
  assertPixelImage(decoded, 'decoded');
  if (reference.width !== decoded.width || reference.height !== decoded.height) {
    throw new RangeError(`images differ in size: ${reference.width}×${reference.height} vs ${decoded.width}×${decoded.height}`);
  }
  const n = reference.width * reference.height;
  const a = reference.data;
  const b = decoded.data;
  const ca = reference.channels;
  const cb = decoded.channels;
  let abs = 0;
  let sq = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      const d = Math.abs(a[i * ca + c] - b[i * cb + c]);
      abs += d;
      sq += d * d;
      if (d > max) max = d;
    }
  }
  const mse = sq / (3 * n);
  return { meanAbsError: abs / (3 * n), meanSquaredError: mse, psnrDb: mse === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((255 * 255) / mse), maxAbsError: max };
}
