/**
 * Reading WAV files (RIFF/WAVE, little-endian): PCM 8-bit unsigned, 16/24/32-bit signed, 32/64-bit
 * IEEE float, plain or as WAVE_FORMAT_EXTENSIBLE with a PCM or float subformat. Chunks other than
 * `fmt ` and `data` (LIST, fact, cue, ...) are skipped. Integers are scaled by 2^(bits−1), so
 * 16-bit s reads as s / 32768 in [-1, 1).
 *
 * Strict: anything malformed throws a `TokenizerFormatError` naming the source and the problem
 * (byte offsets included), never a partial result.
 */
import { TokenizerFormatError } from '../errors';
import {
  FORMAT_NAMES,
  SUBFORMAT_GUID_TAIL,
  WAVE_FORMAT_EXTENSIBLE,
  WAVE_FORMAT_IEEE_FLOAT,
  WAVE_FORMAT_PCM,
  type WavAudio,
} from './wav-format';

interface Fmt {
  format: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bitsPerSample: number;
}

/** Decodes a WAV file's bytes. `source` names it in errors. */
export function parseWav(bytes: Uint8Array, source = 'audio.wav'): WavAudio {
  const fail = (detail: string): never => {
    throw new TokenizerFormatError(source, detail);
  };
  if (!(bytes instanceof Uint8Array)) fail('expected the file as a Uint8Array');
  if (bytes.length < 12) fail(`${bytes.length} bytes is too short for a RIFF/WAVE header (12 bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
  const magic = tag(0);
  if (magic === 'RIFX') fail('big-endian RIFX files are not supported');
  if (magic === 'RF64') fail('RF64 (64-bit RIFF) files are not supported');
  if (magic !== 'RIFF') fail(`not a RIFF file (starts with ${JSON.stringify(magic)}, expected "RIFF")`);
  if (tag(8) !== 'WAVE') fail(`RIFF form type is ${JSON.stringify(tag(8))}, expected "WAVE"`);
  const riffEnd = 8 + view.getUint32(4, true);
  if (riffEnd > bytes.length) fail(`RIFF size says ${riffEnd} bytes but the file has ${bytes.length} (truncated file?)`);

  let fmt: Fmt | undefined;
  let data: { at: number; size: number } | undefined;
  let at = 12;
  while (at < riffEnd) {
    if (riffEnd - at < 8) fail(`truncated chunk header at byte ${at} (${riffEnd - at} bytes left, need 8)`);
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (size > riffEnd - body) {
      fail(`${id === 'data' ? 'data size beyond file' : 'truncated chunk'}: chunk ${JSON.stringify(id)} at byte ${at} declares ${size} bytes but only ${riffEnd - body} remain`);
    }
    if (id === 'fmt ') {
      if (fmt !== undefined) fail(`second "fmt " chunk at byte ${at}`);
      fmt = readFmt(view, body, size, fail);
    } else if (id === 'data') {
      if (data !== undefined) fail(`second "data" chunk at byte ${at}`);
      data = { at: body, size };
    }
    at = body + size + (size & 1); // chunks are padded to even length
  }
  if (fmt === undefined) return fail('no "fmt " chunk');
  if (data === undefined) return fail('no "data" chunk');
  const { channels, blockAlign, bitsPerSample, format } = fmt;
  if (data.size % blockAlign !== 0) fail(`data chunk size ${data.size} is not a multiple of the block size ${blockAlign} (${channels} channels × ${bitsPerSample / 8} bytes)`);

  const frames = data.size / blockAlign;
  const width = bitsPerSample / 8;
  const samples = Array.from({ length: channels }, () => new Float32Array(frames));
  const read = sampleReader(view, format, bitsPerSample);
  for (let f = 0; f < frames; f++) {
    const base = data.at + f * blockAlign;
    for (let c = 0; c < channels; c++) samples[c][f] = read(base + c * width);
  }
  return { sampleRate: fmt.sampleRate, channels, bitsPerSample, encoding: format === WAVE_FORMAT_PCM ? 'pcm' : 'float', samples };
}

function readFmt(view: DataView, at: number, size: number, fail: (detail: string) => never): Fmt {
  if (size < 16) fail(`"fmt " chunk is ${size} bytes, expected at least 16`);
  let format = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const blockAlign = view.getUint16(at + 12, true);
  const bitsPerSample = view.getUint16(at + 14, true);
  if (format === WAVE_FORMAT_EXTENSIBLE) {
    if (size < 40) fail(`WAVE_FORMAT_EXTENSIBLE "fmt " chunk is ${size} bytes, expected 40`);
    const validBits = view.getUint16(at + 18, true);
    const sub = view.getUint16(at + 24, true);
    const tail = Array.from({ length: 14 }, (_, i) => view.getUint8(at + 26 + i));
    if (!tail.every((b, i) => b === SUBFORMAT_GUID_TAIL[i]) || (sub !== WAVE_FORMAT_PCM && sub !== WAVE_FORMAT_IEEE_FLOAT)) {
      fail(`unsupported WAVE_FORMAT_EXTENSIBLE subformat (code ${sub}); only PCM and IEEE float are read`);
    }
    if (validBits !== 0 && validBits > bitsPerSample) fail(`valid bits per sample ${validBits} exceeds the container's ${bitsPerSample}`);
    format = sub;
  }
  if (format !== WAVE_FORMAT_PCM && format !== WAVE_FORMAT_IEEE_FLOAT) {
    const name = FORMAT_NAMES[format] ? ` (${FORMAT_NAMES[format]})` : '';
    fail(`unsupported format code ${format}${name}; only PCM (1), IEEE float (3) and WAVE_FORMAT_EXTENSIBLE (0xFFFE) are read`);
  }
  if (channels === 0) fail('zero channels');
  if (sampleRate === 0) fail('sample rate 0');
  const allowed = format === WAVE_FORMAT_PCM ? [8, 16, 24, 32] : [32, 64];
  if (!allowed.includes(bitsPerSample)) {
    fail(`${bitsPerSample} bits per sample is not supported for ${format === WAVE_FORMAT_PCM ? 'PCM' : 'IEEE float'} (only ${allowed.join(', ')})`);
  }
  const expectedAlign = channels * (bitsPerSample / 8);
  if (blockAlign !== expectedAlign) fail(`block align is ${blockAlign}, expected channels × bytes per sample = ${expectedAlign}`);
  return { format, channels, sampleRate, blockAlign, bitsPerSample };
}

function sampleReader(view: DataView, format: number, bits: number): (at: number) => number {
  if (format === WAVE_FORMAT_IEEE_FLOAT) return bits === 32 ? (at) => view.getFloat32(at, true) : (at) => view.getFloat64(at, true);
  switch (bits) {
    case 8:
      return (at) => (view.getUint8(at) - 128) / 128;
    case 16:
      return (at) => view.getInt16(at, true) / 32768;
    case 24:
      return (at) => (((view.getUint8(at + 2) << 24) | (view.getUint8(at + 1) << 16) | (view.getUint8(at) << 8)) >> 8) / 8388608;
    default:
      return (at) => view.getInt32(at, true) / 2147483648;
  }
}
