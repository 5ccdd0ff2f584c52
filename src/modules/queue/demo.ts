/**
 * Demo e-queue: Lviv's ЦНАП offices get windows and a few bookable services. The centre has two windows
 * that take online bookings and one kept for walk-ins; every other office one of each. Lviv already having
 * windows leaves it alone, so running it again changes nothing.
 */
import type { CoreContext } from '../../core/context.js';
import { cnapOffices, cnapServices } from '../cnap/index.js';
import { communitiesWithWindows, insertWindow, setQueueService, setWindowServices } from './repository.js';

/** Service code → visit length in minutes. */
const BOOKABLE: Record<string, number> = {
  'id-card': 20,
  'residence-registration': 15,
  'birth-registration': 20,
  'housing-subsidy': 30,
  'fop-registration': 15,
};

/** What the centre's first window gives: documents and registration. */
const PASSPORT_DESK = ['id-card', 'residence-registration'];

export async function seedQueue(ctx: CoreContext): Promise<void> {
  const c = await ctx.db.selectFrom('communities').select(['id', 'slug']).where('slug', '=', 'lviv').executeTakeFirst();
  if (!c || (await communitiesWithWindows(ctx.db)).has(c.id)) return;
  const services = (await cnapServices(ctx, c)).filter((s) => s.code in BOOKABLE);
  const offices = await cnapOffices(ctx, c);
  if (!services.length || !offices.length) return;
  for (const s of services) await setQueueService(ctx.db, c.id, s.id, { visitMinutes: BOOKABLE[s.code]!, weeklyLimit: 1 });
  for (const o of offices) {
    const here = services.filter((s) => s.officeIds.includes(o.id)).map((s) => s.id);
    if (!here.length) continue;
    const plan =
      o.kind === 'centre'
        ? [
            { name: 'Вікно 1', online: true, services: services.filter((s) => PASSPORT_DESK.includes(s.code) && here.includes(s.id)).map((s) => s.id) },
            { name: 'Вікно 2', online: true, services: here },
            { name: 'Вікно 3', online: false, services: here },
          ]
        : [
            { name: 'Вікно 1', online: true, services: here },
            { name: 'Вікно 2', online: false, services: here },
          ];
    for (const w of plan) {
      const id = await insertWindow(ctx.db, c.id, { officeId: o.id, name: w.name, online: w.online, active: true });
      await setWindowServices(ctx.db, id, w.services);
    }
  }
}
