/**
 * Reminders of a booking, the day before and an hour before: the tick marks each due reminder sent and
 * queues the job `queue.remind` in one transaction (so however many instances tick, each reminder is
 * queued once); the job writes the letter (the core's mail outbox) and tells the chats the person linked
 * to the community's bot.
 */
import type { CoreContext } from '../../../core/context.js';
import { enqueueJob } from '../../../core/jobs/queue.js';
import { queueMail } from '../../../core/mail/mailer.js';
import { composeMail } from '../../../core/mail/templates.js';
import { findCommunityById } from '../../../core/communities/communities-repository.js';
import { pick, type Text } from '../../../core/i18n/index.js';
import { cnapOffices, cnapServices } from '../../cnap/index.js';
import { sendToPerson } from '../../chatbot/index.js';
import { contactOf, findBookingById, markReminded, remindersPending } from '../repository.js';
import { kyivTime, reminderDue, type ReminderKind } from '../rules.js';
import { whenLabel } from '../views/parts.js';

export const REMIND_JOB = 'queue.remind';

/** The tick: queue every reminder due now, each once. */
export async function queueReminders(ctx: CoreContext, now: Date): Promise<number> {
  let queued = 0;
  for (const b of await remindersPending(ctx.db, now)) {
    const kind = reminderDue(b, now);
    if (!kind) continue;
    const marked = await ctx.db.transaction().execute(async (trx) => {
      if (!(await markReminded(trx, b.id, kind, now))) return false;
      // The hour-before reminder makes a day-before one still unsent pointless.
      if (kind === 'hour') await markReminded(trx, b.id, 'day', now);
      // The start is part of the key: a booking moved to another time is reminded of again.
      await enqueueJob(
        trx,
        REMIND_JOB,
        { bookingId: b.id, kind, start: b.start.toISOString() },
        { runAt: now, dedupeKey: `queue-remind:${b.id}:${kind}:${b.start.getTime()}`, maxAttempts: 3 },
      );
      return true;
    });
    if (marked) queued++;
  }
  return queued;
}

const isKind = (v: unknown): v is ReminderKind => v === 'day' || v === 'hour';

/** The job: the letter and the chat message of one reminder (nothing when the booking was cancelled or moved since). */
export async function sendReminder(ctx: CoreContext, payload: Record<string, unknown>): Promise<void> {
  const { bookingId, kind, start } = payload;
  if (typeof bookingId !== 'number' || !isKind(kind)) return;
  const b = await findBookingById(ctx.db, bookingId);
  // Cancelled, or moved since (the new time has reminders of its own).
  if (!b || b.status !== 'booked' || b.start.toISOString() !== start) return;
  const c = await findCommunityById(ctx.db, b.communityId);
  const person = await contactOf(ctx.db, b.userId);
  if (!c || !person) return;
  const [services, offices] = await Promise.all([cnapServices(ctx, c), cnapOffices(ctx, c, person.lang)]);
  const service = services.find((s) => s.id === b.serviceId)?.name ?? '';
  const office = offices.find((o) => o.id === b.officeId);
  const where = office ? `${office.name}, ${office.address}; ${b.windowName}` : b.windowName;
  const lead: Text =
    kind === 'day'
      ? { uk: `Нагадуємо: завтра у вас запис до ЦНАП.`, en: 'A reminder: you have a ЦНАП visit tomorrow.' }
      : { uk: `Нагадуємо: за годину у вас запис до ЦНАП.`, en: 'A reminder: your ЦНАП visit is in an hour.' };
  const lines = (lang: 'uk' | 'en') => [
    pick(lead, lang),
    `${service}.`,
    pick({ uk: `Коли: ${whenLabel(b.start, 'uk')}–${kyivTime(b.end)}.`, en: `When: ${whenLabel(b.start, 'en')}–${kyivTime(b.end)}.` }, lang),
    pick({ uk: `Де: ${where}.`, en: `Where: ${where}.` }, lang),
    pick({ uk: `Код запису: ${b.code}.`, en: `Booking code: ${b.code}.` }, lang),
  ];
  const link = `${ctx.config.publicUrl}/${c.slug}/queue/bookings/${b.code}`;
  if (person.email) {
    const lang = person.lang;
    const subject = pick({ uk: `Нагадування про запис до ЦНАП: ${b.code}`, en: `ЦНАП booking reminder: ${b.code}` }, lang);
    await queueMail(
      ctx.db,
      person.email,
      composeMail(subject, lines(lang), { label: pick({ uk: 'Перенести чи скасувати', en: 'Move or cancel' }, lang), href: link }),
      ctx.clock.now(),
    );
  }
  await sendToPerson(ctx, c, b.userId, { uk: [...lines('uk'), link].join('\n'), en: [...lines('en'), link].join('\n') });
}
