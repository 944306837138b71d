import { describe, expect, it } from 'vitest';
import { measure, repsFor, type TimingMethod } from './measure';

const method: TimingMethod = {
  warmupSec: 0.5,
  minWarmupReps: 2,
  maxWarmupReps: 100,
  samples: 3,
  sampleSec: 1,
  minRepsPerSample: 1,
  maxRepsPerSample: 50,
};

/** A fake clock in which every run of the operation takes `cost` seconds. */
function fakeOp(cost: number) {
  let clock = 0;
  let runs = 0;
  return {
    now: () => clock,
    run: () => {
      clock += cost;
      runs++;
    },
    runs: () => runs,
  };
}

describe('measure', () => {
  it('warms up, sizes samples to sampleSec and reports the per-op median', () => {
    const op = fakeOp(0.1);
    const m = measure(op.run, method, op.now);
    expect(m.warmupReps).toBe(5); // 0.5 s of warm-up at 0.1 s each
    expect(m.repsPerSample).toBe(10); // 1 s per sample
    expect(m.samplesSec).toHaveLength(3);
    expect(m.medianSec).toBeCloseTo(0.1);
    expect(op.runs()).toBe(5 + 3 * 10);
  });

  it('respects the minimum warm-up count and repetition bounds', () => {
    const slow = fakeOp(2);
    const m = measure(slow.run, method, slow.now);
    expect(m.warmupReps).toBe(2);
    expect(m.repsPerSample).toBe(1);
    expect(repsFor(1e-6, method)).toBe(50);
    expect(repsFor(0, method)).toBe(50);
  });

  it('rejects a method with no samples', () => {
    expect(() => measure(() => {}, { ...method, samples: 0 })).toThrow(/invalid timing method/);
  });
});
