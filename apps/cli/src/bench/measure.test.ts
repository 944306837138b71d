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
    const op = fakeOp(0.125); // exact in binary, so the arithmetic below is exact
    const m = measure(op.run, method, op.now);
    expect(m.warmupReps).toBe(4); // 0.5 s of warm-up at 0.125 s each
    expect(m.repsPerSample).toBe(8); // 1 s per sample
    expect(m.samplesSec).toHaveLength(3);
    expect(m.medianSec).toBe(0.125);
    expect(op.runs()).toBe(4 + 3 * 8);
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

describe('measure calibration', () => {
  it('sizes samples from the median warm-up run, so one slow (descheduled) run does not shrink them', () => {
    let clock = 0;
    let calls = 0;
    const costs = [0.125, 0.125, 0.125, 0.125, 4]; // warm-up runs; the last one was descheduled
    const run = () => {
      clock += costs[calls++] ?? 0.125;
    };
    const m = measure(run, { ...method, warmupSec: 0, minWarmupReps: 5, maxWarmupReps: 5 }, () => clock);
    expect(m.warmupReps).toBe(5);
    expect(m.repsPerSample).toBe(8); // 1 s / 0.125 s, not 1 s / 4 s
  });
});
