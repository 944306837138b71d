import { describe, expect, it } from 'vitest';
import { uniformFloat32 } from './random';

describe('uniformFloat32', () => {
  it('is reproducible from its seed and differs between seeds', () => {
    const a = uniformFloat32(1000, 7);
    expect(uniformFloat32(1000, 7)).toEqual(a);
    expect(uniformFloat32(1000, 8)).not.toEqual(a);
  });

  it('stays in [-1, 1) and is roughly centred', () => {
    const a = uniformFloat32(10_000, 1);
    let sum = 0;
    for (const v of a) {
      expect(v).toBeGreaterThanOrEqual(-1);
      expect(v).toBeLessThan(1);
      sum += v;
    }
    expect(Math.abs(sum / a.length)).toBeLessThan(0.05);
  });
});
