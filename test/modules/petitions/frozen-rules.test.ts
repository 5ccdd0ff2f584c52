/**
 * A petition keeps the rules it was submitted with: a later change of the community's settings does not
 * reach it, the database refuses a direct change of its rule columns, and the audit log alone replays them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp, type TestBrowser, signedInAs, demo } from '../../helpers/test-app.js';
import { replayFields } from '../../../src/core/audit/field-changes.js';

const settingsForm = (o: Record<string, string>) => ({
  threshold: '3',
  collection_days: '30',
  moderation_days: '2',
  consideration_days: '10',
  residents_only: 'on',
  min_age: '',
  categories: 'Благоустрій\nІнше',
  ...o,
});

async function auditOf(t: TestApp, subjectType: string, subjectId: number, action?: string) {
  const r = await sql<{ action: string; before: unknown; after: unknown }>`
    select action, before, after from audit_log where subject_type = ${subjectType} and subject_id = ${String(subjectId)} order by id`.execute(t.ctx.db);
  const parse = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);
  return r.rows.filter((x) => !action || x.action === action).map((x) => ({ action: x.action, before: parse(x.before), after: parse(x.after) }));
}

describe('petitions: rules frozen from submission, every change audited field by field', () => {
  let t: TestApp;
  let author: TestBrowser;
  let moderator: TestBrowser;
  let odesa: TestBrowser;
  let petitionId = 0;

  before(async () => {
    t = await createTestApp({ seedModules: false, now: new Date('2027-03-12T08:00:00Z') });
    author = await signedInAs(t, demo.olena);
    moderator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
    odesa = await signedInAs(t, (p) => p.lastName === 'Литвин');
  });
  after(async () => t.close());

  test('a published petition keeps its threshold, term and sign-in level when the settings change', async () => {
    assert.equal((await moderator.post('/lviv/manage/petitions/settings', settingsForm({}))).statusCode, 303);
    const form = await author.get('/lviv/petitions/new');
    const categoryId = /<option value="(\d+)"[^>]*>Благоустрій<\/option>/.exec(form.body)![1]!;
    const done = await author.post('/lviv/petitions/new', {
      title: 'Ліхтарі на Садовій',
      body: 'Просимо встановити ліхтарі.',
      category: categoryId,
      email: 'olena@example.com',
      step: 'submit',
    });
    petitionId = Number(/\/lviv\/petitions\/(\d+)/.exec(String(done.headers.location))![1]);
    assert.equal((await moderator.post(`/lviv/manage/petitions/${petitionId}/publish`, {})).statusCode, 303);
    const rowBefore = await sql<Record<string, unknown>>`select * from petitions where id = ${petitionId}`.execute(t.ctx.db);

    // The moderator now opens the community's petitions to everyone, with a higher threshold and a longer term.
    const changed = await moderator.post(
      '/lviv/manage/petitions/settings',
      settingsForm({ threshold: '500', collection_days: '60', residents_only: '', allow_email: 'on', min_age: '18' }),
    );
    assert.equal(changed.statusCode, 303);
    const settingsPage = await moderator.get('/lviv/manage/petitions/settings');
    assert.match(settingsPage.body, /лише для нових петицій/, 'the settings page says the change reaches new petitions only');

    const rowAfter = await sql<Record<string, unknown>>`select * from petitions where id = ${petitionId}`.execute(t.ctx.db);
    for (const k of [
      'signature_threshold',
      'collection_days',
      'collection_ends_at',
      'continue_after_threshold',
      'consideration_working_days',
      'allow_email',
      'residents_only',
      'min_age',
    ]) {
      assert.deepEqual(rowAfter.rows[0]![k], rowBefore.rows[0]![k], k);
    }
    assert.equal(rowAfter.rows[0]!.residents_only, true, 'the sign-in level is stored on the petition');
    // The petition still asks for residents: a person from Odesa may not sign it.
    const page = await odesa.get(`/lviv/petitions/${petitionId}`);
    assert.match(page.body, /лише мешканці цієї громади/);
    assert.equal((await odesa.post(`/lviv/petitions/${petitionId}/sign`, {})).statusCode, 403);
    assert.match((await t.browser().get(`/lviv/petitions/${petitionId}`)).body, /1 з 3 підписів/);
    // The moderator's page shows the petition's own rules, read-only.
    const manage = await moderator.get(`/lviv/manage/petitions/${petitionId}`);
    assert.match(manage.body, /Правила цієї петиції/);
  });

  test('the database refuses a direct change of a petition’s rules', async () => {
    for (const set of [
      sql`signature_threshold = 1`,
      sql`collection_days = 90`,
      sql`residents_only = false`,
      sql`allow_email = true`,
      sql`min_age = 14`,
      sql`continue_after_threshold = true`,
      sql`consideration_working_days = 60`,
    ]) {
      await assert.rejects(sql`update petitions set ${set} where id = ${petitionId}`.execute(t.ctx.db), /rules/);
    }
    const row = await sql<{
      signature_threshold: number;
      residents_only: boolean;
    }>`select signature_threshold, residents_only from petitions where id = ${petitionId}`.execute(t.ctx.db);
    assert.equal(row.rows[0]!.signature_threshold, 3);
    assert.equal(row.rows[0]!.residents_only, true);
    // Other columns still change as the lifecycle needs.
    await sql`update petitions set title = title where id = ${petitionId}`.execute(t.ctx.db);
  });

  test('the audit log alone replays the petition’s rules', async () => {
    const entries = await auditOf(t, 'petition', petitionId);
    assert.equal(entries[0]!.action, 'petition.submitted');
    const replayed = replayFields(entries);
    const r = (await sql<Record<string, unknown>>`select * from petitions where id = ${petitionId}`.execute(t.ctx.db)).rows[0]!;
    assert.deepEqual(
      {
        status: replayed.status,
        signatureThreshold: replayed.signatureThreshold,
        collectionDays: replayed.collectionDays,
        continueAfterThreshold: replayed.continueAfterThreshold,
        considerationWorkingDays: replayed.considerationWorkingDays,
        allowEmail: replayed.allowEmail,
        residentsOnly: replayed.residentsOnly,
        minAge: replayed.minAge,
        collectionEndsAt: replayed.collectionEndsAt,
      },
      {
        status: r.status,
        signatureThreshold: r.signature_threshold,
        collectionDays: r.collection_days,
        continueAfterThreshold: r.continue_after_threshold,
        considerationWorkingDays: r.consideration_working_days,
        allowEmail: r.allow_email,
        residentsOnly: r.residents_only,
        minAge: r.min_age,
        collectionEndsAt: new Date(r.collection_ends_at as string | Date).toISOString(),
      },
    );
  });

  test('the settings audit keeps the real before and after of each changed field, and replays to the settings', async () => {
    const lviv = (await sql<{ id: number }>`select id from communities where slug = 'lviv'`.execute(t.ctx.db)).rows[0]!.id;
    const entries = await auditOf(t, 'community', lviv, 'petitions.settings-changed');
    assert.equal(entries.length, 2);
    assert.deepEqual(entries[1]!.before, { signatureThreshold: 3, collectionDays: 30, allowEmail: false, residentsOnly: true, minAge: null });
    assert.deepEqual(entries[1]!.after, { signatureThreshold: 500, collectionDays: 60, allowEmail: true, residentsOnly: false, minAge: 18 });
    const s = (await sql<Record<string, unknown>>`select * from petition_settings where community_id = ${lviv}`.execute(t.ctx.db)).rows[0]!;
    const replayed = replayFields(entries);
    assert.deepEqual(
      [
        replayed.signatureThreshold,
        replayed.collectionDays,
        replayed.moderationWorkingDays,
        replayed.considerationWorkingDays,
        replayed.allowEmail,
        replayed.residentsOnly,
        replayed.minAge,
        replayed.continueAfterThreshold,
      ],
      [
        s.signature_threshold,
        s.collection_days,
        s.moderation_working_days,
        s.consideration_working_days,
        s.allow_email,
        s.residents_only,
        s.min_age,
        s.continue_after_threshold,
      ],
    );
    const cats = await sql<{ name_uk: string }>`select name_uk from petition_categories where community_id = ${lviv} order by position, id`.execute(t.ctx.db);
    assert.deepEqual(
      replayed.categories,
      cats.rows.map((x) => x.name_uk),
    );
  });
});
