/**
 * The feed of a community's consultations, polls and draft-act discussions (each published one, and its
 * outcome when published) and their calendars (opens, closes).
 */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { communityOr404, queryString } from '../../../core/http/route-helpers.js';
import { notFound } from '../../../core/http/errors.js';
import { registerFeed, type FeedEntry } from '../../../core/feeds/feeds.js';
import type { FollowEvent } from '../../../core/modules/manifest.js';
import { registerCalendar, type CalendarEvent } from '../../../core/feeds/calendars.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import { findItem, listItems, type Item } from '../repository.js';
import { categoryLabel, isCategory, isKind, KIND_LABEL } from '../rules/model.js';
import { parseId } from '../access.js';
import { itemUrl } from '../views/parts.js';

function itemEntries(c: Community, i: Item): FeedEntry[] {
  const path = itemUrl(c, i.id);
  const kind = KIND_LABEL[i.kind].uk;
  const out: FeedEntry[] = [];
  if (i.publishedAt)
    out.push({
      key: `consultation-${i.id}-published`,
      title: `${kind}: ${i.title}`,
      path,
      at: i.publishedAt,
      summary: `${categoryLabel(i.category, 'uk')}. З ${formatKyivDateTime(i.startsAt, 'uk')} до ${formatKyivDateTime(i.endsAt, 'uk')}.`,
    });
  if (i.publishedAt && i.outcomePublishedAt && i.outcomeSummary)
    out.push({ key: `consultation-${i.id}-outcome`, title: `Підсумки: ${i.title}`, path, at: i.outcomePublishedAt, summary: i.outcomeSummary });
  return out;
}

/** When an item opens and closes (closed early: then). */
function itemEvents(c: Community, i: Item): CalendarEvent[] {
  const path = itemUrl(c, i.id);
  const kind = KIND_LABEL[i.kind].uk;
  const closes = i.closedAt && i.closedAt < i.endsAt ? i.closedAt : i.endsAt;
  return [
    { key: `consultation-${i.id}-opens`, summary: `Початок: ${kind.toLowerCase()} «${i.title}»`, start: i.startsAt, path },
    { key: `consultation-${i.id}-closes`, summary: `Завершення: ${kind.toLowerCase()} «${i.title}»`, start: closes, path },
  ];
}

/** Openings and closings still ahead in a community (the manifest's `deadlines`). */
export async function consultationDeadlines(ctx: CoreContext, c: Community, now: Date): Promise<CalendarEvent[]> {
  const lists = await Promise.all(
    (['scheduled', 'active'] as const).map((state) =>
      listItems(ctx.db, c.id, { kind: null, state, category: null, q: '', includeDrafts: false, now, page: 1, perPage: 500 }),
    ),
  );
  return lists.flatMap((l) => l.items.flatMap((i) => itemEvents(c, i))).filter((e) => e.start > now);
}

/**
 * The newest items' events for the people following them (the manifest's `followEvents`): the feed's
 * (published, outcome), and the item opening and closing once they are past.
 */
export async function consultationFollowEvents(ctx: CoreContext, c: Community, now: Date): Promise<FollowEvent[]> {
  const { items } = await listItems(ctx.db, c.id, { kind: null, state: null, category: null, q: '', includeDrafts: false, now, page: 1, perPage: 50 });
  return items.flatMap((i) => {
    const subject = { id: String(i.id), title: i.title, path: itemUrl(c, i.id) };
    const moments = itemEvents(c, i)
      .filter((e) => e.start <= now)
      .map((e) => ({ key: e.key, title: e.summary, path: e.path, at: e.start }));
    return [...itemEntries(c, i), ...moments].map((e) => ({ ...e, subject }));
  });
}

export function registerConsultationFeedRoutes(app: FastifyInstance, ctx: CoreContext): void {
  registerFeed<{ slug: string }>(app, ctx, '/:slug/consultations', async (req) => {
    const c = await communityOr404(ctx, req.params.slug);
    const kindRaw = queryString(req, 'kind');
    const categoryRaw = queryString(req, 'category');
    const kind = isKind(kindRaw) ? kindRaw : null;
    const category = isCategory(categoryRaw) ? categoryRaw : null;
    // Drafts never: the feed is the same for everyone, moderators included.
    const { items } = await listItems(ctx.db, c.id, { kind, state: null, category, q: '', includeDrafts: false, now: ctx.clock.now(), page: 1, perPage: 50 });
    const filter = new URLSearchParams();
    if (kind) filter.set('kind', kind);
    if (category) filter.set('category', category);
    return {
      title: `Консультації й опитування — ${c.name.uk}${kind ? ` — ${KIND_LABEL[kind].uk}` : ''}${category ? ` — ${categoryLabel(category, 'uk')}` : ''}`,
      description: `Консультації з громадськістю, опитування й обговорення проєктів актів громади «${c.name.uk}» та їхні підсумки`,
      pagePath: `/${c.slug}/consultations${filter.size ? `?${filter}` : ''}`,
      entries: items.flatMap((i) => itemEntries(c, i)),
    };
  });

  registerCalendar<{ slug: string; id: string }>(
    app,
    ctx,
    '/:slug/consultations/:id/calendar.ics',
    (req) => `consultation-${req.params.id}.ics`,
    async (req) => {
      const c = await communityOr404(ctx, req.params.slug);
      const item = await findItem(ctx.db, c.id, parseId(req.params.id));
      if (!item?.publishedAt) throw notFound(req.lang === 'uk' ? 'Такої консультації немає.' : 'There is no such consultation.');
      return { name: `${KIND_LABEL[item.kind].uk} «${item.title}» — ${c.name.uk}`, events: itemEvents(c, item) };
    },
  );
}
