/**
 * How one benchmark case is timed, identically in Node and in the numpy child process:
 * warm up, size a sample to at least `sampleSec` of work (from the median warm-up run, so one
 * descheduled run does not shrink the samples), then take the median per-operation time over
 * `samples` samples.
 */
import { median, round } from '../util/stats';

/** Timing parameters (all in seconds / repetitions); written into the bench JSON as `method`. */
export interface TimingMethod {
  /** Warm up for at least this long... */
  warmupSec: number;
  /** ...and at least this many runs... */
  minWarmupReps: number;
  /** ...but never more than this many. */
  maxWarmupReps: number;
  /** Timed samples; the reported figure is their median. */
  samples: number;
  /** Each sample repeats the operation until about this much work is timed... */
  sampleSec: number;
  /** ...with at least this many repetitions... */
  minRepsPerSample: number;
  /** ...and at most this many. */
  maxRepsPerSample: number;
}

/** What {@link measure} found. */
export interface Measurement {
  /** Median seconds per operation over the samples: the figure to report. */
  medianSec: number;
  /** Seconds per operation in each sample. */
  samplesSec: number[];
  /** Repetitions in each sample. */
  repsPerSample: number;
  /** Warm-up runs before timing. */
  warmupReps: number;
}

/** Times a synchronous operation (tfjs cpu and wasm kernels run synchronously). */
export function measure(run: () => void, method: TimingMethod, now: () => number = defaultNow): Measurement {
  validateMethod(method);
  const warmStart = now();
  const warmTimes: number[] = [];
  while (
    warmTimes.length < method.maxWarmupReps &&
    (warmTimes.length < method.minWarmupReps || now() - warmStart < method.warmupSec)
  ) {
    const t = now();
    run();
    warmTimes.push(now() - t);
  }
  const warmupReps = warmTimes.length;
  const reps = repsFor(warmupReps > 0 ? median(warmTimes) : 0, method);
  const samplesSec: number[] = [];
  for (let s = 0; s < method.samples; s++) {
    const t = now();
    for (let r = 0; r < reps; r++) run();
    samplesSec.push((now() - t) / reps);
  }
  return { medianSec: median(samplesSec), samplesSec, repsPerSample: reps, warmupReps };
}

/** Repetitions per sample for an operation that takes about `opSec`. */
export function repsFor(opSec: number, method: TimingMethod): number {
  const wanted = opSec > 0 ? Math.ceil(method.sampleSec / opSec) : method.maxRepsPerSample;
  return Math.min(method.maxRepsPerSample, Math.max(method.minRepsPerSample, wanted));
}

function validateMethod(m: TimingMethod): void {
  if (m.samples < 1 || m.minRepsPerSample < 1 || m.maxRepsPerSample < m.minRepsPerSample || m.maxWarmupReps < m.minWarmupReps) {
    throw new Error(`invalid timing method: ${JSON.stringify(m)}`);
  }
}

function defaultNow(): number {
  return performance.now() / 1000;
}

/** Per-op timing of one measured operation, in milliseconds, as the bench JSON files record it. */
export interface TimingRecord {
  medianMs: number;
  samplesMs: number[];
  repsPerSample: number;
  warmupReps: number;
}

/** A {@link Measurement} in milliseconds, rounded to `digits` decimals. */
export function timingRecord(m: Measurement, digits = 4): TimingRecord {
  return {
    medianMs: round(m.medianSec * 1000, digits),
    samplesMs: m.samplesSec.map((s) => round(s * 1000, digits)),
    repsPerSample: m.repsPerSample,
    warmupReps: m.warmupReps,
  };
}
