/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the note text `<origin>\n<size>\n<base64
 * root>\n`, then optional non-empty extension lines. Signed as a note (note.ts). Pure.
 */
import { HASH_SIZE } from './merkle.js';
import { isValidKeyName, openNote, signNote, type NoteSigner, type NoteVerifier } from './note.js';

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
  extensions: string[];
}

export function formatCheckpoint(c: { origin: string; size: number; root: Uint8Array; extensions?: readonly string[] }): string {
  if (c.origin.length === 0 || c.origin.includes('\n')) throw new Error('a checkpoint origin is one non-empty line');
  if (!Number.isSafeInteger(c.size) || c.size < 0) throw new Error(`tree size ${c.size}`);
  if (c.root.length !== HASH_SIZE) throw new Error('a root hash is 32 bytes');
  const ext = c.extensions ?? [];
  if (ext.some((l) => l.length === 0 || l.includes('\n'))) throw new Error('extension lines are non-empty lines');
  return [c.origin, String(c.size), Buffer.from(c.root).toString('base64'), ...ext].join('\n') + '\n';
}

/** Parses a checkpoint's note text; throws on anything the specification does not allow. */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new Error('a checkpoint ends with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new Error('a checkpoint has at least three lines');
  const [origin, size, root, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) throw new Error('a checkpoint names its origin');
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) throw new Error('malformed tree size');
  const hash = Buffer.from(root, 'base64');
  if (hash.length !== HASH_SIZE || hash.toString('base64') !== root) throw new Error('malformed root hash');
  if (extensions.some((l) => l.length === 0)) throw new Error('extension lines are non-empty');
  return { origin, size: Number(size), root: hash, extensions };
}

/** A signed checkpoint of the log: the key name is the origin, as the specification recommends. */
export function signCheckpoint(signer: NoteSigner, size: number, root: Uint8Array): string {
  return signNote(formatCheckpoint({ origin: signer.name, size, root }), signer);
}

/** Opens a signed checkpoint with the log's key and checks that its origin is the one expected. */
export function openCheckpoint(note: string | Uint8Array, verifier: NoteVerifier, origin: string = verifier.name): Checkpoint {
  const { text } = openNote(note, [verifier]);
  const c = parseCheckpoint(text);
  if (c.origin !== origin) throw new Error(`the checkpoint is of «${c.origin}», not of «${origin}»`);
  return c;
}

/** Whether a string may be a log's origin (and so its key name): no spaces, no «+». */
export function isValidOrigin(origin: string): boolean {
  return isValidKeyName(origin);
}
