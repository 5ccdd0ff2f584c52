/**
 * Phone numbers of the weaker sign-in: one normal form (+380 and 9 digits), the key one verified number
 * gives a person, and the number as shown back to them.
 */
import { createHmac } from 'node:crypto';

export function normalizePhone(raw: string): string | null {
  const digits = raw.replace(/[\s()-]/g, '');
  if (/^\+380\d{9}$/.test(digits)) return digits;
  if (/^380\d{9}$/.test(digits)) return `+${digits}`;
  if (/^0\d{9}$/.test(digits)) return `+38${digits}`;
  return null;
}

/**
 * The weak-level person's key: a keyed hash of the verified, normalised number. Every account that verifies
 * the same number gets the same key, so a new e-mail or a deleted and remade account is the same person.
 * (The same formula keyed petitions' `phone_key` before numbers were verified, so old rows match.)
 */
export function phoneKey(secretKey: string, phone: string): string {
  return `phone:${createHmac('sha256', secretKey).update(`phone:${phone}`).digest('hex')}`;
}

/** +380671234567 → «+380 67 *** ** 67»: enough to see a mistyped number, not enough to read it off a screen. */
export function maskedPhone(phone: string): string {
  const m = /^\+380(\d{2})\d{5}(\d{2})$/.exec(phone);
  return m ? `+380 ${m[1]} *** ** ${m[2]}` : phone;
}
