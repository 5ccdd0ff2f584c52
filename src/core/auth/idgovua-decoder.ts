/**
 * Opens the get-user-info reply that id.gov.ua envelopes to our certificate: a CMS EnvelopedData
 * under ДСТУ 4145 key agreement (dhSinglePass-cofactorDH, ГОСТ 34.311 KDF, ГОСТ 28147-89 key wrap
 * and CFB content encryption), as the IIT library makes it. The crypto is jkurwa's (pure JavaScript).
 *
 * The reply body is `{"encryptedUserInfo": "<base64 DER>"}`; a bare base64 body is read the same way.
 * Error messages are fixed texts: never the reply, the key, the password or the decrypted fields.
 */
import { readFileSync } from 'node:fs';
import jkurwa from 'jkurwa';
import gost89 from 'gost89';
import { splitOriginatorCerts } from './cms-originator.js';
import { IdGovUaError, type UserInfoDecoder } from './idgovua-client.js';

/** The key material, as the bytes of the files it comes from. */
export interface EnvelopeKeyMaterial {
  /** Key-6.dat (IIT or PBES2), PKCS#8, PKCS#12 (.pfx) or JKS; DER or PEM. */
  key: Buffer;
  /** Null for an unprotected key. */
  password: string | null;
  /** Our key-agreement (encryption) certificate: sent as `cert`, and the envelope is made to it. */
  cert: Buffer;
  /**
   * The sender's (id.gov.ua's) encryption certificate. The envelope names its sender by issuer and
   * serial number, and the sender's public key is half of the key agreement; not needed when the
   * envelope carries the certificate in its originatorInfo.
   */
  serverCert: Buffer | null;
}

export interface EnvelopeFiles {
  keyFile: string;
  keyPassword: string | null;
  certFile: string;
  serverCertFile: string | null;
}

export interface EnvelopedUserInfoDecoder extends UserInfoDecoder {
  readonly cert: string;
  decode(raw: unknown): Promise<Record<string, unknown>>;
  /** The content of a CMS EnvelopedData made to our certificate. */
  open(envelope: Buffer): Promise<Buffer>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What each jkurwa error code means here; the codes are fixed strings, safe to log. */
const UNWRAP_ERRORS: Record<string, string> = {
  ENOKEY: 'the user info envelope is not made to our certificate (ENOKEY)',
  ENOCERT: 'the sender of the user info envelope is unknown: set IDGOVUA_SERVER_CERT_FILE to its certificate (ENOCERT)',
  ESIGN: 'the signature inside the user info envelope does not verify (ESIGN)',
  ENODATA: 'the user info envelope holds a detached signature without content (ENODATA)',
};

function loadBox(material: EnvelopeKeyMaterial): { box: jkurwa.Box; cert: jkurwa.Certificate } {
  let cert: jkurwa.Certificate;
  try {
    cert = jkurwa.Certificate.from_pem(material.cert);
  } catch {
    throw new IdGovUaError('key_unusable', 'IDGOVUA_CERT_FILE is not a DSTU 4145 certificate (DER or PEM)');
  }
  if (!cert.canUseFor('encrypt')) {
    throw new IdGovUaError('key_unusable', 'IDGOVUA_CERT_FILE is not a key-agreement (encryption) certificate');
  }
  if (material.serverCert !== null) {
    try {
      jkurwa.Certificate.from_pem(material.serverCert);
    } catch {
      throw new IdGovUaError('key_unusable', 'IDGOVUA_SERVER_CERT_FILE is not a DSTU 4145 certificate (DER or PEM)');
    }
  }
  const box = new jkurwa.Box({ algo: gost89.compat.algos() });
  try {
    box.load({
      keyBuffers: [material.key],
      ...(material.password !== null ? { password: material.password } : {}),
      certBuffers: [material.cert, ...(material.serverCert !== null ? [material.serverCert] : [])],
    });
  } catch {
    throw new IdGovUaError('key_unusable', 'IDGOVUA_KEY_FILE could not be opened: wrong IDGOVUA_KEY_PASSWORD, or not a key container');
  }
  const der = cert.as_asn1();
  if (!box.keys.some((k) => k.priv && k.cert && k.cert.as_asn1().equals(der))) {
    throw new IdGovUaError('key_unusable', 'IDGOVUA_KEY_FILE holds no private key for the IDGOVUA_CERT_FILE certificate');
  }
  return { box, cert };
}

function envelopeBytes(raw: unknown): Buffer {
  const text = isRecord(raw) ? raw.encryptedUserInfo : raw;
  if (typeof text !== 'string') {
    throw new IdGovUaError('bad_response', 'user info reply is not enveloped (no encryptedUserInfo)');
  }
  const compact = text.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new IdGovUaError('bad_response', 'encryptedUserInfo is not base64');
  }
  return Buffer.from(compact, 'base64');
}

