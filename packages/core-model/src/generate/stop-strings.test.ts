import { describe, expect, it } from 'vitest';
import { StopStringMatcher } from './stop-strings';

describe('StopStringMatcher', () => {
  it('finds a stop string split across pushes and drops it and what follows', () => {
    const m = new StopStringMatcher(['END']);
    expect(m.push('abc E')).toBe('abc ');
    expect(m.push('N')).toBe('');
    expect(m.matched).toBeNull();
    expect(m.push('Dxyz')).toBe('');
    expect(m.matched).toBe('END');
    expect(m.push('more')).toBe('');
    expect(m.flush()).toBe('');
  });
  it('releases held text when it stops looking like a stop string', () => {
    const m = new StopStringMatcher(['END']);
    expect(m.push('E')).toBe('');
    expect(m.push('NX')).toBe('ENX');
    expect(m.push('EN')).toBe('');
    expect(m.flush()).toBe('EN');
  });
  it('takes the earliest of several stop strings, text before it released', () => {
    const m = new StopStringMatcher(['\n\n', 'Q:']);
    expect(m.push('a Q: b\n\n')).toBe('a ');
    expect(m.matched).toBe('Q:');
  });
  it('passes everything through without stop strings', () => {
    const m = new StopStringMatcher([]);
    expect(m.push('abc')).toBe('abc');
    expect(m.flush()).toBe('');
  });
});
