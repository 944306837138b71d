import { describe, expect, it } from 'vitest';
import { median, ratio, round } from './stats';

describe('median', () => {
  it('takes the middle of odd and even lists without sorting the input in place', () => {
    const xs = [5, 1, 3];
    expect(median(xs)).toBe(3);
    expect(xs).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('rejects an empty list', () => {
    expect(() => median([])).toThrow(/empty/);
  });
});

describe('ratio', () => {
  it('divides and rounds, and is null when a side is missing', () => {
    expect(ratio(10, 4)).toBe(2.5);
    expect(ratio(1, 3)).toBe(0.33);
    expect(ratio(null, 3)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
  });
  it('rounds', () => {
    expect(round(1.23456, 3)).toBe(1.235);
  });
});
