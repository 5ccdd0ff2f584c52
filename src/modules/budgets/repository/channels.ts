/** Registered voting channels: reads only (the changes are in service/channels.ts). */
import { createHmac } from 'node:crypto';
import type { Db } from '../../../core/db/database.js';
import type { Selectable } from 'kysely';
import { tables, type ChannelsTable } from '../tables.js';

export interface VotingChannel {
  id: number;
  communityId: number;
  name: string;
  kind: 'terminal' | 'chatbot';
  keyPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** The keyed hash a channel's API key is stored as. */
export const channelKeyHash = (secret: string, key: string) => createHmac('sha256', secret).update(`budget-channel:${key}`).digest('hex');

function toChannel(r: Selectable<ChannelsTable>): VotingChannel {
  return { id: r.id, communityId: r.community_id, name: r.name, kind: r.kind, keyPrefix: r.key_prefix, createdAt: r.created_at, revokedAt: r.revoked_at };
}

export async function listChannels(db: Db, communityId: number): Promise<VotingChannel[]> {
  const rows = await tables(db).selectFrom('budget_channels').selectAll().where('community_id', '=', communityId).orderBy('id').execute();
  return rows.map(toChannel);
}

/** The channel behind an API key, revoked ones included (the caller says «revoked» rather than «unknown»). */
export async function channelByKey(db: Db, secretKey: string, key: string): Promise<VotingChannel | null> {
  if (!/^vbc_[0-9a-f]{8}_[A-Za-z0-9_-]{20,64}$/.test(key)) return null;
  const r = await tables(db).selectFrom('budget_channels').selectAll().where('key_hash', '=', channelKeyHash(secretKey, key)).executeTakeFirst();
  return r ? toChannel(r) : null;
}
