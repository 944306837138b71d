import { describe, expect, it } from 'vitest';
import { MuLawTokenizer } from '../audio';
import { CharTokenizer } from '../char';
import { TokenizerFormatError } from '../errors';
import { Palette, PixelTokenizer } from '../pixel';
import { MultimodalVocabulary } from './multimodal-vocabulary';

const text = CharTokenizer.fromText('abcdefghijklmnopqrstuvwxyz .,!?', { specialTokens: ['<|endoftext|>'] }); // 32 ids
const palette = new Palette([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255]); // 4 colours
const image = new PixelTokenizer(palette, { outputChannels: 3 });
const audio = new MuLawTokenizer();
const vocab = new MultimodalVocabulary({ text, image, audio });
const T = text.vocabSize;
const IMAGE = T;
const AUDIO = T + 4;
const SIZE = AUDIO + 256;
const MARK = SIZE + 256;

function rgb(width: number, height: number, ids: number[]) {
  const data = new Uint8Array(width * height * 3);
  ids.forEach((id, i) => {
    data.set(palette.color(id), 3 * i);
  });
  return { width, height, channels: 3 as const, data };
}

describe('MultimodalVocabulary', () => {
  it('lays out text, image, audio, size and marker ranges back to back', () => {
    expect(T).toBe(32);
    expect(vocab.describe().map((r) => [r.name, r.start, r.end])).toEqual([
      ['text', 0, 32],
      ['image', 32, 36],
      ['audio', 36, 292],
      ['size', 292, 548],
      ['marker', 548, 552],
    ]);
    expect(vocab.vocabSize).toBe(552);
    expect([...vocab.markers]).toEqual([['<|image|>', 548], ['<|/image|>', 549], ['<|audio|>', 550], ['<|/audio|>', 551]]);
    expect(vocab.locate(40)).toEqual({ range: 'audio', local: 4 });
    expect(vocab.locate(552)).toBeUndefined();
  });

  it('writes the image size after <|image|>, then raster-order pixels', () => {
    const ids = vocab.encode([{ text: 'hi' }, { image: rgb(3, 2, [0, 1, 2, 3, 2, 1]) }]);
    expect(ids).toEqual([...text.encode('hi'), MARK, SIZE, SIZE + 3, SIZE, SIZE + 2, ...[0, 1, 2, 3, 2, 1].map((p) => IMAGE + p), MARK + 1]);
    const wide = vocab.encode([{ image: rgb(300, 1, new Array(300).fill(1)) }]);
    expect(wide.slice(1, 5)).toEqual([SIZE + 1, SIZE + 44, SIZE, SIZE + 1]);
  });

  it('round-trips a sequence of text, an image, a sound and more text', () => {
    const picture = rgb(4, 3, [0, 1, 2, 3, 3, 2, 1, 0, 1, 1, 2, 2]);
    const sound = Float32Array.from({ length: 50 }, (_, i) => Math.sin(i / 3) * 0.8);
    const parts = [{ text: 'look at this, ' }, { image: picture }, { text: 'and listen!' }, { audio: sound }, { text: 'the end.<|endoftext|>' }];
    const mm = new MultimodalVocabulary({ text, image, audio, textOptions: { allowedSpecial: ['<|endoftext|>'] } });
    const ids = mm.encode(parts);
    expect(ids.every((id) => Number.isInteger(id) && id >= 0 && id < mm.vocabSize)).toBe(true);
    const back = mm.decode(ids);
    expect(back).toHaveLength(5);
    expect(back[0]).toEqual({ text: 'look at this, ' });
    expect(back[1]).toEqual({ image: picture });
    expect(back[2]).toEqual({ text: 'and listen!' });
    expect((back[3] as { audio: Float32Array }).audio).toEqual(audio.decode(audio.encode(sound)));
    expect(back[4]).toEqual({ text: 'the end.<|endoftext|>' });
    expect(ids.filter((id) => id === T - 1)).toHaveLength(1); // <|endoftext|> became its special id
  });

  it('merges adjacent text parts and drops empty ones', () => {
    expect(vocab.decode(vocab.encode([{ text: 'ab' }, { text: '' }, { text: 'c' }]))).toEqual([{ text: 'abc' }]);
  });

  it('rejects parts it cannot encode, naming the part', () => {
    const textOnly = new MultimodalVocabulary({ text });
    expect(textOnly.describe().map((r) => r.name)).toEqual(['text']);
    expect(() => textOnly.encode([{ text: 'a' }, { image: rgb(1, 1, [0]) }])).toThrow('parts[1] is an image but this vocabulary has no image codec');
    expect(() => vocab.encode([{ text: 'a', audio: new Float32Array(1) } as never])).toThrow('parts[0] must have exactly one of');
    expect(() => vocab.encode([{ text: 'A' }])).toThrow(/"A"/);
  });

  const img = [MARK, SIZE, SIZE + 1, SIZE, SIZE + 2, IMAGE, IMAGE + 1];
  it.each([
    ['an id outside every range', [0, 1, 999], 'position 2: id 999 (outside every range; vocabSize 552)'],
    ['a fractional id', [0.5], 'position 0: id 0.5 (outside every range'],
    ['an end marker without a begin', [0, MARK + 3], 'position 1: id 551 (<|/audio|>) without a matching <|audio|>'],
    ['an image id in text', [0, IMAGE + 1], 'position 1: id 33 (image 1) outside any block'],
    ['a size id in text', [SIZE], 'position 0: id 292 (size 0) outside any block'],
    ['a short size header', [MARK, SIZE, SIZE + 1, 3], 'position 3: expected size digit 3 of 4 after <|image|> at position 0, got id 3 (text 3)'],
    ['a zero-sized image', [MARK, SIZE, SIZE, SIZE, SIZE + 1, MARK + 1], 'position 1: the image opened at position 0 has size 0×1'],
    ['too few pixels', [MARK, SIZE, SIZE + 1, SIZE, SIZE + 2, IMAGE, MARK + 1], 'position 6: expected pixel 1 of 2 of the 1×2 image opened at position 0, got id 549 (<|/image|>)'],
    ['too many pixels', [...img, IMAGE, MARK + 1], 'position 7: expected <|/image|> after the 2 pixels of the image opened at position 0, got id 32 (image 0)'],
    ['an unclosed image', img, 'position 7: expected <|/image|> after the 2 pixels of the image opened at position 0, got the end of the sequence'],
    ['audio inside an image', [MARK, SIZE, SIZE + 1, SIZE, SIZE + 1, MARK + 2], 'position 5: expected pixel 0 of 1'],
    ['text inside audio', [5, MARK + 2, AUDIO, 7, MARK + 3], 'position 3: id 7 (text 7) inside the audio opened at position 1'],
    ['an unclosed audio', [MARK + 2, AUDIO, AUDIO + 1], 'position 3: the audio opened at position 0 is not closed by <|/audio|>'],
  ])('decode rejects %s, naming the position', (_name, ids, detail) => {
    const call = () => vocab.decode(ids);
    expect(call).toThrow(TokenizerFormatError);
    expect(call).toThrow(`multimodal ids: ${detail}`);
  });
});
