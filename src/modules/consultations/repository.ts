/** SQL of consultations: the module's only reader and writer of its tables. */
import { personKeyOfUser } from '../../core/identity/person-key.js';
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { searchFold } from '../../core/i18n/index.js';
import type { ActSection } from './rules/act-splitter.js';
import type { ItemFields, Kind, State } from './rules/model.js';
import type { Level, LevelCounts } from './rules/levels.js';
import { tables as q, type ItemsTable, type Stance, type TopicsTable } from './tables.js';

export * from './repository/polls.js';
export * from './repository/comments.js';

export type { Decision, Stance } from './tables.js';
export type { ItemFields } from './rules/model.js';

// ---------- items ----------

export interface Item extends ItemFields {
  id: number;
  communityId: number;
  publishedAt: Date | null;
  closedAt: Date | null;
  closedReason: string | null;
  outcomeSummary: string | null;
  outcomePublishedAt: Date | null;
  actText: string | null;
  actSplitMethod: string | null;
  revisedText: string | null;
  revisionNotes: string | null;
  revisionPublishedAt: Date | null;
  topicId: number | null;
  previousId: number | null;
  /** The new version of this act, when there is one (read by findItem; null in lists). */
  nextVersion: { id: number; published: boolean } | null;
  createdAt: Date;
}

function toItem(r: Selectable<ItemsTable>): Item {
  return {
    id: r.id,
    communityId: r.community_id,
    kind: r.kind,
    title: r.title,
    description: r.description,
    category: r.category,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    resultsVisibility: r.results_visibility,
    allowEmail: r.allow_email,
    emailCounts: r.email_counts,
    residentsOnly: r.residents_only,
    minAge: r.min_age,
    publishedAt: r.published_at,
    closedAt: r.closed_at,
    closedReason: r.closed_reason,
    outcomeSummary: r.outcome_summary,
    outcomePublishedAt: r.outcome_published_at,
    actText: r.act_text,
    actSplitMethod: r.act_split_method,
    revisedText: r.revised_text,
    revisionNotes: r.revision_notes,
    revisionPublishedAt: r.revision_published_at,
    topicId: r.topic_id,
    previousId: r.previous_id,
    nextVersion: null,
    createdAt: r.created_at,
  };
}

/** The next version of an item, if any. */
async function nextVersionOf(db: Db, id: number): Promise<Item['nextVersion']> {
  const r = await q(db).selectFrom('consultation_items').select(['id', 'published_at']).where('previous_id', '=', id).executeTakeFirst();
  return r ? { id: r.id, published: r.published_at !== null } : null;
}

/** Locks an item's row for the rest of the transaction: the moderator's changes happen under this lock. */
export async function lockItem(db: Db, communityId: number, id: number): Promise<Item | null> {
  const r = await q(db)
    .selectFrom('consultation_items')
    .selectAll()
    .where('id', '=', id)
    .where('community_id', '=', communityId)
    .forUpdate()
    .executeTakeFirst();
  return r ? { ...toItem(r), nextVersion: await nextVersionOf(db, r.id) } : null;
}

/** How many answers, comments and stances an item has: each one freezes its rules. */
export async function countTaken(db: Db, itemId: number): Promise<{ responses: number; comments: number; stances: number }> {
  const r = await sql<{ responses: number; comments: number; stances: number }>`
    select (select count(*)::int from consultation_responses where item_id = ${itemId}) as responses,
           (select count(*)::int from consultation_comments where item_id = ${itemId}) as comments,
           (select count(*)::int from consultation_stances where item_id = ${itemId}) as stances`.execute(db);
  return r.rows[0]!;
}

/** The columns a moderator's form sets, on creation and on every edit. */
function editableColumns(f: Omit<ItemFields, 'kind'>) {
  return {
    title: f.title,
    description: f.description,
    search_text: searchFold(`${f.title}\n${f.description}`),
    category: f.category,
    starts_at: f.startsAt,
    ends_at: f.endsAt,
    results_visibility: f.resultsVisibility,
    allow_email: f.allowEmail,
    email_counts: f.emailCounts,
    residents_only: f.residentsOnly,
    min_age: f.minAge,
  };
}

