/**
 * C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys: text ending in a newline, a blank
 * line, then lines `— <key name> <base64(key ID ‖ signature)>`. The key ID is the first four bytes of
 * SHA-256(name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key); a verifier key is written
 * `<name>+<hex key ID>+<base64(0x01 ‖ public key)>`. Pure (Node's crypto only).
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

const ED25519 = 0x01;
const SIG_PREFIX = '— ';
/** We accept at least the 16 signatures the specification asks for, and no more than 100. */
const MAX_SIGNATURES = 100;
// PKCS#8 and SPKI wrappers of a raw Ed25519 seed and public key (RFC 8410).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export class MalformedNoteError extends Error {}

/** Key names: non-empty, no Unicode spaces, no plus sign, no control characters. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+\p{Cc}]/u.test(name) && !/\p{Zs}/u.test(name);
}

export function keyId(name: string, publicKey: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.from(name, 'utf8')).update(Buffer.of(0x0a, ED25519)).update(publicKey).digest().subarray(0, 4);
}

export interface NoteSigner {
  name: string;
  keyId: Buffer;
  publicKey: Buffer;
  /** The verifier key string, for publication. */
  verifierKey: string;
  sign(message: Buffer): Buffer;
}

export interface NoteVerifier {
  name: string;
  keyId: Buffer;
  publicKey: Buffer;
  verify(message: Buffer, signature: Buffer): boolean;
}

/** A signer from a 32-byte Ed25519 seed (RFC 8032's private key). */
export function signerFromSeed(name: string, seed: Uint8Array): NoteSigner {
  if (!isValidKeyName(name)) throw new Error(`«${name}» cannot be a key name: it must be non-empty, without spaces or «+»`);
  if (seed.length !== 32) throw new Error('an Ed25519 seed is 32 bytes');
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  return signerFromKey(name, privateKey);
}

export function signerFromKey(name: string, privateKey: KeyObject): NoteSigner {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the log signs with an Ed25519 key');
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKey = Buffer.from(spki.subarray(SPKI_PREFIX.length));
  const id = keyId(name, publicKey);
  return {
    name,
    keyId: id,
    publicKey,
    verifierKey: `${name}+${id.toString('hex')}+${Buffer.concat([Buffer.of(ED25519), publicKey]).toString('base64')}`,
    sign: (message) => sign(null, message, privateKey),
  };
}

/** Parses a verifier key string; throws on anything but a well-formed Ed25519 key whose ID matches. */
export function parseVerifierKey(vkey: string): NoteVerifier {
  const parts = vkey.split('+');
  if (parts.length !== 3) throw new Error('a verifier key is <name>+<hex key ID>+<base64 key>');
  const [name, hex, b64] = parts as [string, string, string];
  if (!isValidKeyName(name)) throw new Error('malformed verifier key name');
  if (!/^[0-9a-f]{8}$/.test(hex)) throw new Error('malformed verifier key ID');
  const material = strictBase64(b64);
  if (!material || material.length !== 33 || material[0] !== ED25519) throw new Error('not an Ed25519 verifier key');
  const publicKey = Buffer.from(material.subarray(1));
  const id = keyId(name, publicKey);
  if (id.toString('hex') !== hex) throw new Error('the verifier key ID does not match its key');
  const key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
  return { name, keyId: id, publicKey, verify: (message, signature) => signature.length === 64 && verify(null, message, key, signature) };
}

/** Base64 (RFC 4648 §4, padded) that re-encodes to itself, or null. */
function strictBase64(s: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return null;
  const b = Buffer.from(s, 'base64');
  return b.toString('base64') === s ? b : null;
}

function checkText(text: string): void {
  if (!text.endsWith('\n')) throw new MalformedNoteError('a note text ends with a newline');
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) throw new MalformedNoteError('a note has no control characters but newlines');
}

/** Signs a note text (which must end in a newline) with one or more keys. */
export function signNote(text: string, ...signers: NoteSigner[]): string {
  checkText(text);
  if (signers.length === 0) throw new Error('a note needs a signature');
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((s) => `${SIG_PREFIX}${s.name} ${Buffer.concat([s.keyId, s.sign(message)]).toString('base64')}\n`);
  return `${text}\n${lines.join('')}`;
}

export interface SignatureLine {
  name: string;
  keyId: Buffer;
  signature: Buffer;
}

/** Splits a signed note into its text and signature lines; throws MalformedNoteError. */
export function parseNote(note: string | Uint8Array): { text: string; signatures: SignatureLine[] } {
  let s: string;
  if (typeof note === 'string') s = note;
  else {
    try {
      s = new TextDecoder('utf-8', { fatal: true }).decode(note);
    } catch {
      throw new MalformedNoteError('a note is UTF-8');
    }
  }
  if (/[\uD800-\uDFFF]/.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) throw new MalformedNoteError('a note is UTF-8');
  checkText(s);
  const split = s.lastIndexOf('\n\n');
  if (split < 0) throw new MalformedNoteError('a note has a blank line before its signatures');
  const text = s.slice(0, split + 1);
  const block = s.slice(split + 2);
  const lines = block.split('\n');
  if (lines.pop() !== '' || lines.length === 0) throw new MalformedNoteError('a note has at least one signature line');
  if (lines.length > MAX_SIGNATURES) throw new MalformedNoteError('too many signatures');
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIG_PREFIX)) throw new MalformedNoteError('a signature line starts with «— »');
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.lastIndexOf(' ');
    const name = rest.slice(0, space);
    const raw = space > 0 ? strictBase64(rest.slice(space + 1)) : null;
    if (!isValidKeyName(name) || !raw || raw.length < 5) throw new MalformedNoteError('malformed signature line');
    return { name, keyId: Buffer.from(raw.subarray(0, 4)), signature: Buffer.from(raw.subarray(4)) };
  });
  return { text, signatures };
}

/**
 * Opens a signed note with the keys one trusts: signatures by unknown keys (name and key ID not both
 * matching) are ignored, a known key's bad signature rejects the note, and at least one must verify.
 * Returns the text and the names of the keys whose signatures verified.
 */
export function openNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): { text: string; verifiedBy: string[] } {
  const { text, signatures } = parseNote(note);
  const message = Buffer.from(text, 'utf8');
  const verifiedBy: string[] = [];
  for (const sig of signatures) {
    const known = verifiers.filter((v) => v.name === sig.name && v.keyId.equals(sig.keyId));
    if (known.length > 1) throw new Error(`ambiguous key ${sig.name}+${sig.keyId.toString('hex')}`);
    const v = known[0];
    if (!v) continue;
    if (!v.verify(message, sig.signature)) throw new Error(`invalid signature for key ${sig.name}+${sig.keyId.toString('hex')}`);
    if (!verifiedBy.includes(v.name)) verifiedBy.push(v.name);
  }
  if (verifiedBy.length === 0) throw new Error('the note has no signature by a known key');
  return { text, verifiedBy };
}
