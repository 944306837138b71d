import { describe, expect, it } from 'vitest';
import { UnknownTokenIdError } from '../errors';
import { muLawCompress, muLawExpand } from './mu-law';
import { MuLawTokenizer } from './mu-law-tokenizer';
import { segmentalSnrDb, snrDb } from './signal-quality';

/** Sines at 220, 523 and 1750 Hz plus 2% uniform noise, 1 s at 16 kHz, scaled to `peak`-ish. */
function testSignal(amplitude: number): Float32Array {
  const rate = 16000;
  const x = new Float32Array(rate);
  let s = 1;
  for (let i = 0; i < rate; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const t = i / rate;
    const tone = 0.5 * Math.sin(2 * Math.PI * 220 * t) + 0.3 * Math.sin(2 * Math.PI * 523 * t + 1) + 0.15 * Math.sin(2 * Math.PI * 1750 * t + 2);
    x[i] = amplitude * (tone + 0.02 * ((s / 2 ** 32) * 2 - 1));
  }
  return x;
}

/** Uniform (linear) quantization to 256 levels, for comparison. */
function linear8(x: Float32Array): Float32Array {
  return x.map((v) => (Math.min(255, Math.floor(((v + 1) / 2) * 256)) + 0.5) / 128 - 1);
}

describe('μ-law companding', () => {
  it('follows the formula and inverts', () => {
    expect(muLawCompress(0.5)).toBeCloseTo(Math.log(1 + 255 * 0.5) / Math.log(256), 12);
    expect(muLawCompress(-0.5)).toBeCloseTo(-muLawCompress(0.5), 12);
    for (const x of [-1, -0.3, -1e-4, 0, 0.01, 0.7, 1]) expect(muLawExpand(muLawCompress(x))).toBeCloseTo(x, 12);
  });
});

describe('MuLawTokenizer', () => {
  const t = new MuLawTokenizer();

  it('has 256 strictly increasing, symmetric levels that re-encode to themselves', () => {
    const ids = Array.from({ length: 256 }, (_, i) => i);
    const levels = t.decode(ids);
    for (let i = 1; i < 256; i++) expect(levels[i]).toBeGreaterThan(levels[i - 1]);
    for (let i = 0; i < 256; i++) expect(levels[i]).toBeCloseTo(-levels[255 - i], 6);
    expect(t.encode(levels)).toEqual(ids);
    expect(levels[255]).toBeCloseTo(muLawExpand(1 - 1 / 256), 6);
  });

  it('is monotonic on a ramp and uses all 256 ids', () => {
    const ramp = Float32Array.from({ length: 20001 }, (_, i) => i / 10000 - 1);
    const ids = t.encode(ramp);
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBeGreaterThanOrEqual(ids[i - 1]);
    expect(new Set(ids).size).toBe(256);
    expect([ids[0], ids[10000], ids[20000]]).toEqual([0, 128, 255]);
  });

  it('reaches ~38 dB SNR on a speech-level test signal, and beats linear 8-bit on a quiet one', () => {
    const loud = testSignal(0.5);
    expect(snrDb(loud, t.decode(t.encode(loud)))).toBeGreaterThan(36);
    const quiet = testSignal(0.03);
    const mu = snrDb(quiet, t.decode(t.encode(quiet)));
    expect(mu).toBeGreaterThan(34);
    expect(mu).toBeGreaterThan(snrDb(quiet, linear8(quiet)) + 10);
  });

  it('clamps beyond ±1, throws on NaN and unknown ids', () => {
    expect(t.encode([2, Number.POSITIVE_INFINITY, -7, Number.NEGATIVE_INFINITY])).toEqual([255, 255, 0, 0]);
    expect(() => t.encode([0, Number.NaN])).toThrow(/sample 1 is NaN/);
    expect(() => t.decode([0, 256])).toThrow(UnknownTokenIdError);
    expect(() => t.decode([1.5])).toThrow(UnknownTokenIdError);
  });

  it('takes other μ and level counts', () => {
    const fine = new MuLawTokenizer({ levels: 1024 });
    expect(fine.vocabSize).toBe(1024);
    const x = testSignal(0.5);
    expect(snrDb(x, fine.decode(fine.encode(x)))).toBeGreaterThan(snrDb(x, t.decode(t.encode(x))) + 10);
    expect(() => new MuLawTokenizer({ levels: 1 })).toThrow(/levels/);
    expect(() => new MuLawTokenizer({ mu: 0 })).toThrow(/mu/);
  });
});

describe('segmentalSnrDb', () => {
  it('weights quiet frames like loud ones', () => {
    const ref = Float32Array.from({ length: 640 }, (_, i) => (i < 320 ? 1 : 0.01) * Math.sin(i));
    const est = ref.map((v) => v + 0.004 * Math.cos(7 * v + 1));
    const perFrame = [snrDb(ref.subarray(0, 320), est.subarray(0, 320)), snrDb(ref.subarray(320), est.subarray(320))];
    expect(segmentalSnrDb(ref, est)).toBeCloseTo((perFrame[0] + perFrame[1]) / 2, 9);
    expect(segmentalSnrDb(ref, est)).toBeLessThan(snrDb(ref, est) - 10);
    expect(segmentalSnrDb(ref, ref)).toBe(60);
  });
});
