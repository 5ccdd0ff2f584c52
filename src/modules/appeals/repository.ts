/** SQL of the appeals: one appeal, the queue, a person's own, the counts. Queries only. */
import type { Selectable, Updateable } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { tables as q, type AppealsTable } from './tables.js';
import type { Channel, Status } from './rules.js';

export interface Appeal {
  id: number;
  number: number;
  communityId: number;
  userId: number | null;
  channel: Channel;
  authorName: string;
  email: string | null;
  lang: 'uk' | 'en';
  topic: string;
  body: string;
  status: Status;
  receivedAt: Date;
  dueAt: Date;
  assigneeUserId: number | null;
  extendedAt: Date | null;
  extensionReason: string | null;
  answer: string | null;
  answeredAt: Date | null;
  answeredBy: number | null;
}

function toAppeal(r: Selectable<AppealsTable>): Appeal {
  return {
    id: r.id,
    number: r.number,
    communityId: r.community_id,
    userId: r.user_id,
    channel: r.channel,
    authorName: r.author_name,
    email: r.email,
    lang: r.lang,
    topic: r.topic,
    body: r.body,
    status: r.status,
    receivedAt: r.received_at,
    dueAt: r.due_at,
    assigneeUserId: r.assignee_user_id,
    extendedAt: r.extended_at,
    extensionReason: r.extension_reason,
    answer: r.answer,
    answeredAt: r.answered_at,
    answeredBy: r.answered_by,
  };
}

export async function insertAppeal(
  db: Db,
  a: Pick<Appeal, 'communityId' | 'userId' | 'channel' | 'authorName' | 'email' | 'lang' | 'topic' | 'body' | 'receivedAt' | 'dueAt'>,
): Promise<{ id: number; number: number }> {
  return q(db)
    .insertInto('appeals')
    .values({
      community_id: a.communityId,
      user_id: a.userId,
      channel: a.channel,
      author_name: a.authorName,
      email: a.email,
      lang: a.lang,
      topic: a.topic,
      body: a.body,
      received_at: a.receivedAt,
      due_at: a.dueAt,
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
}

/** The appeal of this community (an id of another community's names nothing here); `forUpdate` locks it. */
export async function findAppeal(db: Db, communityId: number, id: number, forUpdate = false): Promise<Appeal | null> {
  const r = await q(db)
    .selectFrom('appeals')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .$if(forUpdate, (x) => x.forUpdate())
    .executeTakeFirst();
  return r ? toAppeal(r) : null;
}

export interface QueueRow {
  id: number;
  number: number;
  topic: string;
  status: Status;
  channel: Channel;
  receivedAt: Date;
  dueAt: Date;
  extended: boolean;
  answeredAt: Date | null;
  assigneeName: string | null;
}

/** The community's queue: open ones first by deadline, then the answered ones, newest first. No author's data. */
export async function listQueue(db: Db, communityId: number, show: 'open' | 'answered', limit = 200): Promise<QueueRow[]> {
  const rows = await db
    .withTables<{ appeals: AppealsTable }>()
    .selectFrom('appeals as a')
    .leftJoin('users as u', 'u.id', 'a.assignee_user_id')
    .select([
      'a.id',
      'a.number',
      'a.topic',
      'a.status',
      'a.channel',
      'a.received_at',
      'a.due_at',
      'a.extended_at',
      'a.answered_at',
      'u.last_name',
      'u.first_name',
    ])
    .where('a.community_id', '=', communityId)
    .$if(show === 'open', (x) => x.where('a.status', '!=', 'answered').orderBy('a.due_at').orderBy('a.id'))
    .$if(show === 'answered', (x) => x.where('a.status', '=', 'answered').orderBy('a.answered_at', 'desc').orderBy('a.id', 'desc'))
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    topic: r.topic,
    status: r.status,
    channel: r.channel,
    receivedAt: r.received_at,
    dueAt: r.due_at,
    extended: r.extended_at !== null,
    answeredAt: r.answered_at,
    assigneeName: r.last_name === null ? null : `${r.last_name} ${r.first_name ?? ''}`.trim(),
  }));
}

export interface OwnAppeal {
  id: number;
  number: number;
  slug: string;
  topic: string;
  status: Status;
  receivedAt: Date;
  dueAt: Date;
}

/** A person's own appeals in every community, newest first (for the cabinet). */
export async function appealsOfUser(db: Db, userId: number): Promise<OwnAppeal[]> {
  const rows = await db
    .withTables<{ appeals: AppealsTable }>()
    .selectFrom('appeals as a')
    .innerJoin('communities as c', 'c.id', 'a.community_id')
    .select(['a.id', 'a.number', 'c.slug', 'a.topic', 'a.status', 'a.received_at', 'a.due_at'])
    .where('a.user_id', '=', userId)
    .orderBy('a.received_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({ id: r.id, number: r.number, slug: r.slug, topic: r.topic, status: r.status, receivedAt: r.received_at, dueAt: r.due_at }));
}

export async function updateAppeal(
  db: Db,
  communityId: number,
  id: number,
  changes: Pick<
    Updateable<AppealsTable>,
    'status' | 'due_at' | 'assignee_user_id' | 'extended_at' | 'extension_reason' | 'answer' | 'answered_at' | 'answered_by'
  >,
): Promise<void> {
  await q(db).updateTable('appeals').set(changes).where('community_id', '=', communityId).where('id', '=', id).execute();
}

export interface AppealCounts {
  received: number;
  answered: number;
  answeredOnTime: number;
  overdue: number;
}

/** Counts only: received in [from, to), of them answered (on time), and those open past their deadline now. */
export async function countAppeals(
  db: Db,
  o: { communityIds: readonly number[] | null; from: Date | null; to: Date | null; now: Date },
): Promise<AppealCounts> {
  const r = await db
    .withTables<{ appeals: AppealsTable }>()
    .selectFrom('appeals')
    .select((eb) => [
      eb.fn.countAll<string>().as('received'),
      eb.fn.count<string>('answered_at').as('answered'),
      eb.fn
        .sum<string>(
          eb
            .case()
            .when(eb('answered_at', '<=', eb.ref('due_at')))
            .then(1)
            .else(0)
            .end(),
        )
        .as('on_time'),
      eb.fn
        .sum<string>(
          eb
            .case()
            .when(eb.and([eb('answered_at', 'is', null), eb('due_at', '<', o.now)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('overdue'),
    ])
    .$if(o.communityIds !== null, (x) => x.where('community_id', 'in', o.communityIds!.length ? o.communityIds! : [-1]))
    .$if(o.from !== null, (x) => x.where('received_at', '>=', o.from!))
    .$if(o.to !== null, (x) => x.where('received_at', '<', o.to!))
    .executeTakeFirstOrThrow();
  return { received: Number(r.received), answered: Number(r.answered), answeredOnTime: Number(r.on_time ?? 0), overdue: Number(r.overdue ?? 0) };
}

/** An account is deleted: its appeals stay with the council (they are its records) without the link to the account. */
export async function unlinkAppealsOfUser(db: Db, userId: number): Promise<void> {
  await q(db).updateTable('appeals').set({ user_id: null }).where('user_id', '=', userId).execute();
}

/** A staff member's name, for the queue's «відповідальний». */
export async function userName(db: Db, userId: number): Promise<string | null> {
  const r = await db.selectFrom('users').select(['last_name', 'first_name']).where('id', '=', userId).executeTakeFirst();
  return r ? `${r.last_name} ${r.first_name}`.trim() : null;
}
