import { describe, expect, it } from 'vitest';
import { measureMediaRoundTrip, syntheticImage, syntheticSignal } from './media-roundtrip';

describe('measureMediaRoundTrip', () => {
  it('reports pixel and μ-law round trips in quick mode', async () => {
    const lines: string[] = [];
    const r = await measureMediaRoundTrip({ quick: true, log: (l) => lines.push(l) });
    expect(r.pixel.paletteSize).toBe(512);
    expect(r.pixel.psnrDb).toBeGreaterThan(30);
    expect(r.pixel.meanAbsError).toBeLessThan(4);
    expect(r.pixel.encodeMpixPerSec).toBeGreaterThan(0);
    expect(r.audio.snrDb).toBeGreaterThan(33);
    expect(r.audio.snrGainOverLinear8Db).toBeGreaterThan(0);
    expect(r.audio.segmentalGainOverLinear8Db).toBeGreaterThan(5);
    expect(lines.some((l) => l.includes('PSNR'))).toBe(true);
  });

  it('builds deterministic test data', () => {
    expect(syntheticImage(32, 32).data).toEqual(syntheticImage(32, 32).data);
    expect(syntheticSignal(16000, 0.01)).toEqual(syntheticSignal(16000, 0.01));
    expect(syntheticSignal(16000, 0.5).length).toBe(8000);
  });
});