/**
 * The enveloped-reply decoder. Reads and checks the key at once, so that a wrong password or a
 * certificate of another key stops start-up rather than the first sign-in.
 */
export function createEnvelopedUserInfoDecoder(material: EnvelopeKeyMaterial): EnvelopedUserInfoDecoder {
  const { box, cert } = loadBox(material);

  async function open(envelope: Buffer): Promise<Buffer> {
    let result: jkurwa.Unwrapped;
    try {
      const { envelope: parsable, certs } = splitOriginatorCerts(envelope);
      // A sender's certificate carried in the envelope serves its key agreement, as a configured one would.
      if (certs.length > 0) box.load({ certBuffers: certs });
      result = await box.unwrap(parsable);
    } catch {
      // jkurwa throws on DER it cannot parse, on a certificate it cannot read and on a key-wrap checksum mismatch.
      throw new IdGovUaError('decrypt_failed', 'the user info envelope is damaged or not a CMS message');
    }
    if (result.error !== undefined) {
      throw new IdGovUaError('decrypt_failed', UNWRAP_ERRORS[result.error] ?? 'the user info envelope could not be opened');
    }
    // jkurwa hands back input it does not recognise unchanged: only an opened envelope counts.
    if (!result.pipe.some((step) => step.enc === true)) {
      throw new IdGovUaError('decrypt_failed', 'the user info reply is not an enveloped CMS message');
    }
    return result.content;
  }

  return {
    cert: cert.as_asn1().toString('base64'),
    open,
    async decode(raw: unknown): Promise<Record<string, unknown>> {
      const content = await open(envelopeBytes(raw));
      let info: unknown;
      try {
        info = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(content));
      } catch {
        // ГОСТ 28147 CFB has no integrity check: a damaged envelope decrypts to noise.
        throw new IdGovUaError('decrypt_failed', 'the decrypted user info is not JSON (damaged envelope or wrong key)');
      }
      if (!isRecord(info)) throw new IdGovUaError('bad_response', 'the decrypted user info is not a JSON object');
      return info;
    },
  };
}

function readConfigured(path: string, variable: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new IdGovUaError('key_unusable', `${variable} could not be read`);
  }
}

/** The decoder for the IDGOVUA_KEY_FILE, IDGOVUA_KEY_PASSWORD, IDGOVUA_CERT_FILE, IDGOVUA_SERVER_CERT_FILE settings. */
export function envelopedUserInfoDecoderFromFiles(files: EnvelopeFiles): UserInfoDecoder {
  return createEnvelopedUserInfoDecoder({
    key: readConfigured(files.keyFile, 'IDGOVUA_KEY_FILE'),
    password: files.keyPassword,
    cert: readConfigured(files.certFile, 'IDGOVUA_CERT_FILE'),
    serverCert: files.serverCertFile !== null ? readConfigured(files.serverCertFile, 'IDGOVUA_SERVER_CERT_FILE') : null,
  });
}
