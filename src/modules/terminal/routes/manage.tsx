/** Management of the terminals: the list (online, paper, activity), registering one (its key shown once), revoking. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { communityOr404, idOr404, queryString } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { HttpError, notFound } from '../../../core/http/errors.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import { addDaysToLocalDate, kyivDateOf } from '../../../core/calendar/index.js';
import type { Community } from '../../../core/communities/community.js';
import type { Viewer } from '../../../core/users/viewer.js';
import { cnapOffices } from '../../cnap/index.js';
import { terminalManagerOf } from '../access.js';
import { activitySince, findTerminal, listTerminals } from '../repository.js';
import { readTerminalForm } from '../forms.js';
import { registerTerminal, revokeTerminal } from '../service.js';
import { ticketEscPos } from '../printer/escpos.js';
import { TerminalsPage, terminalsBase } from '../views/manage.js';
import { TicketPage, sampleTicket } from '../views/ticket.js';

type P = { slug: string };
type PI = { slug: string; id: string };
const PERMISSION = 'terminal.manage';
/** Activity is shown for the last seven Kyiv days, today included. */
const ACTIVITY_DAYS = 7;

export function registerTerminalManageRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const manager = async (req: FastifyRequest<{ Params: P }>): Promise<{ c: Community; v: Viewer }> => {
    const c = await communityOr404(ctx, req.params.slug);
    return { c, v: terminalManagerOf(req, c) };
  };
  const limit = async (v: Viewer, lang: 'uk' | 'en') => {
    const r = await hitRateLimit(ctx.db, { key: `terminal:user:${v.id}`, max: 60, windowSeconds: 3600 }, ctx.clock.now());
    if (!r.allowed) throw new HttpError(429, 'rate_limited', lang === 'uk' ? 'Забагато змін за годину.' : 'Too many changes this hour.');
  };
  const render = async (req: FastifyRequest, c: Community, extra: Partial<Parameters<typeof TerminalsPage>[0]> = {}) => {
    const now = ctx.clock.now();
    const [terminals, offices, activity] = await Promise.all([
      listTerminals(ctx.db, c.id),
      cnapOffices(ctx, c, req.lang),
      activitySince(ctx.db, c.id, addDaysToLocalDate(kyivDateOf(now), -(ACTIVITY_DAYS - 1))),
    ]);
    const p = await pageCtx(ctx, req, c);
    return TerminalsPage({
      p,
      c,
      now,
      terminals,
      offices,
      activity,
      form: { values: { codepage: 'cp866' }, errors: {} },
      newKey: null,
      notice: null,
      ...extra,
    });
  };

  app.get<{ Params: P }>('/:slug/manage/terminals', async (req, reply) => {
    const { c } = await manager(req);
    const notice = queryString(req, 'revoked') ? (req.lang === 'uk' ? 'Термінал відкликано.' : 'The terminal is revoked.') : null;
    return sendHtml(reply, await render(req, c, { notice }));
  });

  app.post<{ Params: P }>('/:slug/manage/terminals', { config: { permission: PERMISSION } }, async (req, reply) => {
    const { c, v } = await manager(req);
    const offices = await cnapOffices(ctx, c, req.lang);
    const r = readTerminalForm(
      req.body,
      req.lang,
      offices.map((o) => o.id),
    );
    if (!r.fields) return sendHtml(reply, await render(req, c, { form: r.form }), 400);
    await limit(v, req.lang);
    const made = await registerTerminal(ctx.db, { secretKey: ctx.config.secretKey, communityId: c.id, actorUserId: v.id, now: ctx.clock.now() }, r.fields);
    // The key is shown on this answer only: it is stored as a keyed hash and cannot be shown again.
    reply.header('cache-control', 'no-store');
    return sendHtml(reply, await render(req, c, { newKey: { id: made.id, name: r.fields.name, key: made.key } }), 201);
  });

  app.post<{ Params: PI }>('/:slug/manage/terminals/:id/revoke', { config: { permission: PERMISSION } }, async (req, reply) => {
    const { c, v } = await manager(req);
    const id = idOr404(req.params.id);
    if (!(await findTerminal(ctx.db, c.id, id))) throw notFound(req.lang === 'uk' ? 'Такого термінала немає.' : 'No such terminal.');
    await limit(v, req.lang);
    await revokeTerminal(ctx.db, { communityId: c.id, terminalId: id, actorUserId: v.id, now: ctx.clock.now() });
    return reply.redirect(`${terminalsBase(c)}?revoked=1`, 303);
  });

  // A sample ticket, to set up and check the printer: the printable page and the ESC/POS bytes.
  const sampleOf = async (req: FastifyRequest<{ Params: PI }>) => {
    const { c } = await manager(req);
    const t = await findTerminal(ctx.db, c.id, idOr404(req.params.id));
    if (!t) throw notFound(req.lang === 'uk' ? 'Такого термінала немає.' : 'No such terminal.');
    const office = (await cnapOffices(ctx, c, req.lang)).find((o) => o.id === t.officeId)?.name ?? t.place;
    return { c, t, ticket: sampleTicket(office, ctx.clock.now()) };
  };
  app.get<{ Params: PI }>('/:slug/manage/terminals/:id/sample-ticket', async (req, reply) => {
    const { c, ticket } = await sampleOf(req);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await TicketPage({ p, ticket, sample: true, back: terminalsBase(c) }));
  });
  app.get<{ Params: PI }>('/:slug/manage/terminals/:id/sample-ticket.bin', async (req, reply) => {
    const { t, ticket } = await sampleOf(req);
    return reply
      .type('application/octet-stream')
      .header('content-disposition', `attachment; filename="ticket-sample-${t.id}.bin"`)
      .send(Buffer.from(ticketEscPos(ticket, t.codepage)));
  });
}
