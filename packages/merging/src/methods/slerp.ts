/**
 * Spherical linear interpolation of two models, tensor by tensor (Shoemake 1985, "Animating rotation
 * with quaternion curves", SIGGRAPH; as used for model merging by mergekit's `slerp`). Each tensor is
 * treated as one flat vector; the interpolation follows the great circle between the two directions
 * and scales the original (unnormalised) tensors.
 */
import { checkInputs } from './check-inputs';

/** mergekit's threshold: when |cos θ| between the two directions exceeds it, interpolate linearly. */
export const SLERP_DOT_THRESHOLD = 0.9995;
/** Norms at or below this are not normalised (mergekit's eps). */
export const SLERP_EPS = 1e-8;

/** Options of {@link slerpMerge}. */
export interface SlerpOptions {
  /** `t` in [0, 1]: 0 gives the base, 1 the other model. */
  t: number;
}

/**
 * With a = base, b = other, â and b̂ their directions (a tensor whose norm ≤ 1e-8 is left as is),
 * cos θ = â·b̂. If |cos θ| > 0.9995: (1 − t)·a + t·b. Otherwise
 * sin((1 − t)θ)/sin θ · a + sin(tθ)/sin θ · b. A new array.
 * @throws RangeError: tensors of different lengths, t not a finite number.
 */
export function slerpMerge(base: Float32Array, other: Float32Array, options: SlerpOptions): Float32Array {
  checkInputs('slerp', [base, other]);
  const { t } = options;
  if (!Number.isFinite(t)) throw new RangeError(`slerp: t must be a finite number, got ${t}`);
  const n = base.length;
  let aa = 0;
  let bb = 0;
  let ab = 0;
  for (let j = 0; j < n; j++) {
    aa += base[j] * base[j];
    bb += other[j] * other[j];
    ab += base[j] * other[j];
  }
  const na = Math.sqrt(aa);
  const nb = Math.sqrt(bb);
  const dot = ab / ((na > SLERP_EPS ? na : 1) * (nb > SLERP_EPS ? nb : 1));
  let s0: number;
  let s1: number;
  if (Math.abs(dot) > SLERP_DOT_THRESHOLD) {
    s0 = 1 - t;
    s1 = t;
  } else {
    const theta = Math.acos(dot);
    const sinTheta = Math.sin(theta);
    s0 = Math.sin(theta - theta * t) / sinTheta;
    s1 = Math.sin(theta * t) / sinTheta;
  }
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) out[j] = s0 * base[j] + s1 * other[j];
  return out;
}
