/**
 * One id space for text, images and sound, so one sequence holds all three. Text needs no
 * marker: every id below the text tokenizer's `vocabSize` is text. Media are wrapped in markers,
 * and an image carries its own size, so `decode` needs nothing but the ids:
 *
 * ```
 * ...text ids... <|image|> W1 W0 H1 H0 p(0,0) p(1,0) ... p(W-1,H-1) <|/image|> ...text ids...
 * <|audio|> a0 a1 ... <|/audio|>
 * ```
 *
 * W1 W0 and H1 H0 are base-256 digits of width and height (size range, most significant first);
 * p are palette ids (image range, raster order); a are audio levels (audio range). See
 * `id-layout.ts` for where each range starts.
 *
 * `decode` returns consecutive text ids as one text part, so adjacent text parts come back merged
 * and empty text parts disappear. A malformed sequence throws a `TokenizerFormatError` (source
 * 'multimodal ids') naming the position of the offending id.
 */
import { TokenizerFormatError } from '../errors';
import type { ImageSize, PixelImage } from '../pixel';
import type { Codec, EncodeOptions, Tokenizer } from '../tokenizer';
import { type IdRange, layoutIds, MARKERS, type RangeName, SIZE_BASE } from './id-layout';

/** One piece of a multimodal sequence. */
export type MultimodalPart = { text: string } | { image: PixelImage } | { audio: Float32Array };

/** An image codec that decodes at a given size (a `PixelTokenizer` is one). */
export interface ImageCodec extends Codec<PixelImage> {
  decode(ids: readonly number[], size?: ImageSize): PixelImage;
}

export interface MultimodalVocabularyOptions {
  text: Tokenizer;
  /** Optional: without it, image parts are rejected and take no ids. */
  image?: ImageCodec;
  /** Optional: without it, audio parts are rejected and take no ids. */
  audio?: Codec<Float32Array>;
  /** Passed to `text.encode` for every text part (e.g. `{ allowedSpecial: ['<|endoftext|>'] }`). */
  textOptions?: EncodeOptions;
}

const SOURCE = 'multimodal ids';

/** Joins a text tokenizer and media codecs into one vocabulary. */
export class MultimodalVocabulary implements Codec<MultimodalPart[]> {
  readonly name: string;
  readonly vocabSize: number;
  /** Marker string -> id. */
  readonly markers: ReadonlyMap<string, number>;
  private readonly ranges: IdRange[];
  private readonly text: Tokenizer;
  private readonly image?: ImageCodec;
  private readonly audio?: Codec<Float32Array>;
  private readonly textOptions?: EncodeOptions;

  constructor(options: MultimodalVocabularyOptions) {
    const { text, image, audio } = options;
    for (const [key, c] of [['text', text], ['image', image], ['audio', audio]] as const) {
      if (c !== undefined && !(Number.isInteger(c.vocabSize) && c.vocabSize > 0)) throw new RangeError(`${key} vocabSize is ${c.vocabSize}, expected a positive integer`);
    }
    if (text === undefined) throw new TypeError('MultimodalVocabulary needs a text tokenizer');
    const layout = layoutIds({ text: text.vocabSize, image: image?.vocabSize, audio: audio?.vocabSize });
    this.ranges = layout.ranges;
    this.markers = layout.markers;
    this.vocabSize = layout.vocabSize;
    this.text = text;
    this.image = image;
    this.audio = audio;
    this.textOptions = options.textOptions;
    this.name = ['multimodal', text.name, image?.name, audio?.name].filter(Boolean).join('+');
  }

  /** The id ranges, in order (copies). */
  describe(): IdRange[] {
    return this.ranges.map((r) => ({ ...r }));
  }

  /** Which range `id` falls in and its index there, or undefined outside every range. */
  locate(id: number): { range: RangeName; local: number } | undefined {
    if (!Number.isInteger(id)) return undefined;
    const r = this.ranges.find((x) => id >= x.start && id < x.end);
    return r && { range: r.name, local: id - r.start };
  }

  /** The ids of `parts`, in order (see the class notes for the layout). */
  encode(parts: readonly MultimodalPart[]): number[] {
    if (!Array.isArray(parts)) throw new TypeError('encode expects an array of parts');
    const out: number[] = [];
    const push = (ids: readonly number[], offset: number) => {
      for (const id of ids) out.push(id + offset);
    };
    parts.forEach((part, i) => {
      const keys = part && typeof part === 'object' ? Object.keys(part).filter((k) => k === 'text' || k === 'image' || k === 'audio') : [];
      if (keys.length !== 1) throw new TypeError(`parts[${i}] must have exactly one of text, image or audio`);
      if ('text' in part) {
        if (typeof part.text !== 'string') throw new TypeError(`parts[${i}].text is not a string`);
        push(this.text.encode(part.text, this.textOptions), 0);
      } else if ('image' in part) {
        if (!this.image) throw new TypeError(`parts[${i}] is an image but this vocabulary has no image codec`);
        const { width, height } = part.image ?? {};
        const max = SIZE_BASE * SIZE_BASE - 1;
        if (!(width >= 1 && width <= max && height >= 1 && height <= max)) {
          throw new RangeError(`parts[${i}]: image is ${width}×${height}; the sequence header holds sizes 1..${max}`);
        }
        const ids = this.image.encode(part.image);
        out.push(this.marker(MARKERS.imageBegin));
        const size = this.start('size');
        out.push(size + (width >> 8), size + (width & 255), size + (height >> 8), size + (height & 255));
        push(ids, this.start('image'));
        out.push(this.marker(MARKERS.imageEnd));
      } else {
        if (!this.audio) throw new TypeError(`parts[${i}] is audio but this vocabulary has no audio codec`);
        out.push(this.marker(MARKERS.audioBegin));
        push(this.audio.encode(part.audio), this.start('audio'));
        out.push(this.marker(MARKERS.audioEnd));
      }
    });
    return out;
  }

