/**
 * The transparency log (issue 18, core/tlog): acts write `tlog_pending` in their own transaction; the
 * sequencer moves pending rows into `tlog_entries` with contiguous indices, stores the hash of every
 * complete subtree in `tlog_hashes` (level k, index i: the leaves [i·2^k, (i+1)·2^k)) and a signed
 * checkpoint per batch in `tlog_checkpoints`. Nothing here is updated; entries are only appended.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table tlog_pending (
      id bigserial primary key,
      entry bytea not null check (length(entry) <= 65535),
      created_at timestamptz not null default now()
    );
    create table tlog_entries (
      idx bigint primary key check (idx >= 0),
      entry bytea not null,
      leaf_hash bytea not null check (length(leaf_hash) = 32),
      pending_id bigint not null unique
    );
    create table tlog_hashes (
      level integer not null check (level >= 0 and level < 64),
      idx bigint not null check (idx >= 0),
      hash bytea not null check (length(hash) = 32),
      primary key (level, idx)
    );
    create table tlog_checkpoints (
      size bigint primary key check (size >= 0),
      root bytea not null check (length(root) = 32),
      note text not null,
      created_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table tlog_checkpoints; drop table tlog_hashes; drop table tlog_entries; drop table tlog_pending;`.execute(db);
}
