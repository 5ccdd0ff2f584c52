/**
 * Issue #18: petition signatures in the transparency log, through HTTP. A signature is appended in its own
 * transaction and the signer gets a receipt on the petition page; the receipt page first shows the promise,
 * then (once sequenced) proves inclusion in the current checkpoint. Entries hold no personal data; one
 * person has one tag within a petition and another in the next; an invalidation names the entry it
 * cancels and a public reason code only; a double signature annulled by linking is logged too; a refused
 * act leaves nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, demoPerson, signedInAs, type TestApp, type TestBrowser } from '../helpers/test-app.js';
import { signedInByEmail } from '../helpers/weak-sign-in.js';
import { leafHash } from '../../src/core/tlog/merkle.js';
import { logEntries, pendingLogEntries, receiptNumberOn, sequenceLog } from '../helpers/tlog.js';
import { collectingPetition } from '../helpers/petitions.js';

describe('transparency log: petition signatures', () => {
  let t: TestApp;
  const ids: Record<'a' | 'b' | 'closed' | 'k', number> = { a: 0, b: 0, closed: 0, k: 0 };

  const entries = () => logEntries(t);
  const pendingCount = () => pendingLogEntries(t);
  const sequence = () => sequenceLog(t);
  const receiptOn = receiptNumberOn;

  before(async () => {
    t = await createTestApp({ seedModules: false, now: new Date('2027-03-12T08:00:00Z') });
    ids.a = await collectingPetition(t, 'lviv', 'Петиція А', 30);
    ids.b = await collectingPetition(t, 'lviv', 'Петиція Б', 30);
    ids.closed = await collectingPetition(t, 'lviv', 'Закрита петиція', -1);
    ids.k = await collectingPetition(t, 'koriukivka', 'Петиція К', 30);
  });
  after(async () => t.close());

  test('a signature gets a receipt: promised first, then proven in the current checkpoint', async () => {
    const andrii = await signedInAs(t, demo.andrii);
    const signed = await andrii.post(`/lviv/petitions/${ids.a}/sign`, {});
    assert.equal(signed.statusCode, 303, signed.body.slice(0, 300));
    const page = await andrii.get(`/lviv/petitions/${ids.a}`);
    const n = receiptOn(page.body);
    assert.ok(Number.isInteger(n), 'the petition page shows the receipt number');
    assert.match(page.body, new RegExp(`href="/transparency/receipts/${n}">Перевірити мій підпис`));

    const waiting = await t.browser().get(`/transparency/receipts/${n}`);
    assert.equal(waiting.statusCode, 200);
    assert.match(
      waiting.body,
      /role="status"[^>]*>Запис прийнято і він чекає на включення до журналу/,
      'the waiting state is announced as a status, like the proven one',
    );
    assert.match(waiting.body, /не пізніше/);

    await sequence();
    const proven = await t.browser().get(`/transparency/receipts/${n}`);
    assert.equal(proven.statusCode, 200);
    assert.match(proven.body, /Перевірено: запис № 0 є в поточній контрольній точці журналу \(1 запис\)/);
    const [e] = await entries();
    assert.equal(e!.act.kind, 'signature');
    assert.equal(e!.act.subject, `petition:${ids.a}`);
    assert.equal(e!.act.community, 'lviv');
    assert.deepEqual(e!.act.details, { level: 'idgovua' });
    assert.equal(e!.act.at, '2027-03-12T08:00Z', 'the time only to the minute');
    const stored = await sql<{ log_leaf: string }>`select log_leaf from petition_signatures where petition_id = ${ids.a}`.execute(t.ctx.db);
    assert.equal(stored.rows[0]!.log_leaf, e!.leaf, 'the row keeps the leaf hash of its entry');
    assert.equal(leafHash(Buffer.from(e!.text)).toString('base64'), e!.leaf);

    // Later entries do not break the old receipt: it is proven in the newer checkpoint too.
    const olena = await signedInAs(t, demo.olena);
    await olena.post(`/lviv/petitions/${ids.a}/sign`, {});
    await sequence();
    assert.match((await t.browser().get(`/transparency/receipts/${n}`)).body, /Перевірено: запис № 0 є в поточній контрольній точці журналу \(2 записи\)/);
  });

  test('no personal data in the log; one tag per person within a petition, another in the next', async () => {
    const andrii = await signedInAs(t, demo.andrii);
    await andrii.post(`/lviv/petitions/${ids.b}/sign`, {});
    await sequence();
    const all = await entries();
    const person = demoPerson(demo.andrii).person;
    const user = await sql<{ id: number; identity_key: string }>`select id, identity_key from users where last_name = 'Шевчук'`.execute(t.ctx.db);
    const text = all.map((e) => e.text).join('\n');
    for (const secret of [person.lastName, person.firstName, person.rnokpp, user.rows[0]!.identity_key, 'Автор'])
      assert.ok(!text.includes(secret), `the log does not hold «${secret}»`);
    const andriiA = all.find((e) => e.act.subject === `petition:${ids.a}`)!;
    const andriiB = all.find((e) => e.act.subject === `petition:${ids.b}`)!;
    const olenaA = all.filter((e) => e.act.subject === `petition:${ids.a}`)[1]!;
    assert.notEqual(andriiA.act.tag, andriiB.act.tag, 'unlinkable across petitions');
    assert.notEqual(andriiA.act.tag, olenaA.act.tag, 'two people, two tags');
    assert.match(andriiA.act.tag, /^[A-Za-z0-9_-]{43}$/);
  });

  test('an invalidation names the entry it cancels and a public reason code, not the moderator’s words', async () => {
    const moderator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
    const sig = await sql<{ id: number; log_leaf: string }>`
      select s.id, s.log_leaf from petition_signatures s join users u on u.id = s.user_id
      where s.petition_id = ${ids.a} and u.last_name = 'Шевчук'`.execute(t.ctx.db);
    const res = await moderator.post(`/lviv/manage/petitions/${ids.a}/invalidate`, {
      signature: String(sig.rows[0]!.id),
      reason: 'Масові підписи з однієї мережі',
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    await sequence();
    const all = await entries();
    const cancel = all.find((e) => e.act.kind === 'signature-invalidated')!;
    assert.deepEqual(cancel.act.details, { level: 'idgovua', of: sig.rows[0]!.log_leaf, reason: 'moderator' });
    const signedEntry = all.find((e) => e.leaf === sig.rows[0]!.log_leaf)!;
    assert.equal(cancel.act.tag, signedEntry.act.tag, 'the same person, the same tag within the petition');
    assert.ok(!cancel.text.includes('мережі'), 'the moderator’s own words stay off the log');
    // The invalidated signer's page no longer offers a receipt of a counted signature.
    const andrii = await signedInAs(t, demo.andrii);
    assert.ok(Number.isNaN(receiptOn((await andrii.get(`/lviv/petitions/${ids.a}`)).body)));
  });

  test('a refused or rolled-back act leaves nothing in the log', async () => {
    const before = await pendingCount();
    const olena = await signedInAs(t, demo.olena);
    assert.equal((await olena.post(`/lviv/petitions/${ids.closed}/sign`, {})).statusCode, 409);
    assert.equal((await olena.post(`/lviv/petitions/${ids.b}/sign`, {})).statusCode, 303);
    assert.equal((await olena.post(`/lviv/petitions/${ids.b}/sign`, {})).statusCode, 303, 'a second try is told «already signed»');
    assert.equal(await pendingCount(), before + 1, 'only the one real signature is appended');
  });

  test('linking annuls a double signature and logs it as «duplicate-linked»', async () => {
    const weak = await signedInByEmail(t, 'tlog.signer@example.com', { phone: '+380671239911' });
    const strong = await signedInAs(t, demo.andrii);
    assert.equal((await weak.post(`/koriukivka/petitions/${ids.k}/sign`, {})).statusCode, 303);
    t.clock.advance(60_000);
    assert.equal((await strong.post(`/koriukivka/petitions/${ids.k}/sign`, {})).statusCode, 303);
    await weak.linkIdentityAs(demoPerson(demo.andrii).index);
    await sequence();
    const k = (await entries()).filter((e) => e.act.subject === `petition:${ids.k}`);
    assert.deepEqual(
      k.map((e) => [e.act.kind, e.act.details.level, e.act.details.reason ?? null]),
      [
        ['signature', 'email', null],
        ['signature', 'idgovua', null],
        ['signature-invalidated', 'idgovua', 'duplicate-linked'],
      ],
    );
    assert.equal(k[2]!.act.details.of, k[1]!.leaf, 'the later (id.gov.ua) signature is the one cancelled');
  });

  test('/transparency explains the log and shows the checkpoint; bad receipt numbers are a clear 404', async () => {
    const b: TestBrowser = t.browser();
    const page = await b.get('/transparency');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Що журнал доводить/);
    assert.match(page.body, /Чого журнал не доводить/);
    const checkpoint = (await b.get('/log/checkpoint')).body;
    assert.ok(page.body.includes(checkpoint.split('\n')[2]!), 'the page shows the root of the signed checkpoint');
    const notNumber = await b.get('/transparency/receipts?n=abc');
    assert.equal(notNumber.statusCode, 404);
    assert.match(notNumber.body, /Номер квитанції — це ціле число/);
    assert.equal((await b.get('/transparency/receipts?n=1')).statusCode, 303);
    const unknown = await b.get('/transparency/receipts/999999');
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /Такої квитанції в журналі немає/);
    const english = t.browser();
    english.jar.store('viche_lang=en; Path=/');
    assert.match((await english.get('/transparency')).body, /What the log proves/);
  });
});
