import { describe, expect, it } from 'vitest';
import { ENCODE_SPEED_LIBRARIES, measureEncodeSpeed } from './encode-speed';

describe('measureEncodeSpeed', () => {
  it('times every library on both encodings and finds identical ids', async () => {
    const text = "First Citizen:\nWe are accounted poor citizens, the patricians good. DON'T 中文 😀 12345\n".repeat(200);
    const logs: string[] = [];
    const result = await measureEncodeSpeed({ text, quick: true, log: (l) => logs.push(l) });
    expect(Object.keys(result)[0]).toBe('summary');
    expect(result.textBytes).toBe(new TextEncoder().encode(text).length);
    expect(result.encodings.map((e) => e.encoding)).toEqual(['cl100k_base', 'r50k_base']);
    for (const e of result.encodings) {
      expect(e.identical).toBe(true);
      expect(e.tokens).toBeGreaterThan(1000);
      for (const name of ENCODE_SPEED_LIBRARIES) {
        const l = e.libraries[name];
        expect(l.error).toBeUndefined();
        expect(l.encodeMBps).toBeGreaterThan(0);
        expect(l.decodeMBps).toBeGreaterThan(0);
        expect(l.sameIdsAsFtheta).toBe(true);
        expect(l.decodesBack).toBe(true);
      }
      expect(e.encode.fthetaOverFastestPeer).toBeGreaterThan(0);
      expect(e.encode.fastestPeer).not.toBe('ftheta');
      expect(result.summary.ratios[e.encoding].encode).toBe(e.encode.fthetaOverFastestPeer);
    }
    expect(typeof result.summary.goal.met).toBe('boolean');
    expect(logs).toHaveLength(8);
  });
});
