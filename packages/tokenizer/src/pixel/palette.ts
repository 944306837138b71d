/**
 * A palette: the finite set of colours an image is spelled with (ImageGPT uses 512). Colour `i` is
 * token id `i`.
 */
import { NearestColorIndex } from './nearest-color';

/** An ordered list of distinct-or-not RGB colours; id `i` is colour `i`. */
export class Palette {
  /** RGB triplets, `3 * size` bytes. */
  readonly colors: Uint8Array;
  /** Number of colours (= the pixel tokenizer's vocabulary size). */
  readonly size: number;
  private index: NearestColorIndex | undefined;

  /**
   * `colors`: RGB triplets (`3 * size` integers in 0..255), e.g. `[255, 0, 0, 0, 0, 255]` for red and
   * blue. Throws a `RangeError` naming the first bad entry.
   */
  constructor(colors: ArrayLike<number>) {
    if (colors.length === 0 || colors.length % 3 !== 0) {
      throw new RangeError(`palette colors has ${colors.length} numbers, expected a positive multiple of 3 (RGB triplets)`);
    }
    for (let i = 0; i < colors.length; i++) {
      const v = colors[i];
      if (!Number.isInteger(v) || v < 0 || v > 255) {
        throw new RangeError(`palette color ${Math.floor(i / 3)} channel ${i % 3} is ${String(v)}, expected an integer in 0..255`);
      }
    }
    this.colors = Uint8Array.from(colors);
    this.size = colors.length / 3;
  }

  /** Colour `id` as [r, g, b]. Throws a `RangeError` for an id outside 0..size-1. */
  color(id: number): [number, number, number] {
    if (!Number.isInteger(id) || id < 0 || id >= this.size) throw new RangeError(`palette has no color ${id} (size ${this.size})`);
    return [this.colors[3 * id], this.colors[3 * id + 1], this.colors[3 * id + 2]];
  }

  /**
   * Id of the colour nearest to the integer colour (r, g, b) by squared Euclidean distance in RGB;
   * ties go to the lowest id. Exact, via a lazily built grid index (see `NearestColorIndex`).
   */
  nearest(r: number, g: number, b: number): number {
    if (this.index === undefined) this.index = new NearestColorIndex(this.colors);
    return this.index.nearest(r, g, b);
  }
}
