/** Public pages of the participatory budget: a project, and the form to propose or edit one. */
import { FollowBox, type FollowState } from '../../../core/follows/views.js';
import type { MapView } from '../../../core/maps/map-picker.js';
import { MAP_SCRIPTS, MAP_STYLESHEET } from '../../../core/maps/map-assets.js';
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { shownName } from '../../../core/users/public-name.js';
import { CsrfField, ErrorSummary, SubmitButton, type FormState, fieldsFor } from '../../../core/views/forms.js';
import { formatKyivDate, formatKyivDateTime } from '../../../core/calendar/index.js';
import type { Community } from '../../../core/communities/community.js';
import type { ParticipationRefusal } from '../../../core/permissions/policy.js';
import { RefusalNotice } from '../../../core/views/kit.js';
import { pluralWord } from '../../../core/i18n/index.js';
import { IMPL_LABELS, STATUS_LABELS, formatMoney, type Phase } from '../rules.js';
import type { Category, Contest } from '../repository/contests.js';
import type { ImplUpdate, Project, ProjectComment } from '../repository/projects.js';
import { CostTable, CostVotesFigures, PhotoGallery, ProjectForm, StatusTag, base, manageBase } from './parts.js';

export function ProjectPage(props: {
  p: PageCtx;
  c: Community;
  contest: Contest;
  category: Category;
  project: Project;
  history: { status: string; note: string | null; at: Date }[];
  photoIds: number[];
  supports: number;
  supported: boolean;
  canSupport: boolean;
  votes: number | null;
  comments: ProjectComment[];
  hidden: Set<string>;
  moderator: boolean;
  isAuthor: boolean;
  commentRefusal: ParticipationRefusal | null;
  commentForm: FormState;
  phase: Phase;
  updates: ImplUpdate[];
  /** Following this project by e-mail (null: not public yet). */
  follow: FollowState | null;
}): JSX.Element {
  const { p, c, contest, project: x } = props;
  const url = `${base(c, contest)}/projects/${x.id}`;
  const historyLabel = (s: string, note: string | null): string => {
    if (s === 'cost_corrected') return tr(p, 'Вартість скориговано', 'Cost corrected');
    if (s === 'review' && note === 'resubmitted') return tr(p, 'Доопрацьовано й подано знову', 'Revised and resubmitted');
    if (s === 'review' && note === 'supporters') return tr(p, 'Набрав підтримку — на розгляді', 'Enough supporters — under review');
    if (s === 'review' && note === 'paper') return tr(p, 'Подано на папері — на розгляді', 'Submitted on paper — under review');
    if (s === 'review') return tr(p, 'Подано — на розгляді', 'Submitted — under review');
    if (s === 'support') return tr(p, 'Подано — збір підтримки', 'Submitted — collecting supporters');
    const l = STATUS_LABELS[s as Project['status']];
    return l ? l[p.lang] : s;
  };
  const commentField = fieldsFor(p, props.commentForm);
  return (
    <Layout
      ctx={p}
      title={x.title}
      description={x.problem}
      image={props.photoIds.length ? `/${c.slug}/budgets/photos/${props.photoIds[0]}` : undefined}
      hasErrors={Object.keys(props.commentForm.errors).length > 0}
    >
      <p class="meta">
        <a href={base(c, contest)} safe>
          {contest.title}
        </a>
      </p>
      <h1 safe>{(x.code ? `${x.code} · ` : '') + x.title}</h1>
      <p>
        <StatusTag p={p} project={x} /> <span safe>{`${props.category.code}. ${props.category.name}`}</span>
      </p>
      {props.follow ? <FollowBox p={p} state={props.follow} /> : ''}
      <ul class="figures">
        <CostVotesFigures p={p} cost={x.cost} votes={props.votes} />
        {contest.supportersNeeded > 0 ? (
          <li>
            <strong safe>{`${props.supports} / ${contest.supportersNeeded}`}</strong>
            <span safe>
              {pluralWord(
                contest.supportersNeeded,
                { uk: ['підпису підтримки', 'підписів підтримки', 'підписів підтримки'], en: ['supporter', 'supporters'] },
                p.lang,
              )}
            </span>
          </li>
        ) : (
          ''
        )}
      </ul>
      <p class="meta" safe>
        {tr(p, 'Автор: ', 'Author: ') +
          (shownName(x.authorName, p.lang) || tr(p, 'видалений обліковий запис', 'deleted account')) +
          (x.onPaper ? tr(p, ' (подано на папері)', ' (submitted on paper)') : '')}
      </p>
      {x.status === 'rejected' && x.reviewNote ? (
        <div class="notice" role="note">
          <p safe>{tr(p, 'Причина відхилення: ', 'Reason for rejection: ') + x.reviewNote}</p>
        </div>
      ) : (
        ''
      )}
      {x.status === 'needs_changes' && (props.isAuthor || props.moderator) && x.reviewNote ? (
        <div class="notice" role="note">
          <p safe>{tr(p, 'Що треба доопрацювати: ', 'What to change: ') + x.reviewNote}</p>
        </div>
      ) : (
        ''
      )}
      {props.isAuthor && (x.status === 'draft' || x.status === 'needs_changes') ? (
        <p>
          <a class="button" href={`${url}/edit`}>
            {x.status === 'draft' ? t(p, 'Редагувати й подати', 'Edit and submit') : t(p, 'Доопрацювати', 'Revise')}
          </a>
        </p>
      ) : (
        ''
      )}
      {props.moderator && (x.status === 'review' || x.status === 'support') ? (
        <p>
          <a class="button" href={`${manageBase(c, contest)}/projects/${x.id}`}>
            {t(p, 'Розглянути', 'Review')}
          </a>
        </p>
      ) : (
        ''
      )}
      {x.status === 'support' ? (
        <section>
          <h2>{t(p, 'Підтримка', 'Support')}</h2>
          {props.supported ? (
            <p>{t(p, 'Ви підтримали цей проєкт.', 'You support this project.')}</p>
          ) : props.canSupport ? (
            <form method="post" action={`${url}/support`}>
              <CsrfField ctx={p} />
              <SubmitButton>{t(p, 'Підтримати проєкт', 'Support the project')}</SubmitButton>
            </form>
          ) : (
            <p>{t(p, 'Підтримати проєкт можуть мешканці, які увійшли через id.gov.ua.', 'Residents signed in through id.gov.ua can support the project.')}</p>
          )}
        </section>
      ) : (
        ''
      )}
      {props.photoIds.length ? (
        <PhotoGallery
          photosUrl={`/${c.slug}/budgets/photos`}
          ids={props.photoIds}
          alt={(i) => tr(p, `Фото ${i + 1} до проєкту`, `Photo ${i + 1} of the project`)}
        />
      ) : (
        ''
      )}
      <h2>{t(p, 'Проблема', 'The problem')}</h2>
      <p class="prose" safe>
        {x.problem}
      </p>
      <h2>{t(p, 'Рішення', 'The solution')}</h2>
      <p class="prose" safe>
        {x.solution}
      </p>
      <h2>{t(p, 'Місце', 'Location')}</h2>
      <p safe>{x.location + (x.lat !== null && x.lng !== null ? ` (${x.lat.toFixed(5)}, ${x.lng.toFixed(5)})` : '')}</p>
      <h2>{t(p, 'Хто отримає користь', 'Who benefits')}</h2>
      <p class="prose" safe>
        {x.beneficiaries}
      </p>
      <CostTable p={p} project={x} />
      {x.costNote ? (
        <p class="notice" safe>
          {tr(p, 'Коментар щодо вартості: ', 'Note on the cost: ') + x.costNote}
        </p>
      ) : (
        ''
      )}
      {props.updates.length || x.status === 'admitted' ? (
        <section>
          <h2>{t(p, 'Реалізація', 'Implementation')}</h2>
          <p safe>{IMPL_LABELS[x.implStatus][p.lang] + (x.implStatus === 'not_done' && x.implReason ? `: ${x.implReason}` : '')}</p>
          <ul class="timeline">
            {props.updates.map((u) => (
              <li>
                <strong safe>{`${formatKyivDate(u.at, p.lang)} · ${IMPL_LABELS[u.status][p.lang]}`}</strong>
                <p safe>{u.body + (u.spent ? tr(p, ` Витрачено: ${formatMoney(u.spent, p.lang)}.`, ` Spent: ${formatMoney(u.spent, p.lang)}.`) : '')}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      <h2>{t(p, 'Історія статусів', 'Status history')}</h2>
      <ol class="timeline">
        {props.history.map((h) => (
          <li>
            <strong safe>{historyLabel(h.status, h.note)}</strong>{' '}
            <span class="meta" safe>
              {formatKyivDateTime(h.at, p.lang)}
            </span>
            {h.note && !['resubmitted', 'supporters', 'paper'].includes(h.note) && (h.status !== 'needs_changes' || props.isAuthor || props.moderator) ? (
              <p safe>{h.note}</p>
            ) : (
              ''
            )}
          </li>
        ))}
      </ol>
      {x.status !== 'draft' ? (
        <section class="comments" id="comments">
          <h2>{t(p, 'Обговорення', 'Discussion')}</h2>
          {props.comments.map((cm) => {
            const isHidden = props.hidden.has(String(cm.id));
            return (
              <article class="comment" id={`comment-${cm.id}`}>
                {isHidden ? <p class="hidden-note">{t(p, 'Приховано модератором', 'Hidden by a moderator')}</p> : ''}
                {!isHidden || props.moderator ? (
                  <p class={isHidden ? 'hidden-text' : undefined} safe>
                    {cm.body}
                  </p>
                ) : (
                  ''
                )}
                <p class="meta" safe>
                  {`${shownName(cm.authorName, p.lang) || tr(p, 'Видалений обліковий запис', 'Deleted account')} · ${formatKyivDateTime(cm.createdAt, p.lang)}`}
                </p>
                {p.viewer && !isHidden ? (
                  <a class="small" href={`/complaints/new?type=budget_comment&id=${cm.id}`}>
                    {t(p, 'Поскаржитися', 'Report')}
                  </a>
                ) : (
                  ''
                )}
              </article>
            );
          })}
          {props.commentRefusal === null ? (
            <form method="post" action={`${url}/comments`} novalidate>
              <CsrfField ctx={p} />
              <ErrorSummary ctx={p} errors={props.commentForm.errors} />
              <commentField.Area name="body" label={tr(p, 'Ваш коментар', 'Your comment')} rows={3} maxlength={2000} />
              <SubmitButton>{t(p, 'Коментувати', 'Comment')}</SubmitButton>
            </form>
          ) : (
            <RefusalNotice ctx={p} refusal={props.commentRefusal} blockReason={null} variant="line" />
          )}
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function ProjectFormPage(props: {
  p: PageCtx;
  c: Community;
  contest: Contest;
  categories: Category[];
  form: FormState;
  action: string;
  paper: boolean;
  editing: boolean;
  photosCount: number;
  map: MapView;
}): JSX.Element {
  const { p } = props;
  const title = props.paper
    ? tr(p, 'Внести паперовий проєкт', 'Enter a paper project')
    : props.editing
      ? tr(p, 'Редагування проєкту', 'Edit the project')
      : tr(p, 'Новий проєкт', 'New project');
  return (
    <Layout ctx={p} title={title} hasErrors={Object.keys(props.form.errors).length > 0} scripts={MAP_SCRIPTS}>
      <link rel="stylesheet" href={MAP_STYLESHEET} />
      <p class="meta">
        <a href={base(props.c, props.contest)} safe>
          {props.contest.title}
        </a>
      </p>
      <h1 safe>{title}</h1>
      {!props.paper ? (
        <p class="lead">
          {t(
            p,
            'Ваші e-mail і телефон бачитимуть лише модератори; ваше імʼя буде на сторінці проєкту.',
            'Only moderators see your e-mail and phone; your name is shown on the project page.',
          )}
        </p>
      ) : (
        ''
      )}
      <ProjectForm
        p={p}
        action={props.action}
        categories={props.categories}
        form={props.form}
        paper={props.paper}
        editing={props.editing}
        photosCount={props.photosCount}
        map={props.map}
      />
    </Layout>
  );
}
