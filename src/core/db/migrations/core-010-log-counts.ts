/**
 * What the transparency log gives as each subject's count (core/tlog/counts.ts): valid acts per subject and
 * sign-in level, kept by the sequencer in the transaction of each batch; the leaf hashes of the acts a
 * cancellation has already taken away (so that a second one changes nothing); and an index to find the
 * act a cancellation names by its leaf hash. The entries already in the log are counted here, in index
 * order, as the sequencer would have counted them.
 */
import { sql, type Kysely } from 'kysely';
import type { Db } from '../database.js';
import { countLog } from '../../tlog/counts.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table tlog_counts (
      subject text not null,
      level text not null,
      valid integer not null,
      primary key (subject, level)
    );
    create table tlog_cancelled (
      leaf_hash bytea primary key check (length(leaf_hash) = 32)
    );
    create index tlog_entries_leaf_hash on tlog_entries using hash (leaf_hash);
  `.execute(db);
  await countLog(db as unknown as Db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index tlog_entries_leaf_hash; drop table tlog_cancelled; drop table tlog_counts;`.execute(db);
}
