/**
 * The raw-SQL ceiling of signing: the transaction of `signPetition` (src/modules/petitions/service.ts),
 * its INSERT … ON CONFLICT DO NOTHING of the signature and the +1 on the petition's counter, sent straight
 * to PostgreSQL over as many connections as the HTTP run has, with nothing of the app around it. The
 * statements are built with the same Kysely calls as the app's, so they are the same SQL text.
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { CoreTables } from '../src/core/db/schema.js';
import { tables } from '../src/modules/petitions/tables.js';

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

/** The two statements of signPetition's transaction, as the app builds them. */
export function signingStatements(s: Signer, now: Date): { insert: CompiledQuery; update: CompiledQuery } {
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
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .compile();
  const update = tables(compiler)
    .updateTable('petitions')
    .set((eb) => ({ signature_count: eb('signature_count', '+', 1) }))
    .where('id', '=', s.petitionId)
    .where('community_id', '=', s.communityId)
    .where('status', '=', 'collecting')
    .where('collection_ends_at', '>=', now)
    .returningAll()
    .compile();
  return { insert, update };
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
   * false: the signature row alone, without the +1 on the petition's row. Not what the app does: the
   * upper bound of any design that takes the counter out of the signing transaction (sharded or
   * batched counters), so the cost of the hot row shows as the gap between the two.
   */
  counter: boolean;
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
  let signed = 0;
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
          const { insert, update } = signingStatements(
            {
              communityId: opts.communityId,
              petitionId: opts.petitionId,
              // Distinct people the app never sees: a key shaped like an identity_key (64 hex digits).
              personKey: createHash('sha256').update(`raw-${run}-${i}`).digest('hex'),
              userId,
              name: 'Підписант Сирого Запиту',
              ipPrefix: `127.${(i >> 8) & 255}.${i & 255}.0/24`,
              accountCreatedAt: new Date('2021-01-01T00:00:00Z'),
            },
            new Date(),
          );
          const t0 = performance.now();
          try {
            await c.query('begin');
            const ins = await c.query(insert.sql, [...insert.parameters]);
            if (ins.rowCount && opts.counter) await c.query(update.sql, [...update.parameters]);
            await c.query('commit');
            if (ins.rowCount) signed++;
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
    signed,
    errors,
    throughput: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    loadAverage,
  };
}
