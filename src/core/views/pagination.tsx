import { t, tr, type PageCtx } from './page-context.js';

/** A page number from the query: 1 when absent or not a positive integer. */
export function pageNumber(raw: string): number {
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 1 && n <= 1_000_000 ? n : 1;
}

export function Pagination({ ctx, page, total, perPage, base }: { ctx: PageCtx; page: number; total: number; perPage: number; base: string }): JSX.Element {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1) return '';
  const sep = base.includes('?') ? '&' : '?';
  return (
    <nav class="pagination" aria-label={tr(ctx, 'Сторінки', 'Pages')}>
      {page > 1 ? (
        <a href={`${base}${sep}page=${page - 1}`} rel="prev">
          {t(ctx, '← Попередня', '← Previous')}
        </a>
      ) : (
        ''
      )}
      <span>{t(ctx, `Сторінка ${page} з ${pages}`, `Page ${page} of ${pages}`)}</span>
      {page < pages ? (
        <a href={`${base}${sep}page=${page + 1}`} rel="next">
          {t(ctx, 'Наступна →', 'Next →')}
        </a>
      ) : (
        ''
      )}
    </nav>
  );
}
