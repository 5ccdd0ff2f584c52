/**
 * Sessions live in PostgreSQL, so any app instance can serve any request. The cookie holds a random
 * token; the table holds only its hash, so a leaked table does not leak sessions.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';

export const SESSION_COOKIE = 'viche_session';
export const SESSION_DAYS = 14;

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export async function createSession(db: Db, userId: number, now: Date): Promise<string> {
  const token = randomToken();
  await db
    .insertInto('sessions')
    .values({ id_hash: sha256(token), user_id: userId, expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000) })
    .execute();
  return token;
}

export async function sessionUserId(db: Db, token: string, now: Date): Promise<number | null> {
  const row = await db
    .selectFrom('sessions')
    .select('user_id')
    .where('id_hash', '=', sha256(token))
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row?.user_id ?? null;
}

export async function destroySession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', sha256(token)).execute();
}