  /** The parts of `ids`; throws a `TokenizerFormatError` naming the position of a malformed id. */
  decode(ids: readonly number[]): MultimodalPart[] {
    const parts: MultimodalPart[] = [];
    let textRun: number[] = [];
    const flush = () => {
      if (textRun.length > 0) parts.push({ text: this.text.decode(textRun) });
      textRun = [];
    };
    const textEnd = this.text.vocabSize;
    let i = 0;
    while (i < ids.length) {
      const id = ids[i];
      if (Number.isInteger(id) && id >= 0 && id < textEnd) {
        textRun.push(id);
        i++;
      } else if (this.image && id === this.markers.get(MARKERS.imageBegin)) {
        flush();
        i = this.decodeImage(ids, i, parts);
      } else if (this.audio && id === this.markers.get(MARKERS.audioBegin)) {
        flush();
        i = this.decodeAudio(ids, i, parts);
      } else if (id === this.markers.get(MARKERS.imageEnd) || id === this.markers.get(MARKERS.audioEnd)) {
        const open = id === this.markers.get(MARKERS.imageEnd) ? MARKERS.imageBegin : MARKERS.audioBegin;
        throw this.error(i, `${this.what(id)} without a matching ${open} before it`);
      } else {
        throw this.error(i, `${this.what(id)} outside any block (only text ids and begin markers may appear here)`);
      }
    }
    flush();
    return parts;
  }

  private decodeImage(ids: readonly number[], begin: number, parts: MultimodalPart[]): number {
    const dims: number[] = [];
    for (let d = 0; d < 4; d++) {
      const p = begin + 1 + d;
      if (p >= ids.length) throw this.error(p, `the sequence ends inside the size header of the image opened at position ${begin}`);
      const at = this.locate(ids[p]);
      if (at?.range !== 'size') throw this.error(p, `expected size digit ${d + 1} of 4 after <|image|> at position ${begin}, got ${this.what(ids[p])}`);
      dims.push(at.local);
    }
    const width = dims[0] * SIZE_BASE + dims[1];
    const height = dims[2] * SIZE_BASE + dims[3];
    if (width === 0 || height === 0) throw this.error(begin + 1, `the image opened at position ${begin} has size ${width}×${height}`);
    const n = width * height;
    const first = begin + 5;
    const imageStart = this.start('image');
    const pixels = new Array<number>(n);
    for (let k = 0; k < n; k++) {
      const p = first + k;
      if (p >= ids.length) throw this.error(p, `the sequence ends after ${k} of the ${width}×${height} = ${n} pixels of the image opened at position ${begin}`);
      const at = this.locate(ids[p]);
      if (at?.range !== 'image') {
        throw this.error(p, `expected pixel ${k} of ${n} of the ${width}×${height} image opened at position ${begin}, got ${this.what(ids[p])}`);
      }
      pixels[k] = ids[p] - imageStart;
    }
    const end = first + n;
    if (ids[end] !== this.markers.get(MARKERS.imageEnd)) {
      const got = end < ids.length ? this.what(ids[end]) : 'the end of the sequence';
      throw this.error(end, `expected <|/image|> after the ${n} pixels of the image opened at position ${begin}, got ${got}`);
    }
    parts.push({ image: this.image!.decode(pixels, { width, height }) });
    return end + 1;
  }

  private decodeAudio(ids: readonly number[], begin: number, parts: MultimodalPart[]): number {
    const endId = this.markers.get(MARKERS.audioEnd);
    const audioStart = this.start('audio');
    const levels: number[] = [];
    let p = begin + 1;
    for (; p < ids.length && ids[p] !== endId; p++) {
      if (this.locate(ids[p])?.range !== 'audio') throw this.error(p, `${this.what(ids[p])} inside the audio opened at position ${begin} (expected audio levels or <|/audio|>)`);
      levels.push(ids[p] - audioStart);
    }
    if (p >= ids.length) throw this.error(p, `the audio opened at position ${begin} is not closed by <|/audio|>`);
    parts.push({ audio: this.audio!.decode(levels) });
    return p + 1;
  }

  /** A short description of an id for error messages. */
  private what(id: number): string {
    const at = this.locate(id);
    if (at === undefined) return `id ${String(id)} (outside every range; vocabSize ${this.vocabSize})`;
    if (at.range === 'marker') return `id ${id} (${[...this.markers].find(([, v]) => v === id)![0]})`;
    return `id ${id} (${at.range} ${at.local})`;
  }

  private error(position: number, detail: string): TokenizerFormatError {
    return new TokenizerFormatError(SOURCE, `position ${position}: ${detail}`);
  }

  private start(name: RangeName): number {
    return this.ranges.find((r) => r.name === name)!.start;
  }

  private marker(name: string): number {
    return this.markers.get(name)!;
  }
}
