/**
 * The raw-SQL ceiling of signing: the transaction of `signPetition` (src/modules/petitions/service/signatures.ts),
 * its INSERT … ON CONFLICT DO NOTHING of the signature, the shared gate on the petition's row (FOR SHARE)
 * and the +1 on one of its 16 counter slots (issue #19), sent straight
 * to PostgreSQL over as many connections as the HTTP run has, with nothing of the app around it. The
 * statements are built with the same Kysely calls as the app's, so they are the same SQL text.
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { CoreTables } from '../src/core/db/schema.js';
import { tables } from '../src/modules/petitions/tables.js';
import { signatureAct } from '../src/modules/petitions/rules.js';
import { addToCountQuery, COUNT_SLOTS, sharedGate } from '../src/modules/petitions/repository.js';
import { actEntry } from '../src/core/tlog/acts.js';
import { leafHash } from '../src/core/tlog/merkle.js';
import { reservePendingId } from '../src/core/tlog/store.js';

/** A Kysely that only compiles: no connection behind it. */
const compiler = new Kysely<CoreTables>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

export interface Signer {
  communityId: number;
  petitionId: number;
  personKey: string;
  userId: number;
  name: string;
  ipPrefix: string;
  accountCreatedAt: Date;
}

/** The log's statement in signPetition's transaction: the entry under the id the signature's INSERT reserved. */
export function appendStatement(entry: string, reservedId: number): CompiledQuery {
  return compiler
    .insertInto('tlog_pending')
    .values({ id: reservedId, entry: Buffer.from(entry, 'utf8') })
    .returning('id')
    .compile();
}

/**
 * The statements of signPetition's transaction, as the app builds them; with `entry`, the signature row
 * reserves the log's pending id and carries the entry's leaf hash, as the app's does.
 */
export function signingStatements(s: Signer, now: Date, entry: string | null): { insert: CompiledQuery; gate: CompiledQuery; count: CompiledQuery } {
  const insert = tables(compiler)
    .insertInto('petition_signatures')
    .values({
      community_id: s.communityId,
      petition_id: s.petitionId,
      person_key: s.personKey,
      phone_key: null,
      user_id: s.userId,
      signer_name: s.name,
      signed_at: now,
      ip_prefix: s.ipPrefix,
      email_domain: null,
      account_created_at: s.accountCreatedAt,
      ...(entry === null ? {} : { log_pending_id: reservePendingId(), log_leaf: leafHash(Buffer.from(entry, 'utf8')).toString('base64') }),
    })
    .onConflict((oc) => oc.doNothing())
    .returning(['id', 'log_pending_id'])
    .compile();
  // Far from the threshold, as the bench's petitions are: the shared gate, then one slot of the count.
  const gate = sharedGate(compiler, { petitionId: s.petitionId, communityId: s.communityId, now }).compile();
  const count = addToCountQuery(compiler, { petitionId: s.petitionId, slot: Math.floor(Math.random() * COUNT_SLOTS), counted: 1, email: 0 }).compile();
  return { insert, gate, count };
}

export interface CeilingResult {
  connections: number;
  seconds: number;
  transactions: number;
  signed: number;
  errors: number;
  throughput: number;
  p50: number;
  p99: number;
  /** The machine's 1-minute load average when the run started. */
  loadAverage: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function measureCeiling(opts: {
  url: string;
  connections: number;
  seconds: number;
  communityId: number;
  petitionId: number;
  resident: (i: number) => number;
  /**
   * false: the signature row alone, without the gate and the +1 on a counter slot. Not what the app
   * does: the upper bound of any design that takes the counter out of the signing transaction, so the
   * counter's cost shows as the gap between the two.
   */
  counter: boolean;
  /**
   * The transparency log's part of the transaction (the entry, then its receipt on the signature row), as
   * the app writes it; null leaves it out, so that the two runs side by side price the log (issue #18: at
   * most 10 %). `tagKey` is the app's LOG_KEY, `community` the petition's community slug.
   */
  log: { tagKey: Uint8Array; community: string } | null;
  /** Keys differ between runs on the same petition. */
  label: string;
}): Promise<CeilingResult> {
  const clients = await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      const c = new pg.Client({ connectionString: opts.url });
      await c.connect();
      return c;
    }),
  );
  const loadAverage = loadavg()[0] ?? 0;
  const latencies: number[] = [];
  let signedCount = 0;
  let errors = 0;
  let next = 0;
  const run = `${process.pid}-${opts.label}`;
  const started = performance.now();
  const deadline = started + opts.seconds * 1000;
  try {
    await Promise.all(
      clients.map(async (c) => {
        while (performance.now() < deadline) {
          const i = next++;
          const userId = opts.resident(i);
          // Distinct people the app never sees: a key shaped like an identity_key (64 hex digits).
          const personKey = createHash('sha256').update(`raw-${run}-${i}`).digest('hex');
          const now = new Date();
          const entry = opts.log ? actEntry(opts.log.tagKey, signatureAct(opts.log.community, opts.petitionId, personKey, now, 'idgovua')) : null;
          const { insert, gate, count } = signingStatements(
            {
              communityId: opts.communityId,
              petitionId: opts.petitionId,
              personKey,
              userId,
              name: 'Підписант Сирого Запиту',
              ipPrefix: `127.${(i >> 8) & 255}.${i & 255}.0/24`,
              accountCreatedAt: new Date('2021-01-01T00:00:00Z'),
            },
            now,
            entry,
          );
          const t0 = performance.now();
          try {
            await c.query('begin');
            const ins = await c.query<{ id: number; log_pending_id: string | null }>(insert.sql, [...insert.parameters]);
            const signed = ins.rows[0];
            if (signed && entry !== null) {
              const append = appendStatement(entry, Number(signed.log_pending_id));
              await c.query(append.sql, [...append.parameters]);
            }
            if (signed && opts.counter) {
              await c.query(gate.sql, [...gate.parameters]);
              await c.query(count.sql, [...count.parameters]);
            }
            await c.query('commit');
            if (signed) signedCount++;
            latencies.push(performance.now() - t0);
          } catch {
            errors++;
            await c.query('rollback').catch(() => undefined);
          }
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    connections: opts.connections,
    seconds,
    transactions: latencies.length,
    signed: signedCount,
    errors,
    throughput: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    loadAverage,
  };
}
