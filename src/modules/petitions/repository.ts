/** The petitions module's SQL: the only code that reads or writes its tables. */
import { allTime, counted, inPeriod, inScope, kyivMonth, type Counted, type CounterScope } from '../../core/stats-counters/index.js';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { Community } from '../../core/communities/community.js';
import type { Text } from '../../core/i18n/index.js';
import { EMAIL_LIKE_SQL, EMAIL_RESIDENT } from '../../core/users/public-name.js';
import { tables, type PetitionStatus, type PetitionsTable } from './tables.js';
import { searchTerms } from './rules.js';
import { DEFAULT_CATEGORIES, defaultSettings, type PetitionSettings } from './settings.js';

/** A petition's row with its two counts, the sums of its counter slots. */
export type PetitionRow = Selectable<PetitionsTable> & { signature_count: number; email_signature_count: number };

/**
 * A petition's count (the valid signatures that count toward the threshold, or with 'email' those given
 * at the e-mail level): the sum of its slots, for the petition row named `alias` in the query.
 */
export function countSql(alias: string, column: 'counted' | 'email' = 'counted') {
  return sql<number>`coalesce((select sum(s.${sql.ref(column)}) from petition_signature_slots s where s.petition_id = ${sql.ref(`${alias}.id`)}), 0)::int`;
}

/** Both counts as the columns a `PetitionRow` has, for a select of the petition row named `alias`. */
export const countColumns = (alias: string) => [countSql(alias).as('signature_count'), countSql(alias, 'email').as('email_signature_count')];

export async function findPetition(db: Db, id: number): Promise<PetitionRow | null> {
  // Ids are PostgreSQL integers: a larger number is no petition, not a query error.
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  return (await tables(db).selectFrom('petitions').selectAll().select(countColumns('petitions')).where('id', '=', id).executeTakeFirst()) ?? null;
}

/** The petition people know as «№ n» in this community (numbers are per community; ids are global). */
export async function findPetitionByNumber(db: Db, communityId: number, n: number): Promise<PetitionRow | null> {
  if (!Number.isSafeInteger(n) || n <= 0 || n > 2_147_483_647) return null;
  return (
    (await tables(db)
      .selectFrom('petitions')
      .selectAll()
      .select(countColumns('petitions'))
      .where('community_id', '=', communityId)
      .where('number', '=', n)
      .executeTakeFirst()) ?? null
  );
}

/**
 * Locks the row for the rest of the transaction: transitions and counts change under this lock. The
 * counts are read by a second statement, after the lock is held: one in the locking statement would be
 * read from the snapshot taken before waiting, without the signatures committed meanwhile.
 */
export async function lockPetition(db: Db, id: number): Promise<PetitionRow | null> {
  const locked = await tables(db).selectFrom('petitions').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return locked ? findPetition(db, id) : null;
}

/** How many slots a petition's counts are spread over. */
export const COUNT_SLOTS = 16;

/**
 * The gate every signature passes in its transaction: the petition, still collecting at `now`, locked
 * against transitions until the commit, with its count (null when it is not collecting). Shared, many
 * signers pass at once: the count is then as committed when the statement began, and `margin`, the
 * server's connection limit, bounds the signatures in flight that it may not see. Exclusive (FOR NO KEY
 * UPDATE: the signature row's foreign-key lock does not conflict with it, so two such signers do not
 * deadlock), one signer at a time, and the count is read once the lock is held: exact.
 */
export async function signingGate(
  db: Db,
  a: { petitionId: number; communityId: number; now: Date; exclusive: boolean },
): Promise<{ counted: number; margin: number } | null> {
  if (!a.exclusive) return (await sharedGate(db, a).executeTakeFirst()) ?? null;
  if (!(await collectingPetition(db, a).select('id').forNoKeyUpdate().executeTakeFirst())) return null;
  return tables(db)
    .selectFrom('petitions')
    .select([countSql('petitions').as('counted'), MARGIN])
    .where('id', '=', a.petitionId)
    .executeTakeFirstOrThrow();
}

const MARGIN = sql<number>`current_setting('max_connections')::int`.as('margin');

const collectingPetition = (db: Db, a: { petitionId: number; communityId: number; now: Date }) =>
  tables(db)
    .selectFrom('petitions')
    .where('id', '=', a.petitionId)
    .where('community_id', '=', a.communityId)
    .where('status', '=', 'collecting')
    .where('collection_ends_at', '>=', a.now);

