/**
 * Where each modality lives in the joint id space. Ranges follow one another in a fixed order, so
 * a vocabulary built from the same tokenizers always gives the same ids:
 *
 * ```
 * text     [0, T)                    the text tokenizer's own ids, unchanged (specials included)
 * image    [T, T + P)                palette colour c is T + c
 * audio    next A ids                audio level a is start + a
 * size     next 256 ids              base-256 digits of an image's width and height
 * markers  <|image|> <|/image|> <|audio|> <|/audio|>   one id each, last
 * ```
 *
 * A modality that is not configured takes no ids (no image → no image, size or image markers).
 */

/** The kind of ids a range holds. */
export type RangeName = 'text' | 'image' | 'audio' | 'size' | 'marker';

/** A half-open id range `[start, end)`. */
export interface IdRange {
  name: RangeName;
  start: number;
  end: number;
  /** What the ids mean, in words. */
  description: string;
}

/** The marker strings, each one id in the joint vocabulary. */
export const MARKERS = {
  imageBegin: '<|image|>',
  imageEnd: '<|/image|>',
  audioBegin: '<|audio|>',
  audioEnd: '<|/audio|>',
} as const;

/** Digits of each image dimension in the header (base 256, most significant first): sizes up to 65535. */
export const SIZE_DIGITS = 2;
export const SIZE_BASE = 256;

/** Sizes of the parts, in ids. */
export interface LayoutSizes {
  text: number;
  image?: number;
  audio?: number;
}

/** Resolved id layout. */
export interface IdLayout {
  ranges: IdRange[];
  /** Marker string -> id. */
  markers: Map<string, number>;
  vocabSize: number;
}

/** Lays the ranges out in the fixed order described above. */
export function layoutIds(sizes: LayoutSizes): IdLayout {
  const ranges: IdRange[] = [];
  let next = 0;
  const add = (name: RangeName, size: number, description: string) => {
    ranges.push({ name, start: next, end: next + size, description });
    next += size;
  };
  add('text', sizes.text, 'text tokenizer ids, unchanged');
  if (sizes.image !== undefined) add('image', sizes.image, 'palette colour c at start + c');
  if (sizes.audio !== undefined) add('audio', sizes.audio, 'audio level a at start + a');
  if (sizes.image !== undefined) add('size', SIZE_BASE, `image width and height as ${SIZE_DIGITS} base-${SIZE_BASE} digits each, after <|image|>`);
  const markers = new Map<string, number>();
  const markerStart = next;
  const names: string[] = [];
  if (sizes.image !== undefined) names.push(MARKERS.imageBegin, MARKERS.imageEnd);
  if (sizes.audio !== undefined) names.push(MARKERS.audioBegin, MARKERS.audioEnd);
  for (const m of names) markers.set(m, next++);
  if (names.length > 0) ranges.push({ name: 'marker', start: markerStart, end: next, description: names.join(' ') });
  return { ranges, markers, vocabSize: next };
}
