/**
 * Issue #17: when an e-mail account is linked to an identity, a petition the person signed both ways keeps
 * the earliest signature; the later one is invalidated with the public reason «duplicate-linked», the
 * count and the statistics counters stay equal to the rows, and neither account can sign again.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, demoPerson, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { signedInByEmail } from '../../helpers/weak-sign-in.js';

const MIN = 60_000;

describe('petitions: double signatures collapse to the earliest when an e-mail account is linked', () => {
  let t: TestApp;
  let community: number;
  const ids: Record<'a' | 'b' | 'c' | 'd', number> = { a: 0, b: 0, c: 0, d: 0 };

  const sign = async (b: TestBrowser, id: number) => {
    const res = await b.post(`/koriukivka/petitions/${id}/sign`, {});
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    t.clock.advance(MIN);
    return String(res.headers.location);
  };
  const rows = async (id: number) =>
    (
      await sql<{ person_key: string; invalidated_at: Date | null; invalidation_reason: string | null }>`
        select person_key, invalidated_at, invalidation_reason from petition_signatures where petition_id = ${id} order by signed_at, id`.execute(t.ctx.db)
    ).rows;
  const count = async (id: number) =>
    (
      await sql<{
        n: number;
      }>`select (select coalesce(sum(counted), 0)::int from petition_signature_slots where petition_id = petitions.id) as n from petitions where id = ${id}`.execute(
        t.ctx.db,
      )
    ).rows[0]!.n;

  before(async () => {
    t = await createTestApp({ seedModules: false, now: new Date('2027-03-12T08:00:00Z') });
    community = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'koriukivka').executeTakeFirstOrThrow()).id;
    const category = await sql<{ id: number }>`
      insert into petition_categories (community_id, name_uk, name_en) values (${community}, 'Інше', 'Other') returning id`.execute(t.ctx.db);
    const now = t.clock.now();
    for (const k of ['a', 'b', 'c', 'd'] as const) {
      const r = await sql<{ id: number }>`
        insert into petitions (community_id, author_name, author_email, title, body, search_text, category_id, status, signature_threshold,
          collection_days, continue_after_threshold, consideration_working_days, submitted_at, moderation_due_at, published_at, collection_ends_at,
          allow_email, residents_only)
        values (${community}, 'Автор', 'a@example.com', ${`Петиція ${k}`}, 'Текст', ${`петиція ${k}`}, ${category.rows[0]!.id}, 'collecting', 100,
          30, false, 10, ${now}, ${now}, ${now}, ${new Date(now.getTime() + 30 * 86_400_000)}, true, false)
        returning id`.execute(t.ctx.db);
      ids[k] = r.rows[0]!.id;
    }
  });
  after(async () => t.close());

  test('weak then strong, strong then weak, weak only: one signature each, the earliest, counts exact', async () => {
    const weak = await signedInByEmail(t, 'signer@example.com', { phone: '+380671230001' });
    const strong = await signedInAs(t, demo.andrii);
    await sign(weak, ids.a); // weak first
    await sign(strong, ids.a);
    await sign(strong, ids.c); // strong first
    await sign(weak, ids.c);
    await sign(weak, ids.b); // weak only
    assert.equal(await count(ids.a), 2);

    await weak.linkIdentityAs(demoPerson(demo.andrii).index);
    const identity = (await t.ctx.db.selectFrom('users').select('identity_key').where('last_name', '=', 'Шевчук').executeTakeFirstOrThrow()).identity_key!;

    const a = await rows(ids.a);
    assert.equal(a.length, 2, 'both rows are kept, one invalidated');
    assert.equal(a[0]!.invalidated_at, null, 'the earliest (the e-mail one) stays');
    assert.equal(a[0]!.person_key, identity, 'and takes the identity’s key');
    assert.match(a[1]!.person_key, /^(email|phone):/, 'the later one keeps a key of the person');
    assert.equal(a[1]!.invalidation_reason, 'duplicate-linked');
    assert.equal(await count(ids.a), 1);

    const c = await rows(ids.c);
    assert.equal(c[0]!.person_key, identity);
    assert.equal(c[0]!.invalidated_at, null, 'the earliest (the id.gov.ua one) stays');
    assert.equal(c[1]!.invalidation_reason, 'duplicate-linked');
    assert.equal(await count(ids.c), 1);

    const b = await rows(ids.b);
    assert.equal(b.length, 1);
    assert.equal(b[0]!.person_key, identity, 'the lone e-mail signature now holds the identity’s place');
    assert.equal(await count(ids.b), 1);

    // The verified person cannot sign B again; the linked e-mail account signs D as the identity, once.
    assert.match(await sign(weak, ids.b), /already=1/);
    const weakAgain = await signedInByEmail(t, 'signer@example.com', { phone: '+380671230001' });
    await sign(weakAgain, ids.d);
    assert.match(await sign(strong, ids.d), /already=1/);
    assert.match(await sign(weakAgain, ids.a), /already=1/);
    assert.equal(await count(ids.b), 1);
    assert.equal(await count(ids.d), 1);

    // The statistics counters equal the rows behind them.
    const counted = await sql<{ n: number }>`
      select coalesce(sum(n), 0)::int as n from stats_counts where tool = 'petitions' and metric = 'signatures' and community_id = ${community}`.execute(
      t.ctx.db,
    );
    const valid = await sql<{ n: number }>`
      select count(*)::int as n from petition_signatures where community_id = ${community} and invalidated_at is null`.execute(t.ctx.db);
    assert.equal(counted.rows[0]!.n, valid.rows[0]!.n);
    assert.equal(valid.rows[0]!.n, 4);
    const people = await sql<{ n: number }>`
      select count(distinct person)::int as n from stats_person_months where tool = 'petitions' and community_id = ${community} and n > 0`.execute(t.ctx.db);
    assert.equal(people.rows[0]!.n, 1, 'one person took part');

    // Audited: each petition's invalidation, and the link's totals.
    const audits = await sql<{ subject_id: string; after: unknown }>`
      select subject_id, after from audit_log where action = 'petition.signatures-invalidated' order by id`.execute(t.ctx.db);
    assert.deepEqual(
      audits.rows.map((r) => r.subject_id),
      [String(ids.a), String(ids.c)],
    );
    assert.ok(JSON.stringify(audits.rows[0]!.after).includes('duplicate-linked'));
    const link = await sql<{ after: unknown }>`select after from audit_log where action = 'identity.linked'`.execute(t.ctx.db);
    assert.ok(JSON.stringify(link.rows[0]!.after).includes('"petitions.signaturesAnnulled":2'));
  });
});
