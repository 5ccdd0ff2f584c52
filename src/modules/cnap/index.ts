/**
 * The ЦНАП site's public face. Other modules (the community site, the chat-bot's «Довідник», the e-queue)
 * read the offices and their hours through `cnapOffices`; the e-queue reads the services through
 * `cnapServices`, the self-service terminal the catalogue through `cnapCatalogue` and `cnapService`.
 */
import type { CoreContext } from '../../core/context.js';
import { findService, listOffices, listServices, listSituations } from './repository.js';
import { dayText, officeStatus, searchQuery, statusText, WEEK_ORDER, WEEKDAY_NAMES, type WeekHours } from './rules.js';

export { cnapModule } from './manifest.js';
/** The hours of an office on a Kyiv date (holidays, shortened eves), for the e-queue's slots. */
export { dayHours as officeHoursOn, type DayHours, type WeekHours } from './rules.js';

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

/** A service of the catalogue as the e-queue and the terminal show it. */
export interface CnapServiceSummary {
  id: number;
  code: string;
  name: string;
  /** Page of the service on the ЦНАП site. */
  path: string;
  applicants: string;
  documents: string;
  cost: string;
  term: string;
  result: string;
  /** Ids of the offices that provide it. */
  officeIds: number[];
}

type Place = { id: number; slug: string };

const serviceSummary = (community: Place, s: Awaited<ReturnType<typeof listServices>>[number]): CnapServiceSummary => ({
  id: s.id,
  code: s.code,
  name: s.name,
  path: `/${community.slug}/cnap/services/${s.id}`,
  applicants: s.applicants,
  documents: s.documents,
  cost: s.cost,
  term: s.term,
  result: s.result,
  officeIds: s.officeIds,
});

/** The community's services (not archived), by name, with the offices that provide each. */
export async function cnapServices(ctx: CoreContext, community: Place): Promise<CnapServiceSummary[]> {
  return (await listServices(ctx.db, community.id)).map((s) => serviceSummary(community, s));
}

/**
 * The catalogue by life situation (those with services), or, with `query`, the services its words find
 * (the same search as the ЦНАП site: inflected Ukrainian words).
 */
export async function cnapCatalogue(ctx: CoreContext, community: Place, query = ''): Promise<{ situation: string; services: CnapServiceSummary[] }[]> {
  if (query.trim()) {
    const tsquery = searchQuery(query);
    const found = tsquery ? await listServices(ctx.db, community.id, { tsquery }) : [];
    return found.length ? [{ situation: '', services: found.map((s) => serviceSummary(community, s)) }] : [];
  }
  const [situations, services] = await Promise.all([listSituations(ctx.db, community.id), listServices(ctx.db, community.id)]);
  return situations
    .map((g) => ({ situation: g.name, services: services.filter((x) => x.situationId === g.id).map((s) => serviceSummary(community, s)) }))
    .filter((g) => g.services.length > 0);
}

/** One service of the catalogue (not archived), or null. */
export async function cnapService(ctx: CoreContext, community: Place, id: number): Promise<CnapServiceSummary | null> {
  const s = await findService(ctx.db, community.id, id);
  return s && !s.archived ? serviceSummary(community, s) : null;
}