/** The shared gate's statement (exported for the bench's raw-SQL ceiling, which sends the same SQL). */
export const sharedGate = (db: Db, a: { petitionId: number; communityId: number; now: Date }) =>
  collectingPetition(db, a)
    .select([countSql('petitions').as('counted'), MARGIN])
    .forShare();

/** Adds to one of a petition's counter slots (a negative delta subtracts). */
export async function addToCount(db: Db, a: { petitionId: number; slot: number; counted: number; email: number }): Promise<void> {
  if (a.counted === 0 && a.email === 0) return;
  await addToCountQuery(db, a).execute();
}

/** `addToCount`'s statement (exported for the bench's raw-SQL ceiling, which sends the same SQL). */
export const addToCountQuery = (db: Db, a: { petitionId: number; slot: number; counted: number; email: number }) =>
  tables(db)
    .insertInto('petition_signature_slots')
    .values({ petition_id: a.petitionId, slot: a.slot, counted: a.counted, email: a.email })
    .onConflict((oc) =>
      oc.columns(['petition_id', 'slot']).doUpdateSet((eb) => ({
        counted: eb('petition_signature_slots.counted', '+', eb.ref('excluded.counted')),
        email: eb('petition_signature_slots.email', '+', eb.ref('excluded.email')),
      })),
    );

export type ListTab = 'all' | 'collecting' | 'consideration' | 'answered' | 'failed' | 'rejected';
export type ListSort = 'newest' | 'signatures' | 'ending';

export interface ListQuery {
  communityId: number;
  tab: ListTab;
  q: string;
  categoryId: number | null;
  sort: ListSort;
  page: number;
  perPage: number;
  now: Date;
}

/**
 * Lists by status as residents see it: a collecting petition whose term has ended is listed as under
 * consideration or failed (by its count), whether or not the transition has been written yet.
 */
export async function listPetitions(db: Db, lq: ListQuery): Promise<{ rows: PetitionRow[]; total: number }> {
  let q = tables(db).selectFrom('petitions').where('community_id', '=', lq.communityId).where('status', '!=', 'moderation');
  const ended = sql<boolean>`(status = 'collecting' and collection_ends_at < ${lq.now})`;
  const enough = sql<boolean>`${countSql('petitions')} >= signature_threshold`;
  switch (lq.tab) {
    case 'collecting':
      q = q.where('status', '=', 'collecting').where('collection_ends_at', '>=', lq.now);
      break;
    case 'consideration':
      q = q.where((eb) => eb.or([eb('status', '=', 'consideration'), eb.and([ended, enough])]));
      break;
    case 'failed':
      q = q.where((eb) => eb.or([eb('status', '=', 'failed'), eb.and([ended, eb.not(enough)])]));
      break;
    case 'answered':
    case 'rejected':
      q = q.where('status', '=', lq.tab);
      break;
    case 'all':
      break;
  }
  if (lq.categoryId !== null) q = q.where('category_id', '=', lq.categoryId);
  for (const term of searchTerms(lq.q)) q = q.where('search_text', 'like', `% ${term.replace(/[%_\\]/g, (m) => `\\${m}`)}%`);
  const total = (await q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
  let ordered = q.selectAll().select(countColumns('petitions'));
  if (lq.sort === 'signatures') ordered = ordered.orderBy(countSql('petitions'), 'desc').orderBy('id', 'desc');
  else if (lq.sort === 'ending')
    ordered = ordered
      .orderBy(sql`case when status = 'collecting' and collection_ends_at >= ${lq.now} then 0 else 1 end`)
      .orderBy('collection_ends_at', 'asc')
      .orderBy('id', 'desc');
  else ordered = ordered.orderBy('id', 'desc');
  const rows = await ordered
    .limit(lq.perPage)
    .offset((lq.page - 1) * lq.perPage)
    .execute();
  return { rows, total };
}

export async function moderationQueue(db: Db, communityId: number | null): Promise<(PetitionRow & { slug: string })[]> {
  let q = tables(db)
    .selectFrom('petitions as p')
    .innerJoin('communities as c', 'c.id', 'p.community_id')
    .selectAll('p')
    .select(countColumns('p'))
    .select('c.slug')
    .where('p.status', '=', 'moderation');
  if (communityId !== null) q = q.where('p.community_id', '=', communityId);
  return q.orderBy('p.moderation_due_at').orderBy('p.id').limit(500).execute();
}

/** Petitions waiting for the council: consideration (stored or due by time) and failed ones not yet passed on. */
export async function awaitingCouncil(db: Db, communityId: number, now: Date): Promise<PetitionRow[]> {
  return tables(db)
    .selectFrom('petitions')
    .selectAll()
    .select(countColumns('petitions'))
    .where('community_id', '=', communityId)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'consideration'),
        eb.and([eb('status', '=', 'failed'), eb('appeal_forwarded_on', 'is', null)]),
        eb.and([eb('status', '=', 'collecting'), eb('collection_ends_at', '<', now)]),
      ]),
    )
    .orderBy('id')
    .limit(500)
    .execute();
}

