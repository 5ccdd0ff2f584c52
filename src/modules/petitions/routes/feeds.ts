/**
 * The petitions' feed (one feed of a community's petition events: published, reached the threshold and
 * went to the council, answered; readers follow one address and see each step) and calendars (the end of
 * a petition's collection; the community's upcoming ends for the core's community calendar).
 */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { communityOr404, queryString } from '../../../core/http/route-helpers.js';
import { registerFeed, type FeedEntry } from '../../../core/feeds/feeds.js';
import type { FollowEvent } from '../../../core/modules/manifest.js';
import { registerCalendar, type CalendarEvent } from '../../../core/feeds/calendars.js';
import { notFound } from '../../../core/http/errors.js';
import { plural } from '../../../core/i18n/index.js';
import { collectingUntilAfter, loadCategories, petitionsForFeed, type PetitionRow } from '../repository.js';
import { rowTimes, stateAt, STATUS_LABELS } from '../rules.js';
import { petitionOr404 } from './public.js';

const SIGNATURES = { uk: ['підпис', 'підписи', 'підписів'], en: ['signature', 'signatures'] } as const;

function signaturesLine(r: PetitionRow): string {
  return `${plural(r.signature_count, { uk: [...SIGNATURES.uk], en: [...SIGNATURES.en] }, 'uk')} з ${r.signature_threshold} потрібних`;
}

/** The events of one petition that a reader of the feed is told about. */
function petitionEntries(ctx: CoreContext, c: Community, r: PetitionRow, now: Date): FeedEntry[] {
  const path = `/${c.slug}/petitions/${r.id}`;
  const s = stateAt(rowTimes(r), now, ctx.calendar);
  const out: FeedEntry[] = [];
  if (r.published_at)
    out.push({
      key: `petition-${r.id}-published`,
      title: `Нова петиція: ${r.title}`,
      path,
      at: r.published_at,
      summary: `${STATUS_LABELS[s.status].uk}. ${signaturesLine(r)}.`,
    });
  if (s.considerationStartedAt && s.considerationStartedAt <= now)
    out.push({
      key: `petition-${r.id}-threshold`,
      title: `Петиція набрала потрібні підписи й передана на розгляд: ${r.title}`,
      path,
      at: s.considerationStartedAt,
      summary: signaturesLine(r),
    });
  if (r.answered_at)
    out.push({ key: `petition-${r.id}-answered`, title: `Відповідь на петицію: ${r.title}`, path, at: r.answered_at, summary: STATUS_LABELS.answered.uk });
  return out;
}

function collectionEnd(c: Community, r: PetitionRow): CalendarEvent[] {
  if (!r.collection_ends_at) return [];
  return [
    {
      key: `petition-${r.id}-collection-ends`,
      summary: `Завершення збору підписів: ${r.title}`,
      start: r.collection_ends_at,
      path: `/${c.slug}/petitions/${r.id}`,
    },
  ];
}

/** Ends of collection still ahead in a community (the manifest's `deadlines`). */
export async function petitionDeadlines(ctx: CoreContext, c: Community, now: Date): Promise<CalendarEvent[]> {
  return (await collectingUntilAfter(ctx.db, c.id, now)).flatMap((r) => collectionEnd(c, r));
}

/** The newest petitions' events for the people following them (the manifest's `followEvents`). */
export async function petitionFollowEvents(ctx: CoreContext, c: Community, now: Date): Promise<FollowEvent[]> {
  const rows = await petitionsForFeed(ctx.db, c.id, null, now, 50);
  return rows.flatMap((r) =>
    petitionEntries(ctx, c, r, now).map((e) => ({ ...e, subject: { id: String(r.id), title: r.title, path: `/${c.slug}/petitions/${r.id}` } })),
  );
}

export function registerPetitionFeedRoutes(app: FastifyInstance, ctx: CoreContext): void {
  registerFeed<{ slug: string }>(app, ctx, '/:slug/petitions', async (req) => {
    const c = await communityOr404(ctx, req.params.slug);
    const now = ctx.clock.now();
    const categories = await loadCategories(ctx.db, c.id);
    const category = categories.find((x) => x.id === Number(queryString(req, 'category'))) ?? null;
    const rows = await petitionsForFeed(ctx.db, c.id, category?.id ?? null, now, 50);
    return {
      title: `Петиції — ${c.name.uk}${category ? ` — ${category.name.uk}` : ''}`,
      description: `Нові петиції громади «${c.name.uk}», петиції, що набрали потрібні підписи, і відповіді на них`,
      pagePath: `/${c.slug}/petitions${category ? `?category=${category.id}` : ''}`,
      entries: rows.flatMap((r) => petitionEntries(ctx, c, r, now)),
    };
  });

  registerCalendar<{ slug: string; id: string }>(
    app,
    ctx,
    '/:slug/petitions/:id/calendar.ics',
    (req) => `petition-${req.params.id}.ics`,
    async (req) => {
      const c = await communityOr404(ctx, req.params.slug);
      const r = await petitionOr404(ctx, c, req.params.id);
      // Only what the public sees: a petition awaiting moderation or rejected has no public term.
      if (r.status === 'moderation' || r.status === 'rejected') throw notFound('Такої петиції немає.');
      return { name: `Петиція № ${r.number} — ${c.name.uk}`, events: collectionEnd(c, r) };
    },
  );
}
