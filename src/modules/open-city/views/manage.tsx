/** Staff pages: the executors' workspace and the moderator's settings. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { ActionButton, CsrfField, ErrorSummary, FilterSelect, SubmitButton, TextArea, type FormState, fieldsFor } from '../../../core/views/forms.js';
import { Pagination } from '../../../core/views/pagination.js';
import { formatKyivDate, formatKyivDateTime } from '../../../core/calendar/index.js';
import { formatNumber, plural } from '../../../core/i18n/index.js';
import type { Community } from '../../../core/communities/community.js';
import { categoryTree, isOverdue } from '../rules.js';
import type { Category, Department, ReportRow } from '../repository.js';
import { base, place, StatusBadge, SubNav } from './parts.js';
import { ShowButton } from '../../../core/views/kit.js';

/* ---------- executors' workspace ---------- */

export function WorkPage(props: {
  p: PageCtx;
  c: Community;
  rows: ReportRow[];
  total: number;
  page: number;
  perPage: number;
  departments: Department[];
  mine: Department[];
  current: string;
  now: Date;
  moderator: boolean;
  showNew: boolean;
}): JSX.Element {
  const { p, c } = props;
  const overdue = props.rows.filter((r) => isOverdue(r.status, r.deadlineAt, props.now)).length;
  return (
    <Layout ctx={p} title={tr(p, 'Робоче місце', 'Workspace')}>
      <h1>{t(p, 'Робоче місце', 'Workspace')}</h1>
      <SubNav p={p} c={c} current="work" staff={true} moderator={props.moderator} />
      <p class="lead" safe>
        {props.mine.length
          ? `${tr(p, 'Ваші підрозділи', 'Your departments')}: ${props.mine.map((d) => d.name[p.lang]).join(', ')}`
          : tr(p, 'Ви модератор: бачите всі підрозділи.', 'You are a moderator: you see every department.')}
      </p>
      <form method="get" action={`${base(c)}/work`} class="oc-filters" novalidate>
        <FilterSelect
          name="department"
          id="w-department"
          label={tr(p, 'Підрозділ', 'Department')}
          all={props.moderator ? tr(p, 'Усі', 'All') : undefined}
          value={props.current}
          options={(props.moderator ? props.departments : props.mine).map((d) => ({ value: d.key, label: d.name[p.lang] }))}
        />
        <ShowButton ctx={p} />
      </form>
      <p role="status" safe>
        {`${plural(props.total, { uk: ['відкрите звернення', 'відкриті звернення', 'відкритих звернень'], en: ['open report', 'open reports'] }, p.lang)}${overdue ? ` · ${tr(p, 'прострочено на цій сторінці', 'overdue on this page')}: ${formatNumber(overdue, p.lang)}` : ''}`}
      </p>
      {props.showNew ? (
        <p>
          {t(
            p,
            'Нові звернення чекають на вашу перевірку: прийміть (і виправте категорію), відхиліть або позначте дублікатом.',
            'New reports wait for your check: accept them (correcting the category), reject or mark as duplicates.',
          )}
        </p>
      ) : (
        ''
      )}
      <div class="table-wrap">
        <table class="oc-queue">
          <caption class="visually-hidden">{t(p, 'Черга за терміном', 'Queue by deadline')}</caption>
          <thead>
            <tr>
              <th scope="col">{t(p, 'Термін', 'Due')}</th>
              <th scope="col">{t(p, 'Звернення', 'Report')}</th>
              <th scope="col">{t(p, 'Статус', 'Status')}</th>
              <th scope="col">{t(p, 'Підрозділ', 'Department')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => {
              const late = isOverdue(r.status, r.deadlineAt, props.now);
              return (
                <tr class={late ? 'oc-row-overdue' : undefined}>
                  <td>
                    <span safe>{formatKyivDate(r.deadlineAt, p.lang)}</span>
                    {late ? <strong class="oc-overdue">{t(p, ' прострочено', ' overdue')}</strong> : ''}
                  </td>
                  <td>
                    <a href={`${base(c)}/reports/${r.id}`} safe>
                      {`№${r.number}. ${r.title}`}
                    </a>
                    <br />
                    <span class="small" safe>
                      {`${r.categoryName[p.lang]} · ${place(r, p.lang)}`}
                    </span>
                  </td>
                  <td>
                    <StatusBadge p={p} s={r.status} />
                  </td>
                  <td safe>{r.departmentName[p.lang]}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pagination
        ctx={p}
        page={props.page}
        total={props.total}
        perPage={props.perPage}
        base={`${base(c)}/work${props.current ? `?department=${encodeURIComponent(props.current)}` : ''}`}
      />
    </Layout>
  );
}

/* ---------- moderator settings ---------- */

export function ManagePage(props: {
  p: PageCtx;
  c: Community;
  categories: Category[];
  departments: Department[];
  keys: { id: number; name: string; prefix: string; createdAt: Date; revokedAt: Date | null }[];
  newKey: string | null;
  territoryText: string;
  form: FormState;
  flash: string;
}): JSX.Element {
  const { p, c } = props;
  const field = fieldsFor(p, props.form);
  return (
    <Layout ctx={p} title={tr(p, 'Налаштування Відкритого міста', 'Open City settings')} hasErrors={Object.keys(props.form.errors).length > 0}>
      <ErrorSummary ctx={p} errors={props.form.errors} />
      <h1>{t(p, 'Налаштування Відкритого міста', 'Open City settings')}</h1>
      <SubNav p={p} c={c} current="manage" staff={true} moderator={true} />
      {props.flash ? (
        <div class="notice" role="status">
          <p safe>{props.flash}</p>
        </div>
      ) : (
        ''
      )}
      {props.newKey ? (
        <div class="notice warning" role="status">
          <p>{t(p, 'Новий ключ API. Скопіюйте його зараз — пізніше його не буде видно:', 'The new API key. Copy it now: it will not be shown again:')}</p>
          <p>
            <code safe>{props.newKey}</code>
          </p>
        </div>
      ) : (
        ''
      )}
      <h2 id="categories">{t(p, 'Категорії, підрозділи й терміни', 'Categories, departments and terms')}</h2>
      <p>
        {t(
          p,
          'Терміни за Законом «Про звернення громадян»: 15 днів — без додаткової перевірки, 30 — звичайний, 45 — найбільший.',
          'Terms under the Law on Citizens’ Appeals: 15 days without extra checking, 30 by default, 45 at most.',
        )}
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(p, 'Категорія', 'Category')}</th>
              <th scope="col">{t(p, 'Код Open311', 'Open311 code')}</th>
              <th scope="col">{t(p, 'Підрозділ і термін', 'Department and term')}</th>
            </tr>
          </thead>
          <tbody>
            {categoryTree(props.categories).flatMap(({ group, children }) =>
              [group, ...children].map((cat) => (
                <tr>
                  <td safe>{`${cat.parentId ? '— ' : ''}${cat.name[p.lang]}`}</td>
                  <td>
                    <code safe>{cat.code}</code>
                  </td>
                  <td>
                    <form method="post" action={`${base(c)}/manage/categories/${cat.id}`} class="inline-form">
                      <CsrfField ctx={p} />
                      <label class="visually-hidden" for={`dep-${cat.id}`} safe>
                        {`${tr(p, 'Підрозділ для', 'Department for')} ${cat.name[p.lang]}`}
                      </label>
                      <select id={`dep-${cat.id}`} name="department">
                        {props.departments.map((d) => (
                          <option value={d.key} selected={d.id === cat.departmentId} safe>
                            {d.name[p.lang]}
                          </option>
                        ))}
                      </select>
                      <label class="visually-hidden" for={`term-${cat.id}`} safe>
                        {`${tr(p, 'Термін для', 'Term for')} ${cat.name[p.lang]}`}
                      </label>
                      <select id={`term-${cat.id}`} name="term">
                        {[15, 30, 45].map((n) => (
                          <option value={String(n)} selected={n === cat.termDays} safe>
                            {plural(n, { uk: ['день', 'дні', 'днів'], en: ['day', 'days'] }, p.lang)}
                          </option>
                        ))}
                      </select>
                      <SubmitButton variant="secondary">{t(p, 'Зберегти', 'Save')}</SubmitButton>
                    </form>
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
      <h2 id="territory">{t(p, 'Територія громади', 'Territory of the community')}</h2>
      <form method="post" action={`${base(c)}/manage/territory`} class="stack" novalidate>
        <CsrfField ctx={p} />
        <TextArea
          ctx={p}
          form={{ values: { territory: props.form.values.territory ?? props.territoryText }, errors: props.form.errors }}
          name="territory"
          label={tr(p, 'Кути багатокутника: по одному «широта, довгота» в рядку', 'Polygon corners: one «latitude, longitude» per line')}
          hint={tr(
            p,
            'Звернення з точкою поза цим багатокутником не приймаються. Щонайменше три точки.',
            'Reports with a point outside this polygon are refused. At least three points.',
          )}
          rows={6}
        />
        <SubmitButton variant="secondary">{t(p, 'Зберегти територію', 'Save the territory')}</SubmitButton>
      </form>
      <h2 id="keys">{t(p, 'Ключі Open311 для партнерських застосунків', 'Open311 keys for partner apps')}</h2>
      <p>
        {t(
          p,
          'Партнерські застосунки (наприклад, міський чат-бот) подають звернення через',
          'Partner apps (such as a municipal chat-bot) file reports through',
        )}{' '}
        <code>/open311/v2/requests.json</code> {t(p, 'з параметром', 'with')} <code>api_key</code>. <code safe>{`jurisdiction_id=${c.slug}`}</code>
      </p>
      <form method="post" action={`${base(c)}/manage/keys`} class="stack" novalidate>
        <CsrfField ctx={p} />
        <field.Text name="name" label={tr(p, 'Назва застосунку', 'Name of the app')} maxlength={100} />
        <SubmitButton>{t(p, 'Видати ключ', 'Issue a key')}</SubmitButton>
      </form>
      <ul class="cards">
        {props.keys.map((k) => (
          <li class="card">
            <p>
              <strong safe>{k.name}</strong> <code safe>{`${k.prefix}…`}</code>
            </p>
            <p class="meta" safe>
              {`${tr(p, 'Видано', 'Issued')} ${formatKyivDateTime(k.createdAt, p.lang)}${k.revokedAt ? ` · ${tr(p, 'відкликано', 'revoked')} ${formatKyivDateTime(k.revokedAt, p.lang)}` : ''}`}
            </p>
            {k.revokedAt ? (
              ''
            ) : (
              <ActionButton ctx={p} action={`${base(c)}/manage/keys/${k.id}/revoke`} label={tr(p, 'Відкликати', 'Revoke')} variant="warning" />
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}
