/**
 * Pixel tokenizer (ImageGPT): each pixel becomes the id of its nearest palette colour, in raster
 * order (row by row, left to right); decoding paints each id's colour.
 *
 * Alpha policy (explicit): by default alpha is ignored on encode (RGB is read as is, even where
 * alpha is 0) and decoded images are opaque (alpha 255). With `alpha: { background }`, RGBA pixels
 * are first composited over that colour. Ids carry no image size: `decode(ids, { width, height })`
 * takes it, `decode(ids)` assumes a square image, and `withSize` gives a plain `Codec` for one
 * fixed size (ImageGPT's 32×32). The multimodal vocabulary writes the size into the sequence.
 */
import { UnknownTokenIdError } from '../errors';
import type { Codec } from '../tokenizer';
import { assertRgb, compositeOnBackground, type RgbColor } from './composite';
import { assertImageSize, assertPixelImage, type ImageSize, type PixelImage } from './image';
import type { Palette } from './palette';

/** What `encode` does with the alpha channel of 4-channel images. */
export type AlphaPolicy = 'ignore' | { background: RgbColor };

export interface PixelTokenizerOptions {
  /** 'ignore' (default): read RGB, drop alpha. `{ background }`: composite over it first. */
  alpha?: AlphaPolicy;
  /**
   * Channels of decoded images: 4 (default; RGBA, alpha 255, `Uint8ClampedArray`, ready for
   * `new ImageData(data, width, height)`), or 3 (RGB, `Uint8Array`).
   */
  outputChannels?: 3 | 4;
}

/** Images to palette ids and back. `vocabSize` is the palette size. */
export class PixelTokenizer implements Codec<PixelImage> {
  readonly name: string;
  readonly vocabSize: number;
  readonly alpha: AlphaPolicy;
  readonly outputChannels: 3 | 4;

  constructor(
    readonly palette: Palette,
    options: PixelTokenizerOptions = {},
  ) {
    this.alpha = options.alpha ?? 'ignore';
    if (this.alpha !== 'ignore') {
      if (typeof this.alpha !== 'object' || this.alpha == null) throw new RangeError(`alpha is ${JSON.stringify(this.alpha)}, expected 'ignore' or { background: [r, g, b] }`);
      assertRgb(this.alpha.background, 'alpha.background');
    }
    this.outputChannels = options.outputChannels ?? 4;
    if (this.outputChannels !== 3 && this.outputChannels !== 4) throw new RangeError(`outputChannels is ${String(this.outputChannels)}, expected 3 or 4`);
    this.name = `pixel-palette-${palette.size}`;
    this.vocabSize = palette.size;
  }

  /** Palette ids of the image's pixels in raster order (`width * height` ids). */
  encode(image: PixelImage): number[] {
    assertPixelImage(image);
    const im = this.alpha === 'ignore' ? image : compositeOnBackground(image, this.alpha.background);
    const n = im.width * im.height;
    const ch = im.channels;
    const d = im.data;
    const ids = new Array<number>(n);
    // Neighbouring pixels often repeat: remember the last colour's id.
    let last = -1;
    let lastId = 0;
    for (let i = 0; i < n; i++) {
      const r = d[i * ch];
      const g = d[i * ch + 1];
      const b = d[i * ch + 2];
      const packed = (r << 16) | (g << 8) | b;
      if (packed !== last) {
        last = packed;
        lastId = this.palette.nearest(r, g, b);
      }
      ids[i] = lastId;
    }
    return ids;
  }

  /**
   * The image painted by `ids` in raster order. `size` defaults to a square image
   * (`ids.length` must then be a perfect square). Throws `UnknownTokenIdError` for an id outside
   * the palette and `RangeError` when the count does not match the size.
   */
  decode(ids: readonly number[], size?: ImageSize): PixelImage {
    const { width, height } = size ?? squareSize(ids.length);
    assertImageSize({ width, height }, 'size');
    if (ids.length !== width * height) {
      throw new RangeError(`${this.name}: ${ids.length} ids cannot fill a ${width}×${height} image (${width * height} pixels)`);
    }
    const ch = this.outputChannels;
    const data = ch === 4 ? new Uint8ClampedArray(ids.length * 4) : new Uint8Array(ids.length * 3);
    const colors = this.palette.colors;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) throw new UnknownTokenIdError(id, `${this.name} (ids[${i}])`);
      data[i * ch] = colors[3 * id];
      data[i * ch + 1] = colors[3 * id + 1];
      data[i * ch + 2] = colors[3 * id + 2];
      if (ch === 4) data[i * ch + 3] = 255;
    }
    return { width, height, channels: ch, data };
  }

  /** A plain `Codec` for images of exactly one size (encode rejects any other size). */
  withSize(size: ImageSize): Codec<PixelImage> {
    assertImageSize(size, 'size');
    const { width, height } = size;
    return {
      name: `${this.name}-${width}x${height}`,
      vocabSize: this.vocabSize,
      encode: (image) => {
        if (image.width !== width || image.height !== height) {
          throw new RangeError(`${this.name}: image is ${image.width}×${image.height}, this codec takes ${width}×${height}`);
        }
        return this.encode(image);
      },
      decode: (ids) => this.decode(ids, { width, height }),
    };
  }
}

function squareSize(n: number): ImageSize {
  const side = Math.round(Math.sqrt(n));
  if (side * side !== n || n === 0) {
    throw new RangeError(`${n} ids is not a square image; pass decode(ids, { width, height })`);
  }
  return { width: side, height: side };
}
