/**
 * Just enough exact rational arithmetic for showing and comparing per-voter shares. The Method of Equal
 * Shares keeps its hot loop on bigint numerators over one common denominator instead (see equal-shares.ts);
 * these helpers are for results, tests and the edges of that loop.
 */
import type { Fraction } from './types.js';

export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function reduceFraction(f: Fraction): Fraction {
  const g = gcd(f.num, f.den);
  return g <= 1n ? f : { num: f.num / g, den: f.den / g };
}

/**
 * Decimal text rounded down to `digits` places, e.g. a share of 1 000 000 / 3 → "333333.33"; `scale` turns
 * smallest units back into currency (100n for kopiykas). For display only: rounding down never shows a voter
 * more money than they had.
 */
export function formatFraction(f: Fraction, digits = 2, scale = 1n): string {
  const den = f.den * scale;
  const neg = f.num < 0n;
  const num = neg ? -f.num : f.num;
  const unit = 10n ** BigInt(digits);
  const scaled = (num * unit) / den;
  const whole = scaled / unit;
  const frac = (scaled % unit).toString().padStart(digits, '0');
  return `${neg ? '-' : ''}${whole}${digits > 0 ? `.${frac}` : ''}`;
}
