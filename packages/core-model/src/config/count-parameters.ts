/** How big a model is: exact parameter counts and the short labels people use (124M, 7B). */
import { parameterShapes } from './parameter-shapes';
import type { TransformerConfig } from './transformer-config';

/** Number of learned scalars (a tied head counts once, as in HF's `num_parameters()`). */
export function countParameters(config: TransformerConfig): number {
  let n = 0;
  for (const { shape } of parameterShapes(config)) n += shape.reduce((a, b) => a * b, 1);
  return n;
}

const UNITS = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
] as const;

/**
 * A label with three significant digits at most and trailing zeros dropped: 28500 -> '28.5K',
 * 124439808 -> '124M', 7e9 -> '7B', 950 -> '950'. Rounding that reaches the next unit moves up
 * (999999 -> '1M').
 */
export function formatParameterCount(n: number): string {
  if (!Number.isFinite(n) || n < 0) throw new Error(`formatParameterCount: expected a count >= 0, got ${n}`);
  if (Math.round(n) < 1000) return String(Math.round(n));
  for (let u = UNITS.length - 1; u >= 0; u--) {
    const [scale, suffix] = UNITS[u];
    const rounded = Number((n / scale).toPrecision(3));
    if (rounded < 1000 || u === 0) return `${rounded}${suffix}`;
  }
  throw new Error('unreachable');
}
