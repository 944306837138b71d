/**
 * μ-law audio tokenizer: each sample in [-1, 1] is companded (see `muLawCompress`) and quantized to
 * one of `levels` equal bins of the companded range (256 by default, μ = 255), so the id of a
 * sample is `floor((F(x) + 1) / 2 · levels)` (clamped to levels − 1 at x = 1). Decoding returns
 * the inverse curve at the bin's centre, so ids are symmetric (id and levels − 1 − id are
 * opposite) and silence decodes to ±0.00008 rather than exactly 0.
 *
 * Input rule (explicit): NaN throws a `RangeError` naming its index; values beyond [-1, 1], ±∞
 * included, are clamped to ±1.
 */
import { UnknownTokenIdError } from '../errors';
import type { Codec } from '../tokenizer';
import { muLawCompress, muLawExpand } from './mu-law';

export interface MuLawTokenizerOptions {
  /** Compression strength. Default 255 (telephony, WaveNet). */
  mu?: number;
  /** Number of ids. Default 256 (8 bits). */
  levels?: number;
}

/** Float samples in [-1, 1] to μ-law ids and back. */
export class MuLawTokenizer implements Codec<Float32Array> {
  readonly name: string;
  readonly vocabSize: number;
  readonly mu: number;
  /** Decoded value of each id. */
  private readonly centres: Float32Array;

  constructor(options: MuLawTokenizerOptions = {}) {
    this.mu = options.mu ?? 255;
    const levels = options.levels ?? 256;
    if (!(this.mu > 0) || !Number.isFinite(this.mu)) throw new RangeError(`mu is ${this.mu}, expected a finite number > 0`);
    if (!Number.isInteger(levels) || levels < 2 || levels > 65536) throw new RangeError(`levels is ${levels}, expected an integer in 2..65536`);
    this.vocabSize = levels;
    this.name = `mu-law-${levels}`;
    this.centres = new Float32Array(levels);
    for (let i = 0; i < levels; i++) this.centres[i] = muLawExpand(((i + 0.5) / levels) * 2 - 1, this.mu);
  }

  /** The id of one sample (see the class notes for NaN and clamping). */
  encodeSample(x: number, index = 0): number {
    if (Number.isNaN(x)) throw new RangeError(`${this.name}: sample ${index} is NaN`);
    const c = Math.min(1, Math.max(-1, x));
    const id = Math.floor(((muLawCompress(c, this.mu) + 1) / 2) * this.vocabSize);
    return id >= this.vocabSize ? this.vocabSize - 1 : id;
  }

  /** One id per sample. */
  encode(samples: Float32Array | readonly number[]): number[] {
    const ids = new Array<number>(samples.length);
    for (let i = 0; i < samples.length; i++) ids[i] = this.encodeSample(samples[i], i);
    return ids;
  }

  /** One sample per id: the bin centre mapped back through the inverse curve. */
  decode(ids: readonly number[]): Float32Array {
    const out = new Float32Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) throw new UnknownTokenIdError(id, `${this.name} (ids[${i}])`);
      out[i] = this.centres[id];
    }
    return out;
  }
}
