import { describe, expect, it } from 'vitest';
import { TokenizerFormatError } from '../errors';
import { encodeWav } from './encode-wav';
import { parseWav } from './parse-wav';

const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

interface Spec {
  format?: number;
  channels?: number;
  rate?: number;
  bits?: number;
  blockAlign?: number;
  sub?: number;
  data?: number[];
  before?: [string, number[]][];
  riffSize?: number;
  dataSize?: number;
  noFmt?: boolean;
  noData?: boolean;
  fmtSize?: number;
}

/** Builds a WAV file chunk by chunk, so each test can break one thing. */
function wav(spec: Spec = {}): Uint8Array {
  const { format = 1, channels = 1, rate = 8000, bits = 16, sub = 1, data = [0, 0, 255, 127] } = spec;
  const bytes: number[] = [];
  const u16 = (v: number) => bytes.push(v & 255, (v >> 8) & 255);
  const u32 = (v: number) => bytes.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255);
  const tag = (s: string) => bytes.push(...[...s].map((c) => c.charCodeAt(0)));
  tag('RIFF');
  u32(0);
  tag('WAVE');
  for (const [id, body] of spec.before ?? []) {
    tag(id);
    u32(body.length);
    bytes.push(...body);
    if (body.length % 2) bytes.push(0);
  }
  if (!spec.noFmt) {
    const ext = format === 0xfffe;
    tag('fmt ');
    u32(spec.fmtSize ?? (ext ? 40 : 16));
    u16(format);
    u16(channels);
    u32(rate);
    const align = spec.blockAlign ?? (channels * bits) / 8;
    u32(rate * align);
    u16(align);
    u16(bits);
    if (ext) {
      u16(22);
      u16(bits);
      u32(0);
      u16(sub);
      bytes.push(...GUID_TAIL);
    }
  }
  if (!spec.noData) {
    tag('data');
    u32(spec.dataSize ?? data.length);
    bytes.push(...data);
  }
  const out = Uint8Array.from(bytes);
  new DataView(out.buffer).setUint32(4, spec.riffSize ?? out.length - 8, true);
  return out;
}

