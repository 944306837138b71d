/**
 * Flattening transparency: an RGBA image composited over an opaque background colour, as it would
 * look on screen. Use it before learning a palette or encoding when alpha matters.
 */
import { assertPixelImage, type PixelImage } from './image';

/** An opaque RGB colour, each channel an integer in 0..255. */
export type RgbColor = readonly [number, number, number];

/**
 * The RGB image of `image` drawn over `background` (straight, not premultiplied, alpha):
 * `round(c * a / 255 + bg * (1 - a / 255))` per channel. A 3-channel image is returned as is.
 */
export function compositeOnBackground(image: PixelImage, background: RgbColor): PixelImage {
  assertPixelImage(image);
  assertRgb(background, 'background');
  if (image.channels === 3) return image;
  const n = image.width * image.height;
  const src = image.data;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const a = src[4 * i + 3] / 255;
    for (let c = 0; c < 3; c++) out[3 * i + c] = Math.round(src[4 * i + c] * a + background[c] * (1 - a));
  }
  return { width: image.width, height: image.height, channels: 3, data: out };
}

/** Throws a `RangeError` unless `color` is three integers in 0..255. */
export function assertRgb(color: RgbColor, what: string): void {
  if (!Array.isArray(color) || color.length !== 3 || !color.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) {
    throw new RangeError(`${what} is ${JSON.stringify(color)}, expected [r, g, b] with integers in 0..255`);
  }
}
