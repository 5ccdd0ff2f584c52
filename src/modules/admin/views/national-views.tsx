/** The national moderator's pages: the queue of requests, one request, and the platform's communities. */
import type { Children } from '@kitajs/html';
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { ActionButton, CsrfField, ErrorSummary, SubmitButton, type FormState, fieldsFor } from '../../../core/views/forms.js';
import type { CommunityAdminRow } from '../service/communities.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import { oblastLabel, type Community } from '../../../core/communities/community.js';
import { REQUEST_STATUSES, type ConnectionRequest, type FileMeta, type RequestStatus } from '../repository.js';
import { RequestSummary, STATUS_LABELS, StatusTag } from './parts.js';

export function QueuePage({
  p,
  status,
  counts,
  list,
}: {
  p: PageCtx;
  status: RequestStatus;
  counts: Record<RequestStatus, number>;
  list: ConnectionRequest[];
}): JSX.Element {
  return (
    <Layout ctx={p} title={tr(p, 'Заявки на підключення громад', 'Community connection requests')}>
      <h1>{t(p, 'Заявки на підключення громад', 'Community connection requests')}</h1>
      <ul>
        <li>
          <a href="/manage/communities">{t(p, 'Громади платформи: призупинення й відновлення', 'Communities on the platform: suspend and reconnect')}</a>
        </li>
        <li>
          <a href="/connect">{t(p, 'Публічна форма «Підключити громаду»', 'The public form «Connect a community»')}</a>
        </li>
      </ul>
      <nav aria-label={tr(p, 'Стан заявок', 'Request status')}>
        <ul class="tabs">
          {REQUEST_STATUSES.map((s) => (
            <li>
              <a href={`/manage/connections?status=${s}`} aria-current={s === status ? 'page' : undefined} safe>
                {`${STATUS_LABELS[s][p.lang]} (${counts[s]})`}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {list.length === 0 ? (
        <p>{t(p, 'Заявок із таким станом немає.', 'No requests in this state.')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden" safe>
              {STATUS_LABELS[status][p.lang]}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t(p, 'Громада', 'Community')}</th>
                <th scope="col">{t(p, 'Область', 'Oblast')}</th>
                <th scope="col">{t(p, 'Оновлено', 'Updated')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr>
                  <td>
                    <a href={`/manage/connections/${r.id}`} safe>
                      {tr(p, r.name_uk, r.name_en)}
                    </a>
                  </td>
                  <td safe>{tr(p, r.oblast_uk, r.oblast_en)}</td>
                  <td safe>{formatKyivDateTime(r.updated_at, p.lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function RequestPage({
  p,
  r,
  files,
  form,
  communitySlug,
}: {
  p: PageCtx;
  r: ConnectionRequest;
  files: FileMeta[];
  form: FormState;
  communitySlug: string | null;
}): JSX.Element {
  const name = tr(p, r.name_uk, r.name_en);
  const base = `/manage/connections/${r.id}`;
  const field = fieldsFor(p, form);
  return (
    <Layout ctx={p} title={name} hasErrors={Object.keys(form.errors).length > 0}>
      <ErrorSummary ctx={p} errors={form.errors} />
      <p>
        <a href={`/manage/connections?status=${r.status}`}>{t(p, '← До черги заявок', '← Back to the queue')}</a>
      </p>
      <h1 safe>{name}</h1>
      <p>
        {t(p, 'Стан:', 'Status:')} <StatusTag p={p} status={r.status} />{' '}
        <span class="meta" safe>
          {`${tr(p, 'подано', 'submitted')} ${formatKyivDateTime(r.submitted_at, p.lang)}, ${tr(p, 'оновлено', 'updated')} ${formatKyivDateTime(r.updated_at, p.lang)}`}
        </span>
      </p>
      {r.status_message ? (
        <div class="notice warning">
          <h2>
            {r.status === 'declined' ? t(p, 'Причина відмови', 'Reason for declining') : t(p, 'Останнє повідомлення заявнику', 'Last message to the applicant')}
          </h2>
          <p class="pre-line" safe>
            {r.status_message}
          </p>
        </div>
      ) : (
        ''
      )}
      {r.status === 'accepted' && communitySlug ? (
        <p class="notice">
          {t(p, 'Громаду підключено:', 'Connected:')}{' '}
          <a href={`/${communitySlug}`} safe>
            {`/${communitySlug}`}
          </a>
        </p>
      ) : (
        ''
      )}
      {r.status === 'changes_requested' ? (
        <p class="notice">{t(p, 'Чекаємо, поки заявник виправить і надішле заявку знову.', 'Waiting for the applicant to correct and resend the request.')}</p>
      ) : (
        ''
      )}
      <RequestSummary p={p} r={r} files={files} fileHref={(kind) => `${base}/files/${kind}`} showContacts={true} />

      {r.status === 'new' ? (
        <Decision
          p={p}
          id="accept"
          title={t(p, 'Прийняти й підключити', 'Accept and connect')}
          action={`${base}/accept`}
          button={t(p, 'Прийняти й підключити громаду', 'Accept and connect the community')}
          intro={
            <p>
              {t(
                p,
                'Буде створено громаду з обраними інструментами та входом через id.gov.ua, модераторам — надіслано запрошення, умови петицій — внесено в налаштування.',
                'The community is created with the chosen tools and id.gov.ua sign-in, the moderators are invited, and the petition conditions become its settings.',
              )}
            </p>
          }
        >
          <field.Text
            name="slug"
            label={tr(p, 'Адреса громади на платформі', 'Community address on the platform')}
            hint={tr(p, 'Латиницею, як у назві: наприклад nizhyn дає адресу /nizhyn.', 'Latin letters, from the name: e.g. nizhyn gives /nizhyn.')}
            maxlength={63}
            autocomplete="off"
          />
        </Decision>
      ) : (
        ''
      )}
      {r.status === 'new' ? (
        <Decision
          p={p}
          id="changes"
          title={t(p, 'Попросити зміни', 'Ask for changes')}
          action={`${base}/request-changes`}
          button={t(p, 'Надіслати прохання про зміни', 'Send the request for changes')}
          buttonClass="secondary"
        >
          <field.Area
            name="message"
            rows={4}
            maxlength={2000}
            label={tr(p, 'Що потрібно виправити', 'What needs changing')}
            hint={tr(
              p,
              'Заявник отримає лист і зможе виправити заявку за своїм посиланням.',
              'The applicant gets a letter and can correct the request at their link.',
            )}
          />
        </Decision>
      ) : (
        ''
      )}
      {r.status === 'new' || r.status === 'changes_requested' ? (
        <Decision
          p={p}
          id="decline"
          title={t(p, 'Відхилити заявку', 'Decline the request')}
          action={`${base}/decline`}
          button={t(p, 'Відхилити', 'Decline')}
          buttonClass="warning"
        >
          <field.Area
            name="reason"
            rows={3}
            maxlength={2000}
            label={tr(p, 'Причина відмови', 'Reason for declining')}
            hint={tr(p, 'Її отримає заявник листом.', 'The applicant receives it by e-mail.')}
          />
        </Decision>
      ) : (
        ''
      )}
    </Layout>
  );
}

/** One decision on a request: a titled section with its form, the field it needs and the button that makes it. */
function Decision(props: {
  p: PageCtx;
  id: string;
  title: Children;
  action: string;
  button: Children;
  buttonClass?: 'secondary' | 'warning';
  /** A paragraph before the form. */
  intro?: Children;
  children: Children;
}): JSX.Element {
  return (
    <section class="decision" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.intro}
      <form method="post" action={props.action} novalidate>
        <CsrfField ctx={props.p} />
        {props.children}
        <button class={props.buttonClass ? `button ${props.buttonClass}` : 'button'} type="submit">
          {props.button}
        </button>
      </form>
    </section>
  );
}

export function CommunitiesPage({
  p,
  list,
  reasons,
  form,
  q,
}: {
  p: PageCtx;
  list: Community[];
  reasons: Map<number, { status: string; reason: string; at: Date }>;
  form: FormState;
  q: string;
}): JSX.Element {
  return (
    <Layout ctx={p} title={tr(p, 'Громади платформи', 'Communities on the platform')} hasErrors={Object.keys(form.errors).length > 0}>
      <ErrorSummary ctx={p} errors={form.errors} />
      <p>
        <a href="/manage/connections">{t(p, '← До заявок на підключення', '← Back to connection requests')}</a>
      </p>
      <h1>{t(p, 'Громади платформи', 'Communities on the platform')}</h1>
      <p>
        {t(
          p,
          'Призупинена громада лишається доступною для читання, але нові підписи, голоси й дописи в ній не приймаються.',
          'A suspended community stays readable, but takes no new signatures, votes or posts.',
        )}
      </p>
      <form method="get" action="/manage/communities" role="search" class="search-form" novalidate>
        <div class="field">
          <label for="q">{t(p, 'Назва громади або область', 'Community name or oblast')}</label>
          <input id="q" name="q" type="search" value={q} />
        </div>
        <SubmitButton variant="secondary">{t(p, 'Шукати', 'Search')}</SubmitButton>
      </form>
      {list.length === 0 ? <p>{t(p, 'Нічого не знайдено.', 'Nothing found.')}</p> : ''}
      <ul class="queue">
        {list.map((c) => {
          const last = reasons.get(c.id);
          const suspended = c.status === 'suspended';
          const fieldName = `reason-${c.slug}`;
          const field = fieldsFor(p, form);
          return (
            <li class="card" id={`community-${c.slug}`}>
              <h2>
                <a href={`/${c.slug}`} safe>
                  {c.name[p.lang]}
                </a>
              </h2>
              <p class="meta" safe>
                {`${oblastLabel(c, p.lang)} · /${c.slug}`}
              </p>
              <p>
                <a href={`/manage/communities/${c.slug}/admins`}>{t(p, 'Адміністратори громади', 'Community administrators')}</a>
              </p>
              <p>
                <span class={suspended ? 'tag tag-request-declined' : 'tag tag-request-accepted'}>
                  {suspended ? t(p, 'Призупинена', 'Suspended') : t(p, 'Підключена', 'Connected')}
                </span>
              </p>
              {last ? (
                <p class="meta" safe>
                  {`${tr(p, 'Причина', 'Reason')} (${formatKyivDateTime(last.at, p.lang)}): ${last.reason}`}
                </p>
              ) : (
                ''
              )}
              <form method="post" action={`/manage/communities/${c.slug}/${suspended ? 'reconnect' : 'suspend'}`} novalidate>
                <CsrfField ctx={p} />
                <field.Area
                  name={fieldName}
                  rows={2}
                  maxlength={1000}
                  label={
                    suspended
                      ? tr(p, `Причина відновлення: ${c.name.uk}`, `Reason to reconnect: ${c.name.en}`)
                      : tr(p, `Причина призупинення: ${c.name.uk}`, `Reason to suspend: ${c.name.en}`)
                  }
                />
                <button class={suspended ? 'button' : 'button warning'} type="submit">
                  {suspended ? t(p, 'Відновити участь', 'Reconnect') : t(p, 'Призупинити участь', 'Suspend')}
                </button>
              </form>
            </li>
          );
        })}
      </ul>
    </Layout>
  );
}

/** The national moderator grants and revokes a community's administrators (its profile and sign-in policy). */
export function CommunityAdminsPage({
  p,
  c,
  admins,
  candidates,
  form,
}: {
  p: PageCtx;
  c: Community;
  admins: CommunityAdminRow[];
  candidates: CommunityAdminRow[];
  form: FormState;
}): JSX.Element {
  const field = fieldsFor(p, form);
  return (
    <Layout
      ctx={p}
      title={tr(p, `Адміністратори громади: ${c.name.uk}`, `Community administrators: ${c.name.en}`)}
      hasErrors={Object.keys(form.errors).length > 0}
    >
      <ErrorSummary ctx={p} errors={form.errors} />
      <p>
        <a href={`/manage/communities#community-${c.slug}`}>{t(p, '← Громади платформи', '← Communities on the platform')}</a>
      </p>
      <h1 safe>{tr(p, `Адміністратори громади: ${c.name.uk}`, `Community administrators: ${c.name.en}`)}</h1>
      <p>
        {t(
          p,
          'Адміністратор громади змінює її профіль і спосіб входу мешканців (зокрема, чи дозволено слабший вхід з e-mail і телефоном). Модератори інструментів цього не можуть.',
          'A community administrator changes its profile and how residents sign in (including whether the weaker e-mail + phone sign-in is allowed). Tool moderators cannot.',
        )}
      </p>
      <h2>{t(p, 'Призначені', 'Appointed')}</h2>
      {admins.length === 0 ? <p>{t(p, 'Нікого не призначено.', 'Nobody is appointed.')}</p> : ''}
      <ul class="queue">
        {admins.map((a) => (
          <li class="card">
            <p>
              <strong safe>{a.name}</strong>
            </p>
            <ActionButton
              ctx={p}
              action={`/manage/communities/${c.slug}/admins/${a.userId}/revoke`}
              label={tr(p, `Зняти роль: ${a.name}`, `Revoke: ${a.name}`)}
              variant="warning"
            />
          </li>
        ))}
      </ul>
      <h2>{t(p, 'Призначити', 'Appoint')}</h2>
      {candidates.length === 0 ? (
        <p>
          {t(
            p,
            'Призначити можна людину, яка вже має роль у цій громаді (модератора чи виконавця) і входить через id.gov.ua.',
            'You can appoint a person who already holds a role in this community (a moderator or an executor) and signs in with id.gov.ua.',
          )}
        </p>
      ) : (
        <form method="post" action={`/manage/communities/${c.slug}/admins`} novalidate>
          <CsrfField ctx={p} />
          <field.Select
            name="user_id"
            label={tr(p, 'Хто (люди з роллю в цій громаді)', 'Who (people with a role in this community)')}
            options={candidates.map((x) => ({ value: String(x.userId), label: x.name }))}
          />
          <SubmitButton>{t(p, 'Призначити адміністратором громади', 'Appoint as community administrator')}</SubmitButton>
        </form>
      )}
    </Layout>
  );
}
