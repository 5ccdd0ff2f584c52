/**
 * Pseudonymous tags of the transparency log: HMAC-SHA256(LOG_KEY, identity_key ‖ 0x00 ‖ subject),
 * base64url. One person has one tag within a subject (so a second act of theirs there is visible to
 * anyone) and unlinkable tags across subjects; without LOG_KEY a tag says nothing about who it is.
 */
import { createHmac } from 'node:crypto';

/** `subject` names what the act is about, e.g. `petition:12`; the same string for every act on it. */
export function logTag(tagKey: Uint8Array, identityKey: string, subject: string): string {
  // The separator keeps (key, subject) pairs apart: no identity key contains it.
  if (identityKey.length === 0 || identityKey.includes('\u0000')) throw new Error('an identity key is non-empty, without NUL');
  return createHmac('sha256', tagKey).update(Buffer.from(identityKey, 'utf8')).update(Buffer.of(0)).update(Buffer.from(subject, 'utf8')).digest('base64url');
}
