import { describe, expect, it } from 'vitest';
import { taskArithmeticMerge } from './task-arithmetic';

describe('taskArithmeticMerge', () => {
  const base = new Float32Array([1, 1]);
  const m1 = new Float32Array([2, 0]); // τ1 = [1, −1]
  const m2 = new Float32Array([1, 3]); // τ2 = [0, 2]
  it('adds λ·Σ wᵢτᵢ to the base', () => {
    // [1,1] + 2·([1,−1] + 0.5·[0,2]) = [1,1] + 2·[1,0] = [3, 1]
    expect(Array.from(taskArithmeticMerge(base, [m1, m2], { weights: [1, 0.5], lambda: 2 }))).toEqual([3, 1]);
  });
  it('a negative weight removes a skill', () => {
    // [1,1] + [1,−1] − [0,2] = [2, −2]
    expect(Array.from(taskArithmeticMerge(base, [m1, m2], { weights: [1, -1] }))).toEqual([2, -2]);
  });
  it('normalize divides by Σ w (by 1 when that is ~0)', () => {
    // ([1,−1] + 3·[0,2]) / 4 = [0.25, 1.25]
    expect(Array.from(taskArithmeticMerge(base, [m1, m2], { weights: [1, 3], normalize: true }))).toEqual([1.25, 2.25]);
    expect(Array.from(taskArithmeticMerge(base, [m1, m2], { weights: [1, -1], normalize: true }))).toEqual([2, -2]);
  });
});
