/** 403 / 404 / 500 pages in Ukrainian (English when chosen); the 404 offers the community search. */
import { Layout } from './layout.js';
import { t, tr, type PageCtx } from './page-context.js';
import { SubmitButton } from './forms.js';

export function ErrorPage({ ctx, status, message }: { ctx: PageCtx; status: number; message: string }): JSX.Element {
  const title =
    status === 404
      ? tr(ctx, 'Сторінку не знайдено', 'Page not found')
      : status === 403
        ? tr(ctx, 'Доступ заборонено', 'Access denied')
        : status === 413
          ? tr(ctx, 'Завеликий запит', 'Request too large')
          : status === 429
            ? tr(ctx, 'Забагато спроб', 'Too many attempts')
            : status >= 500
              ? tr(ctx, 'Щось пішло не так', 'Something went wrong')
              : tr(ctx, 'Запит не вдалося виконати', 'The request could not be done');
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <p class="lead" safe>
        {message}
      </p>
      {status === 404 ? (
        <form method="get" action="/" role="search" class="search-form">
          <label for="q">{t(ctx, 'Знайдіть свою громаду', 'Find your community')}</label>
          <input id="q" name="q" type="search" />
          <SubmitButton>{t(ctx, 'Шукати', 'Search')}</SubmitButton>
        </form>
      ) : (
        ''
      )}
      {status >= 500 ? (
        <p>
          {t(
            ctx,
            'Ваші дані збережено або не змінено. Спробуйте ще раз за хвилину; якщо помилка повториться, напишіть нам.',
            'Your data has been kept or left unchanged. Try again in a minute; if it happens again, write to us.',
          )}
        </p>
      ) : (
        ''
      )}
      <p>
        <a href="/">{t(ctx, 'На головну сторінку', 'Go to the home page')}</a>
      </p>
    </Layout>
  );
}
