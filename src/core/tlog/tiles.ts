/**
 * Paths and bodies of the C2SP tlog-tiles API (https://c2sp.org/tlog-tiles). Tiles are 8 levels high:
 * the tile at level L holds up to 256 hashes of Merkle level 8·L, so the n-th tile at level L is
 * MTH(D[(n·256 + i)·256^L : (n·256 + i + 1)·256^L]) for i = 0..W−1. Entry bundles hold the entries of a
 * level-0 tile, each as a big-endian uint16 length and the bytes. Pure.
 */

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;
/** The largest entry an entry bundle can carry (its length is a uint16). */
export const MAX_ENTRY_BYTES = 0xffff;

export interface TileRef {
  /** A Merkle-tree tile of this level, or an entry bundle. */
  kind: 'hashes' | 'entries';
  /** 0 for entry bundles. */
  level: number;
  index: number;
  /** 1..256; 256 is a full tile (no `.p/<W>` in its path). */
  width: number;
}

/** `1234067` → `x001/x234/067`: 3-digit groups, all but the last prefixed with `x`. */
export function formatTileIndex(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`tile index ${n}`);
  const groups: string[] = [];
  let rest = n;
  do {
    groups.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

/** The path of a tile below the log's prefix, e.g. `tile/0/x001/234.p/17` or `tile/entries/000`. */
export function formatTilePath(t: TileRef): string {
  if (t.kind === 'hashes' && (!Number.isInteger(t.level) || t.level < 0 || t.level > 63)) throw new RangeError(`tile level ${t.level}`);
  if (!Number.isInteger(t.width) || t.width < 1 || t.width > TILE_WIDTH) throw new RangeError(`tile width ${t.width}`);
  const head = t.kind === 'entries' ? 'tile/entries' : `tile/${t.level}`;
  return `${head}/${formatTileIndex(t.index)}${t.width < TILE_WIDTH ? `.p/${t.width}` : ''}`;
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/**
 * Parses a path below the log's prefix (`tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`); null for
 * anything the specification does not allow (leading zeroes, a missing `x`, a width of 0 or 256 …).
 */
export function parseTilePath(path: string): TileRef | null {
  const parts = path.split('/');
  if (parts.length < 3 || parts[0] !== 'tile') return null;
  const kind = parts[1] === 'entries' ? 'entries' : 'hashes';
  let level = 0;
  if (kind === 'hashes') {
    if (!DECIMAL.test(parts[1]!)) return null;
    level = Number(parts[1]);
    if (level > 63) return null;
  }
  let rest = parts.slice(2);
  let width = TILE_WIDTH;
  // `.p/<W>`: the last index group ends in `.p`, and the width follows as one more element.
  if (rest.length >= 2 && rest.at(-2)!.endsWith('.p')) {
    const w = rest.at(-1)!;
    if (!DECIMAL.test(w)) return null;
    width = Number(w);
    if (width < 1 || width >= TILE_WIDTH) return null;
    rest = [...rest.slice(0, -2), rest.at(-2)!.slice(0, -2)];
  }
  let index = 0;
  for (const [i, g] of rest.entries()) {
    const last = i === rest.length - 1;
    const m = (last ? /^([0-9]{3})$/ : /^x([0-9]{3})$/).exec(g);
    if (!m) return null;
    index = index * 1000 + Number(m[1]);
  }
  // The canonical encoding only: no group of leading zeroes (x000/…).
  if (rest.length > 1 && rest[0] === 'x000') return null;
  if (!Number.isSafeInteger(index)) return null;
  return { kind, level, index, width };
}

/** How many hashes of Merkle level 8·L a tree of `size` leaves has complete. */
export function hashesAtTileLevel(size: number, level: number): number {
  return Math.floor(size / 2 ** (TILE_HEIGHT * level));
}

/**
 * Whether a tree of `size` leaves contains the tile: all its hashes (or, for a bundle, entries) exist.
 * A partial tile is served for any width up to what the tree has, since its content never changes.
 */
export function tileExists(t: TileRef, size: number): boolean {
  const available = t.kind === 'entries' ? size : hashesAtTileLevel(size, t.level);
  return t.index * TILE_WIDTH + t.width <= available;
}

/** The tiles (full, and the partial one if any) of one level that a tree of `size` leaves has. */
export function tilesForSize(size: number, level: number, kind: TileRef['kind'] = 'hashes'): TileRef[] {
  const count = kind === 'entries' ? size : hashesAtTileLevel(size, level);
  const out: TileRef[] = [];
  for (let i = 0; i * TILE_WIDTH < count; i++) out.push({ kind, level, index: i, width: Math.min(TILE_WIDTH, count - i * TILE_WIDTH) });
  return out;
}

/** Entries as an entry bundle: each a big-endian uint16 length and its bytes. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (e.length > MAX_ENTRY_BYTES) throw new RangeError(`an entry of ${e.length} bytes does not fit a bundle`);
    const len = Buffer.alloc(2);
    len.writeUInt16BE(e.length);
    parts.push(len, Buffer.from(e));
  }
  return Buffer.concat(parts);
}

/** An entry bundle's entries; throws on a truncated bundle. */
export function decodeEntryBundle(bundle: Uint8Array): Buffer[] {
  const buf = Buffer.from(bundle);
  const out: Buffer[] = [];
  let at = 0;
  while (at < buf.length) {
    if (at + 2 > buf.length) throw new Error('entry bundle: truncated length');
    const len = buf.readUInt16BE(at);
    at += 2;
    if (at + len > buf.length) throw new Error('entry bundle: truncated entry');
    out.push(buf.subarray(at, at + len));
    at += len;
  }
  return out;
}

/** A tile's hashes, 32 bytes each. */
export function splitTile(tile: Uint8Array): Buffer[] {
  if (tile.length % 32 !== 0) throw new Error(`a tile of ${tile.length} bytes is not made of 32-byte hashes`);
  const buf = Buffer.from(tile);
  const out: Buffer[] = [];
  for (let at = 0; at < buf.length; at += 32) out.push(buf.subarray(at, at + 32));
  return out;
}
