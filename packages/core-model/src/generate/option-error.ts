/** The error every generate/scaling option check throws: it names the option and the value. */
export class GenerateOptionError extends RangeError {
  constructor(
    /** Option path, e.g. `temperature` or `thinking.minTokens`. */
    readonly option: string,
    /** The value that was rejected. */
    readonly value: unknown,
    /** What the option needs, e.g. `a number >= 0 (0 means greedy)`. */
    readonly expected: string,
  ) {
    super(`generate: option ${option} must be ${expected}, got ${formatValue(value)}`);
    this.name = 'GenerateOptionError';
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Throws unless `value` is a finite number within the bounds (inclusive unless said otherwise). */
export function checkNumber(
  option: string,
  value: unknown,
  bounds: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean; integer?: boolean },
  expected: string,
): asserts value is number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!bounds.integer || Number.isInteger(value)) &&
    (bounds.min === undefined || (bounds.minExclusive ? value > bounds.min : value >= bounds.min)) &&
    (bounds.max === undefined || (bounds.maxExclusive ? value < bounds.max : value <= bounds.max));
  if (!ok) throw new GenerateOptionError(option, value, expected);
}

/** Throws unless `value` is an array of token ids (integers 0 <= id < vocabSize). */
export function checkTokenIds(option: string, value: unknown, vocabSize: number): asserts value is number[] {
  if (!Array.isArray(value) || !value.every((id) => Number.isInteger(id) && id >= 0 && id < vocabSize)) {
    throw new GenerateOptionError(option, value, `an array of token ids (integers 0 <= id < ${vocabSize})`);
  }
}
