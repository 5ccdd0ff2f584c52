/**
 * CSRF: every browser gets a random id in an httpOnly cookie; forms carry HMAC(SECRET_KEY, id). A page
 * of another site can neither read the cookie nor compute the token. Works for signed-out forms too.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const BROWSER_COOKIE = 'viche_browser';

export function csrfTokenFor(secretKey: string, browserId: string): string {
  return createHmac('sha256', secretKey).update(`csrf:${browserId}`).digest('base64url');
}

export function csrfTokenValid(secretKey: string, browserId: string | undefined, token: unknown): boolean {
  if (!browserId || typeof token !== 'string' || token.length === 0) return false;
  const expected = Buffer.from(csrfTokenFor(secretKey, browserId));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
