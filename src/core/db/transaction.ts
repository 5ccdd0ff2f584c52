import type { Db } from './database.js';

/**
 * Runs `fn` in a transaction, or inside the caller's when `db` already is one, so services can be
 * composed into one atomic change (e.g. block a user and queue the letter that tells them).
 */
export function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
