/**
 * The e-queue for residents: choose a service, an office, a day and a time (plain links and one form),
 * book it signed in, see one's bookings, cancel or move one, take its calendar file.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import type { Viewer } from '../../../core/users/viewer.js';
import { communityOr404, queryString, requireViewer, routeId } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { field } from '../../../core/http/form-parser.js';
import { HttpError, notFound } from '../../../core/http/errors.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import { pick, type Lang } from '../../../core/i18n/index.js';
import { kyivDateOf } from '../../../core/calendar/index.js';
import { renderCalendar } from '../../../core/feeds/calendars.js';
import { qrPath, qrSymbol } from '../../../core/views/qr.js';
import { bookingsOfPerson, findBooking, type Booking } from '../repository.js';
import { BOOKING_CODE_RE, bookableDays } from '../rules.js';
import { dateOf, instantOf } from '../forms.js';
import {
  book,
  bookableAt,
  bookableServices,
  cancelBooking,
  daysWithSlots,
  HORIZON_DAYS,
  ownsBooking,
  queueSetup,
  slotsOn,
  type BookRefusal,
  type QueueSetup,
} from '../service.js';
import { personKeys } from '../../../core/identity/person-key.js';
import { BookPage, type Step } from '../views/book.js';
import { BookingPage, BookingsPage, type BookingView } from '../views/bookings.js';
import { bookingsBase } from '../views/parts.js';

type P = { Params: { slug: string } };
type PC = { Params: { slug: string; code: string } };
const PERMISSION = 'queue.book';

const REFUSALS: Record<BookRefusal, { uk: string; en: string }> = {
  taken: { uk: 'Цей час уже зайняли або він минув. Оберіть інший.', en: 'This time has just been taken or has passed. Choose another.' },
  weekly: {
    uk: 'Ви вже маєте стільки записів на цю послугу цього тижня, скільки дозволено. Скасуйте або перенесіть наявний.',
    en: 'You already have as many bookings for this service this week as allowed. Cancel or move the one you have.',
  },
  overlap: { uk: 'На цей час у вас уже є інший запис.', en: 'You already have another booking at this time.' },
};

export function registerQueuePublicRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const limit = async (v: Viewer, lang: Lang) => {
    const r = await hitRateLimit(ctx.db, { key: `queue:user:${v.id}`, max: 30, windowSeconds: 3600 }, ctx.clock.now());
    if (!r.allowed) throw new HttpError(429, 'rate_limited', pick({ uk: 'Забагато змін за годину.', en: 'Too many changes this hour.' }, lang));
  };

  /** The step a query (or a refused form) names; anything unknown is simply not chosen. */
  const stepOf = (s: QueueSetup, q: { service: string; office: string; day: string; move: string | null }): Step => {
    const service = bookableServices(s).find((x) => x.id === routeId(q.service)) ?? null;
    const office = service ? (s.offices.find((o) => o.id === routeId(q.office) && bookableAt(s, service.id, o.id)) ?? null) : null;
    const day = office ? dateOf(q.day) : null;
    return { service, office, day: day && bookableDays(kyivDateOf(ctx.clock.now()), HORIZON_DAYS).includes(day) ? day : null, move: q.move };
  };

  const renderBook = async (req: FastifyRequest, reply: FastifyReply, c: Community, s: QueueSetup, step: Step, notice: string | null, status = 200) => {
    const services = bookableServices(s);
    const offices = step.service ? s.offices.filter((o) => bookableAt(s, step.service!.id, o.id)) : [];
    const days = step.service && step.office && !step.day ? await daysWithSlots(ctx, s, step.service.id, step.office.id) : [];
    const slots = step.service && step.office && step.day ? await slotsOn(ctx, s, step.service.id, step.office.id, step.day) : [];
    reply.header('cache-control', 'private, no-store');
    return sendHtml(reply, await BookPage({ p: await pageCtx(ctx, req, c), c, step, services, offices, days, slots, notice }), status);
  };

  /** The viewer's own booking by its code; anyone else's is not found. */
  const ownBooking = async (req: FastifyRequest<PC>, c: Community, v: Viewer): Promise<Booking> => {
    const code = req.params.code.toUpperCase();
    const b = BOOKING_CODE_RE.test(code) ? await findBooking(ctx.db, c.id, code) : null;
    if (!b || !(await ownsBooking(ctx, v, b))) throw notFound(pick({ uk: 'Такого запису немає.', en: 'No such booking.' }, req.lang));
    return b;
  };

  const viewOf = (s: QueueSetup, b: Booking): BookingView => {
    const office = s.offices.find((o) => o.id === b.officeId);
    return {
      b,
      serviceName: s.services.find((x) => x.id === b.serviceId)?.name ?? '—',
      officeName: office?.name ?? '—',
      officeAddress: office?.address ?? '',
      live: b.status === 'booked' && b.start > ctx.clock.now(),
    };
  };

  app.get<P>('/:slug/queue', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const s = await queueSetup(ctx, c, req.lang);
    const move = queryString(req, 'move').toUpperCase();
    const step = stepOf(s, {
      service: queryString(req, 'service'),
      office: queryString(req, 'office'),
      day: queryString(req, 'day'),
      move: BOOKING_CODE_RE.test(move) ? move : null,
    });
    return renderBook(req, reply, c, s, step, null);
  });

  /** Books (or moves `moving` to) the posted time; a refusal shows the times again with the reason. */
  const submit = async (req: FastifyRequest<P>, reply: FastifyReply, c: Community, v: Viewer, moving: Booking | null) => {
    const s = await queueSetup(ctx, c, req.lang);
    const start = instantOf(field(req.body, 'start'));
    const step = stepOf(s, {
      service: field(req.body, 'service_id'),
      office: field(req.body, 'office_id'),
      day: start ? kyivDateOf(start) : '',
      move: moving?.code ?? null,
    });
    if (!step.service || !step.office || !start)
      return renderBook(req, reply, c, s, step, pick({ uk: 'Оберіть послугу, офіс і час.', en: 'Choose a service, an office and a time.' }, req.lang), 400);
    if (moving && moving.serviceId !== step.service.id) throw notFound();
    await limit(v, req.lang);
    const r = await book(ctx, c, v, { serviceId: step.service.id, officeId: step.office.id, start }, moving);
    if ('refusal' in r) return renderBook(req, reply, c, s, step, pick(REFUSALS[r.refusal], req.lang), 409);
    return reply.redirect(`${bookingsBase(c)}/${r.code}?done=${moving ? 'moved' : 'booked'}`, 303);
  };

  app.post<P>('/:slug/queue/bookings', { config: { permission: PERMISSION } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireViewer(req, pick({ uk: 'Увійдіть, щоб записатися.', en: 'Sign in to book.' }, req.lang));
    return submit(req, reply, c, v, null);
  });

  app.post<PC>('/:slug/queue/bookings/:code/move', { config: { permission: PERMISSION } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireViewer(req);
    const b = await ownBooking(req, c, v);
    if (b.status !== 'booked' || b.start <= ctx.clock.now())
      throw new HttpError(409, 'conflict', pick({ uk: 'Цей запис уже не можна перенести.', en: 'This booking can no longer be moved.' }, req.lang));
    return submit(req, reply, c, v, b);
  });

  app.post<PC>('/:slug/queue/bookings/:code/cancel', { config: { permission: PERMISSION } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireViewer(req);
    const b = await ownBooking(req, c, v);
    if (b.status !== 'booked' || b.start <= ctx.clock.now())
      throw new HttpError(409, 'conflict', pick({ uk: 'Цей запис уже не можна скасувати.', en: 'This booking can no longer be cancelled.' }, req.lang));
    await limit(v, req.lang);
    await cancelBooking(ctx, c, v, b);
    return reply.redirect(`${bookingsBase(c)}?done=cancelled`, 303);
  });

  app.get<P>('/:slug/queue/bookings', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireViewer(req, pick({ uk: 'Увійдіть, щоб побачити свої записи.', en: 'Sign in to see your bookings.' }, req.lang));
    const [s, { personKey }] = await Promise.all([queueSetup(ctx, c, req.lang), personKeys(ctx, v)]);
    const list = (await bookingsOfPerson(ctx.db, c.id, personKey)).map((b) => viewOf(s, b));
    const notice = queryString(req, 'done') === 'cancelled' ? pick({ uk: 'Запис скасовано.', en: 'The booking is cancelled.' }, req.lang) : null;
    reply.header('cache-control', 'private, no-store');
    return sendHtml(reply, await BookingsPage({ p: await pageCtx(ctx, req, c), c, list, notice }));
  });

  app.get<PC>('/:slug/queue/bookings/:code', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireViewer(req);
    const b = await ownBooking(req, c, v);
    const s = await queueSetup(ctx, c, req.lang);
    const qr = qrSymbol(`${ctx.config.publicUrl}${bookingsBase(c)}/${b.code}`);
    const done = queryString(req, 'done');
    const notice =
      done === 'booked'
        ? pick({ uk: `Ви записані. Ваш код — ${b.code}.`, en: `You are booked. Your code is ${b.code}.` }, req.lang)
        : done === 'moved'
          ? pick({ uk: 'Запис перенесено.', en: 'The booking is moved.' }, req.lang)
          : null;
    reply.header('cache-control', 'private, no-store');
    return sendHtml(reply, await BookingPage({ p: await pageCtx(ctx, req, c), c, v: viewOf(s, b), qr: { path: qrPath(qr), side: qr.size + 8 }, notice }));
  });

  app.get<PC>('/:slug/queue/bookings/:code/calendar.ics', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireViewer(req);
    const b = await ownBooking(req, c, v);
    const view = viewOf(await queueSetup(ctx, c, 'uk'), b);
    const events =
      b.status === 'booked'
        ? [
            {
              key: `queue-booking-${b.code}`,
              summary: `ЦНАП: ${view.serviceName}`,
              start: b.start,
              end: b.end,
              description: `Код запису ${b.code}. ${view.officeName}, ${view.officeAddress}; ${b.windowName}.`,
              path: `${bookingsBase(c)}/${b.code}`,
            },
          ]
        : [];
    return reply
      .type('text/calendar; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="cnap-${b.code}.ics"`)
      .send(renderCalendar({ name: `ЦНАП: запис ${b.code}`, events }, ctx.config.publicUrl));
  });
}
