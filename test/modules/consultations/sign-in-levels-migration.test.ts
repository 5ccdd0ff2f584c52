/**
 * Migration consultations-005 on rows made before it: each older poll response and stance takes the level its
 * key names (weak keys name their kind), each comment its author's level and person key (following a link to an
 * identity), every item keeps counting e-mail-level answers, and the statistics count commenters as people.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely, type Migration } from 'kysely';
import { openDatabase, type Database } from '../../../src/core/db/database.js';
import { migrateToLatest } from '../../../src/core/db/migrate.js';
import { consultationsMigrations } from '../../../src/modules/consultations/migrations.js';
import { freshPostgresDatabase, type FreshDatabase } from '../../helpers/processes.js';

const LAST = 'consultations-005-sign-in-levels';

describe('consultations-005: sign-in levels and comment authors of rows made before it', () => {
  let database: Database;
  let pgdb: FreshDatabase | null = null;
  let db: Kysely<unknown>;
  const ids: Record<string, number> = {};

  before(async () => {
    const adminUrl = process.env.DATABASE_URL;
    pgdb = adminUrl ? await freshPostgresDatabase(adminUrl, 'mig') : null;
    database = await openDatabase({ databaseUrl: pgdb?.url ?? null, dataDir: null });
    db = database.db as unknown as Kysely<unknown>;
    const before005: Record<string, Migration> = Object.fromEntries(Object.entries(consultationsMigrations).filter(([name]) => name < LAST));
    await migrateToLatest(db, before005);

    const one = async (q: ReturnType<typeof sql<{ id: number }>>) => (await q.execute(db)).rows[0]!.id;
    ids.community = await one(sql<{ id: number }>`
      insert into communities (slug, name_uk, name_en, oblast_uk, oblast_en, sign_in_policy)
      values ('test-hromada', 'Тест', 'Test', 'Тест', 'Test', 'idgovua_or_email') returning id`);
    ids.strong = await one(sql<{ id: number }>`insert into users (verification_level, identity_key) values ('idgovua', 'idk-strong') returning id`);
    ids.weak = await one(
      sql<{ id: number }>`insert into users (verification_level, email, phone_key) values ('email', 'w@example.com', 'phone:weak') returning id`,
    );
    ids.weak2 = await one(
      sql<{ id: number }>`insert into users (verification_level, email, phone_key) values ('email', 'w2@example.com', 'phone:weak') returning id`,
    );
    ids.linked = await one(
      sql<{ id: number }>`insert into users (verification_level, email, phone_key) values ('email', 'l@example.com', 'phone:linked') returning id`,
    );
    ids.gone = await one(sql<{ id: number }>`insert into users (verification_level, identity_key) values ('idgovua', 'idk-gone') returning id`);
    await sql`insert into identity_links (weak_key, identity_key, weak_user_id, linked_at) values ('phone:linked', 'idk-linked', ${ids.linked}, now())`.execute(
      db,
    );
    ids.poll = await one(sql<{ id: number }>`
      insert into consultation_items (community_id, kind, title, category, starts_at, ends_at, published_at)
      values (${ids.community}, 'poll', 'Опитування', 'other', now() - interval '1 day', now() + interval '9 days', now()) returning id`);
    ids.act = await one(sql<{ id: number }>`
      insert into consultation_items (community_id, kind, title, category, starts_at, ends_at, published_at)
      values (${ids.community}, 'act', 'Проєкт', 'other', now() - interval '1 day', now() + interval '9 days', now()) returning id`);
    for (const identity of ['idk-strong', 'phone:weak', 'user:99', 'email:old'])
      await sql`insert into consultation_responses (community_id, item_id, identity, answers) values (${ids.community}, ${ids.poll}, ${identity}, '{}')`.execute(
        db,
      );
    for (const identity of ['idk-strong', 'phone:weak'])
      await sql`insert into consultation_stances (community_id, item_id, scope, identity, stance) values (${ids.community}, ${ids.act}, 0, ${identity}, 'support')`.execute(
        db,
      );
    for (const [author, name] of [
      [ids.strong, 'strong'],
      [ids.weak, 'weak'],
      [ids.weak2, 'weak2'],
      [ids.linked, 'linked'],
      [ids.gone, 'gone'],
    ] as const)
      ids[`c-${name}`] = await one(sql<{ id: number }>`
        insert into consultation_comments (community_id, item_id, author_user_id, author_name, body)
        values (${ids.community}, ${ids.act}, ${author}, 'Автор', 'Коментар') returning id`);
    // An account deleted before 005: its comment lost the author, and counts as itself.
    await sql`update consultation_comments set author_user_id = null where id = ${ids['c-gone']}`.execute(db);

    await consultationsMigrations[LAST]!.up(db);
  });
  after(async () => {
    await database?.close();
    await pgdb?.drop();
  });

  test('responses and stances take the level their key names', async () => {
    const r = await sql<{ identity: string; level: string }>`select identity, level from consultation_responses order by identity`.execute(db);
    assert.deepEqual(
      r.rows.map((x) => [x.identity, x.level]),
      [
        ['email:old', 'email'],
        ['idk-strong', 'idgovua'],
        ['phone:weak', 'email'],
        ['user:99', 'email'],
      ],
    );
    const s = await sql<{ identity: string; level: string }>`select identity, level from consultation_stances order by identity`.execute(db);
    assert.deepEqual(
      s.rows.map((x) => [x.identity, x.level]),
      [
        ['idk-strong', 'idgovua'],
        ['phone:weak', 'email'],
      ],
    );
  });

  test('comments take their author’s level and person key, a linked account’s being its identity', async () => {
    const c = await sql<{ id: number; identity: string | null; level: string }>`select id, identity, level from consultation_comments`.execute(db);
    const by = new Map(c.rows.map((x) => [x.id, [x.identity, x.level]]));
    assert.deepEqual(by.get(ids['c-strong']!), ['idk-strong', 'idgovua']);
    assert.deepEqual(by.get(ids['c-weak']!), ['phone:weak', 'email']);
    assert.deepEqual(by.get(ids['c-weak2']!), ['phone:weak', 'email']);
    assert.deepEqual(by.get(ids['c-linked']!), ['idk-linked', 'email']);
    assert.deepEqual(by.get(ids['c-gone']!), [null, 'idgovua']);
  });

  test('items keep counting e-mail-level answers, as before the rule', async () => {
    const r = await sql<{ email_counts: boolean }>`select email_counts from consultation_items order by id`.execute(db);
    assert.deepEqual(
      r.rows.map((x) => x.email_counts),
      [true, true],
    );
  });

  test('the statistics count people: two accounts of one phone comment as one, who also answered and took a stance', async () => {
    const r = await sql<{ person: string }>`
      select distinct person from stats_person_months where tool = 'consultations' and n > 0 order by person`.execute(db);
    assert.deepEqual(
      r.rows.map((x) => x.person),
      ['comment:' + String(ids['c-gone']), 'email:old', 'idk-linked', 'idk-strong', 'phone:weak', 'user:99'].sort(),
    );
  });

  test('new comments keep counting by person through the trigger', async () => {
    await sql`insert into consultation_comments (community_id, item_id, author_user_id, identity, level, author_name, body)
      values (${ids.community}, ${ids.act}, ${ids.weak2}, 'phone:weak', 'email', 'Автор', 'Ще')`.execute(db);
    const n = await sql<{ n: number }>`select sum(n)::int as n from stats_person_months where tool = 'consultations' and person = 'phone:weak'`.execute(db);
    // One response, one stance, two comments before, and this one: five acts of one person.
    assert.equal(n.rows[0]!.n, 5);
  });
});
