/**
 * Issue #17, point 3: the weaker level (e-mail and phone) cannot act twice. One verified phone is one
 * person: a new e-mail address, a made-up phone number, or deleting the account and signing in again
 * gives no second signature, poll answer or ballot. The attacker here holds one real phone (its SMS
 * reach them through the outbox) and any number of e-mail addresses.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp, type TestBrowser } from '../helpers/test-app.js';
import { phoneStepOf, requestEmailCode, signInWithEmail } from '../helpers/weak-sign-in.js';
import { answersToFields } from '../../src/modules/consultations/rules/poll.js';
import { SQUARE_QUESTION } from '../helpers/poll-questions.js';
import { insertItem, insertQuestion, listQuestions, setItem } from '../../src/modules/consultations/repository.js';
import { addDaysToLocalDate, endOfKyivDay, kyivDateOf, startOfKyivDay } from '../../src/core/calendar/index.js';
import { phoneKey } from '../../src/core/identity/phone.js';
import { legacyWeakKeys } from '../../src/core/identity/identity-links.js';

const SESSION = 'viche_session';
/** The attacker's one real phone. */
const PHONE = '+380501234567';

async function one<T>(t: TestApp, q: ReturnType<typeof sql<T>>): Promise<T> {
  const r = await q.execute(t.ctx.db);
  assert.ok(r.rows[0], 'the demo data has what the test needs');
  return r.rows[0];
}

/** Signs in with the attacker's real phone: both codes reach them. Returns the browser, signed in. */
async function asAttacker(t: TestApp, email: string, returnTo: string, phone = PHONE): Promise<TestBrowser> {
  // A quarter of an hour between sign-ins: one number may ask for only 5 SMS codes an hour.
  t.clock.advance(15 * 60_000);
  const b = t.browser();
  const done = await signInWithEmail(t, b, { email, phone, returnTo });
  assert.equal(done.statusCode, 303, done.body.slice(0, 300));
  assert.ok(b.jar.get(SESSION), `${email} is signed in`);
  return b;
}

/**
 * Tries a made-up number: the e-mail code is the attacker's, the SMS goes to a stranger (or nowhere), so
 * all they can do is guess. Five guesses, then the code is spent: no session.
 */
async function withMadeUpPhone(t: TestApp, email: string, phone: string, returnTo: string): Promise<TestBrowser> {
  const b = t.browser();
  const { id, code } = await requestEmailCode(t, b, email, phone, returnTo);
  const step = await phoneStepOf(t, await b.post('/auth/email/verify', { id, code }));
  for (let i = 0; i < 6; i++) {
    const guess = String(100_000 + i * 111_111).slice(0, 6);
    const res = await b.post('/auth/phone/verify', { id: step.id, code: guess });
    // A lucky guess would be a 303: with a one-in-a-million code, this test would then be wrong, not flaky.
    assert.equal(res.statusCode, 400, `guess ${i + 1} is refused`);
  }
  assert.equal(b.jar.get(SESSION), undefined, 'a number whose SMS the person cannot read signs no one in');
  return b;
}

