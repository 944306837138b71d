/** `--layer L` and `--layers 0,1` (or a range, "0-2") of `ftheta edit`, checked against the model's depth. */
import { UsageError } from '../errors';

/**
 * A layer flag's value, a whole number in [0, `max`]; `why` says what bounds it.
 * @throws UsageError naming the flag and the value.
 */
export function parseLayer(flag: string, value: string, max: number, why: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < 0) throw new UsageError(`${flag} must be a layer index (an integer >= 0), got ${JSON.stringify(value)}`);
  if (n > max) throw new UsageError(`${flag} ${n} is out of range: ${why}`);
  return n;
}

/**
 * `--layers`: comma-separated layers and ranges ("0,1", "1-3"), ascending, each in [0, `max`].
 * @throws UsageError naming the flag and the bad part.
 */
export function parseLayers(value: string, max: number, why: string): number[] {
  const out: number[] = [];
  for (const part of value.split(',')) {
    const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(part);
    if (range) {
      const [lo, hi] = [parseLayer('--layers', range[1]!, max, why), parseLayer('--layers', range[2]!, max, why)];
      if (hi < lo) throw new UsageError(`--layers: range ${JSON.stringify(part.trim())} goes down`);
      for (let l = lo; l <= hi; l++) out.push(l);
    } else out.push(parseLayer('--layers', part.trim(), max, why));
  }
  if (out.some((l, i) => i > 0 && l <= out[i - 1]!)) throw new UsageError(`--layers must be ascending without repeats, got ${JSON.stringify(value)}`);
  return out;
}