export async function insertItem(
  db: Db,
  communityId: number,
  f: ItemFields,
  by: number | null,
  now: Date,
  topicId: number | null = null,
  previousId: number | null = null,
): Promise<number> {
  const r = await q(db)
    .insertInto('consultation_items')
    .values({
      community_id: communityId,
      kind: f.kind,
      ...editableColumns(f),
      created_by: by,
      topic_id: topicId,
      previous_id: previousId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateItemFields(db: Db, id: number, f: Omit<ItemFields, 'kind'>, now: Date): Promise<void> {
  await q(db)
    .updateTable('consultation_items')
    .set({
      ...editableColumns(f),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function setItem(
  db: Db,
  id: number,
  set: Partial<
    Pick<
      Selectable<ItemsTable>,
      | 'published_at'
      | 'closed_at'
      | 'closed_reason'
      | 'outcome_summary'
      | 'outcome_published_at'
      | 'act_text'
      | 'act_split_method'
      | 'revised_text'
      | 'revision_notes'
      | 'revision_published_at'
    >
  >,
  now: Date,
): Promise<void> {
  await q(db)
    .updateTable('consultation_items')
    .set({ ...set, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function findItem(db: Db, communityId: number, id: number): Promise<Item | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const r = await q(db).selectFrom('consultation_items').selectAll().where('id', '=', id).where('community_id', '=', communityId).executeTakeFirst();
  return r ? { ...toItem(r), nextVersion: await nextVersionOf(db, r.id) } : null;
}

export interface ListFilter {
  kind: Kind | null;
  state: State | null;
  category: string | null;
  q: string;
  includeDrafts: boolean;
  now: Date;
  page: number;
  perPage: number;
}

export interface ListedItem extends Item {
  /** Comments (consultation, act) or responses (poll). */
  participation: number;
}

/** The one list of all three kinds, with the state computed in SQL from the same rule as stateOf(). */
export async function listItems(db: Db, communityId: number | null, f: ListFilter): Promise<{ items: ListedItem[]; total: number }> {
  let base = q(db).selectFrom('consultation_items as i');
  if (communityId !== null) base = base.where('i.community_id', '=', communityId);
  if (!f.includeDrafts) base = base.where('i.published_at', 'is not', null);
  if (f.kind) base = base.where('i.kind', '=', f.kind);
  if (f.category) base = base.where('i.category', '=', f.category);
  if (f.q) {
    const pattern = `%${searchFold(f.q).replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    base = base.where('i.search_text', 'like', pattern);
  }
  if (f.state) {
    const now = f.now;
    base = base.where((eb) => {
      switch (f.state) {
        case 'draft':
          return eb('i.published_at', 'is', null);
        case 'scheduled':
          return eb.and([
            eb('i.published_at', 'is not', null),
            eb('i.starts_at', '>', now),
            eb.or([eb('i.closed_at', 'is', null), eb('i.closed_at', '>', now)]),
          ]);
        case 'active':
          return eb.and([
            eb('i.published_at', 'is not', null),
            eb('i.starts_at', '<=', now),
            eb('i.ends_at', '>', now),
            eb.or([eb('i.closed_at', 'is', null), eb('i.closed_at', '>', now)]),
          ]);
        default:
          return eb.and([eb('i.published_at', 'is not', null), eb.or([eb('i.ends_at', '<=', now), eb('i.closed_at', '<=', now)])]);
      }
    });
  }
  const total = await base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll('i')
    .select([
      sql<number>`case when i.kind = 'poll'
        then (select count(*)::int from consultation_responses r where r.item_id = i.id)
        else (select count(*)::int from consultation_comments c where c.item_id = i.id) end`.as('participation'),
    ])
    .orderBy('i.starts_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(f.perPage)
    .offset((f.page - 1) * f.perPage)
    .execute();
  return { total: total.n, items: rows.map((r) => ({ ...toItem(r), participation: r.participation })) };
}

// ---------- attachments ----------

export interface AttachmentMeta {
  id: number;
  filename: string;
  mime: string;
  size: number;
}

export async function insertAttachment(
  db: Db,
  a: { communityId: number; itemId: number; filename: string; mime: string; data: Buffer; now: Date },
): Promise<number> {
  const r = await q(db)
    .insertInto('consultation_attachments')
    .values({ community_id: a.communityId, item_id: a.itemId, filename: a.filename, mime: a.mime, size: a.data.length, data: a.data, created_at: a.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function listAttachments(db: Db, itemId: number): Promise<AttachmentMeta[]> {
  return q(db).selectFrom('consultation_attachments').select(['id', 'filename', 'mime', 'size']).where('item_id', '=', itemId).orderBy('id').execute();
}

export async function findAttachment(db: Db, itemId: number, id: number): Promise<(AttachmentMeta & { data: Buffer }) | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const r = await q(db)
    .selectFrom('consultation_attachments')
    .select(['id', 'filename', 'mime', 'size', 'data'])
    .where('item_id', '=', itemId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? { ...r, data: Buffer.from(r.data) } : null;
}

export async function deleteAttachment(db: Db, itemId: number, id: number): Promise<boolean> {
  const r = await q(db).deleteFrom('consultation_attachments').where('item_id', '=', itemId).where('id', '=', id).returning('id').executeTakeFirst();
  return !!r;
}

// ---------- sections ----------

export interface Section {
  id: number;
  position: number;
  heading: string;
  parent: string | null;
  body: string;
}

export async function replaceSections(db: Db, communityId: number, itemId: number, sections: ActSection[]): Promise<void> {
  await q(db).deleteFrom('consultation_sections').where('item_id', '=', itemId).execute();
  if (sections.length === 0) return;
  await q(db)
    .insertInto('consultation_sections')
    .values(
      sections.map((s, i) => ({
        community_id: communityId,
        item_id: itemId,
        position: i + 1,
        heading: s.heading.slice(0, 300),
        parent_heading: s.parent?.slice(0, 300) ?? null,
        body: s.body,
      })),
    )
    .execute();
}

export async function listSections(db: Db, itemId: number): Promise<Section[]> {
  const rows = await q(db).selectFrom('consultation_sections').selectAll().where('item_id', '=', itemId).orderBy('position').execute();
  return rows.map((r) => ({ id: r.id, position: r.position, heading: r.heading, parent: r.parent_heading, body: r.body }));
}

export async function updateSection(db: Db, itemId: number, id: number, heading: string, body: string): Promise<boolean> {
  const r = await q(db)
    .updateTable('consultation_sections')
    .set({ heading, body })
    .where('item_id', '=', itemId)
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  return !!r;
}

// ---------- stances ----------

/** Many people's stances on a new item in one statement (the demo seed): nobody has taken one yet. */
export async function insertStances(
  db: Db,
  rows: { communityId: number; itemId: number; scope: number; identity: string; level: Level; stance: Stance; now: Date }[],
): Promise<void> {
  if (rows.length === 0) return;
  await q(db)
    .insertInto('consultation_stances')
    .values(
      rows.map((s) => ({
        community_id: s.communityId,
        item_id: s.itemId,
        scope: s.scope,
        identity: s.identity,
        user_id: null,
        level: s.level,
        stance: s.stance,
        updated_at: s.now,
      })),
    )
    .execute();
}

/** Sets or changes a stance; returns the previous one. */
export async function upsertStance(
  db: Db,
  s: { communityId: number; itemId: number; scope: number; identity: string; userId: number | null; level: Level; stance: Stance; now: Date },
): Promise<Stance | null> {
  const prev = await q(db)
    .selectFrom('consultation_stances')
    .select('stance')
    .where('item_id', '=', s.itemId)
    .where('scope', '=', s.scope)
    .where('identity', '=', s.identity)
    .forUpdate()
    .executeTakeFirst();
  await q(db)
    .insertInto('consultation_stances')
    .values({
      community_id: s.communityId,
      item_id: s.itemId,
      scope: s.scope,
      identity: s.identity,
      user_id: s.userId,
      level: s.level,
      stance: s.stance,
      updated_at: s.now,
    })
    // The same stance again changes nothing (not even its level): the log has only changes of stance, so
    // a row may not move without an entry.
    .onConflict((oc) =>
      oc
        .columns(['item_id', 'scope', 'identity'])
        .doUpdateSet({ stance: s.stance, updated_at: s.now, user_id: s.userId, level: s.level })
        .where('consultation_stances.stance', '<>', s.stance),
    )
    .execute();
  return prev?.stance ?? null;
}

/** One's stance on a scope of an act, and the transparency log's receipt of it (null before the log). */
export interface MyStance {
  stance: Stance;
  receipt: number | null;
}

export async function stancesOf(db: Db, itemId: number, identity: string): Promise<Map<number, MyStance>> {
  const rows = await q(db)
    .selectFrom('consultation_stances')
    .select(['scope', 'stance', 'log_pending_id'])
    .where('item_id', '=', itemId)
    .where('identity', '=', identity)
    .execute();
  return new Map(rows.map((r) => [r.scope, { stance: r.stance, receipt: r.log_pending_id === null ? null : Number(r.log_pending_id) }]));
}

export interface StanceTally {
  scope: number;
  /** The stances that count under the item's rule (e-mail-level ones only when they count). */
  support: number;
  oppose: number;
  /** Every stance on the scope at each sign-in level, counted or not. */
  byLevel: LevelCounts;
}

/** Stances by scope; `emailCounts` false leaves e-mail-level ones out of support and oppose (not out of byLevel). */
export async function stanceTallies(db: Db, itemId: number, emailCounts: boolean): Promise<Map<number, StanceTally>> {
  const counted = emailCounts ? sql`true` : sql`level = 'idgovua'`;
  const rows = await q(db)
    .selectFrom('consultation_stances')
    .select([
      'scope',
      sql<number>`count(*) filter (where stance = 'support' and ${counted})::int`.as('support'),
      sql<number>`count(*) filter (where stance = 'oppose' and ${counted})::int`.as('oppose'),
      sql<number>`count(*) filter (where level = 'idgovua')::int`.as('idgovua'),
      sql<number>`count(*) filter (where level = 'email')::int`.as('email'),
    ])
    .where('item_id', '=', itemId)
    .groupBy('scope')
    .execute();
  return new Map(rows.map((r) => [r.scope, { scope: r.scope, support: r.support, oppose: r.oppose, byLevel: { idgovua: r.idgovua, email: r.email } }]));
}

/** How many people took a stance on a draft act (on any scope), at each sign-in level (the level of their latest change). */
export async function stancePeople(db: Db, itemId: number): Promise<LevelCounts> {
  const r = await sql<{ idgovua: number; email: number }>`
    select count(*) filter (where level = 'idgovua')::int as idgovua, count(*) filter (where level = 'email')::int as email
    from (
      select distinct on (identity) identity, level from consultation_stances where item_id = ${itemId} order by identity, updated_at desc
    ) p`.execute(db);
  return r.rows[0]!;
}

// ---------- topics ----------

export interface Topic {
  id: number;
  communityId: number;
  authorUserId: number | null;
  authorName: string;
  title: string;
  body: string;
  status: 'pending' | 'accepted' | 'declined';
  decisionReason: string | null;
  createdAt: Date;
}

function toTopic(r: Selectable<TopicsTable>): Topic {
  return {
    id: r.id,
    communityId: r.community_id,
    authorUserId: r.author_user_id,
    authorName: r.author_name,
    title: r.title,
    body: r.body,
    status: r.status,
    decisionReason: r.decision_reason,
    createdAt: r.created_at,
  };
}

export async function insertTopic(
  db: Db,
  t: { communityId: number; authorUserId: number; authorName: string; title: string; body: string; now: Date },
): Promise<number> {
  const r = await q(db)
    .insertInto('consultation_topics')
    .values({ community_id: t.communityId, author_user_id: t.authorUserId, author_name: t.authorName, title: t.title, body: t.body, created_at: t.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function listTopics(db: Db, communityId: number, status: Topic['status'] | null): Promise<Topic[]> {
  let query = q(db).selectFrom('consultation_topics').selectAll().where('community_id', '=', communityId);
  if (status) query = query.where('status', '=', status);
  return (await query.orderBy('created_at').limit(200).execute()).map(toTopic);
}

export async function findTopic(db: Db, communityId: number, id: number): Promise<Topic | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const r = await q(db).selectFrom('consultation_topics').selectAll().where('community_id', '=', communityId).where('id', '=', id).executeTakeFirst();
  return r ? toTopic(r) : null;
}

/** Decides a pending topic; false when someone decided it first. */
export async function decideTopic(db: Db, id: number, status: 'accepted' | 'declined', reason: string | null, by: number, now: Date): Promise<boolean> {
  const r = await q(db)
    .updateTable('consultation_topics')
    .set({ status, decision_reason: reason, decided_by: by, decided_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
  return !!r;
}

export async function topicsOfAuthor(db: Db, userId: number): Promise<(Topic & { slug: string })[]> {
  const rows = await q(db)
    .selectFrom('consultation_topics as t')
    .innerJoin('communities as c', 'c.id', 't.community_id')
    .selectAll('t')
    .select('c.slug')
    .where('t.author_user_id', '=', userId)
    .orderBy('t.id', 'desc')
    .limit(20)
    .execute();
  return rows.map((r) => ({ ...toTopic(r), slug: r.slug }));
}

// ---------- people, statistics, cabinet, deletion ----------

/** The key one person acts under (core/identity/person-key.ts): their identity key, or their verified phone's. */
export async function identityOf(db: Db, userId: number): Promise<string> {
  return personKeyOfUser(db, userId);
}

export async function participationOf(db: Db, userId: number): Promise<{ id: number; title: string; kind: Kind; slug: string; at: Date }[]> {
  const identity = await identityOf(db, userId);
  const r = await sql<{ id: number; title: string; kind: Kind; slug: string; at: Date }>`
    select i.id, i.title, i.kind, c.slug, max(p.at) as at
    from (
      select item_id, created_at as at from consultation_comments where author_user_id = ${userId}
      union all select item_id, created_at from consultation_responses where identity = ${identity}
      union all select item_id, updated_at from consultation_stances where identity = ${identity}
    ) p
    join consultation_items i on i.id = p.item_id
    join communities c on c.id = i.community_id
    group by i.id, i.title, i.kind, c.slug
    order by max(p.at) desc
    limit 20`.execute(db);
  return r.rows.map((x) => ({ ...x, at: new Date(x.at) }));
}

/** On account deletion: comments and topics stay for the record without the name; acts lose the account link. */
export async function anonymizeUser(db: Db, userId: number): Promise<void> {
  await q(db).updateTable('consultation_comments').set({ author_name: '', author_user_id: null }).where('author_user_id', '=', userId).execute();
  await q(db).updateTable('consultation_topics').set({ author_name: '', author_user_id: null }).where('author_user_id', '=', userId).execute();
  await q(db).updateTable('consultation_responses').set({ user_id: null }).where('user_id', '=', userId).execute();
  await q(db).updateTable('consultation_supports').set({ user_id: null }).where('user_id', '=', userId).execute();
  await q(db).updateTable('consultation_stances').set({ user_id: null }).where('user_id', '=', userId).execute();
}

export async function countActive(db: Db, communityId: number, now: Date): Promise<Record<Kind, number>> {
  const rows = await q(db)
    .selectFrom('consultation_items')
    .select(['kind', sql<number>`count(*)::int`.as('n')])
    .where('community_id', '=', communityId)
    .where('published_at', 'is not', null)
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
    .where((eb) => eb.or([eb('closed_at', 'is', null), eb('closed_at', '>', now)]))
    .groupBy('kind')
    .execute();
  const out: Record<Kind, number> = { consultation: 0, poll: 0, act: 0 };
  for (const r of rows) out[r.kind] = r.n;
  return out;
}
