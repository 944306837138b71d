/**
 * Float32 values as numpy prints them (`str(np.float32(x))`): the shortest decimal that reads back
 * as the same float32, positional for 1e-4 <= |x| < 1e16 ('0.22559214', '2.0'), scientific
 * otherwise ('1.5e-05', '1e+20'); non-finite values as JSON null (as gpt_ref.py's `dumps_floats`).
 */

/**
 * Shortest round-trip digits of the float32 `x` (> 0, already a float32 value): [digits, exponent].
 * Of the shortest candidates the closest wins and an exact tie goes to the even digit (numpy's
 * Dragon4), while `toExponential` would round a tie up.
 */
function shortestDigits(x: number): [string, number] {
  for (let p = 1; p <= 9; p++) {
    const s = x.toExponential(p - 1);
    if (Math.fround(Number(s)) !== x) continue;
    const [mantissa, exp] = s.split('e');
    const [exact, exactExp] = x.toExponential(100).split('e');
    const all = exact.replace('.', '');
    const tie = all[p] === '5' && /^0*$/.test(all.slice(p + 1));
    if (tie && Number(all[p - 1]) % 2 === 0) return [all.slice(0, p), Number(exactExp)];
    return [mantissa.replace('.', ''), Number(exp)];
  }
  throw new Error(`formatFloat32: no 9-digit form of ${x}`); // unreachable for float32
}

/** numpy's string for one float32 value (null for NaN and ±Infinity). */
export function formatFloat32(value: number): string {
  const x = Math.fround(value);
  if (!Number.isFinite(x)) return 'null';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const a = Math.abs(x);
  if (a === 0) return `${sign}0.0`;
  let [digits, exp] = shortestDigits(a);
  digits = digits.replace(/0+$/, '') || '0';
  if (a >= 1e-4 && a < 1e16) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const int = digits.length > exp + 1 ? digits.slice(0, exp + 1) : digits.padEnd(exp + 1, '0');
    const frac = digits.length > exp + 1 ? digits.slice(exp + 1) : '0';
    return `${sign}${int}.${frac}`;
  }
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return `${sign}${mantissa}e${e}`;
}

/** A nested array of numbers as JSON text with numpy float32 strings and no spaces. */
export function float32Json(values: number | readonly unknown[]): string {
  if (typeof values === 'number') return formatFloat32(values);
  return `[${values.map((v) => float32Json(v as number | readonly unknown[])).join(',')}]`;
}
