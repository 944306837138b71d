/**
 * μ-law companding (the continuous curve, as in WaveNet; not G.711's segmented approximation):
 * `F(x) = sign(x) · ln(1 + μ|x|) / ln(1 + μ)` maps [-1, 1] onto [-1, 1], spending more levels near
 * zero where speech and music spend most of their time. `F⁻¹(y) = sign(y) · ((1 + μ)^|y| − 1) / μ`.
 */

/** F(x) for x in [-1, 1] (callers clamp first). */
export function muLawCompress(x: number, mu = 255): number {
  return (Math.sign(x) * Math.log1p(mu * Math.abs(x))) / Math.log1p(mu);
}

/** F⁻¹(y) for y in [-1, 1]. */
export function muLawExpand(y: number, mu = 255): number {
  return (Math.sign(y) * Math.expm1(Math.abs(y) * Math.log1p(mu))) / mu;
}
