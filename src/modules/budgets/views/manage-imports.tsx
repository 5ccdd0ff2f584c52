/** Pages of the budget moderator: paper ballots (imports, their reports, the rejected ballots). */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { ActionButton, CsrfField, FileField, SubmitButton } from '../../../core/views/forms.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import type { Community } from '../../../core/communities/community.js';
import { CHANNEL_LABELS, REJECT_REASONS } from '../rules.js';
import type { Contest } from '../repository/contests.js';
import type { ImportSummary } from '../tables.js';
import type { ImportView } from '../repository/imports.js';
import type { RejectView } from '../repository/ballots.js';
import { manageBase } from './parts.js';

export function ImportsPage(props: { p: PageCtx; c: Community; contest: Contest; imports: Omit<ImportView, 'rows'>[]; error: string | null }): JSX.Element {
  const { p, c, contest } = props;
  const m = manageBase(c, contest);
  return (
    <Layout ctx={p} title={tr(p, 'Паперові бюлетені', 'Paper ballots')} hasErrors={!!props.error}>
      <p class="meta">
        <a href={m} safe>
          {contest.title}
        </a>
      </p>
      <h1>{t(p, 'Паперові бюлетені', 'Paper ballots')}</h1>
      <p>
        {t(
          p,
          'Заповніть шаблон (кожен рядок — один бюлетень), завантажте його, перевірте звіт і лише тоді підтвердіть. Підтверджений імпорт можна анулювати повністю.',
          'Fill in the template (one row per ballot), upload it, check the report, and only then confirm. A confirmed import can be annulled as a whole.',
        )}
      </p>
      <ul class="downloads">
        <li>
          <a href={`${m}/template.csv`}>{t(p, 'Шаблон CSV (UTF-8, крапка з комою)', 'CSV template (UTF-8, semicolons)')}</a>
        </li>
        <li>
          <a href={`${m}/template.xlsx`}>{t(p, 'Шаблон XLSX', 'XLSX template')}</a>
        </li>
      </ul>
      {props.error ? (
        <div class="error-summary" role="alert" tabindex="-1">
          <h2>{t(p, 'Файл не прийнято', 'The file was refused')}</h2>
          <p>
            <a href="#file" safe>
              {props.error}
            </a>
          </p>
        </div>
      ) : (
        ''
      )}
      <form method="post" action={`${m}/imports`} enctype="multipart/form-data" novalidate class="stack">
        <CsrfField ctx={p} />
        <FileField
          ctx={p}
          name="file"
          label={tr(p, 'Файл з бюлетенями (CSV або XLSX, до 5 МБ)', 'Ballot file (CSV or XLSX, up to 5 MB)')}
          error={props.error ?? undefined}
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        />
        <SubmitButton>{t(p, 'Перевірити файл', 'Check the file')}</SubmitButton>
      </form>
      <h2>{t(p, 'Імпорти', 'Imports')}</h2>
      <ul class="queue">
        {props.imports.map((i) => (
          <li>
            <a href={`${m}/imports/${i.id}`} safe>
              {`№ ${i.id} · ${i.filename}`}
            </a>{' '}
            <span class="meta" safe>
              {`${importStatus(p, i.status)} · ${formatKyivDateTime(i.createdAt, p.lang)} · ${summaryText(p, i.summary)}`}
            </span>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

function importStatus(p: PageCtx, s: ImportView['status']): string {
  return s === 'pending'
    ? tr(p, 'очікує підтвердження', 'awaiting confirmation')
    : s === 'confirmed'
      ? tr(p, 'зараховано', 'counted')
      : tr(p, 'анульовано', 'annulled');
}

function summaryText(p: PageCtx, s: ImportSummary): string {
  const base = tr(
    p,
    `рядків ${s.rows}: придатних ${s.ok}, з помилками ${s.errors}, повторних ${s.duplicates}`,
    `rows ${s.rows}: valid ${s.ok}, with errors ${s.errors}, repeated ${s.duplicates}`,
  );
  return s.counted === undefined ? base : `${base}; ${tr(p, `зараховано ${s.counted}`, `counted ${s.counted}`)}`;
}

export function ImportReportPage(props: { p: PageCtx; c: Community; contest: Contest; imp: ImportView }): JSX.Element {
  const { p, c, contest, imp } = props;
  const m = manageBase(c, contest);
  return (
    <Layout ctx={p} title={tr(p, `Імпорт № ${imp.id}`, `Import No. ${imp.id}`)}>
      <p class="meta">
        <a href={`${m}/imports`}>{t(p, 'Паперові бюлетені', 'Paper ballots')}</a>
      </p>
      <h1 safe>{tr(p, `Імпорт № ${imp.id}: ${imp.filename}`, `Import No. ${imp.id}: ${imp.filename}`)}</h1>
      <p safe>{`${importStatus(p, imp.status)} · ${summaryText(p, imp.summary)}`}</p>
      {imp.annulReason ? <p safe>{tr(p, 'Причина анулювання: ', 'Reason for annulment: ') + imp.annulReason}</p> : ''}
      {imp.status === 'pending' ? (
        <>
          <p>
            {t(
              p,
              'Рядки з помилками не буде зараховано; повторні буде збережено як відхилені дублікати.',
              'Rows with errors will not count; duplicates are kept as rejected.',
            )}
          </p>
          <ActionButton
            ctx={p}
            action={`${m}/imports/${imp.id}/confirm`}
            label={tr(p, `Підтвердити й зарахувати ${imp.summary.ok}`, `Confirm and count ${imp.summary.ok}`)}
          />
        </>
      ) : (
        ''
      )}
      {imp.status === 'confirmed' ? (
        <form method="post" action={`${m}/imports/${imp.id}/annul`} class="stack" novalidate>
          <CsrfField ctx={p} />
          <div class="field">
            <label for="reason">{t(p, 'Причина анулювання всього імпорту', 'Why annul the whole import')}</label>
            <input id="reason" name="reason" type="text" maxlength="500" />
          </div>
          <SubmitButton variant="warning">{t(p, 'Анулювати імпорт', 'Annul the import')}</SubmitButton>
        </form>
      ) : (
        ''
      )}
      <div class="table-wrap" tabindex="0" role="region" aria-label={tr(p, 'Звіт перевірки', 'Check report')}>
        <table class="budget-import-report">
          <thead>
            <tr>
              <th scope="col">{t(p, 'Рядок', 'Row')}</th>
              <th scope="col">{t(p, 'Бюлетень', 'Ballot')}</th>
              <th scope="col">{t(p, 'Пункт', 'Point')}</th>
              <th scope="col">{t(p, 'Коди', 'Codes')}</th>
              <th scope="col">{t(p, 'Результат перевірки', 'Check')}</th>
            </tr>
          </thead>
          <tbody>
            {imp.rows.map((r) => (
              <tr class={`budget-row-${r.outcome}`}>
                <td safe>{String(r.line)}</td>
                <td safe>{r.paperNumber}</td>
                <td safe>{r.pollingPoint}</td>
                <td safe>{r.codes.join(', ')}</td>
                <td safe>
                  {(r.outcome === 'ok'
                    ? tr(p, 'Придатний', 'Valid')
                    : r.outcome === 'duplicate'
                      ? tr(p, 'Повторний: ', 'Duplicate: ')
                      : tr(p, 'Помилка: ', 'Error: ')) + r.problems.join('; ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function RejectsPage(props: { p: PageCtx; c: Community; contest: Contest; rejects: RejectView[]; codes: Map<number, string> }): JSX.Element {
  const { p, c, contest } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Відхилені бюлетені', 'Rejected ballots')}>
      <p class="meta">
        <a href={manageBase(c, contest)} safe>
          {contest.title}
        </a>
      </p>
      <h1>{t(p, 'Відхилені бюлетені', 'Rejected ballots')}</h1>
      <p>
        {t(
          p,
          'Повторні бюлетені тих, хто вже проголосував (зараховано перший), і бюлетені анульованих імпортів.',
          'Later ballots of people who had voted (the first counts) and ballots of annulled imports.',
        )}
      </p>
      <div class="table-wrap" tabindex="0" role="region" aria-label={tr(p, 'Відхилені бюлетені', 'Rejected ballots')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t(p, 'Коли', 'When')}</th>
              <th scope="col">{t(p, 'Канал', 'Channel')}</th>
              <th scope="col">{t(p, 'Причина', 'Reason')}</th>
              <th scope="col">{t(p, 'Перший бюлетень', 'First ballot')}</th>
              <th scope="col">{t(p, 'Проєкти', 'Projects')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rejects.map((r) => (
              <tr>
                <td safe>{formatKyivDateTime(r.castAt, p.lang)}</td>
                <td safe>
                  {(CHANNEL_LABELS[r.channel]?.[p.lang] ?? r.channel) + (r.importId ? ` (№ ${r.importId}${r.paperNumber ? `, ${r.paperNumber}` : ''})` : '')}
                </td>
                <td safe>{REJECT_REASONS[r.reason][p.lang]}</td>
                <td>
                  {r.firstChannel
                    ? `${CHANNEL_LABELS[r.firstChannel]?.[p.lang] ?? r.firstChannel}, ${r.firstCastAt ? formatKyivDateTime(r.firstCastAt, p.lang) : ''}`
                    : '—'}
                </td>
                <td safe>{r.projectIds.map((id) => props.codes.get(id) ?? `#${id}`).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
