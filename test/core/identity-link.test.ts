/**
 * Issue #17: an e-mail-level account proves its identity through id.gov.ua from its cabinet and is linked
 * to it; the session continues as the verified person; a later e-mail sign-in acts as that identity.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, demoPerson, signedInAs, type TestApp } from '../helpers/test-app.js';
import { signedInByEmail } from '../helpers/weak-sign-in.js';
import { personKeys } from '../../src/core/identity/person-key.js';
import { loadViewer } from '../../src/core/users/users-repository.js';

describe('linking an e-mail account to an id.gov.ua identity', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ seedModules: false });
  });
  after(async () => t.close());

  test('the cabinet offers it; the sign-in links, continues as the verified person, and is audited with ids only', async () => {
    const weak = await signedInByEmail(t, 'linker@example.com', { phone: '+380671110001' });
    const cabinet = await weak.get('/cabinet');
    assert.ok(cabinet.body.includes('Підтвердити особу через id.gov.ua'), 'the button is in the cabinet');
    const weakId = (await t.ctx.db.selectFrom('users').select('id').where('email', '=', 'linker@example.com').executeTakeFirstOrThrow()).id;

    const done = await weak.linkIdentityAs(demoPerson(demo.andrii).index);
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/cabinet');
    const after = await weak.get('/cabinet');
    assert.ok(after.body.includes('Перевірено через id.gov.ua'), 'the session is the verified person now');

    const strong = await t.ctx.db.selectFrom('users').select(['id', 'identity_key']).where('last_name', '=', 'Шевчук').executeTakeFirstOrThrow();
    const links = await t.ctx.db.selectFrom('identity_links').selectAll().where('weak_user_id', '=', weakId).execute();
    assert.ok(links.length >= 2, 'the e-mail key, the phone key and the account key are recorded');
    assert.ok(links.every((l) => l.identity_key === strong.identity_key && l.user_id === strong.id));

    const audit = await sql<{ after: unknown; actor_user_id: number }>`
      select after, actor_user_id from audit_log where action = 'identity.linked' and subject_id = ${String(weakId)}`.execute(t.ctx.db);
    assert.equal(audit.rows.length, 1);
    const text = JSON.stringify(audit.rows[0]!.after);
    assert.ok(text.includes(`"weakUserId":${weakId}`) && text.includes(`"userId":${strong.id}`));
    assert.ok(!text.includes('linker') && !text.includes('380671110001') && !text.includes(strong.identity_key!), 'no personal data');

    // A later e-mail sign-in of that account acts as the identity, and its cabinet says it is linked.
    const again = await signedInByEmail(t, 'linker@example.com', { phone: '+380671110001' });
    assert.ok((await again.get('/cabinet')).body.includes('повʼязано з особою'));
    const viewer = (await loadViewer(t.ctx.db, weakId))!;
    assert.equal((await personKeys(t.ctx, viewer)).personKey, strong.identity_key);
    // So does another e-mail with the same phone.
    await signedInByEmail(t, 'linker2@example.com', { phone: '+380671110001' });
    const other = await t.ctx.db.selectFrom('users').select('id').where('email', '=', 'linker2@example.com').executeTakeFirstOrThrow();
    assert.equal((await personKeys(t.ctx, (await loadViewer(t.ctx.db, other.id))!)).personKey, strong.identity_key);
  });

  test('a verified account cannot ask (403); a plain id.gov.ua sign-in from an e-mail session links nothing', async () => {
    const verified = await signedInAs(t, demo.olena);
    assert.equal((await verified.post('/auth/idgovua/start', {})).statusCode, 403);
    const weak = await signedInByEmail(t, 'nolink@example.com', { phone: '+380671110002' });
    await weak.signInAs(demoPerson(demo.olena).index);
    const n = await sql<{
      n: number;
    }>`select count(*)::int as n from identity_links l join users u on u.id = l.weak_user_id where u.email = 'nolink@example.com'`.execute(t.ctx.db);
    assert.equal(n.rows[0]!.n, 0);
  });

  test('a weak account already linked to someone else is not linked again', async () => {
    const weak = await signedInByEmail(t, 'linker@example.com', { phone: '+380671110001' });
    await weak.linkIdentityAs(demoPerson(demo.olena).index);
    const refused = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'identity.link-refused'`.execute(t.ctx.db);
    assert.equal(refused.rows[0]!.n, 1);
    const olena = await t.ctx.db
      .selectFrom('users')
      .select('identity_key')
      .where('first_name', '=', 'Олена')
      .where('last_name', '=', 'Коваленко')
      .executeTakeFirstOrThrow();
    const links = await t.ctx.db.selectFrom('identity_links').select('weak_key').where('identity_key', '=', olena.identity_key!).execute();
    assert.equal(links.length, 0);
  });
});
