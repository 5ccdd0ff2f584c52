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

/**
 * The user of a live session. Sessions slide: used at least once a day, they last SESSION_DAYS from the
 * last use (one write a day per session, not one per request).
 */
export async function sessionUserId(db: Db, token: string, now: Date): Promise<number | null> {
  const idHash = sha256(token);
  const row = await db.selectFrom('sessions').select(['user_id', 'expires_at']).where('id_hash', '=', idHash).where('expires_at', '>', now).executeTakeFirst();
  if (!row) return null;
  const renewed = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  if (renewed.getTime() - row.expires_at.getTime() > 86_400_000) {
    await db.updateTable('sessions').set({ expires_at: renewed }).where('id_hash', '=', idHash).execute();
  }
  return row.user_id;
}

export async function destroySession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', sha256(token)).execute();
}
