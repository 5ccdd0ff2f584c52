/**
 * iCalendar (RFC 5545) files of deadlines: a contest's phases, a consultation's term, a petition's end of
 * collection, and a community's upcoming ones together. Times are instants written in UTC (`…Z`), which
 * every calendar shows in its owner's zone; the calendar names Europe/Kyiv as its zone for readers that
 * show one.
 */
import ical from 'ical-generator';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../context.js';
import { sendCacheable } from '../http/cache.js';
import { KYIV_TIME_ZONE } from '../calendar/kyiv-time.js';
import { xmlText } from './feeds.js';

/** One deadline or moment, e.g. «Голосування завершується». */
export interface CalendarEvent {
  /** Stable for the event, unique on the platform, e.g. `budget-contest-3-voting-ends`. */
  key: string;
  summary: string;
  start: Date;
  /** For a period; a moment (a deadline) has none. */
  end?: Date;
  description?: string;
  /** Path of the page the event belongs to, e.g. `/lviv/budget/3`. */
  path: string;
}

export interface CalendarSource {
  name: string;
  events: CalendarEvent[];
}

/** Strips what neither XML nor a calendar line may hold; the library folds and escapes the rest. */
const calText = xmlText;

export function renderCalendar(source: CalendarSource, publicUrl: string): string {
  const host = new URL(publicUrl).hostname;
  const cal = ical({
    name: calText(source.name),
    prodId: { company: 'Viche', product: 'Viche', language: 'UK' },
  });
  // Only a hint for readers that show a calendar's zone: the events are in UTC, so no VTIMEZONE is needed
  // (a calendar-wide `timezone` would make the library write them as floating local times).
  cal.x([['X-WR-TIMEZONE', KYIV_TIME_ZONE]]);
  const events = [...source.events].sort((a, b) => a.start.getTime() - b.start.getTime() || a.key.localeCompare(b.key));
  for (const e of events) {
    cal.createEvent({
      id: `${e.key}@${host}`,
      // The stamp is the event's own moment, not the request's: an unchanged calendar gives the same bytes.
      stamp: e.start,
      start: e.start,
      ...(e.end ? { end: e.end } : {}),
      timezone: null,
      summary: calText(e.summary),
      ...(e.description ? { description: calText(e.description) } : {}),
      url: `${publicUrl}${e.path}`,
    });
  }
  // RFC 5545 ends every line, the last one too, with CRLF; the library leaves the last one bare.
  return `${cal.toString()}\r\n`;
}

function sendCalendar(req: FastifyRequest, reply: FastifyReply, body: string, fileName: string): FastifyReply {
  reply.header('content-disposition', `inline; filename="${fileName}"`);
  return sendCacheable(req, reply, body, 'text/calendar; charset=utf-8', 300);
}

/**
 * Serves a calendar at `path` (a route pattern ending in `.ics`, e.g. `/:slug/budget/:id/calendar.ics`).
 * `load` answers 404 itself for what does not exist.
 */
export function registerCalendar<P extends Record<string, string>>(
  app: FastifyInstance,
  ctx: CoreContext,
  path: string,
  fileName: (req: FastifyRequest<{ Params: P }>) => string,
  load: (req: FastifyRequest<{ Params: P }>) => Promise<CalendarSource>,
): void {
  app.get<{ Params: P }>(path, async (req, reply) => {
    const source = await load(req);
    return sendCalendar(req, reply, renderCalendar(source, ctx.config.publicUrl), fileName(req));
  });
}
