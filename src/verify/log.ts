/**
 * The log half of the independent verifier: fetches the log's key and signed checkpoint over HTTP, streams
 * every entry bundle in order and recomputes the Merkle root keeping only the right edge (bounded memory),
 * checks each leaf hash against the level-0 hash tiles, and, given the state of an earlier run, that the
 * new tree extends the old one. Uses only the public C2SP tlog-tiles surface, never the database.
 */
import { EMPTY_ROOT, leafHash, nodeHash } from '../core/tlog/merkle.js';
import { parseVerifierKey, type NoteVerifier } from '../core/tlog/note.js';
import { openCheckpoint, type Checkpoint } from '../core/tlog/checkpoint.js';
import { decodeEntryBundle, formatTilePath, splitTile, tilesForSize } from '../core/tlog/tiles.js';

/** A finding that makes the verification fail; its message names what disagrees. */
export class Discrepancy extends Error {}

/**
 * A 404 of the public API: what the log names is not (yet) published — a petition still in moderation,
 * whose author's signature is logged from the moment it was submitted. Where a comparison allows for
 * that, it lists the subject instead of failing; anywhere else it is a discrepancy like any other.
 */
export class NotPublished extends Discrepancy {
  constructor(readonly path: string) {
    super(`${path}: HTTP 404`);
  }
}

/** What a run remembers for the next one. */
export interface VerifierState {
  size: number;
  /** base64 */
  root: string;
  /** The verifier key pinned on the first run. */
  key: string;
}

/**
 * The Merkle right edge: one complete subtree per bit set in the size, largest first. Appending a leaf
 * merges equal-height subtrees, as RFC 9162's tree is built left to right.
 */
export class Frontier {
  private readonly nodes: { height: number; hash: Buffer }[] = [];
  size = 0;

  push(leaf: Buffer): void {
    let node = { height: 0, hash: leaf };
    while (this.nodes.length > 0 && this.nodes.at(-1)!.height === node.height) {
      const left = this.nodes.pop()!;
      node = { height: node.height + 1, hash: nodeHash(left.hash, node.hash) };
    }
    this.nodes.push(node);
    this.size++;
  }

  root(): Buffer {
    if (this.nodes.length === 0) return EMPTY_ROOT;
    let r = this.nodes.at(-1)!.hash;
    for (let i = this.nodes.length - 2; i >= 0; i--) r = nodeHash(this.nodes[i]!.hash, r);
    return r;
  }
}

export type Fetcher = (path: string) => Promise<Buffer>;

/** GETs below the site's base URL; anything but 200 is a discrepancy naming the path. */
export function httpFetcher(base: string): Fetcher {
  const root = base.replace(/\/+$/, '');
  return async (path) => {
    let res: Response;
    try {
      res = await fetch(`${root}${path}`);
    } catch (e) {
      throw new Discrepancy(`${path}: cannot fetch (${e instanceof Error ? e.message : String(e)})`);
    }
    if (res.status === 404) throw new NotPublished(path);
    if (res.status !== 200) throw new Discrepancy(`${path}: HTTP ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  };
}

/** GETs a JSON document of the public API. */
export async function fetchJson<T>(get: Fetcher, path: string): Promise<T> {
  const body = await get(path);
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    throw new Discrepancy(`${path}: not JSON`);
  }
}

/** Opens the checkpoint with the key given, pinned or served (in that order of trust). */
export async function fetchCheckpoint(get: Fetcher, opts: { key?: string; state?: VerifierState | null }): Promise<{ key: string; checkpoint: Checkpoint }> {
  const served = (await get('/log/key')).toString('utf8').trim();
  const key = opts.key ?? opts.state?.key ?? served;
  if (opts.state && opts.state.key !== key) throw new Discrepancy(`the key given (${key}) is not the one pinned in the state file (${opts.state.key})`);
  if (key !== served) throw new Discrepancy(`the log's key changed: it now serves ${served}, expected ${key}`);
  let verifier: NoteVerifier;
  try {
    verifier = parseVerifierKey(key);
  } catch (e) {
    throw new Discrepancy(`the verifier key is malformed: ${e instanceof Error ? e.message : String(e)}`);
  }
  const note = await get('/log/checkpoint');
  try {
    return { key, checkpoint: openCheckpoint(note, verifier) };
  } catch (e) {
    throw new Discrepancy(`checkpoint signature: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Streams the tree of the checkpoint: every entry bundle and level-0 hash tile. Returns the recomputed
 * root after comparing it with the checkpoint's, and with the saved state's at its size.
 */
export async function streamLog(
  get: Fetcher,
  checkpoint: Checkpoint,
  state: VerifierState | null,
  onEntry: (index: number, entry: Buffer, leaf: Buffer) => void,
): Promise<void> {
  if (state && state.size > checkpoint.size)
    throw new Discrepancy(`the log shrank: the last run saw ${state.size} entries, the checkpoint has ${checkpoint.size}`);
  const frontier = new Frontier();
  let prefixRoot: Buffer | null = state && state.size === 0 ? EMPTY_ROOT : null;
  let tileMismatch: string | null = null;
  for (const bundle of tilesForSize(checkpoint.size, 0, 'entries')) {
    const entries = decodeEntryBundle(await get(`/log/${formatTilePath(bundle)}`));
    if (entries.length !== bundle.width) throw new Discrepancy(`entry bundle ${bundle.index}: ${entries.length} entries, expected ${bundle.width}`);
    const hashes = splitTile(await get(`/log/${formatTilePath({ kind: 'hashes', level: 0, index: bundle.index, width: bundle.width })}`));
    if (hashes.length !== bundle.width) throw new Discrepancy(`hash tile 0/${bundle.index}: ${hashes.length} hashes, expected ${bundle.width}`);
    entries.forEach((entry, i) => {
      const index = frontier.size;
      const leaf = leafHash(entry);
      if (tileMismatch === null && !leaf.equals(hashes[i]!)) tileMismatch = `entry ${index}: its leaf hash differs from the one in the level-0 hash tile`;
      frontier.push(leaf);
      if (state && frontier.size === state.size) prefixRoot = frontier.root();
      onEntry(index, entry, leaf);
    });
  }
  const root = frontier.root();
  if (!root.equals(checkpoint.root))
    throw new Discrepancy(
      `root mismatch: the ${checkpoint.size} entries hash to ${root.toString('base64')}, the checkpoint says ${checkpoint.root.toString('base64')}`,
    );
  if (tileMismatch !== null) throw new Discrepancy(tileMismatch);
  if (state && (prefixRoot === null || prefixRoot.toString('base64') !== state.root))
    throw new Discrepancy(
      `consistency failure: the first ${state.size} entries now hash to ${prefixRoot?.toString('base64') ?? '?'}, the last run saw ${state.root}`,
    );
}