describe('the weaker level cannot act twice', { concurrency: 1 }, () => {
  let t: TestApp;
  let petitionId: number;
  let pollId: number;
  let pollAnswer: [string, string][];
  let contestId: number;
  let projectId: number;

  before(async () => {
    t = await createTestApp();
    const db = t.ctx.db;
    const pryluky = await one(t, sql<{ id: number }>`select id from communities where slug = 'pryluky'`);
    // A collecting Pryluky petition that admits the e-mail level (as privacy-hidden-and-emails sets one up).
    petitionId = (
      await one(
        t,
        sql<{
          id: number;
        }>`select p.id from petitions p where p.community_id = ${pryluky.id} and p.status = 'collecting' and p.collection_ends_at > now() order by p.id limit 1`,
      )
    ).id;
    await sql`alter table petitions disable trigger petitions_rules_frozen`.execute(db);
    await sql`update petitions set allow_email = true, residents_only = false, min_age = null where id = ${petitionId}`.execute(db);
    await sql`alter table petitions enable trigger petitions_rules_frozen`.execute(db);

    // An open Pryluky poll of one question, open to the e-mail level.
    const now = t.clock.now();
    const today = kyivDateOf(now);
    pollId = await insertItem(
      db,
      pryluky.id,
      {
        kind: 'poll',
        title: 'Чи потрібен новий сквер?',
        description: 'Опитування для перевірки одного голосу.',
        category: 'urban',
        startsAt: startOfKyivDay(addDaysToLocalDate(today, -1)),
        endsAt: endOfKyivDay(addDaysToLocalDate(today, 10)),
        resultsVisibility: 'during',
        allowEmail: true,
        emailCounts: true,
        residentsOnly: false,
        minAge: null,
      },
      null,
      now,
    );
    await insertQuestion(db, pryluky.id, pollId, SQUARE_QUESTION);
    await setItem(db, pollId, { published_at: new Date(now.getTime() - 86_400_000) }, now);
    const [q] = await listQuestions(db, pollId);
    pollAnswer = answersToFields([q!], { [q!.id]: { type: 'single', optionId: q!.options[0]!.id, other: null } });

    // Lviv's budget, now voting: this test lets Lviv and the contest admit the e-mail level.
    const lviv = await one(t, sql<{ id: number }>`select id from communities where slug = 'lviv'`);
    await sql`update communities set sign_in_policy = 'idgovua_or_email' where id = ${lviv.id}`.execute(db);
    contestId = (
      await one(
        t,
        sql<{
          id: number;
        }>`select id from budget_contests where community_id = ${lviv.id} and owner = 'community' and voting_from < now() and voting_to > now() order by id limit 1`,
      )
    ).id;
    await sql`update budget_contests set allow_email = true, residents_only = false, min_age = null where id = ${contestId}`.execute(db);
    projectId = (await one(t, sql<{ id: number }>`select id from budget_projects where contest_id = ${contestId} and status = 'admitted' order by id limit 1`))
      .id;
  });
  after(async () => t.close());

  test('(d) an Open City report: two e-mail addresses, one phone: one support', async () => {
    const report = await one(
      t,
      sql<{ id: number }>`select r.id from oc_reports r join communities c on c.id = r.community_id
        where c.slug = 'lviv' and r.status in ('accepted', 'in_progress') order by r.id limit 1`,
    );
    const supports = async () => (await one(t, sql<{ n: number }>`select count(*)::int as n from oc_supports where report_id = ${report.id}`)).n;
    const before = await supports();
    const first = await asAttacker(t, 'city.one@example.com', '/lviv');
    assert.match((await first.post(`/lviv/open-city/reports/${report.id}/support`, {})).body, /Дякуємо: ваш голос додано/);
    const second = await asAttacker(t, 'city.two@example.com', '/lviv');
    assert.match((await second.get(`/lviv/open-city/reports/${report.id}`)).body, /Ви підтримали це звернення/);
    assert.match((await second.post(`/lviv/open-city/reports/${report.id}/support`, {})).body, /Ви вже підтримали це звернення/);
    assert.equal(await supports(), before + 1, 'one support for one phone');
  });

  const signatures = async () => (await one(t, sql<{ n: number }>`select count(*)::int as n from petition_signatures where petition_id = ${petitionId}`)).n;
  const responses = async () => (await one(t, sql<{ n: number }>`select count(*)::int as n from consultation_responses where item_id = ${pollId}`)).n;
  const ballots = async () => (await one(t, sql<{ n: number }>`select count(*)::int as n from budget_ballots where contest_id = ${contestId}`)).n;

  test('(a) a petition: three e-mail addresses with made-up numbers give one signature', async () => {
    const before = await signatures();
    const first = await asAttacker(t, 'signer.one@example.com', '/pryluky');
    assert.equal((await first.post(`/pryluky/petitions/${petitionId}/sign`, {})).statusCode, 303);
    assert.equal(await signatures(), before + 1);

    // Other addresses with made-up numbers: no sign-in, so no signature.
    for (const [email, phone] of [
      ['signer.two@example.com', '+380931112233'],
      ['signer.three@example.com', '+380979998877'],
    ] as const) {
      const b = await withMadeUpPhone(t, email, phone, '/pryluky');
      assert.equal((await b.post(`/pryluky/petitions/${petitionId}/sign`, {})).statusCode, 401);
    }
    // Other addresses with the real number: signed in, but the same person, who has signed.
    for (const email of ['signer.two@example.com', 'signer.three@example.com']) {
      const b = await asAttacker(t, email, '/pryluky');
      const again = await b.post(`/pryluky/petitions/${petitionId}/sign`, {});
      assert.equal(again.statusCode, 303);
      assert.match(String(again.headers.location), /\?already=1$/);
      assert.match((await b.get(String(again.headers.location))).body, /Ви вже підписали цю петицію раніше/);
    }
    assert.equal(await signatures(), before + 1, 'one signature for one phone');
    const keys = await sql<{
      person_key: string;
    }>`select person_key from petition_signatures where petition_id = ${petitionId} and person_key like 'phone:%'`.execute(t.ctx.db);
    assert.deepEqual(
      keys.rows.map((r) => r.person_key),
      [phoneKey(t.ctx.config.secretKey, PHONE)],
      'the signature is keyed by the phone',
    );
  });

  test('(b) a poll: answered, account deleted, signed in again with the same address and with another: one answer', async () => {
    const url = `/pryluky/consultations/${pollId}`;
    const answer = (b: TestBrowser) => b.post(`${url}/poll/submit`, Object.fromEntries(pollAnswer));
    const first = await asAttacker(t, 'voter.b@example.com', '/pryluky');
    assert.equal((await answer(first)).statusCode, 303);
    assert.equal(await responses(), 1);

    assert.equal((await first.post('/cabinet/delete', { confirm: 'on' })).statusCode, 303);
    const deleted = await one(t, sql<{ n: number }>`select count(*)::int as n from users where deleted_at is not null and phone_key is null`);
    assert.ok(deleted.n >= 1, 'the deleted account forgets its phone');

    const again = await asAttacker(t, 'voter.b@example.com', '/pryluky');
    const second = await answer(again);
    assert.equal(second.statusCode, 409);
    assert.match(second.body, /Ви вже відповіли на це опитування/);
    assert.match((await again.get(url)).body, /Ваша відповідь зарахована/, 'the new account sees the answer as its own');

    const other = await asAttacker(t, 'another.voter.b@example.com', '/pryluky');
    assert.equal((await answer(other)).statusCode, 409);
    assert.equal(await responses(), 1, 'one answer for one phone');
  });

  test('(c) a budget ballot: two e-mail addresses, one phone: one ballot', async () => {
    const base = `/lviv/budgets/${contestId}`;
    const before = await ballots();
    const first = await asAttacker(t, 'ballot.one@example.com', '/lviv');
    const cast = await first.post(`${base}/vote/confirm`, { project: String(projectId) });
    assert.equal(cast.statusCode, 303, cast.body.slice(0, 300));
    assert.equal(await ballots(), before + 1);

    const second = await asAttacker(t, 'ballot.two@example.com', '/lviv');
    const page = await second.get(`${base}/vote`);
    assert.doesNotMatch(page.body, /name="project"/, 'no ballot is offered to the same person');
    const again = await second.post(`${base}/vote/confirm`, { project: String(projectId) });
    assert.notEqual(again.statusCode, 303);
    assert.equal(await ballots(), before + 1, 'one ballot for one phone');
    const key = await one(t, sql<{ voter_key: string }>`select voter_key from budget_ballots where contest_id = ${contestId} order by id desc limit 1`);
    assert.equal(key.voter_key, phoneKey(t.ctx.config.secretKey, PHONE));
  });

  test('(e) rate limits count per person: two e-mail addresses on one phone share one allowance', async () => {
    const project = `/lviv/budgets/${contestId}/projects/${projectId}`;
    const comment = (b: TestBrowser, i: number) => b.post(`${project}/comments`, { body: `Коментар ${i}` });
    // Another phone of the attacker's: this file's sign-ins have used up the first one's SMS for the day.
    const first = await asAttacker(t, 'talker.one@example.com', '/lviv', '+380671234567');
    const second = await asAttacker(t, 'talker.two@example.com', '/lviv', '+380671234567');
    // 30 comments an hour per person: half from each account is the whole allowance.
    for (let i = 0; i < 15; i++) assert.equal((await comment(first, i)).statusCode, 303, `comment ${i + 1} from the first address`);
    for (let i = 15; i < 30; i++) assert.equal((await comment(second, i)).statusCode, 303, `comment ${i + 1} from the second address`);
    const over = await comment(second, 30);
    assert.equal(over.statusCode, 429, 'the 31st comment of one person is refused, whichever account sends it');
    assert.match(over.body, /Забагато дій за короткий час/);
  });

  test('(f) an account made before phones were verified: on its first SMS sign-in its older acts join the phone key, the earliest kept', async () => {
    const phone = '+380661234500';
    const signed = await signatures();
    // Account A signs, then its rows are put back as they were before the SMS step: keyed by its e-mail.
    const a = await asAttacker(t, 'legacy.a@example.com', '/pryluky', '+380661234511');
    assert.equal((await a.post(`/pryluky/petitions/${petitionId}/sign`, {})).statusCode, 303);
    const user = await one(t, sql<{ id: number }>`select id from users where email = 'legacy.a@example.com'`);
    const [emailKey] = legacyWeakKeys(t.ctx.config.secretKey, { userId: user.id, email: 'legacy.a@example.com' });
    const old = await one(
      t,
      sql<{ id: string }>`update petition_signatures set person_key = ${emailKey!}, phone_key = null
        where petition_id = ${petitionId} and person_key = ${phoneKey(t.ctx.config.secretKey, '+380661234511')} returning id::text as id`,
    );
    await sql`update users set phone_key = null, phone = null where id = ${user.id}`.execute(t.ctx.db);

    // Later the same person signs again from a new account with their real phone.
    const b = await asAttacker(t, 'legacy.b@example.com', '/pryluky', phone);
    assert.equal((await b.post(`/pryluky/petitions/${petitionId}/sign`, {})).statusCode, 303);
    assert.equal(await signatures(), signed + 2);
    const count = async () =>
      (
        await one(
          t,
          sql<{
            n: number;
          }>`select (select coalesce(sum(counted), 0)::int from petition_signature_slots where petition_id = petitions.id) as n from petitions where id = ${petitionId}`,
        )
      ).n;
    const countBefore = await count();
    const later = await one(
      t,
      sql<{
        id: string;
      }>`select id::text as id from petition_signatures where petition_id = ${petitionId} and person_key = ${phoneKey(t.ctx.config.secretKey, phone)}`,
    );

    // The old account now signs in through the SMS step with that phone.
    await asAttacker(t, 'legacy.a@example.com', '/pryluky', phone);
    const rows = await sql<{ id: string; person_key: string; invalidation_reason: string | null }>`
      select id::text as id, person_key, invalidation_reason from petition_signatures
      where id in (${old.id}, ${later.id}) order by id`.execute(t.ctx.db);
    const valid = rows.rows.filter((r) => r.invalidation_reason === null && r.person_key === phoneKey(t.ctx.config.secretKey, phone));
    assert.deepEqual(
      valid.map((r) => r.id),
      [old.id],
      'the earliest signature stays, under the phone key',
    );
    assert.deepEqual(
      rows.rows.filter((r) => r.invalidation_reason === 'duplicate-linked').map((r) => r.id),
      [later.id],
      'the later one is annulled',
    );
    assert.equal(await count(), countBefore - 1, 'the petition counts one signature for the person');
    const audit = await one(
      t,
      sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'identity.legacy-keys-adopted' and subject_id = ${user.id}`,
    );
    assert.equal(audit.n, 1);
  });
});
