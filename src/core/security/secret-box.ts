/**
 * Secrets the platform must read back (a community's messenger bot tokens), sealed at rest with
 * AES-256-GCM. The key is derived from SECRET_KEY, so a copy of the database alone opens nothing. Each
 * sealed value is bound to what it is for (`purpose`, e.g. `chatbot:telegram:12`): a value copied to
 * another row or another community fails to open instead of working there.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const VERSION = 'v1';

function keyOf(secretKey: string): Buffer {
  // A key of its own for this use: HMAC(SECRET_KEY, label), never SECRET_KEY itself.
  return createHmac('sha256', secretKey).update('viche:secret-box:v1').digest();
}

/** `v1.<base64url of iv | tag | ciphertext>`: never contains the secret in any readable form. */
export function sealSecret(secretKey: string, purpose: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secretKey), iv);
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** The secret, or null when the value was sealed for another purpose, with another key, or altered. */
export function openSecret(secretKey: string, purpose: string, sealed: string): string | null {
  const [version, data] = sealed.split('.');
  if (version !== VERSION || !data) return null;
  const raw = Buffer.from(data, 'base64url');
  if (raw.length < 28) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secretKey), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
