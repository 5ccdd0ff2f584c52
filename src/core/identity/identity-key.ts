import { createHmac } from 'node:crypto';

/**
 * The only form in which a РНОКПП is kept: a keyed hash. The same person gets the same key on the web,
 * through a terminal or on a paper ballot, and the number cannot be recovered without SECRET_KEY.
 */
export function identityKey(secretKey: string, rnokpp: string): string {
  return createHmac('sha256', secretKey).update(`rnokpp:${rnokpp}`).digest('hex');
}
