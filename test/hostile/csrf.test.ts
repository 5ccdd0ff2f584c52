/**
 * Issue #10, point 5 (CSRF): every form the app accepts (urlencoded or multipart) refuses a request that
 * carries no token, or the token another browser was given, or comes as text/plain (all a page of
 * another site can make a browser send): 403 with a message that says what happened, and not one row of
 * the database changed. Each route is called by a signed-in role the matrix allows, with the matrix's
 * complete request, so a missing check would have let it through.
 *
 * Exempt by design are the routes that authenticate with a key instead of cookies: a browser never
 * attaches the key by itself, so another site cannot forge their requests. They are listed below with the
 * reason, and the test fails when a route turns CSRF off without being listed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { messageOf, prepare, type Prepared } from './support/matrix.js';
import { Actor, type CsrfMode, type Req } from './support/actors.js';
import { signedInByEmail } from '../helpers/weak-sign-in.js';
import { changedTables, fingerprint } from './support/fingerprint.js';
import { MATRIX } from './matrix/index.js';

const EXEMPT: Record<string, string> = {
  'POST /api/v1/channels/contests/:id/ballots':
    'the voting-channel API (terminals, chat-bots): JSON authenticated by the channel’s bearer key in the Authorization header; it reads no cookies',
  'POST /api/v1/communities/:slug/terminals/heartbeat':
    'a self-service terminal’s local agent: JSON authenticated by the device key as a bearer token in the Authorization header; it reads no cookies',
  'POST /open311/v2/:file': 'Open311 for partner apps: authenticated by the api_key field, which another site cannot know; it reads no cookies',
  'POST /bots/telegram/:community/:secret':
    'Telegram’s webhook: authenticated by the secret path and the X-Telegram-Bot-Api-Secret-Token header, which another site cannot know; it reads no cookies',
  'POST /bots/platform/telegram/:secret':
    'the platform Telegram bot’s webhook: authenticated like a community bot’s, by the secret path and the X-Telegram-Bot-Api-Secret-Token header; it reads no cookies',
  'POST /bots/platform/viber/:secret':
    'the platform Viber bot’s webhook: authenticated like a community Viber bot’s, by the secret path and the X-Viber-Content-Signature of the body; it reads no cookies',
  'POST /bots/viber/:community/:secret':
    'Viber’s webhook: authenticated by the secret path and the X-Viber-Content-Signature header (HMAC of the body with the bot’s token), which another site cannot make; it reads no cookies',
  'POST /unsubscribe/:token':
    'RFC 8058 one-click unsubscribe, posted by mail clients without cookies: the token from the letter is the authority, and it can only stop letters',
};

/** Forms only an e-mail-level account may send (every matrix role is verified through id.gov.ua). */
const EMAIL_LEVEL_ONLY = new Set(['POST /auth/idgovua/start']);

const CSRF_MESSAGE = /Форма застаріла або надіслана не з цього сайту/;

interface Attempt {
  route: string;
  how: string;
  res: LightMyRequestResponse;
}

describe('CSRF: every form refuses a missing or foreign token', () => {
  let p: Prepared;
  const attempts: Attempt[] = [];
  let changed: string[] = [];
  const covered = new Set<string>();

  before(async () => {
    p = await prepare(MATRIX);
    const setupErrors = p.modules.filter((m) => m.setupError).map((m) => `${m.m.name}: ${m.setupError}`);
    if (setupErrors.length) throw new Error(setupErrors.join('\n'));
    const forms = new Set(p.routes.filter((r) => r.csrf).map((r) => r.key));
    // No matrix role signs in by e-mail, so the one who may use the e-mail-level forms is signed in here,
    // before the fingerprint (signing in writes rows).
    const stranger = p.t.browser();
    const weak = new Actor('resident', p.t, await signedInByEmail(p.t, 'csrf-weak@example.com', { phone: '+380671119999' }), '10.77.99.10', null, () =>
      stranger.csrfToken(),
    );
    const before = await fingerprint(p.t.ctx.db);
    for (const { entries, fx } of p.modules) {
      for (const e of entries) {
        if (!forms.has(e.route)) continue;
        let actor: Actor;
        let req: Req;
        if (e.auth === 'api-key') continue;
        if (e.auth === 'secret') {
          // The secret link is the holder's; a signed-in resident holding it is the case to forge.
          actor = p.c.actors.resident;
          req = e.request(fx, 'valid-secret');
        } else {
          const role = e.allowed.find((r) => r !== 'anonymous');
          if (role) {
            actor = p.c.actors[role];
            req = e.request(fx, role);
          } else if (EMAIL_LEVEL_ONLY.has(e.route)) {
            actor = weak;
            req = e.request(fx, 'resident');
          } else {
            // No matrix role may use it (e.g. it needs a confirmed e-mail): the CSRF check comes before
            // any other, so a forged form from a signed-in resident must still be refused as forged.
            actor = p.c.actors.resident;
            req = e.request(fx, 'resident');
          }
        }
        covered.add(e.route);
        const variants: [string, Req, CsrfMode][] = [
          ['no token', req, 'none'],
          ['another browser’s token', req, 'foreign'],
          ['text/plain with another browser’s token', { ...req, files: undefined, textPlain: true }, 'foreign'],
        ];
        for (const [how, r, mode] of variants) attempts.push({ route: e.route, how, res: await actor.send(r, mode) });
      }
    }
    changed = changedTables(before, await fingerprint(p.t.ctx.db));
  });
  after(async () => p?.t.close());

  test('routes that take no browser forms are exactly the listed exemptions', () => {
    const off = p.routes
      .filter((r) => !r.csrf)
      .map((r) => r.key)
      .sort();
    assert.deepEqual(off, Object.keys(EXEMPT).sort(), 'a route turned CSRF off without a stated reason (add it to EXEMPT only if it reads no cookies)');
  });

  test('every form-accepting route is tried (each has a matrix entry with a signed-in caller)', () => {
    const missing = p.routes.filter((r) => r.csrf && !covered.has(r.key)).map((r) => r.key);
    assert.deepEqual(missing, [], `forms not tried:\n  ${missing.join('\n  ')}`);
  });

  test('each attempt is refused with 403 and a message saying the form is stale or from elsewhere', () => {
    const wrong = attempts
      .filter((a) => a.res.statusCode !== 403 || !CSRF_MESSAGE.test(a.res.body))
      .map((a) => `${a.route} (${a.how}): ${a.res.statusCode} «${messageOf(a.res)}»`);
    assert.ok(attempts.length > 0);
    assert.deepEqual(wrong, [], `${wrong.length} forged requests were not refused as CSRF:\n  ${wrong.join('\n  ')}`);
  });

  test('the refused attempts changed nothing stored (every session still signed in)', () => {
    assert.deepEqual(changed, []);
  });
});
