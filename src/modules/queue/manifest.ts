/**
 * The e-queue (issue 24, point 1): booking a visit to a ЦНАП office ahead — windows and their services,
 * visit lengths, days off and the share kept for walk-ins set by the centre; free slots from the office's
 * hours (the ЦНАП site) and the working-day calendar; bookings with a code, a QR code and a calendar file.
 * The hall (walk-in tickets, the operator's calls, the display) builds on these tables later.
 */
import type { ModuleManifest } from '../../core/modules/manifest.js';
import { queueMigrations } from './migrations.js';
import { registerQueuePublicRoutes } from './routes/public.js';
import { registerQueueManageRoutes } from './routes/manage.js';
import { seedQueue } from './demo.js';
import { queueReminders, REMIND_JOB, sendReminder } from './service/reminders.js';
import { bookableAt, bookableServices, queueSetup } from './service.js';

export const queueModule: ModuleManifest = {
  id: 'queue',
  name: { uk: 'Електронна черга', en: 'E-queue' },
  migrations: queueMigrations,
  routes(app, ctx) {
    registerQueuePublicRoutes(app, ctx);
    registerQueueManageRoutes(app, ctx);
  },
  navigation: [{ label: { uk: 'Запис до ЦНАП', en: 'Book the ЦНАП' }, path: '/queue' }],
  manageLinks: [{ label: { uk: 'Електронна черга', en: 'E-queue' }, path: '/manage/queue' }],
  permissions: {
    'queue.book': {
      uk: 'Записатися до ЦНАП, перенести чи скасувати свій запис (кожна особа, що увійшла; лише свої записи)',
      en: 'Book a visit to the ЦНАП, move or cancel one’s own booking (everyone signed in; own bookings only)',
    },
    'queue.manage': {
      uk: 'Вести електронну чергу: вікна, їхні послуги, тривалість прийому, ліміти, вихідні (модератор інструменту «cnap» або адміністратор громади)',
      en: 'Run the e-queue: windows, their services, visit length, limits, days off (moderator of the tool «cnap» or community administrator)',
    },
  },
  jobs: { [REMIND_JOB]: sendReminder },
  /** Reminders the day before and an hour before a visit (service/reminders.ts). */
  async tick(ctx, now) {
    await queueReminders(ctx, now);
  },
  demo: seedQueue,
  /** The ЦНАП site's service and office pages link here when the service (or any at the office) is bookable. */
  async bookingLink(ctx, c, at) {
    const setup = await queueSetup(ctx, c, 'uk');
    const bookable = bookableServices(setup);
    if ('serviceId' in at) return bookable.some((s) => s.id === at.serviceId) ? `/${c.slug}/queue?service=${at.serviceId}` : null;
    return bookable.some((s) => bookableAt(setup, s.id, at.officeId)) ? `/${c.slug}/queue` : null;
  },
};
