/**
 * The last part of the live tokenizer demo: the text, the image and the sound above as one
 * sequence of ids from one vocabulary (MultimodalVocabulary), and back. Browser only in the docs.
 */
import { MultimodalVocabulary, type MultimodalIdRange, type MultimodalPart, type PixelImage, type Tokenizer } from '@ftheta/tokenizer';
import type { AudioResult } from './tokenizer-audio';
import type { ImageResult } from './tokenizer-image';

/** A stretch of the sequence, for display: a marker, or a run of ids of one kind. */
export interface Segment {
  kind: 'text' | 'image' | 'audio' | 'size' | 'marker';
  label: string;
  count: number;
  /** The first few ids of the run. */
  head: number[];
}

export interface SequenceResult {
  name: string;
  vocabSize: number;
  ranges: MultimodalIdRange[];
  length: number;
  segments: Segment[];
  /** decode(encode(parts)) gave back the text, the reconstructed image and the reconstructed sound. */
  roundTrip: boolean;
  ms: number;
}

const HEAD = 6;

function sameImage(a: PixelImage, b: PixelImage): boolean {
  if (a.width !== b.width || a.height !== b.height) return false;
  for (let i = 0; i < a.width * a.height; i++) {
    for (let c = 0; c < 3; c++) if (a.data[i * a.channels + c] !== b.data[i * b.channels + c]) return false;
  }
  return true;
}

/** Encodes [text, image, sound] in one vocabulary, splits the ids into segments, decodes them back. */
export function oneSequence(text: { tokenizer: Tokenizer; text: string }, image: ImageResult, audio: AudioResult): SequenceResult {
  const started = performance.now();
  const vocab = new MultimodalVocabulary({
    text: text.tokenizer,
    image: image.tokenizer,
    audio: audio.tokenizer,
    textOptions: { allowedSpecial: 'all' },
  });
  // An empty text takes no ids and decodes to no part: leave it out.
  const parts: MultimodalPart[] = [...(text.text ? [{ text: text.text }] : []), { image: image.image }, { audio: audio.original }];
  const ids = vocab.encode(parts);

  const markerNames = new Map([...vocab.markers].map(([name, id]) => [id, name]));
  const segments: Segment[] = [];
  for (const id of ids) {
    const where = vocab.locate(id);
    if (!where) throw new Error(`id ${id} is outside every range of ${vocab.name}`);
    const last = segments[segments.length - 1];
    if (where.range === 'marker') {
      segments.push({ kind: 'marker', label: markerNames.get(id) ?? String(id), count: 1, head: [id] });
    } else if (last && last.kind === where.range && where.range !== 'size') {
      last.count++;
      if (last.head.length < HEAD) last.head.push(id);
    } else if (last && last.kind === 'size' && where.range === 'size') {
      last.count++;
      last.head.push(id);
    } else {
      const label = { text: 'text ids', image: 'palette ids', audio: 'μ-law ids', size: 'width, height' }[where.range];
      segments.push({ kind: where.range, label, count: 1, head: [id] });
    }
  }
  const size = segments.find((s) => s.kind === 'size');
  if (size) size.label = `width ${image.image.width}, height ${image.image.height} (base-256 digits)`;

  const back = vocab.decode(ids);
  const [decodedImage, decodedAudio] = back.slice(-2);
  const roundTrip =
    back.length === parts.length &&
    (parts.length === 2 || ('text' in back[0] && back[0].text === text.text)) &&
    'image' in decodedImage &&
    sameImage(decodedImage.image, image.reconstruction) &&
    'audio' in decodedAudio &&
    decodedAudio.audio.length === audio.reconstruction.length &&
    decodedAudio.audio.every((v, i) => v === audio.reconstruction[i]);
  return { name: vocab.name, vocabSize: vocab.vocabSize, ranges: vocab.describe(), length: ids.length, segments, roundTrip, ms: performance.now() - started };
}
