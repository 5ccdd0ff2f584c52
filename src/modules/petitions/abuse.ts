/** Figures that help a moderator see a campaign of fake signatures on one petition. */
import { sql } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { tables } from './tables.js';

export interface AbusePanel {
  perHour: { hour: Date; n: number }[];
  topPrefixes: { prefix: string; n: number }[];
  emailDomains: { domain: string; n: number }[];
  total: number;
  /** Signatures by accounts created the same (Kyiv) day as the signature. */
  sameDayAccounts: number;
}

export async function abusePanel(db: Db, petitionId: number): Promise<AbusePanel> {
  const base = () => tables(db).selectFrom('petition_signatures').where('petition_id', '=', petitionId).where('invalidated_at', 'is', null);
  const perHour = await base()
    .select([sql<Date>`date_trunc('hour', signed_at)`.as('hour'), sql<number>`count(*)::int`.as('n')])
    .groupBy(sql`date_trunc('hour', signed_at)`)
    .orderBy(sql`date_trunc('hour', signed_at)`, 'desc')
    .limit(48)
    .execute();
  const topPrefixes = await base().select(['ip_prefix as prefix', sql<number>`count(*)::int`.as('n')]).groupBy('ip_prefix').orderBy('n', 'desc').limit(10).execute();
  const emailDomains = await base()
    .select(['email_domain as domain', sql<number>`count(*)::int`.as('n')])
    .where('email_domain', 'is not', null)
    .groupBy('email_domain')
    .orderBy('n', 'desc')
    .limit(10)
    .execute();
  const totals = await base()
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) filter (where (account_created_at at time zone 'Europe/Kyiv')::date = (signed_at at time zone 'Europe/Kyiv')::date)::int`.as('same_day'),
    ])
    .executeTakeFirstOrThrow();
  return {
    perHour: perHour.map((r) => ({ hour: new Date(r.hour), n: r.n })),
    topPrefixes: topPrefixes.map((r) => ({ prefix: r.prefix, n: r.n })),
    emailDomains: emailDomains.map((r) => ({ domain: r.domain ?? '', n: r.n })),
    total: totals.total,
    sameDayAccounts: totals.same_day,
  };
}
