import { describe, expect, it } from 'vitest';
import { UnknownTokenIdError } from '../errors';
import { imageFromImageData } from './image';
import { imageError } from './image-quality';
import { learnPalette } from './learn-palette';
import { Palette } from './palette';
import { PixelTokenizer } from './pixel-tokenizer';
import { seededRandom } from '../random';
import { gradientImage } from './test-images';

describe('PixelTokenizer', () => {
  it('round-trips a gradient image within the error bounds at 512 colours (and 16 colours is worse)', () => {
    const image = gradientImage(128, 128);
    const tokenizer = new PixelTokenizer(learnPalette(image, { colors: 512, seed: 0 }));
    expect(tokenizer.vocabSize).toBe(512);
    const ids = tokenizer.encode(image);
    expect(ids.length).toBe(128 * 128);
    const e = imageError(image, tokenizer.decode(ids, { width: 128, height: 128 }));
    expect(e.meanAbsError).toBeLessThan(3);
    expect(e.psnrDb).toBeGreaterThan(36);
    const coarse = new PixelTokenizer(learnPalette(image, { colors: 16, seed: 0 }));
    const c = imageError(image, coarse.decode(coarse.encode(image)));
    expect(c.psnrDb).toBeLessThan(e.psnrDb - 10);
  });

  it('is exact when the image only uses palette colours, ids in raster order', () => {
    const random = seededRandom(3);
    const colors = Array.from({ length: 64 * 3 }, () => Math.floor(random() * 256));
    const palette = new Palette(colors);
    const width = 7;
    const height = 5;
    const ids = Array.from({ length: width * height }, () => Math.floor(random() * 64));
    const data = new Uint8Array(width * height * 3);
    ids.forEach((id, i) => {
      data.set(palette.color(id), 3 * i);
    });
    const tokenizer = new PixelTokenizer(palette, { outputChannels: 3 });
    const image = { width, height, channels: 3 as const, data };
    expect(tokenizer.encode(image)).toEqual(ids);
    const back = tokenizer.decode(ids, { width, height });
    expect(back.data).toEqual(data);
    expect(imageError(image, back).psnrDb).toBe(Number.POSITIVE_INFINITY);
  });

  it('ignores alpha by default and decodes opaque RGBA; composites when asked', () => {
    const palette = new Palette([0, 0, 0, 255, 255, 255, 200, 0, 0]);
    const image = { width: 2, height: 1, channels: 4 as const, data: Uint8ClampedArray.from([255, 255, 255, 0, 200, 0, 0, 255]) };
    const plain = new PixelTokenizer(palette);
    expect(plain.encode(image)).toEqual([1, 2]);
    const decoded = plain.decode([1, 2]  , { width: 2, height: 1 });
    expect(decoded.channels).toBe(4);
    expect(decoded.data).toBeInstanceOf(Uint8ClampedArray);
    expect([...decoded.data]).toEqual([255, 255, 255, 255, 200, 0, 0, 255]);
    const onBlack = new PixelTokenizer(palette, { alpha: { background: [0, 0, 0] } });
    expect(onBlack.encode(image)).toEqual([0, 2]);
    // An ImageData-like object (fields as getters) converts and round-trips through the canvas format.
    const canvasLike = Object.create({ get width() { return 2; }, get height() { return 1; }, get data() { return decoded.data; } });
    expect(plain.encode(imageFromImageData(canvasLike))).toEqual([1, 2]);
    expect(() => imageFromImageData({ width: 2, height: 2, data: new Uint8ClampedArray(8) })).toThrow(/16/);
  });

  it('decodes squares without a size and rejects bad ids or sizes', () => {
    const t = new PixelTokenizer(new Palette([0, 0, 0, 9, 9, 9]));
    expect(t.decode([0, 1, 1, 0]).width).toBe(2);
    expect(() => t.decode([0, 1, 1])).toThrow(/not a square/);
    expect(() => t.decode([0, 1, 1], { width: 2, height: 2 })).toThrow(/3 ids cannot fill a 2×2/);
    expect(() => t.decode([0, 2], { width: 2, height: 1 })).toThrow(UnknownTokenIdError);
    expect(() => t.decode([0, 1], { width: 0, height: 2 })).toThrow(/width is 0/);
    const fixed = t.withSize({ width: 1, height: 2 });
    expect(fixed.decode([1, 0]).height).toBe(2);
    expect(() => fixed.encode({ width: 2, height: 1, channels: 3, data: new Uint8Array(6) })).toThrow(/takes 1×2/);
    expect(() => new PixelTokenizer(new Palette([0, 0, 0]), { alpha: { background: [0, 0, 256] } })).toThrow(/background/);
  });
});
