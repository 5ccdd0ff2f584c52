/**
 * The ЦНАП site's public face. Other modules (the community site, the chat-bot's «Довідник», the e-queue)
 * read the offices and their hours through `cnapOffices`.
 */
import type { CoreContext } from '../../core/context.js';
import { listOffices } from './repository.js';
import { dayText, officeStatus, statusText, WEEK_ORDER, WEEKDAY_NAMES, type WeekHours } from './rules.js';

export { cnapModule } from './manifest.js';

export interface CnapOfficeSummary {
  id: number;
  name: string;
  kind: 'centre' | 'remote';
  address: string;
  /** Where it is on the map, when the office has coordinates. */
  lat: number | null;
  lng: number | null;
  phone: string;
  email: string;
  /** Page of the office on the ЦНАП site. */
  path: string;
  hours: WeekHours;
  /** Weekly hours as lines, Monday first: «Понеділок: 09:00–18:00». */
  hoursLines: string[];
  /** Whether it is open at the clock's now (Kyiv time, holidays of the calendar) and the line to show. */
  openNow: boolean;
  status: string;
}

/** The community's offices (not archived) with hours and today's status, in the given language. */
export async function cnapOffices(ctx: CoreContext, community: { id: number; slug: string }, lang: 'uk' | 'en' = 'uk'): Promise<CnapOfficeSummary[]> {
  const now = ctx.clock.now();
  return (await listOffices(ctx.db, community.id)).map((o) => {
    const status = officeStatus(o.hours, now, ctx.calendar);
    return {
      id: o.id,
      // The English version when asked for and there is one (an empty one falls back to Ukrainian).
      name: (lang === 'en' && o.en.name) || o.name,
      kind: o.kind,
      address: (lang === 'en' && o.en.address) || o.address,
      lat: o.lat,
      lng: o.lng,
      phone: o.phone,
      email: o.email,
      path: `/${community.slug}/cnap/offices/${o.id}`,
      hours: o.hours,
      hoursLines: WEEK_ORDER.map((d) => `${WEEKDAY_NAMES[d][lang]}: ${dayText(o.hours[d], lang)}`),
      openNow: status.open,
      status: statusText(status, lang),
    };
  });
}
