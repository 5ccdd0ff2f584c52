/** Small pieces shared by the petition pages. */
import { formatKyivDate, workingDaysLeft } from '../../../core/calendar/index.js';
import { formatNumber, plural, type Lang } from '../../../core/i18n/index.js';
import { tr, type PageCtx } from '../../../core/views/page-context.js';
import { StatusBadge } from '../../../core/views/kit.js';
import { countsByLevel, STATUS_LABELS, type PetitionState } from '../rules.js';
import type { PetitionStatus } from '../tables.js';
import type { PetitionRow } from '../repository.js';

export function StatusTag({ ctx, status }: { ctx: PageCtx; status: PetitionStatus }): JSX.Element {
  return <StatusBadge ctx={ctx} cls={`tag tag-${status}`} label={STATUS_LABELS[status]} strong />;
}

export function daysLeftText(now: Date, ends: Date, lang: Lang): string {
  const ms = ends.getTime() - now.getTime();
  if (ms <= 0) return tr({ lang }, 'збір завершено', 'collection has ended');
  const days = plural(Math.ceil(ms / 86_400_000), { uk: ['день', 'дні', 'днів'], en: ['day', 'days'] }, lang);
  return tr({ lang }, `залишилося ${days}`, `${days} left`);
}

/** «N з M» with a bar; the bar is decoration, the text says it all. */
export function Progress({ ctx, count, threshold }: { ctx: PageCtx; count: number; threshold: number }): JSX.Element {
  const pct = Math.min(100, Math.floor((count * 100) / Math.max(1, threshold)));
  const label = tr(
    ctx,
    `${formatNumber(count, ctx.lang)} з ${plural(threshold, { uk: ['підпису', 'підписів', 'підписів'], en: ['signature', 'signatures'] }, 'uk')}`,
    `${formatNumber(count, ctx.lang)} of ${plural(threshold, { uk: ['підпису', 'підписів', 'підписів'], en: ['signature', 'signatures'] }, 'en')}`,
  );
  return (
    <div class="progress">
      <p class="progress-label" safe>
        {label}
      </p>
      <div class="progress-bar" aria-hidden="true">
        <span class={`w${Math.round(pct / 5) * 5}`}></span>
      </div>
    </div>
  );
}

/**
 * How many signatures came at each sign-in level, shown once any came by e-mail; when the petition's rules
 * say e-mail-level signatures do not count toward the threshold, says so (the progress counts only the rest).
 */
export function LevelCounts({
  ctx,
  row,
}: {
  ctx: PageCtx;
  row: { signature_count: number; email_signature_count: number; email_counts: boolean; allow_email: boolean };
}): JSX.Element {
  if (!row.allow_email && row.email_signature_count === 0) return <></>;
  const n = countsByLevel(row);
  const f = (x: number) => formatNumber(x, ctx.lang);
  return (
    <p class="meta level-counts" safe>
      {row.email_counts
        ? tr(
            ctx,
            `З них через id.gov.ua: ${f(n.idgovua)}, через ел. пошту й телефон: ${f(n.email)}.`,
            `Of these, through id.gov.ua: ${f(n.idgovua)}; by e-mail and phone: ${f(n.email)}.`,
          )
        : tr(
            ctx,
            `Через id.gov.ua: ${f(n.idgovua)}. Через ел. пошту й телефон: ${f(n.email)} — за правилами цієї петиції до порогу не зараховуються.`,
            `Through id.gov.ua: ${f(n.idgovua)}. By e-mail and phone: ${f(n.email)}, which by this petition’s rules do not count toward the threshold.`,
          )}
    </p>
  );
}

export function deadlineText(ctx: PageCtx, now: Date, due: Date, cal: { martialLaw: boolean }): string {
  const left = workingDaysLeft(now, due, cal);
  const date = formatKyivDate(due, ctx.lang);
  if (now.getTime() > due.getTime()) return tr(ctx, `до ${date} — строк минув`, `by ${date}: overdue`);
  return tr(
    ctx,
    `до ${date} (${plural(left, { uk: ['робочий день', 'робочі дні', 'робочих днів'], en: ['working day', 'working days'] }, 'uk')})`,
    `by ${date} (${plural(left, { uk: ['робочий день', 'робочі дні', 'робочих днів'], en: ['working day', 'working days'] }, 'en')})`,
  );
}

/** A card in lists: title, status, progress, dates. */
export function PetitionCard({ ctx, p, state, slug, now }: { ctx: PageCtx; p: PetitionRow; state: PetitionState; slug: string; now: Date }): JSX.Element {
  return (
    <li class="card petition-card">
      <h3>
        <a href={`/${slug}/petitions/${p.id}`} safe>
          {p.title}
        </a>
      </h3>
      <p class="meta">
        <span safe>{`№ ${p.number} · `}</span>
        <StatusTag ctx={ctx} status={state.status} />
      </p>
      {state.status === 'collecting' || state.status === 'consideration' || state.status === 'failed' ? (
        <Progress ctx={ctx} count={p.signature_count} threshold={p.signature_threshold} />
      ) : (
        ''
      )}
      {state.status === 'collecting' && p.collection_ends_at ? (
        <p class="meta" safe>
          {`${tr(ctx, 'Збір до', 'Collecting until')} ${formatKyivDate(p.collection_ends_at, ctx.lang)}, ${daysLeftText(now, p.collection_ends_at, ctx.lang)}`}
        </p>
      ) : (
        ''
      )}
    </li>
  );
}
