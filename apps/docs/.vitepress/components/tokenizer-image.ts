/**
 * The image part of the live tokenizer demo: a picture becomes palette ids (ImageGPT), and the ids
 * paint it back. Browser only in the docs: ImageTokens.vue imports this module from onMounted.
 */
import { type ImageError, imageError, imageFromImageData, learnPalette, type Palette, type PixelImage, PixelTokenizer } from '@ftheta/tokenizer';

/** Files are scaled down to at most this many pixels a side (ImageGPT itself worked at 32 to 64). */
export const MAX_SIDE = 128;

export interface ImageResult {
  /** What was tokenized, and where it came from ('sample' or a file name). */
  source: string;
  image: PixelImage;
  /** Size of the file before scaling down (the image's own size for the sample). */
  sourceWidth: number;
  sourceHeight: number;
  /** Colours asked for; the palette may have fewer when the image has fewer distinct colours. */
  colors: number;
  palette: Palette;
  tokenizer: PixelTokenizer;
  ids: number[];
  reconstruction: PixelImage;
  error: ImageError;
  learnMs: number;
  encodeMs: number;
  decodeMs: number;
}

/** A deterministic pseudo-random generator (LCG), so the sample is the same on every visit. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function hsv(h: number, s: number, v: number): [number, number, number] {
  const f = (n: number) => {
    const k = (n + h * 6) % 6;
    return v - v * s * Math.max(0, Math.min(k, 4 - k, 1));
  };
  return [255 * f(5), 255 * f(3), 255 * f(1)];
}

const mix = (a: number, b: number, t: number) => a + (b - a) * t;

/**
 * The built-in picture (so the demo needs no file): a sunset over the sea with hills, and a hue
 * wheel in the corner, which a small palette cannot cover. RGBA, 128×96.
 */
export function sampleImage(width = 128, height = 96): PixelImage {
  const data = new Uint8ClampedArray(width * height * 4);
  const random = lcg(7);
  const horizon = 0.64 * height;
  const sun = { x: 0.68 * width, y: 0.5 * height, r: 0.13 * height };
  // The wheel touches the top row, so the first tokens (raster order) are not all one colour.
  const wheel = { x: 0.17 * height + 2, y: 0.17 * height - 4, r: 0.17 * height };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let rgb: [number, number, number];
      if (y < horizon) {
        // Sky: deep blue at the top to orange at the horizon, lighter towards the sun, a glow around it.
        const t = y / horizon;
        const side = (1 - t) * (x / width);
        rgb = [mix(24, 255, t ** 1.4) + 70 * side, mix(38, 150, t ** 1.8) + 30 * side, mix(110, 90, t) + 30 * side];
        const d = Math.hypot(x - sun.x, y - sun.y);
        if (d < sun.r) rgb = [255, mix(250, 214, d / sun.r), mix(200, 90, d / sun.r)];
        else if (d < 2.2 * sun.r) {
          const g = 1 - (d - sun.r) / (1.2 * sun.r);
          rgb = [mix(rgb[0], 255, g * 0.7), mix(rgb[1], 200, g * 0.6), mix(rgb[2], 120, g * 0.4)];
        }
        // Two ranges of hills, the nearer one darker.
        const far = horizon - height * (0.1 + 0.05 * Math.sin(x / 9) + 0.03 * Math.sin(x / 3.7 + 1));
        const near = horizon - height * (0.04 + 0.04 * Math.sin(x / 14 + 2) + 0.015 * Math.sin(x / 2.9));
        if (y > near) rgb = [58, 40, 78];
        else if (y > far) rgb = [112, 76, 124];
      } else {
        // Sea: teal, darker with depth, the sun's reflection in broken stripes.
        const t = (y - horizon) / (height - horizon);
        rgb = [mix(40, 8, t), mix(110, 50, t), mix(140, 90, t)];
        const stripe = Math.abs(x - sun.x) < sun.r * (1.1 - 0.5 * t) && Math.sin(y * 1.7 + x * 0.3) > 0.2;
        if (stripe) rgb = [mix(255, 200, t), mix(190, 110, t), mix(110, 70, t)];
        const n = (random() - 0.5) * 18;
        rgb = [rgb[0] + n, rgb[1] + n, rgb[2] + n];
      }
      const dw = Math.hypot(x - wheel.x, y - wheel.y);
      if (dw < wheel.r) rgb = hsv((Math.atan2(y - wheel.y, x - wheel.x) / (2 * Math.PI) + 1) % 1, dw / wheel.r, 1);
      const o = 4 * (y * width + x);
      data[o] = rgb[0];
      data[o + 1] = rgb[1];
      data[o + 2] = rgb[2];
      data[o + 3] = 255;
    }
  }
  return { width, height, channels: 4, data };
}

/**
 * Decodes an image file (PNG, JPEG, WebP, GIF: whatever the browser reads) and scales it to at most
 * {@link MAX_SIDE} pixels a side. Transparent pixels are painted over white first (the pixel
 * tokenizer reads only RGB). Throws an Error naming the file when the browser cannot decode it.
 */
export async function imageFromFile(file: File): Promise<{ image: PixelImage; sourceWidth: number; sourceHeight: number }> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch (err) {
    const why = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    throw new Error(`${file.name} (${file.type || 'unknown type'}): the browser could not decode it as an image (${why})`);
  }
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('this browser gave no 2D canvas context');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, width, height);
    return { image: imageFromImageData(ctx.getImageData(0, 0, width, height)), sourceWidth: bitmap.width, sourceHeight: bitmap.height };
  } finally {
    bitmap.close();
  }
}

/** Learns a `colors`-colour palette from the image itself (k-means), encodes and decodes it. */
export function tokenizeImage(image: PixelImage, colors: number, source: string, sourceSize?: { width: number; height: number }): ImageResult {
  let t = performance.now();
  const palette = learnPalette(image, { colors });
  const learnMs = performance.now() - t;
  const tokenizer = new PixelTokenizer(palette);
  t = performance.now();
  const ids = tokenizer.encode(image);
  const encodeMs = performance.now() - t;
  t = performance.now();
  const reconstruction = tokenizer.decode(ids, { width: image.width, height: image.height });
  const decodeMs = performance.now() - t;
  return {
    source,
    image,
    sourceWidth: sourceSize?.width ?? image.width,
    sourceHeight: sourceSize?.height ?? image.height,
    colors,
    palette,
    tokenizer,
    ids,
    reconstruction,
    error: imageError(image, reconstruction),
    learnMs,
    encodeMs,
    decodeMs,
  };
}

/** Draws an image at its own size on `canvas` (CSS scales it up, pixelated). */
export function paint(canvas: HTMLCanvasElement, image: PixelImage): void {
  const { width, height, channels, data } = image;
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser gave no 2D canvas context');
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba[4 * i] = data[channels * i];
    rgba[4 * i + 1] = data[channels * i + 1];
    rgba[4 * i + 2] = data[channels * i + 2];
    rgba[4 * i + 3] = channels === 4 ? data[4 * i + 3] : 255;
  }
  ctx.putImageData(new ImageData(rgba, width, height), 0, 0);
}
