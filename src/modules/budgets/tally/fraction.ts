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

export function fraction(num: bigint, den: bigint = 1n): Fraction {
  if (den === 0n) throw new RangeError('fraction with a zero denominator');
  return den < 0n ? { num: -num, den: -den } : { num, den };
}

export function reduceFraction(f: Fraction): Fraction {
  const g = gcd(f.num, f.den);
  return g <= 1n ? f : { num: f.num / g, den: f.den / g };
}

/** Sign of a − b, by cross-multiplication (denominators are positive). */
export function compareFractions(a: Fraction, b: Fraction): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function fractionsEqual(a: Fraction, b: Fraction): boolean {
  return compareFractions(a, b) === 0;
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
