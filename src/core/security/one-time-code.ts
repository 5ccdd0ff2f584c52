/**
 * The six-digit codes sent by e-mail and SMS (sign-in, the phone step, confirming an address): drawn
 * uniformly, stored only as an HMAC bound to the purpose and to the row that holds it, so that a leaked
 * table neither reveals a code nor lets one row's code open another.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { CoreContext } from '../context.js';

export type CodePurpose = 'email-code' | 'phone-code' | 'email-confirmation';

export function newSixDigitCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function oneTimeCodeHash(ctx: CoreContext, purpose: CodePurpose, id: number, code: string): string {
  return createHmac('sha256', ctx.config.secretKey).update(`${purpose}:${id}:${code}`).digest('hex');
}

/** Whether `code` is the one stored for the row, compared in constant time. */
export function codeMatches(ctx: CoreContext, purpose: CodePurpose, id: number, code: string, storedHash: string): boolean {
  const typed = Buffer.from(oneTimeCodeHash(ctx, purpose, id, code));
  const stored = Buffer.from(storedHash);
  return typed.length === stored.length && timingSafeEqual(typed, stored);
}
