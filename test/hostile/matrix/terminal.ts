/**
 * The self-service terminals: registered and revoked by the community's administrator and the national
 * moderator (and the moderator of the tool «cnap», not a role of this matrix: test/modules/terminal covers
 * it); a kiosk is paired by whoever holds a valid device key of this community, and its heartbeat is
 * authenticated by that key (a key of another community, or a revoked one, is refused).
 */
import { defineModule } from '../support/matrix.js';
import { communityId } from '../support/fixtures.js';
import { COMMUNITY_ADMINS } from '../support/roles.js';
import type { KeyRole } from '../support/roles.js';
import { registerTerminal, revokeTerminal } from '../../../src/modules/terminal/service.js';

interface Fx {
  toRevoke: number;
  pairKey: string;
  keys: Record<Exclude<KeyRole, 'no-key'>, string>;
}

const UNKNOWN_KEY = `vkt_00000000_${'A'.repeat(32)}`;

export default defineModule<Fx>({
  name: 'terminal',
  async setup({ t }) {
    const db = t.ctx.db;
    const now = t.clock.now();
    const lviv = await communityId(t, 'lviv');
    const make = async (slug: string, name: string) =>
      registerTerminal(
        db,
        { secretKey: t.ctx.config.secretKey, communityId: await communityId(t, slug), actorUserId: null, now },
        { name, place: 'Зал ЦНАП', officeId: null, codepage: 'cp866' },
      );
    const valid = await make('lviv', 'Термінал матриці');
    const pair = await make('lviv', 'Термінал для підключення');
    const revoked = await make('lviv', 'Старий термінал');
    await revokeTerminal(db, { communityId: lviv, terminalId: revoked.id, actorUserId: null, now });
    const foreign = await make('bila-tserkva', 'Термінал Білої Церкви');
    const toRevoke = await make('lviv', 'Термінал бібліотеки');
    return { toRevoke: toRevoke.id, pairKey: pair.key, keys: { 'valid-key': valid.key, 'revoked-key': revoked.key, 'foreign-key': foreign.key } };
  },
  entries: [
    {
      route: 'POST /:slug/manage/terminals',
      permission: 'terminal.manage',
      allowed: COMMUNITY_ADMINS,
      request: () => ({ url: '/lviv/manage/terminals', form: { name: 'Термінал у бібліотеці', place: 'вул. Зелена, 1', office_id: '', codepage: 'cp866' } }),
      harmless: () => ({ url: '/lviv/manage/terminals', form: { name: '', place: '', office_id: '', codepage: '' } }),
    },
    {
      route: 'POST /:slug/manage/terminals/:id/revoke',
      permission: 'terminal.manage',
      allowed: COMMUNITY_ADMINS,
      request: (fx) => ({ url: `/lviv/manage/terminals/${fx.toRevoke}/revoke`, form: {} }),
    },
    {
      route: 'POST /:slug/kiosk/pair',
      permission: 'terminal.pair',
      auth: 'secret',
      allowed: ['valid-secret'],
      refusedWith: { statuses: [403], why: 'an unknown device key is refused on the pairing form itself (403), which says so' },
      request: (fx, secret) => ({ url: '/lviv/kiosk/pair', form: { device_key: secret === 'valid-secret' ? fx.pairKey : UNKNOWN_KEY } }),
    },
    {
      route: 'POST /:slug/kiosk/heartbeat',
      permission: 'terminal.heartbeat',
      allowed: [],
      note: 'only a paired kiosk, by its HttpOnly device cookie (no role of the matrix holds one): test/modules/terminal pairs one and beats',
      request: () => ({ url: '/lviv/kiosk/heartbeat', json: { paper: 'ok' } }),
    },
    {
      route: 'POST /api/v1/communities/:slug/terminals/heartbeat',
      permission: 'terminal.heartbeat',
      auth: 'api-key',
      allowed: ['valid-key'],
      request: (fx, key) => ({
        url: '/api/v1/communities/lviv/terminals/heartbeat',
        headers: { ...(key === 'no-key' ? {} : { authorization: `Bearer ${fx.keys[key]}` }) },
        json: { paper: 'ok' },
      }),
    },
  ],
});
