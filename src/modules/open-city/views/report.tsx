/** A report's page: its timeline, photos, the reporter's loop and the staff panel. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { shownName } from '../../../core/users/public-name.js';
import { ActionButton, CsrfField, ErrorSummary, FileField, SubmitButton, type FormState, fieldsFor } from '../../../core/views/forms.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import { plural, type Text } from '../../../core/i18n/index.js';
import type { ReportSource } from '../tables.js';
import type { Community } from '../../../core/communities/community.js';
import { allowedTransitions, canReporterRespond, isOpen, STATUS_LABEL, leafCategories, transitionRequirements, type Actor, type Status } from '../rules.js';
import type { Category, Department, ReportRow, Update } from '../repository.js';
import { ASSETS, base, Deadline, place, StatusBadge } from './parts.js';

/* ---------- a report ---------- */

export interface ReportView {
  report: ReportRow;
  photoIds: number[];
  updates: Update[];
  departments: Department[];
  categories: Category[];
  staffRole: Actor | null;
  isReporter: boolean;
  reporterContact: { name: string; email: string | null; phone: string | null } | null;
  supported: boolean;
  subscribed: boolean;
  now: Date;
  flash: string;
  form: FormState;
  canSupport: boolean;
}

/** Where the report came from, as its page names it. */
const SOURCE_LABEL: Record<ReportSource, Text> = {
  web: { uk: 'Сайт', en: 'Website' },
  open311: { uk: 'Партнерський застосунок (Open311)', en: 'Partner app (Open311)' },
  demo: { uk: 'Демонстраційні дані', en: 'Demo data' },
  telegram: { uk: 'Чат-бот у Telegram', en: 'Chat-bot in Telegram' },
  viber: { uk: 'Чат-бот у Viber', en: 'Chat-bot in Viber' },
  'chat-simulator': { uk: 'Симулятор чат-бота', en: 'Chat-bot simulator' },
};

function actorLabel(p: PageCtx, u: Update): string {
  switch (u.actorRole) {
    case 'reporter':
      return tr(p, 'Автор звернення', 'Reporter');
    case 'moderator':
      return tr(p, 'Модератор', 'Moderator');
    case 'executor':
      return tr(p, 'Виконавець', 'Executor');
    case 'partner':
      return tr(p, 'Партнерський застосунок', 'Partner app');
    default:
      return tr(p, 'Система', 'System');
  }
}

function updateTitle(p: PageCtx, u: Update, deps: Department[]): string {
  const dep = (id: number | null) => deps.find((d) => d.id === id)?.name[p.lang] ?? '—';
  switch (u.kind) {
    case 'created':
      return tr(p, 'Звернення подано', 'Report filed');
    case 'status':
      return `${tr(p, 'Статус', 'Status')}: ${u.toStatus && u.toStatus in STATUS_LABEL ? STATUS_LABEL[u.toStatus as Status][p.lang] : u.toStatus}${u.toDepartmentId ? ` · ${tr(p, 'передано', 'routed to')}: ${dep(u.toDepartmentId)}` : ''}`;
    case 'note':
      return tr(p, 'Внутрішня нотатка', 'Internal note');
    case 'reassign':
      return `${tr(p, 'Передано іншому підрозділу', 'Reassigned')}: ${dep(u.fromDepartmentId)} → ${dep(u.toDepartmentId)}`;
    case 'confirm':
      return tr(p, 'Автор підтвердив, що проблему усунуто', 'The reporter confirmed the fix');
    case 'reopen':
      return tr(p, 'Автор відкрив звернення знову', 'The reporter reopened the report');
    case 'question':
      return tr(p, 'Питання «Чи усунуто?»', 'Question «Is it fixed?»');
    case 'support':
      return tr(p, 'Підтримка', 'Support');
  }
}

