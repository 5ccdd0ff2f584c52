/**
 * The emulator's side of the enveloped get-user-info reply: when the client sends its certificate
 * (`cert`, base64 DER), the user info JSON goes back as a CMS EnvelopedData made to that certificate
 * under ДСТУ 4145 key agreement, `{"encryptedUserInfo": "<base64>"}`, as the real service answers.
 * The emulator plays the service with a key and certificate of its own (jkurwa makes the envelope).
 */
import { readFileSync } from 'node:fs';
import jkurwa from 'jkurwa';
import gost89 from 'gost89';

/** The emulator's own key agreement key and certificate, as file bytes. */
export interface EnvelopeIdentity {
  /** Any key container jkurwa opens: a raw key, Key-6.dat, PKCS#8, PKCS#12, JKS. */
  key: Buffer;
  password?: string;
  cert: Buffer;
}

export interface UserInfoEnveloper {
  /** Base64 DER of the envelope; null when `certBase64` is not a DSTU 4145 certificate. */
  envelope(json: string, certBase64: string): Promise<string | null>;
}

export function createUserInfoEnveloper(identity: EnvelopeIdentity): UserInfoEnveloper {
  const box = new jkurwa.Box({ algo: gost89.compat.algos() });
  box.load({ keyBuffers: [identity.key], ...(identity.password !== undefined ? { password: identity.password } : {}), certBuffers: [identity.cert] });
  if (!box.keys.some((k) => k.priv && k.cert && k.cert.canUseFor('encrypt'))) {
    throw new Error('the emulator envelope key has no key-agreement (encryption) certificate');
  }
  return {
    async envelope(json: string, certBase64: string): Promise<string | null> {
      // A form body turns an unescaped «+» into a space.
      const der = Buffer.from(certBase64.replace(/ /g, '+'), 'base64');
      let forCert: jkurwa.Certificate;
      try {
        forCert = jkurwa.Certificate.from_asn1(der);
      } catch {
        return null;
      }
      if (!forCert.canUseFor('encrypt')) return null;
      const envelope = await box.pipe(Buffer.from(json, 'utf8'), [{ op: 'encrypt', forCert }]);
      return envelope.toString('base64');
    },
  };
}

/** The identity from EMULATOR_ENVELOPE_KEY_FILE, EMULATOR_ENVELOPE_KEY_PASSWORD and EMULATOR_ENVELOPE_CERT_FILE, or null. */
export function envelopeIdentityFromEnv(env: NodeJS.ProcessEnv): EnvelopeIdentity | null {
  const keyFile = env.EMULATOR_ENVELOPE_KEY_FILE || null;
  const certFile = env.EMULATOR_ENVELOPE_CERT_FILE || null;
  if (keyFile === null && certFile === null) return null;
  if (keyFile === null || certFile === null) throw new Error('EMULATOR_ENVELOPE_KEY_FILE and EMULATOR_ENVELOPE_CERT_FILE go together');
  const password = env.EMULATOR_ENVELOPE_KEY_PASSWORD;
  return { key: readFileSync(keyFile), cert: readFileSync(certFile), ...(password ? { password } : {}) };
}