describe('WAV', () => {
  it('round-trips 16-bit PCM exactly after quantization, stereo', () => {
    const left = Float32Array.from([0, 0.5, -0.5, 1, -1, 0.123456, 1e-6, 1.7]);
    const right = Float32Array.from([0.25, -0.999, 0.001, -0.0001, 0.75, -0.3, 0, -3]);
    const bytes = encodeWav({ sampleRate: 16000, samples: [left, right] });
    expect(bytes.length).toBe(44 + 8 * 2 * 2);
    const read = parseWav(bytes);
    expect(read).toMatchObject({ sampleRate: 16000, channels: 2, bitsPerSample: 16, encoding: 'pcm' });
    [left, right].forEach((ch, c) => {
      ch.forEach((x, i) => {
        const q = Math.max(-32768, Math.min(32767, Math.round(x * 32768))) / 32768;
        expect(read.samples[c][i]).toBe(q);
        if (Math.abs(x) <= 1) expect(Math.abs(read.samples[c][i] - x)).toBeLessThanOrEqual(1 / 32768);
      });
    });
    expect(encodeWav({ sampleRate: 16000, samples: read.samples })).toEqual(bytes);
  });

  it('reads 8-bit unsigned, 24-bit, 32-bit int and float, and EXTENSIBLE', () => {
    expect([...parseWav(wav({ bits: 8, data: [0, 128, 255, 64] })).samples[0]]).toEqual([-1, 0, 127 / 128, -0.5]);
    expect([...parseWav(wav({ bits: 24, data: [0, 0, 0x80, 0xff, 0xff, 0x7f] })).samples[0]]).toEqual([-1, 8388607 / 8388608]);
    expect([...parseWav(wav({ bits: 32, data: [0, 0, 0, 0x40] })).samples[0]]).toEqual([0.5]);
    const f = new Uint8Array(new Float32Array([0.25, -0.75]).buffer);
    expect([...parseWav(wav({ format: 3, bits: 32, data: [...f] })).samples[0]]).toEqual([0.25, -0.75]);
    const ext = parseWav(wav({ format: 0xfffe, channels: 2, bits: 16, data: [0, 0x40, 0, 0xc0] }));
    expect(ext.channels).toBe(2);
    expect([ext.samples[0][0], ext.samples[1][0]]).toEqual([0.5, -0.5]);
  });

  it('skips unknown chunks (odd sizes padded) before and after fmt', () => {
    const w = parseWav(wav({ before: [['LIST', [1, 2, 3]], ['junk', []]], data: [0, 0x40] }));
    expect([...w.samples[0]]).toEqual([0.5]);
  });

  const truncated = wav().slice(0, 40);
  it.each([
    ['too short', Uint8Array.from([82, 73, 70, 70]), '4 bytes is too short'],
    ['not RIFF', (() => { const b = wav(); b[0] = 0x4f; return b; })(), 'not a RIFF file (starts with "OIFF"'],
    ['RIFX', (() => { const b = wav(); b[3] = 0x58; return b; })(), 'big-endian RIFX'],
    ['not WAVE', (() => { const b = wav(); b.set([65, 86, 73, 32], 8); return b; })(), 'RIFF form type is "AVI "'],
    ['RIFF size beyond file', truncated, 'RIFF size says 48 bytes but the file has 40'],
    ['truncated chunk', wav({ before: [['LIST', [1, 2, 3, 4]]], riffSize: 10 }), 'truncated chunk header at byte 12 (6 bytes left, need 8)'],
    ['chunk beyond RIFF', wav({ before: [['LIST', [1, 2, 3, 4]]], riffSize: 4 + 8 + 2 }), 'truncated chunk: chunk "LIST" at byte 12 declares 4 bytes but only 2 remain'],
    ['data size beyond file', wav({ dataSize: 100 }), 'data size beyond file: chunk "data" at byte 36 declares 100 bytes but only 4 remain'],
    ['format code 6', wav({ format: 6, bits: 8 }), 'unsupported format code 6 (G.711 A-law)'],
    ['format code 85', wav({ format: 85 }), 'unsupported format code 85 (MPEG layer 3)'],
    ['EXTENSIBLE subformat', wav({ format: 0xfffe, sub: 2 }), 'unsupported WAVE_FORMAT_EXTENSIBLE subformat (code 2)'],
    ['EXTENSIBLE too short', wav({ format: 0xfffe, fmtSize: 16 }), 'WAVE_FORMAT_EXTENSIBLE "fmt " chunk is 16 bytes'],
    ['zero channels', wav({ channels: 0, blockAlign: 2 }), 'zero channels'],
    ['zero rate', wav({ rate: 0 }), 'sample rate 0'],
    ['12-bit', wav({ bits: 12, blockAlign: 2 }), '12 bits per sample is not supported for PCM'],
    ['16-bit float', wav({ format: 3, bits: 16 }), '16 bits per sample is not supported for IEEE float'],
    ['block align', wav({ blockAlign: 3 }), 'block align is 3, expected channels × bytes per sample = 2'],
    ['short fmt', wav({ fmtSize: 14, data: [] }), '"fmt " chunk is 14 bytes, expected at least 16'],
    ['no fmt', wav({ noFmt: true }), 'no "fmt " chunk'],
    ['no data', wav({ noData: true }), 'no "data" chunk'],
    ['partial frame', wav({ data: [0, 0, 1] }), 'data chunk size 3 is not a multiple of the block size 2'],
  ])('rejects a file with %s, naming the source and the problem', (_name, bytes, detail) => {
    const call = () => parseWav(bytes, 'clip.wav');
    expect(call).toThrow(TokenizerFormatError);
    expect(call).toThrow(`clip.wav: ${detail}`);
  });

  it('rejects bad input to encodeWav', () => {
    expect(() => encodeWav({ sampleRate: 0, samples: [new Float32Array(1)] })).toThrow(/sampleRate is 0/);
    expect(() => encodeWav({ sampleRate: 8000, samples: [] })).toThrow(/1..65535 channels/);
    expect(() => encodeWav({ sampleRate: 8000, samples: [new Float32Array(2), new Float32Array(3)] })).toThrow(/channel 1 has 3 samples/);
    expect(() => encodeWav({ sampleRate: 8000, samples: [Float32Array.from([0, Number.NaN])] })).toThrow(/channel 0 sample 1 is NaN/);
  });
});
