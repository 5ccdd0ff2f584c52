/** SQL of the terminals: the only reader of their tables (the changes are in service.ts). */
import { createHmac } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { tables, type TerminalDevicesTable } from './tables.js';
import { DEVICE_KEY_RE, type Codepage, type PaperStatus } from './rules.js';

export interface Terminal {
  id: number;
  communityId: number;
  name: string;
  place: string;
  officeId: number | null;
  codepage: Codepage;
  keyPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastSeenAt: Date | null;
  paper: PaperStatus;
}

/** The keyed hash a device key is stored as. */
export const deviceKeyHash = (secret: string, key: string) => createHmac('sha256', secret).update(`terminal-device:${key}`).digest('hex');

function toTerminal(r: Selectable<TerminalDevicesTable>): Terminal {
  return {
    id: r.id,
    communityId: r.community_id,
    name: r.name,
    place: r.place,
    officeId: r.office_id,
    codepage: r.codepage,
    keyPrefix: r.key_prefix,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    lastSeenAt: r.last_seen_at,
    paper: r.paper,
  };
}

export async function listTerminals(db: Db, communityId: number): Promise<Terminal[]> {
  const rows = await tables(db).selectFrom('terminal_devices').selectAll().where('community_id', '=', communityId).orderBy('id').execute();
  return rows.map(toTerminal);
}

export async function findTerminal(db: Db, communityId: number, id: number): Promise<Terminal | null> {
  const r = await tables(db).selectFrom('terminal_devices').selectAll().where('community_id', '=', communityId).where('id', '=', id).executeTakeFirst();
  return r ? toTerminal(r) : null;
}

/** The terminal behind a device key, revoked ones included (the caller tells «revoked» from «unknown»). */
export async function terminalByKey(db: Db, secretKey: string, key: string): Promise<Terminal | null> {
  if (!DEVICE_KEY_RE.test(key)) return null;
  const r = await tables(db).selectFrom('terminal_devices').selectAll().where('key_hash', '=', deviceKeyHash(secretKey, key)).executeTakeFirst();
  return r ? toTerminal(r) : null;
}

/** Per terminal, the counts of each kind of screen opened since `fromDay` (YYYY-MM-DD, Kyiv). */
export async function activitySince(db: Db, communityId: number, fromDay: string): Promise<Map<number, Record<string, number>>> {
  const rows = await tables(db)
    .selectFrom('terminal_activity as a')
    .innerJoin('terminal_devices as d', 'd.id', 'a.terminal_id')
    .select(['a.terminal_id', 'a.kind', (eb) => eb.fn.sum<number>('a.count').as('n')])
    .where('d.community_id', '=', communityId)
    .where('a.day', '>=', fromDay)
    .groupBy(['a.terminal_id', 'a.kind'])
    .execute();
  const out = new Map<number, Record<string, number>>();
  for (const r of rows) {
    const m = out.get(r.terminal_id) ?? {};
    m[r.kind] = Number(r.n);
    out.set(r.terminal_id, m);
  }
  return out;
}