export function ReportPage(props: { p: PageCtx; c: Community; v: ReportView; tileUrl: string; attribution: string; moderator: boolean }): JSX.Element {
  const { p, c, v } = props;
  const r = v.report;
  const hasErrors = Object.keys(v.form.errors).length > 0;
  const awaitingReporter = v.isReporter && canReporterRespond(r.status, r.resolvedAt, r.confirmedAt, v.now);
  const asked = v.isReporter && r.askedAt !== null && (r.status === 'accepted' || r.status === 'in_progress');
  const hasPoint = r.lat !== null && r.lng !== null;
  return (
    <Layout
      ctx={p}
      title={`№${r.number}. ${r.title}`}
      description={r.description ?? undefined}
      hasErrors={hasErrors}
      scripts={hasPoint ? [`${ASSETS}/leaflet.js`, `${ASSETS}/maps.js`] : []}
    >
      {hasPoint ? <link rel="stylesheet" href={`${ASSETS}/leaflet.css`} /> : ''}
      <ErrorSummary ctx={p} errors={v.form.errors} />
      <p>
        <a href={base(c)}>{t(p, '← Усі звернення', '← All reports')}</a>
      </p>
      {v.flash ? (
        <div class="notice" role="status">
          <p safe>{v.flash}</p>
        </div>
      ) : (
        ''
      )}
      <h1 safe>{`№${r.number}. ${r.title}`}</h1>
      <p class="meta">
        <StatusBadge p={p} s={r.status} /> <Deadline p={p} r={r} now={v.now} />
      </p>
      {r.status === 'new' ? (
        <p class="notice">
          {t(
            p,
            'Звернення перевіряє модератор; після цього воно стане публічним і надійде до підрозділу.',
            'A moderator is checking the report; then it becomes public and goes to the department.',
          )}
        </p>
      ) : (
        ''
      )}
      {(r.statusNote || r.duplicateOf) && !isOpen(r.status) ? (
        <div class="oc-answer">
          <h2>{t(p, 'Відповідь', 'Answer')}</h2>
          {r.statusNote ? <p safe>{r.statusNote}</p> : ''}
          {r.status === 'duplicate' && r.duplicateOf ? (
            <p>
              <a href={`${base(c)}/reports/${r.duplicateOf}`} safe>
                {`${tr(p, 'Основне звернення', 'Main report')}: №${r.duplicateOfNumber ?? r.duplicateOf}`}
              </a>
            </p>
          ) : (
            ''
          )}
        </div>
      ) : (
        ''
      )}
      <dl class="summary-list">
        <div>
          <dt>{t(p, 'Категорія', 'Category')}</dt>
          <dd safe>{r.categoryName[p.lang]}</dd>
        </div>
        <div>
          <dt>{t(p, 'Відповідальний підрозділ', 'Responsible department')}</dt>
          <dd safe>{r.departmentName[p.lang]}</dd>
        </div>
        <div>
          <dt>{t(p, 'Місце', 'Place')}</dt>
          <dd safe>{place(r, p.lang)}</dd>
        </div>
        <div>
          <dt>{t(p, 'Подано', 'Filed')}</dt>
          <dd safe>{`${formatKyivDateTime(r.createdAt, p.lang)}${r.showName && r.reporterName ? ` · ${shownName(r.reporterName, p.lang)}` : ''}`}</dd>
        </div>
        <div>
          <dt>{t(p, 'Канал', 'Channel')}</dt>
          <dd safe>{SOURCE_LABEL[r.source][p.lang]}</dd>
        </div>
        <div>
          <dt>{t(p, 'Підтримали', 'Supported by')}</dt>
          <dd safe>{plural(r.supports, { uk: ['людина', 'людини', 'людей'], en: ['person', 'people'] }, p.lang)}</dd>
        </div>
        {Object.keys(r.attributes).length ? (
          <div>
            <dt>{t(p, 'Додатково', 'More')}</dt>
            <dd safe>
              {Object.entries(r.attributes)
                .map(([k, val]) => `${k}: ${Array.isArray(val) ? val.join(', ') : String(val)}`)
                .join('; ')}
            </dd>
          </div>
        ) : (
          ''
        )}
      </dl>
      {v.reporterContact ? (
        <div class="notice">
          <h2>{t(p, 'Контакти автора (бачать лише модератори й виконавці)', 'Reporter contacts (moderators and executors only)')}</h2>
          <p class="oc-contact" safe>
            {[v.reporterContact.name, v.reporterContact.email ?? '', v.reporterContact.phone ?? ''].filter(Boolean).join(' · ')}
          </p>
        </div>
      ) : (
        ''
      )}
      {r.description ? (
        <p class="oc-description" safe>
          {r.description}
        </p>
      ) : (
        ''
      )}
      {hasPoint ? (
        <div
          id="oc-report-map"
          class="oc-map oc-map-small"
          role="region"
          aria-label={tr(p, 'Місце на мапі', 'Place on the map')}
          data-tiles={props.tileUrl}
          data-attribution={props.attribution}
          data-lat={String(r.lat)}
          data-lng={String(r.lng)}
          data-zoom="16"
          data-status={r.status}
        ></div>
      ) : (
        ''
      )}
      {hasPoint ? (
        <p id="oc-tile-note" class="notice warning" role="status" hidden>
          {t(p, 'Не вдалося завантажити підкладку мапи; координати вказано вище.', 'The map tiles could not be loaded; the coordinates are given above.')}
        </p>
      ) : (
        ''
      )}
      {v.photoIds.length ? (
        <ul class="oc-photos" aria-label={tr(p, 'Фото', 'Photos')}>
          {v.photoIds.map((id, i) => (
            <li>
              <a href={`${base(c)}/photos/${id}`}>
                <img src={`${base(c)}/photos/${id}/thumb`} alt={`${tr(p, 'Фото', 'Photo')} ${i + 1}: ${r.title}`} loading="lazy" />
              </a>
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
      <div class="oc-actions">
        {v.canSupport && !v.supported && !v.isReporter && r.status !== 'new' && isOpen(r.status) ? (
          <ActionButton
            ctx={p}
            action={`${base(c)}/reports/${r.id}/support`}
            label={tr(p, 'Мене це теж стосується', 'This affects me too')}
            variant="secondary"
          />
        ) : (
          ''
        )}
        {v.supported ? <p>{t(p, 'Ви підтримали це звернення.', 'You have supported this report.')}</p> : ''}
        {p.viewer && !v.subscribed && r.status !== 'new' ? (
          <ActionButton
            ctx={p}
            action={`${base(c)}/reports/${r.id}/subscribe`}
            label={tr(p, 'Стежити за зверненням (e-mail)', 'Follow this report (e-mail)')}
            variant="secondary"
          />
        ) : (
          ''
        )}
        {v.subscribed ? <p>{t(p, 'Ви стежите за цим зверненням.', 'You follow this report.')}</p> : ''}
      </div>
      {awaitingReporter ? <ReporterLoop p={p} c={c} r={r} form={v.form} /> : ''}
      {asked ? (
        <section class="oc-panel">
          <h2>{t(p, 'Чи усунуто проблему?', 'Is the problem fixed?')}</h2>
          <ActionButton
            ctx={p}
            action={`${base(c)}/reports/${r.id}/question`}
            fields={{ fixed: 'yes' }}
            label={tr(p, 'Так, усунуто', 'Yes, it is fixed')}
          />{' '}
          <ActionButton
            ctx={p}
            action={`${base(c)}/reports/${r.id}/question`}
            fields={{ fixed: 'no' }}
            label={tr(p, 'Ні, ще ні', 'No, not yet')}
            variant="secondary"
          />
        </section>
      ) : (
        ''
      )}
      {v.staffRole ? <StaffPanel p={p} c={c} v={v} /> : ''}
      <h2>{t(p, 'Хронологія', 'Timeline')}</h2>
      <ol class="oc-timeline">
        {v.updates.map((u) => (
          <li class={u.internal ? 'oc-internal' : undefined}>
            <p class="meta" safe>
              {`${formatKyivDateTime(u.createdAt, p.lang)} · ${actorLabel(p, u)}`}
            </p>
            <p>
              <strong safe>{updateTitle(p, u, v.departments)}</strong>
            </p>
            {u.body ? <p safe>{u.body}</p> : ''}
            {u.photoIds.length ? (
              <ul class="oc-photos">
                {u.photoIds.map((id, i) => (
                  <li>
                    <a href={`${base(c)}/photos/${id}`}>
                      <img src={`${base(c)}/photos/${id}/thumb`} alt={`${tr(p, 'Фото до відповіді', 'Photo with the answer')} ${i + 1}`} loading="lazy" />
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              ''
            )}
          </li>
        ))}
      </ol>
      {p.viewer && r.status !== 'new' ? (
        <p>
          <a class="small" href={`/complaints/new?type=open_city_report&id=${r.id}`}>
            {t(p, 'Поскаржитися на зміст', 'Complain about the content')}
          </a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}

function ReporterLoop({ p, c, r, form }: { p: PageCtx; c: Community; r: ReportRow; form: FormState }): JSX.Element {
  const field = fieldsFor(p, form);
  return (
    <section class="oc-panel" id="confirm">
      <h2>{t(p, 'Проблему справді усунуто?', 'Is the problem really fixed?')}</h2>
      <p>
        {t(p, 'Підтвердьте або відкрийте звернення знову — це можна зробити протягом 14 днів.', 'Confirm, or reopen the report: you can do so within 14 days.')}
      </p>
      <ActionButton ctx={p} action={`${base(c)}/reports/${r.id}/confirm`} label={tr(p, 'Так, підтверджую', 'Yes, I confirm')} />
      <form method="post" action={`${base(c)}/reports/${r.id}/reopen`} class="stack" novalidate>
        <CsrfField ctx={p} />
        <field.Area name="comment" label={tr(p, 'Що не так?', 'What is wrong?')} rows={3} maxlength={1000} />
        <SubmitButton variant="warning">{t(p, 'Ні, відкрити знову', 'No, reopen it')}</SubmitButton>
      </form>
    </section>
  );
}

function StaffPanel({ p, c, v }: { p: PageCtx; c: Community; v: ReportView }): JSX.Element {
  const r = v.report;
  // Only what this role may set in this status: an executor never marks a duplicate, nor rejects.
  const targets = allowedTransitions(v.staffRole!, r.status);
  const answered = targets.filter((s) => transitionRequirements(s).answer);
  const f = v.form;
  const leaves = leafCategories(v.categories);
  const field = fieldsFor(p, f);
  return (
    <section class="oc-panel oc-staff" aria-labelledby="staff-title">
      <h2 id="staff-title">{v.staffRole === 'moderator' ? t(p, 'Дії модератора', 'Moderator actions') : t(p, 'Дії виконавця', 'Executor actions')}</h2>
      {targets.length ? (
        <form method="post" action={`${base(c)}/reports/${r.id}/status`} enctype="multipart/form-data" class="stack" novalidate>
          <CsrfField ctx={p} />
          <div class={`field${f.errors.status ? ' field-error' : ''}`}>
            <label for="status">{t(p, 'Новий статус', 'New status')}</label>
            {f.errors.status ? (
              <p class="error-message" id="status-error">
                <span safe>{f.errors.status}</span>
              </p>
            ) : (
              ''
            )}
            <select id="status" name="status">
              {targets.map((s) => (
                <option value={s} selected={f.values.status === s} safe>
                  {STATUS_LABEL[s][p.lang]}
                </option>
              ))}
            </select>
          </div>
          {v.staffRole === 'moderator' && r.status === 'new' ? (
            <div class="field">
              <label for="category">{t(p, 'Категорія (можна виправити)', 'Category (may be corrected)')}</label>
              <select id="category" name="category">
                {leaves.map((cat) => (
                  <option value={cat.code} selected={(f.values.category ?? r.categoryCode) === cat.code} safe>
                    {cat.name[p.lang]}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            ''
          )}
          <field.Area
            name="answer"
            label={tr(p, 'Публічна відповідь', 'Public answer')}
            hint={
              answered.length
                ? `${tr(p, 'Обовʼязкова для', 'Required for')} ${answered.map((s) => `«${STATUS_LABEL[s][p.lang]}»`).join(', ')}: ${tr(p, 'що зроблено або чому ні.', 'what was done, or why not.')}`
                : tr(p, 'Необовʼязкова: що зроблено.', 'Optional: what was done.')
            }
            rows={3}
            maxlength={3000}
          />
          {targets.some((s) => transitionRequirements(s).duplicateOf) ? (
            <field.Number
              name="duplicate_of"
              label={tr(p, 'Номер основного звернення (для «Дублікат»)', 'Number of the main report (for «Duplicate»)')}
              maxlength={10}
            />
          ) : (
            ''
          )}
          {targets.some((s) => transitionRequirements(s).forwardedTo) ? (
            <field.Text
              name="forwarded_to"
              label={tr(p, 'Куди передано (для «Не в компетенції»)', 'Forwarded to (for «Not our competence»)')}
              maxlength={300}
            />
          ) : (
            ''
          )}
          <FileField
            ctx={p}
            name="photos"
            id="answer-photos"
            label={tr(p, 'Фото результату (необовʼязково)', 'Photo of the result (optional)')}
            error={f.errors.photos}
            accept="image/*"
            multiple
          />
          <SubmitButton>{t(p, 'Змінити статус', 'Change the status')}</SubmitButton>
        </form>
      ) : (
        <p>{t(p, 'У цьому статусі змін від вас не потрібно.', 'Nothing is needed from you in this status.')}</p>
      )}
      <form method="post" action={`${base(c)}/reports/${r.id}/reassign`} class="stack" novalidate>
        <CsrfField ctx={p} />
        <div class={`field${f.errors.department ? ' field-error' : ''}`}>
          <label for="department">{t(p, 'Передати іншому підрозділу', 'Reassign to another department')}</label>
          {f.errors.department ? (
            <p class="error-message" id="department-error">
              <span safe>{f.errors.department}</span>
            </p>
          ) : (
            ''
          )}
          <select id="department" name="department">
            {v.departments
              .filter((d) => d.id !== r.departmentId)
              .map((d) => (
                <option value={d.key} safe>
                  {d.name[p.lang]}
                </option>
              ))}
          </select>
        </div>
        <field.Text name="reason" label={tr(p, 'Причина', 'Reason')} maxlength={500} />
        <SubmitButton variant="secondary">{t(p, 'Передати', 'Reassign')}</SubmitButton>
      </form>
      <form method="post" action={`${base(c)}/reports/${r.id}/note`} class="stack" novalidate>
        <CsrfField ctx={p} />
        <field.Area
          name="note"
          label={tr(p, 'Внутрішня нотатка (бачать лише модератори й виконавці)', 'Internal note (moderators and executors only)')}
          rows={2}
          maxlength={2000}
        />
        <SubmitButton variant="secondary">{t(p, 'Додати нотатку', 'Add the note')}</SubmitButton>
      </form>
    </section>
  );
}