export interface SignatureRow {
  id: number;
  signerName: string;
  signedAt: Date;
  invalidatedAt: Date | null;
  invalidationReason: string | null;
  ipPrefix: string;
  emailDomain: string | null;
}

export async function listSignatures(
  db: Db,
  petitionId: number,
  opts: { includeInvalid: boolean; page: number; perPage: number; knownTotal?: number },
): Promise<{ rows: SignatureRow[]; total: number }> {
  let q = tables(db).selectFrom('petition_signatures').where('petition_id', '=', petitionId);
  if (!opts.includeInvalid) q = q.where('invalidated_at', 'is', null);
  // A hot petition's page passes its counter (the valid signatures) rather than count every row again.
  const total = opts.knownTotal ?? (await q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
  const rows = await q
    .select(['id', 'signer_name', 'signed_at', 'invalidated_at', 'invalidation_reason', 'ip_prefix', 'email_domain'])
    .orderBy('signed_at')
    .orderBy('id')
    .limit(opts.perPage)
    .offset((opts.page - 1) * opts.perPage)
    .execute();
  return {
    total,
    rows: rows.map((r) => ({
      id: Number(r.id),
      signerName: r.signer_name,
      signedAt: r.signed_at,
      invalidatedAt: r.invalidated_at,
      invalidationReason: r.invalidation_reason,
      ipPrefix: r.ip_prefix,
      emailDomain: r.email_domain,
    })),
  };
}

export async function signatureOf(
  db: Db,
  petitionId: number,
  personKey: string,
): Promise<{ signedAt: Date; invalidatedAt: Date | null; receipt: number | null } | null> {
  const r = await tables(db)
    .selectFrom('petition_signatures')
    .select(['signed_at', 'invalidated_at', 'log_pending_id'])
    .where('petition_id', '=', petitionId)
    .where('person_key', '=', personKey)
    .executeTakeFirst();
  return r ? { signedAt: r.signed_at, invalidatedAt: r.invalidated_at, receipt: r.log_pending_id === null ? null : Number(r.log_pending_id) } : null;
}

/** A signature not yet in the transparency log (made before it), with its community's slug. */
export interface UnloggedSignature {
  id: number;
  petition_id: number;
  person_key: string;
  level: 'idgovua' | 'email';
  signed_at: Date;
  invalidated_at: Date | null;
  invalidation_reason: string | null;
  slug: string;
}

/** Up to `limit` unlogged signatures, oldest first, locked for the caller; rows another transaction holds are skipped. */
export async function lockUnloggedSignatures(db: Db, limit: number): Promise<UnloggedSignature[]> {
  return tables(db)
    .selectFrom('petition_signatures as s')
    .innerJoin('communities as c', 'c.id', 's.community_id')
    .select(['s.id', 's.petition_id', 's.person_key', 's.level', 's.signed_at', 's.invalidated_at', 's.invalidation_reason', 'c.slug'])
    .where('s.log_pending_id', 'is', null)
    .orderBy('s.signed_at')
    .orderBy('s.id')
    .limit(limit)
    .forUpdate('s')
    .skipLocked()
    .execute();
}

export async function petitionsOfAuthor(db: Db, userId: number): Promise<(PetitionRow & { slug: string })[]> {
  return tables(db)
    .selectFrom('petitions as p')
    .innerJoin('communities as c', 'c.id', 'p.community_id')
    .selectAll('p')
    .select(countColumns('p'))
    .select('c.slug')
    .where('p.author_user_id', '=', userId)
    .orderBy('p.id', 'desc')
    .limit(50)
    .execute();
}

export async function signaturesOfUser(db: Db, userId: number): Promise<{ id: number; title: string; slug: string; signedAt: Date }[]> {
  const rows = await tables(db)
    .selectFrom('petition_signatures as s')
    .innerJoin('petitions as p', 'p.id', 's.petition_id')
    .innerJoin('communities as c', 'c.id', 'p.community_id')
    .select(['p.id', 'p.title', 'c.slug', 's.signed_at'])
    .where('s.user_id', '=', userId)
    .orderBy('s.signed_at', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, slug: r.slug, signedAt: r.signed_at }));
}

