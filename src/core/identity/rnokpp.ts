/**
 * РНОКПП (registration number of a taxpayer's account card, "ІПН"): ten digits.
 * Digits 1–5 are the birth date as days since 31.12.1899; digit 9 is odd for men, even for women;
 * digit 10 is a check digit. We validate, and derive the birth date, but never store the number.
 */
const WEIGHTS = [-1, 5, 7, 9, 4, 6, 10, 5, 7] as const;

export function rnokppCheckDigit(firstNine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += WEIGHTS[i]! * Number(firstNine[i]);
  return (((sum % 11) + 11) % 11) % 10;
}

export type RnokppProblem = 'format' | 'checksum';

/** Returns null when valid, or why it is not. */
export function rnokppProblem(value: string): RnokppProblem | null {
  if (!/^\d{10}$/.test(value)) return 'format';
  return rnokppCheckDigit(value.slice(0, 9)) === Number(value[9]) ? null : 'checksum';
}

const EPOCH_UTC = Date.UTC(1899, 11, 31);
const DAY_MS = 86_400_000;

/** The birth date encoded in the first five digits, as YYYY-MM-DD. */
export function rnokppBirthDate(value: string): string {
  const days = Number(value.slice(0, 5));
  return new Date(EPOCH_UTC + days * DAY_MS).toISOString().slice(0, 10);
}

/** Builds a valid РНОКПП for a birth date and a serial (4 digits, the last of which sets the sex). */
export function makeRnokpp(birthDate: string, serial: number): string {
  const days = Math.round((Date.parse(`${birthDate}T00:00:00Z`) - EPOCH_UTC) / DAY_MS);
  const nine = String(days).padStart(5, '0') + String(serial).padStart(4, '0');
  return nine + String(rnokppCheckDigit(nine));
}
