/**
 * Writing 16-bit PCM WAV files: the smallest header (RIFF, `fmt ` of 16 bytes, `data`), samples
 * interleaved. A sample x becomes `clamp(round(x · 32768), −32768, 32767)`, the exact inverse of
 * `parseWav`'s s / 32768, so write → read → write gives the same bytes.
 */

/** What {@link encodeWav} writes. */
export interface WavInput {
  /** Samples per second, a positive integer. */
  sampleRate: number;
  /** One array per channel (1..65535 channels), equal lengths, values in [-1, 1] (clamped beyond). */
  samples: readonly (Float32Array | readonly number[])[];
}

/** A 16-bit PCM WAV file of `audio`. Throws a `RangeError` for NaN samples or a bad shape. */
export function encodeWav(audio: WavInput): Uint8Array {
  const { sampleRate, samples } = audio;
  if (!Number.isInteger(sampleRate) || sampleRate < 1 || sampleRate > 0xffffffff) throw new RangeError(`encodeWav: sampleRate is ${sampleRate}, expected a positive integer`);
  if (!Array.isArray(samples) || samples.length === 0 || samples.length > 0xffff) throw new RangeError('encodeWav: samples must hold 1..65535 channels');
  const frames = samples[0].length;
  samples.forEach((ch, c) => {
    if (ch.length !== frames) throw new RangeError(`encodeWav: channel ${c} has ${ch.length} samples, channel 0 has ${frames}`);
  });
  const channels = samples.length;
  const dataSize = frames * channels * 2;
  if (44 + dataSize > 0xffffffff) throw new RangeError(`encodeWav: ${dataSize} bytes of samples exceed the 4 GiB WAV limit`);
  const bytes = new Uint8Array(44 + dataSize);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) bytes[at + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataSize, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataSize, true);
  let at = 44;
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < channels; c++) {
      const x = samples[c][f];
      if (Number.isNaN(x)) throw new RangeError(`encodeWav: channel ${c} sample ${f} is NaN`);
      const s = Math.round(x * 32768);
      view.setInt16(at, Math.min(32767, Math.max(-32768, s)), true);
      at += 2;
    }
  }
  return bytes;
}