/** The log receipts of a person's valid signatures (those made since the log). */
export async function signatureReceiptsOfUser(db: Db, userId: number): Promise<{ receipt: number; title: string; signedAt: Date }[]> {
  const rows = await tables(db)
    .selectFrom('petition_signatures as s')
    .innerJoin('petitions as p', 'p.id', 's.petition_id')
    .select(['s.log_pending_id', 'p.title', 's.signed_at'])
    .where('s.user_id', '=', userId)
    .where('s.invalidated_at', 'is', null)
    .where('s.log_pending_id', 'is not', null)
    .orderBy('s.signed_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ receipt: Number(r.log_pending_id), title: r.title, signedAt: r.signed_at }));
}

export async function countByStatus(db: Db, communityId: number | null): Promise<Record<PetitionStatus, number>> {
  let q = tables(db)
    .selectFrom('petitions')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .groupBy('status');
  if (communityId !== null) q = q.where('community_id', '=', communityId);
  const out: Record<PetitionStatus, number> = { moderation: 0, rejected: 0, collecting: 0, consideration: 0, answered: 0, failed: 0 };
  for (const r of await q.execute()) out[r.status] = r.n;
  return out;
}

/**
 * The one definition of «signatures» for the home pages, /stats and the API: valid signatures under the
 * petitions the public can see, which are the rows of petitions.csv (rejected ones included), so the
 * figure equals the sum of that file's `signature_count`. The counter its trigger keeps counts every valid
 * signature; a petition awaiting moderation already carries its author's, which is taken off here (such
 * petitions are few, so this reads a handful of rows).
 */
export async function countedSignatures(db: Db, s: CounterScope & { from: Date; to: Date }): Promise<Counted> {
  const [all, hidden] = await Promise.all([
    counted(db, s, { tool: 'petitions', metric: 'signatures' }),
    sql<{ month: string; community_id: number; n: number }>`
      select ${kyivMonth('s.signed_at')} as month, s.community_id, count(*)::int as n
      from petition_signatures s join petitions p on p.id = s.petition_id
      where p.status = 'moderation' and s.invalidated_at is null and ${inScope(s, 's.community_id')} and ${inPeriod(s, 's.signed_at')}
      group by 1, 2`.execute(db),
  ]);
  if (hidden.rows.length === 0) return all;
  const byMonth = new Map<string, number>();
  const byCommunity = new Map<number, number>();
  let total = 0;
  for (const r of hidden.rows) {
    byMonth.set(r.month, (byMonth.get(r.month) ?? 0) + r.n);
    byCommunity.set(r.community_id, (byCommunity.get(r.community_id) ?? 0) + r.n);
    total += r.n;
  }
  return {
    parts: all.parts,
    total: all.total - total,
    monthly: all.monthly.map((x) => ({ month: x.month, value: x.value - (byMonth.get(x.month) ?? 0) })).filter((x) => x.value !== 0),
    perCommunity: all.perCommunity
      .map((x) => ({ communityId: x.communityId, value: x.value - (byCommunity.get(x.communityId) ?? 0) }))
      .filter((x) => x.value !== 0)
      .sort((a, b) => b.value - a.value || a.communityId - b.communityId),
  };
}

/** All-time signatures of the platform or a community (see countedSignatures). */
export async function countSignatures(db: Db, communityId: number | null): Promise<number> {
  return (await countedSignatures(db, allTime(communityId))).total;
}

/** A deleted account leaves its petitions and signatures, without the link to it or any e-mail. */
export async function anonymizeUser(db: Db, userId: number): Promise<void> {
  // Signatures stay with the name the law makes public; only the link to the account goes, and no
  // e-mail stays: not the author's contact address, nor one an older row used as a name.
  await tables(db)
    .updateTable('petition_signatures')
    .set({ signer_name: EMAIL_RESIDENT.uk })
    .where('user_id', '=', userId)
    .where('signer_name', '~', EMAIL_LIKE_SQL)
    .execute();
  await tables(db).updateTable('petition_signatures').set({ user_id: null }).where('user_id', '=', userId).execute();
  await tables(db)
    .updateTable('petitions')
    .set({ author_name: EMAIL_RESIDENT.uk })
    .where('author_user_id', '=', userId)
    .where('author_name', '~', EMAIL_LIKE_SQL)
    .execute();
  await tables(db).updateTable('petitions').set({ author_user_id: null, author_email: '' }).where('author_user_id', '=', userId).execute();
}

// Settings and categories of a community.

export async function loadSettings(db: Db, c: Community): Promise<PetitionSettings> {
  const r = await tables(db).selectFrom('petition_settings').selectAll().where('community_id', '=', c.id).executeTakeFirst();
  if (!r) return defaultSettings(c);
  return {
    signatureThreshold: r.signature_threshold,
    collectionDays: r.collection_days,
    moderationWorkingDays: r.moderation_working_days,
    considerationWorkingDays: r.consideration_working_days,
    allowEmail: r.allow_email,
    emailCounts: r.email_counts,
    residentsOnly: r.residents_only,
    minAge: r.min_age,
    continueAfterThreshold: r.continue_after_threshold,
    saved: true,
  };
}

export async function saveSettings(db: Db, communityId: number, s: PetitionSettings, now: Date): Promise<void> {
  const values = {
    signature_threshold: s.signatureThreshold,
    collection_days: s.collectionDays,
    moderation_working_days: s.moderationWorkingDays,
    consideration_working_days: s.considerationWorkingDays,
    allow_email: s.allowEmail,
    email_counts: s.emailCounts,
    residents_only: s.residentsOnly,
    min_age: s.minAge,
    continue_after_threshold: s.continueAfterThreshold,
    updated_at: now,
  };
  await tables(db)
    .insertInto('petition_settings')
    .values({ community_id: communityId, ...values })
    .onConflict((oc) => oc.column('community_id').doUpdateSet(values))
    .execute();
}

export interface Category {
  id: number;
  name: Text;
}

/** The community's categories; the default list is created the first time it is needed. */
export async function loadCategories(db: Db, communityId: number): Promise<Category[]> {
  const read = () =>
    tables(db).selectFrom('petition_categories').selectAll().where('community_id', '=', communityId).orderBy('position').orderBy('id').execute();
  let rows = await read();
  if (rows.length === 0) {
    await tables(db)
      .insertInto('petition_categories')
      .values(DEFAULT_CATEGORIES.map((c, i) => ({ community_id: communityId, name_uk: c.uk, name_en: c.en, position: i })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    rows = await read();
  }
  return rows.map((r) => ({ id: r.id, name: { uk: r.name_uk, en: r.name_en } }));
}

/** Replaces the list: names are matched so petitions keep their category; unknown ones are added. */
export async function saveCategories(db: Db, communityId: number, names: Text[]): Promise<void> {
  for (const [i, n] of names.entries()) {
    await tables(db)
      .insertInto('petition_categories')
      .values({ community_id: communityId, name_uk: n.uk, name_en: n.en, position: i })
      .onConflict((oc) => oc.columns(['community_id', 'name_uk']).doUpdateSet({ name_en: n.en, position: i }))
      .execute();
  }
}

/** Figures that help a moderator see a campaign of fake signatures on one petition. */
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
  const topPrefixes = await base()
    .select(['ip_prefix as prefix', sql<number>`count(*)::int`.as('n')])
    .groupBy('ip_prefix')
    .orderBy('n', 'desc')
    .limit(10)
    .execute();
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
      sql<number>`count(*) filter (where (account_created_at at time zone 'Europe/Kyiv')::date = (signed_at at time zone 'Europe/Kyiv')::date)::int`.as(
        'same_day',
      ),
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

/**
 * The public petitions of a community whose last event (published, reached the threshold, answered) is
 * the newest, for its feed; never those awaiting moderation or rejected (never published).
 */
export async function petitionsForFeed(db: Db, communityId: number, categoryId: number | null, now: Date, limit: number): Promise<PetitionRow[]> {
  let q = tables(db)
    .selectFrom('petitions')
    .selectAll()
    .select(countColumns('petitions'))
    .where('community_id', '=', communityId)
    .where('status', 'in', ['collecting', 'consideration', 'answered', 'failed'])
    .where('published_at', 'is not', null);
  if (categoryId !== null) q = q.where('category_id', '=', categoryId);
  const lastEvent = sql`greatest(published_at, coalesce(consideration_started_at, published_at), coalesce(answered_at, published_at),
    case when ${countSql('petitions')} >= signature_threshold then least(coalesce(collection_ends_at, published_at), ${now}) else published_at end)`;
  return q.orderBy(lastEvent, 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** The petitions of a community collecting signatures whose term ends after `now`, for its calendar. */
export async function collectingUntilAfter(db: Db, communityId: number, now: Date): Promise<PetitionRow[]> {
  return tables(db)
    .selectFrom('petitions')
    .selectAll()
    .select(countColumns('petitions'))
    .where('community_id', '=', communityId)
    .where('status', '=', 'collecting')
    .where('collection_ends_at', '>', now)
    .orderBy('collection_ends_at')
    .limit(500)
    .execute();
}
