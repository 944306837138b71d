/**
 * The image type every pixel function takes: row-major pixels, 3 (RGB) or 4 (RGBA) bytes each.
 * A canvas `ImageData` holds the same (channels 4, `Uint8ClampedArray`): convert it with
 * {@link imageFromImageData} (spreading an `ImageData` copies nothing: its fields are getters).
 */

/** An RGB or RGBA image, pixels in raster order (left to right, top to bottom). */
export interface PixelImage {
  readonly width: number;
  readonly height: number;
  /** 3: RGB; 4: RGBA (as in `ImageData`). */
  readonly channels: 3 | 4;
  /** `width * height * channels` bytes. */
  readonly data: Uint8Array | Uint8ClampedArray;
}

/** Width and height of an image, for decoding ids that do not carry them. */
export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/**
 * Throws a `RangeError` naming `what` and the problem unless `image` is a well-formed
 * {@link PixelImage} (positive integer size, channels 3 or 4, matching data length).
 */
export function assertPixelImage(image: PixelImage, what = 'image'): void {
  if (image == null || typeof image !== 'object') throw new TypeError(`${what} is not an image object`);
  const { width, height, channels, data } = image;
  assertImageSize({ width, height }, what);
  if (channels !== 3 && channels !== 4) throw new RangeError(`${what}.channels is ${String(channels)}, expected 3 or 4`);
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) {
    throw new TypeError(`${what}.data must be a Uint8Array or Uint8ClampedArray`);
  }
  const expected = width * height * channels;
  if (data.length !== expected) {
    throw new RangeError(`${what}.data has ${data.length} bytes, expected width*height*channels = ${width}*${height}*${channels} = ${expected}`);
  }
}

/** Throws a `RangeError` unless width and height are positive integers. */
export function assertImageSize(size: ImageSize, what = 'image'): void {
  for (const key of ['width', 'height'] as const) {
    const v = size[key];
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${what}.${key} is ${String(v)}, expected a positive integer`);
  }
}

/** The {@link PixelImage} view of a canvas `ImageData` (or any `{ width, height, data }` RGBA), sharing its bytes. */
export function imageFromImageData(imageData: { readonly width: number; readonly height: number; readonly data: Uint8ClampedArray | Uint8Array }): PixelImage {
  const image: PixelImage = { width: imageData.width, height: imageData.height, channels: 4, data: imageData.data };
  assertPixelImage(image, 'imageData');
  return image;
}
