/** The feed and calendar links pages show: beside a list, and «Додати в календар» beside a deadline. */
import { t, tr, type PageCtx } from '../views/page-context.js';
import type { FeedRef } from './feeds.js';

const FORMAT_NAMES = { atom: 'Atom', rss: 'RSS' } as const;

/** The visible links to a list's feeds (the same addresses are in the page's head, `Layout`'s `feeds`). */
export function FeedLinks({ ctx, feeds }: { ctx: PageCtx; feeds: FeedRef[] }): JSX.Element {
  return (
    <p class="small feed-links">
      {t(ctx, 'Стежити за оновленнями у програмі для стрічок:', 'Follow updates in a feed reader:')}{' '}
      {feeds.map((f, i) => (
        <>
          {i > 0 ? ' · ' : ''}
          <a href={f.href} type={f.type}>
            {FORMAT_NAMES[f.format]}
            <span class="visually-hidden" safe>
              {tr(ctx, ' (стрічка цього списку)', ' (feed of this list)')}
            </span>
          </a>
        </>
      ))}
    </p>
  );
}

/** A link to an `.ics` file of deadlines. */
export function CalendarLink({ ctx, href, what }: { ctx: PageCtx; href: string; what?: string }): JSX.Element {
  return (
    <p class="small calendar-link">
      <a href={href} type="text/calendar">
        {t(ctx, 'Додати в календар', 'Add to calendar')}
        {what ? (
          <span class="visually-hidden" safe>
            {` (${what})`}
          </span>
        ) : (
          ''
        )}
      </a>{' '}
      {t(ctx, '(файл .ics: терміни за київським часом)', '(.ics file: dates in Kyiv time)')}
    </p>
  );
}
