import { describe, expect, it } from 'vitest';
import { MEMIT_DEFAULTS, memitDefaultLayers } from './defaults';

describe('memitDefaultLayers', () => {
  it('keeps the default layers a model can edit (below its last layer)', () => {
    expect(memitDefaultLayers(4)).toEqual([...MEMIT_DEFAULTS.layers]);
    expect(memitDefaultLayers(2)).toEqual([0]);
    expect(Math.max(...memitDefaultLayers(3))).toBeLessThan(2);
  });
  it('names a model too shallow for MEMIT', () => {
    expect(() => memitDefaultLayers(1)).toThrow(/at least 2 layers, got 1/);
  });
});
