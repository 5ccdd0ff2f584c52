/**
 * The participatory budget's feed (a contest's phases as they begin, and projects as they are submitted)
 * and calendars (a contest's dates: submission, support, review, voting opens and closes, results).
 */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { byRouteId } from '../../../core/http/route-helpers.js';
import { notFound } from '../../../core/http/errors.js';
import { registerFeed } from '../../../core/feeds/feeds.js';
import type { FollowEvent } from '../../../core/modules/manifest.js';
import { registerCalendar, type CalendarEvent } from '../../../core/feeds/calendars.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import { findContest, listContests, type Contest } from '../repository/contests.js';
import { listProjects } from '../repository/projects.js';
import { formatMoney, STATUS_LABELS } from '../rules.js';
import { budgetCommunity, OWNER } from '../access.js';

/** How many of the newest contests' projects the feed goes through. */
const CONTESTS_IN_FEED = 5;

/** The moments of a contest, each with what it says and whether the feed tells of it once it is past. */
function contestMoments(c: Community, k: Contest): (CalendarEvent & { phase: boolean })[] {
  const d = k.dates;
  const path = `/${c.slug}/budgets/${k.id}`;
  const at = (key: string, summary: string, start: Date, phase: boolean) => ({
    key: `budget-contest-${k.id}-${key}`,
    summary: `${summary}: «${k.title}»`,
    start,
    path,
    phase,
  });
  return [
    at('submission-opens', 'Початок подання проєктів', d.submissionFrom, true),
    at('submission-closes', 'Завершення подання проєктів', d.submissionTo, false),
    ...(d.supportTo ? [at('support-closes', 'Завершення збору підтримки проєктів', d.supportTo, false)] : []),
    at('review-starts', 'Розгляд проєктів', d.supportTo ?? d.submissionTo, true),
    at('review-closes', 'Завершення розгляду проєктів', d.reviewTo, false),
    at('voting-opens', 'Початок голосування', d.votingFrom, true),
    at('voting-closes', 'Завершення голосування', d.votingTo, true),
    at('results', 'Оголошення результатів', d.resultsFrom, true),
  ];
}

function contestEvents(c: Community, k: Contest): CalendarEvent[] {
  return contestMoments(c, k).map(({ key, summary, start, path }) => ({ key, summary, start, path }));
}

/** Moments still ahead of the community's published contests (the manifest's `deadlines`). */
export async function budgetDeadlines(ctx: CoreContext, c: Community, now: Date): Promise<CalendarEvent[]> {
  const contests = await listContests(ctx.db, c.id, { publishedOnly: true });
  return contests.flatMap((k) => contestEvents(c, k)).filter((e) => e.start > now);
}

async function feedEntries(ctx: CoreContext, c: Community, now: Date, withPhasesPerProject = false): Promise<FollowEvent[]> {
  const contests = (await listContests(ctx.db, c.id, { publishedOnly: true })).slice(0, CONTESTS_IN_FEED);
  const out: FollowEvent[] = [];
  for (const k of contests) {
    // A phase is news of the whole tool (its followers and the community's), not of one project.
    for (const m of contestMoments(c, k)) if (m.phase && m.start <= now) out.push({ key: m.key, title: m.summary, path: m.path, at: m.start, subject: null });
    // What the contest page shows everyone: no drafts, nor projects returned to their authors for changes.
    const projects = await listProjects(ctx.db, k.id, { statuses: ['support', 'review', 'admitted', 'rejected'] });
    for (const x of projects) {
      if (!x.submittedAt) continue;
      const path = `/${c.slug}/budgets/${k.id}/projects/${x.id}`;
      // The newest contest's phases are news of each of its projects too, told to their followers only.
      if (k === contests[0] && withPhasesPerProject)
        for (const m of contestMoments(c, k))
          if (m.phase && m.start <= now && m.start > x.submittedAt)
            out.push({
              key: `${m.key}-project-${x.id}`,
              title: `${m.summary} — ${x.title}`,
              path,
              at: m.start,
              subject: { id: String(x.id), title: x.title, path },
              itemOnly: true,
            });
      out.push({
        subject: { id: String(x.id), title: x.title, path },
        key: `budget-project-${x.id}-submitted`,
        title: `Новий проєкт громадського бюджету: ${x.title}`,
        path: `/${c.slug}/budgets/${k.id}/projects/${x.id}`,
        at: x.submittedAt,
        summary: `Конкурс «${k.title}». ${STATUS_LABELS[x.status].uk}. Вартість: ${formatMoney(x.cost, 'uk')}.`,
      });
    }
  }
  return out;
}

/** The newest contests' phases and projects for the people following them (the manifest's `followEvents`). */
export function budgetFollowEvents(ctx: CoreContext, c: Community, now: Date): Promise<FollowEvent[]> {
  return feedEntries(ctx, c, now, true);
}

export function registerBudgetFeedRoutes(app: FastifyInstance, ctx: CoreContext): void {
  registerFeed<{ slug: string }>(app, ctx, '/:slug/budgets', async (req) => {
    const c = await budgetCommunity(ctx, req.params.slug);
    return {
      title: `Громадський бюджет — ${c.name.uk}`,
      description: `Етапи конкурсів громадського бюджету громади «${c.name.uk}» і подані проєкти`,
      pagePath: `/${c.slug}/budgets`,
      entries: await feedEntries(ctx, c, ctx.clock.now()),
    };
  });

  registerCalendar<{ slug: string; id: string }>(
    app,
    ctx,
    '/:slug/budgets/:id/calendar.ics',
    (req) => `budget-contest-${req.params.id}.ics`,
    async (req) => {
      const c = await budgetCommunity(ctx, req.params.slug);
      const k = await byRouteId(req.params.id, (id) => findContest(ctx.db, id));
      // Drafts are not public, not even to their moderators here: a calendar is shared.
      if (!k || k.communityId !== c.id || k.owner !== OWNER || !k.published) throw notFound('Такого конкурсу немає.');
      return {
        name: `Громадський бюджет «${k.title}» — ${c.name.uk}`,
        events: contestEvents(c, k).map((e) => ({ ...e, description: `${e.summary}. ${formatKyivDateTime(e.start, 'uk')} (за київським часом).` })),
      };
    },
  );
}
