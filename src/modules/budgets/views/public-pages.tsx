/** Public pages of the participatory budget: contests, a contest, a project, the ballot, results, implementation. */
import type { MapView } from '../../../core/maps/map-picker.js';
import { MAP_SCRIPTS, MAP_STYLESHEET } from '../../../core/maps/map-assets.js';
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { shownName } from '../../../core/users/public-name.js';
import { CsrfField, ErrorSummary, TextArea, type FormState } from '../../../core/views/forms.js';
import { formatKyivDate, formatKyivDateTime } from '../../../core/calendar/index.js';
import { plural } from '../../../core/i18n/index.js';
import type { Community } from '../../../core/communities/community.js';
import type { ParticipationRefusal } from '../../../core/permissions/policy.js';
import { refusalText } from '../../../core/permissions/refusal-text.js';
import { CHANNEL_LABELS, IMPL_LABELS, PHASE_LABELS, RULE_LABELS, STATUS_LABELS, formatMoney, phaseAt, type Phase } from '../rules.js';
import type { BallotView } from '../repository/ballots.js';
import type { Category, Contest, VotingExtension } from '../repository/contests.js';
import type { CategoryResult } from '../service/results.js';
import type { ResultRecord } from '../repository/results.js';
import type { ImplUpdate, Project, ProjectComment } from '../repository/projects.js';
import { CategoryResults, CostTable, Money, PhaseTimeline, PhotoGallery, ProjectForm, ResultRecords, StatusTag, VotingExtensions, base, manageBase } from './parts.js';

export function ContestsPage(props: { p: PageCtx; c: Community; contests: Contest[]; now: Date; manage: boolean }): JSX.Element {
  const { p, c } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Громадський бюджет', 'Participatory budget')}>
      <h1>{t(p, 'Громадський бюджет', 'Participatory budget')}</h1>
      <p class="lead">{t(p, 'Мешканці пропонують проєкти, голосують за них, а громада фінансує переможців. Стежте за кожною гривнею.', 'Residents propose projects and vote; the community funds the winners. Follow every hryvnia.')}</p>
      {props.manage ? (
        <p>
          <a class="button secondary" href={manageBase(c)}>
            {t(p, 'Керування конкурсами', 'Manage contests')}
          </a>
        </p>
      ) : (
        ''
      )}
      {props.contests.length === 0 ? <p>{t(p, 'Конкурсів ще немає.', 'No contests yet.')}</p> : ''}
      <ul class="cards">
        {props.contests.map((k) => (
          <li class="card">
            <h2>
              <a href={base(c, k)} safe>
                {k.title}
              </a>
            </h2>
            <p class="meta" safe>
              {`${PHASE_LABELS[phaseOf(k, props.now)][p.lang]} · ${tr(p, 'бюджет', 'budget')} ${formatMoney(k.totalBudget, p.lang)}${k.published ? '' : tr(p, ' · чернетка', ' · draft')}`}
            </p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

const phaseOf = (k: Contest, now: Date): Phase => phaseAt(k.dates, now);

export function ContestPage(props: {
  p: PageCtx;
  c: Community;
  contest: Contest;
  categories: Category[];
  projects: Project[];
  votes: Map<number, number> | null;
  now: Date;
  manage: boolean;
  resultsPublic: boolean;
  myBallot: BallotView | null;
  extensions: VotingExtension[];
}): JSX.Element {
  const { p, c, contest } = props;
  const phase = phaseOf(contest, props.now);
  const url = base(c, contest);
  const el = contest.eligibility;
  return (
    <Layout ctx={p} title={contest.title}>
      <p class="meta">
        <a href={base(c)}>{t(p, 'Громадський бюджет', 'Participatory budget')}</a>
      </p>
      <h1 safe>{contest.title}</h1>
      {contest.description ? (
        <p class="lead" safe>
          {contest.description}
        </p>
      ) : (
        ''
      )}
      <ul class="figures">
        <li>
          <strong>
            <Money p={p} kop={contest.totalBudget} />
          </strong>
          {t(p, 'загальний бюджет', 'total budget')}
        </li>
        <li>
          <strong safe>{String(props.projects.filter((x) => x.status === 'admitted').length)}</strong>
          {t(p, 'проєктів у голосуванні', 'projects on the ballot')}
        </li>
        <li>
          <strong safe>{PHASE_LABELS[phase][p.lang]}</strong>
          {t(p, 'етап зараз', 'current phase')}
        </li>
      </ul>
      <PhaseTimeline p={p} contest={contest} now={props.now} />
      <VotingExtensions p={p} extensions={props.extensions} />
      <div class="actions-list">
        {phase === 'submission' ? (
          <a class="button" href={`${url}/projects/new`}>
            {t(p, 'Подати проєкт', 'Submit a project')}
          </a>
        ) : (
          ''
        )}
        {phase === 'voting' ? (
          <a class="button" href={`${url}/vote`}>
            {props.myBallot ? t(p, 'Мій бюлетень', 'My ballot') : t(p, 'Голосувати', 'Vote')}
          </a>
        ) : (
          ''
        )}
        {props.resultsPublic ? (
          <a class="button secondary" href={`${url}/results`}>
            {t(p, 'Результати', 'Results')}
          </a>
        ) : (
          ''
        )}
        {props.resultsPublic ? (
          <a class="button secondary" href={`${url}/implementation`}>
            {t(p, 'Реалізація', 'Implementation')}
          </a>
        ) : (
          ''
        )}
        {props.manage ? (
          <a class="button secondary" href={manageBase(c, contest)}>
            {t(p, 'Керувати конкурсом', 'Manage the contest')}
          </a>
        ) : (
          ''
        )}
      </div>
      <h2>{t(p, 'Правила', 'Rules')}</h2>
      <ul>
        <li safe>
          {tr(p, 'Голосують: ', 'Who votes: ') +
            [
              el.residentsOnly ? tr(p, 'мешканці громади', 'residents of the community') : tr(p, 'усі охочі', 'anyone'),
              el.minAge ? tr(p, `від ${el.minAge} років`, `aged ${el.minAge}+`) : '',
              el.allowEmail ? tr(p, 'вхід через id.gov.ua або e-mail', 'sign-in with id.gov.ua or e-mail') : tr(p, 'вхід через id.gov.ua', 'sign-in with id.gov.ua'),
            ]
              .filter(Boolean)
              .join(', ')}
        </li>
        <li safe>
          {contest.ballot.mode === 'one-per-category'
            ? tr(p, 'Бюлетень: рівно один проєкт у кожній категорії', 'Ballot: exactly one project per category')
            : tr(p, 'Бюлетень: ', 'Ballot: ') +
              [
                contest.ballot.maxPerCategory ? tr(p, `до ${contest.ballot.maxPerCategory} проєктів у категорії`, `up to ${contest.ballot.maxPerCategory} per category`) : '',
                contest.ballot.maxTotal ? tr(p, `до ${contest.ballot.maxTotal} усього`, `up to ${contest.ballot.maxTotal} in total`) : '',
              ]
                .filter(Boolean)
                .join(', ') || tr(p, 'будь-яка кількість проєктів', 'any number of projects')}
        </li>
        <li safe>{tr(p, 'Переможці: ', 'Winners: ') + RULE_LABELS[contest.winnerRule][p.lang] + (contest.winnerRule === 'greedy-threshold' ? tr(p, ` (мінімум ${contest.minVotes} голосів)`, ` (minimum ${contest.minVotes} votes)`) : '')}</li>
        {contest.supportersNeeded > 0 ? <li safe>{tr(p, `Щоб потрапити на розгляд, проєкту потрібно ${contest.supportersNeeded} підписів підтримки`, `A project needs ${contest.supportersNeeded} supporters to go to review`)}</li> : ''}
      </ul>
      {props.categories.map((cat) => {
        const list = props.projects.filter((x) => x.categoryId === cat.id);
        return (
          <section class="budget-category">
            <h2 safe>{`${cat.code}. ${cat.name}`}</h2>
            <p class="meta" safe>
              {tr(p, `Бюджет категорії ${formatMoney(cat.budget, p.lang)}; вартість проєкту від ${formatMoney(cat.minCost, p.lang)} до ${formatMoney(cat.maxCost, p.lang)}`, `Category budget ${formatMoney(cat.budget, p.lang)}; project cost ${formatMoney(cat.minCost, p.lang)} to ${formatMoney(cat.maxCost, p.lang)}`)}
            </p>
            {list.length === 0 ? <p>{t(p, 'Проєктів ще немає.', 'No projects yet.')}</p> : ''}
            <ul class="cards">
              {list.map((x) => (
                <li class="card budget-project-card">
                  <h3>
                    <a href={`${url}/projects/${x.id}`} safe>
                      {(x.code ? `${x.code} · ` : '') + x.title}
                    </a>
                  </h3>
                  <p class="meta">
                    <StatusTag p={p} project={x} /> <Money p={p} kop={x.cost} />
                    {props.votes ? <span safe>{` · ${plural(props.votes.get(x.id) ?? 0, { uk: ['голос', 'голоси', 'голосів'], en: ['vote', 'votes'] }, p.lang)}`}</span> : ''}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </Layout>
  );
}

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
  return (
    <Layout ctx={p} title={x.title} hasErrors={Object.keys(props.commentForm.errors).length > 0}>
      <p class="meta">
        <a href={base(c, contest)} safe>
          {contest.title}
        </a>
      </p>
      <h1 safe>{(x.code ? `${x.code} · ` : '') + x.title}</h1>
      <p>
        <StatusTag p={p} project={x} /> <span safe>{`${props.category.code}. ${props.category.name}`}</span>
      </p>
      <ul class="figures">
        <li>
          <strong>
            <Money p={p} kop={x.cost} />
          </strong>
          {t(p, 'вартість', 'cost')}
        </li>
        {props.votes !== null ? (
          <li>
            <strong safe>{String(props.votes)}</strong>
            {t(p, 'голосів', 'votes')}
          </li>
        ) : (
          ''
        )}
        {contest.supportersNeeded > 0 ? (
          <li>
            <strong safe>{`${props.supports} / ${contest.supportersNeeded}`}</strong>
            {t(p, 'підписів підтримки', 'supporters')}
          </li>
        ) : (
          ''
        )}
      </ul>
      <p class="meta" safe>
        {tr(p, 'Автор: ', 'Author: ') + (shownName(x.authorName, p.lang) || tr(p, 'видалений обліковий запис', 'deleted account')) + (x.onPaper ? tr(p, ' (подано на папері)', ' (submitted on paper)') : '')}
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
              <button class="button" type="submit">
                {t(p, 'Підтримати проєкт', 'Support the project')}
              </button>
            </form>
          ) : (
            <p>{t(p, 'Підтримати проєкт можуть мешканці, які увійшли через id.gov.ua.', 'Residents signed in through id.gov.ua can support the project.')}</p>
          )}
        </section>
      ) : (
        ''
      )}
      {props.photoIds.length ? (
        <PhotoGallery photosUrl={`/${c.slug}/budgets/photos`} ids={props.photoIds} alt={(i) => tr(p, `Фото ${i + 1} до проєкту`, `Photo ${i + 1} of the project`)} />
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
            <strong safe>{historyLabel(h.status, h.note)}</strong> <span class="meta" safe>{formatKyivDateTime(h.at, p.lang)}</span>
            {h.note && !['resubmitted', 'supporters', 'paper'].includes(h.note) && (h.status !== 'needs_changes' || props.isAuthor || props.moderator) ? <p safe>{h.note}</p> : ''}
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
              <TextArea ctx={p} form={props.commentForm} name="body" label={tr(p, 'Ваш коментар', 'Your comment')} rows={3} maxlength={2000} />
              <button class="button" type="submit">
                {t(p, 'Коментувати', 'Comment')}
              </button>
            </form>
          ) : (
            <p class="notice" safe>
              {refusalText(props.commentRefusal, p.lang, null)}
            </p>
          )}
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function ProjectFormPage(props: { p: PageCtx; c: Community; contest: Contest; categories: Category[]; form: FormState; action: string; paper: boolean; editing: boolean; photosCount: number; map: MapView }): JSX.Element {
  const { p } = props;
  const title = props.paper ? tr(p, 'Внести паперовий проєкт', 'Enter a paper project') : props.editing ? tr(p, 'Редагування проєкту', 'Edit the project') : tr(p, 'Новий проєкт', 'New project');
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
          {t(p, 'Ваші e-mail і телефон бачитимуть лише модератори; ваше імʼя буде на сторінці проєкту.', 'Only moderators see your e-mail and phone; your name is shown on the project page.')}
        </p>
      ) : (
        ''
      )}
      <ProjectForm p={p} action={props.action} categories={props.categories} form={props.form} paper={props.paper} editing={props.editing} photosCount={props.photosCount} map={props.map} />
    </Layout>
  );
}

export interface BallotCategory {
  category: Category;
  projects: Project[];
}

/** What this page of the ballot still allows; the numbers sit in spans the ballot script updates live. */
function RemainingChoices(props: { p: PageCtx; contest: Contest; chosenHere: number; chosenElsewhere: number }): JSX.Element {
  const { p, contest } = props;
  if (contest.ballot.mode === 'one-per-category') return <p class="hint">{t(p, 'Оберіть рівно один проєкт.', 'Choose exactly one project.')}</p>;
  const max = contest.ballot.maxPerCategory;
  const total = contest.ballot.maxTotal;
  const leftHere = max === null ? null : Math.max(0, max - props.chosenHere);
  const leftTotal = total === null ? null : Math.max(0, total - props.chosenElsewhere - props.chosenHere);
  return (
    <p class="hint ballot-remaining" role="status" aria-live="polite">
      {max === null ? t(p, 'Оберіть стільки проєктів, скільки підтримуєте.', 'Choose as many projects as you support.') : ''}
      {leftHere !== null ? (
        <>
          {t(p, `У цій категорії можна обрати до ${max}; залишилось `, `Up to ${max} in this category; left: `)}
          <strong data-left="category" safe>
            {String(leftHere)}
          </strong>
          .{' '}
        </>
      ) : (
        ''
      )}
      {leftTotal !== null ? (
        <>
          {t(p, `Усього можна обрати до ${total}; залишилось `, `Up to ${total} in total; left: `)}
          <strong data-left="total" safe>
            {String(leftTotal)}
          </strong>
          .
        </>
      ) : (
        ''
      )}
    </p>
  );
}

/**
 * One page of the ballot: one category, its remaining choices, and the choices of the other pages as
 * hidden fields. «Далі» is the first button, so Enter moves forward.
 */
export function VotePage(props: { p: PageCtx; c: Community; contest: Contest; sections: BallotCategory[]; step: number; chosen: Set<number>; errors: Record<string, string>; refusal: string | null }): JSX.Element {
  const { p, c, contest } = props;
  const url = base(c, contest);
  const one = contest.ballot.mode === 'one-per-category';
  const s = props.sections[props.step];
  const last = props.step >= props.sections.length - 1;
  const here = new Set(s ? s.projects.map((x) => x.id) : []);
  const elsewhere = [...props.chosen].filter((id) => !here.has(id));
  const chosenHere = s ? s.projects.filter((x) => props.chosen.has(x.id)).length : 0;
  const err = s ? props.errors[`cat-${s.category.id}`] : undefined;
  const general = props.errors.ballot;
  const title = tr(p, 'Бюлетень', 'Ballot');
  return (
    <Layout ctx={p} title={s && props.sections.length > 1 ? `${title}: ${s.category.name}` : title} hasErrors={Object.keys(props.errors).length > 0} scripts={['/static/ballot.js']}>
      <p class="meta">
        <a href={url} safe>
          {contest.title}
        </a>
      </p>
      <h1>{t(p, 'Бюлетень', 'Ballot')}</h1>
      {props.refusal ? (
        <div class="notice" role="status">
          <p safe>{props.refusal}</p>
          {!p.viewer ? (
            <a class="button" href={`/auth/sign-in?return=${encodeURIComponent(`${url}/vote`)}`}>
              {t(p, 'Увійти', 'Sign in')}
            </a>
          ) : (
            ''
          )}
        </div>
      ) : !s ? (
        <p>{t(p, 'У бюлетені ще немає проєктів.', 'There are no projects on the ballot yet.')}</p>
      ) : (
        <form
          method="post"
          action={`${url}/vote`}
          novalidate
          class="stack"
          data-ballot
          data-max-category={contest.ballot.mode === 'approval' && contest.ballot.maxPerCategory !== null ? String(contest.ballot.maxPerCategory) : ''}
          data-max-total={contest.ballot.mode === 'approval' && contest.ballot.maxTotal !== null ? String(contest.ballot.maxTotal) : ''}
          data-elsewhere={String(elsewhere.length)}
        >
          <CsrfField ctx={p} />
          <input type="hidden" name="step" value={String(props.step)} />
          {elsewhere.map((id) => (
            <input type="hidden" name="project" value={String(id)} />
          ))}
          <ErrorSummary ctx={p} errors={props.errors} />
          {props.sections.length > 1 ? (
            <ol class="ballot-steps" aria-label={tr(p, 'Категорії бюлетеня', 'Ballot categories')}>
              {props.sections.map((x, i) => {
                const n = x.projects.filter((y) => props.chosen.has(y.id)).length;
                return (
                  <li aria-current={i === props.step ? 'step' : undefined} class={i === props.step ? 'current' : ''}>
                    <span safe>{x.category.name}</span>{' '}
                    <span class="meta" safe>
                      {i === props.step ? tr(p, '(ця сторінка)', '(this page)') : `(${tr(p, 'обрано', 'chosen')}: ${n})`}
                    </span>
                  </li>
                );
              })}
            </ol>
          ) : (
            ''
          )}
          {props.step === 0 ? (
            <p>
              {t(
                p,
                'Позначте проєкти, які підтримуєте. Наприкінці ви перевірите весь вибір; надісланий бюлетень змінити не можна.',
                'Mark the projects you support. At the end you will check your whole choice; a cast ballot cannot be changed.',
              )}
            </p>
          ) : (
            ''
          )}
          {general ? (
            <p class="error-message" id="ballot">
              <span class="visually-hidden">{t(p, 'Помилка:', 'Error:')}</span> <span safe>{general}</span>
            </p>
          ) : (
            ''
          )}
          <fieldset class={`budget-ballot-category${err ? ' field-error' : ''}`} id={`cat-${s.category.id}`}>
            <legend safe>
              {props.sections.length > 1 ? tr(p, `Категорія ${props.step + 1} з ${props.sections.length}: ${s.category.name}`, `Category ${props.step + 1} of ${props.sections.length}: ${s.category.name}`) : s.category.name}
            </legend>
            <RemainingChoices p={p} contest={contest} chosenHere={chosenHere} chosenElsewhere={elsewhere.length} />
            {err ? (
              <p class="error-message">
                <span class="visually-hidden">{t(p, 'Помилка:', 'Error:')}</span> <span safe>{err}</span>
              </p>
            ) : (
              ''
            )}
            {s.projects.map((x) => (
              <div class="checkbox">
                <input type={one ? 'radio' : 'checkbox'} id={`p-${x.id}`} name={one ? `cat_${s.category.id}` : 'project'} value={String(x.id)} checked={props.chosen.has(x.id)} />
                <label for={`p-${x.id}`} safe>
                  {`${x.code ?? ''} ${x.title} — ${formatMoney(x.cost, p.lang)}`}
                </label>
                <a class="small" href={`${url}/projects/${x.id}`}>
                  {t(p, 'Детальніше', 'Details')}
                </a>
              </div>
            ))}
          </fieldset>
          <div class="button-group">
            <button class="button" type="submit" name="go" value="next">
              {last ? t(p, 'Перевірити вибір', 'Check my choice') : t(p, 'Далі', 'Next')}
            </button>
            {props.step > 0 ? (
              <button class="button secondary" type="submit" name="go" value="back">
                {t(p, 'Назад', 'Back')}
              </button>
            ) : (
              ''
            )}
          </div>
        </form>
      )}
    </Layout>
  );
}

export function ReviewBallotPage(props: { p: PageCtx; c: Community; contest: Contest; sections: BallotCategory[]; chosen: number[] }): JSX.Element {
  const { p, c, contest } = props;
  const url = base(c, contest);
  const set = new Set(props.chosen);
  return (
    <Layout ctx={p} title={tr(p, 'Перевірте бюлетень', 'Check your ballot')}>
      <h1>{t(p, 'Перевірте бюлетень', 'Check your ballot')}</h1>
      <p>{t(p, 'Ось ваш вибір. Після підтвердження бюлетень буде зараховано, і змінити його не можна.', 'This is your choice. Once confirmed the ballot counts and cannot be changed.')}</p>
      {props.sections.map((s, i) => {
        const list = s.projects.filter((x) => set.has(x.id));
        return (
          <section>
            <h2 safe>{`${s.category.code}. ${s.category.name}`}</h2>
            {list.length === 0 ? (
              <p>{t(p, 'У цій категорії нічого не обрано.', 'Nothing chosen in this category.')}</p>
            ) : (
              <ul>
                {list.map((x) => (
                  <li safe>{`${x.code ?? ''} ${x.title}`}</li>
                ))}
              </ul>
            )}
            {props.sections.length > 1 ? (
              <form method="post" action={`${url}/vote/change`} class="inline-form">
                <CsrfField ctx={p} />
                <input type="hidden" name="step" value={String(i)} />
                {props.chosen.map((id) => (
                  <input type="hidden" name="project" value={String(id)} />
                ))}
                <button class="button secondary small-button" type="submit" aria-label={tr(p, `Змінити вибір у категорії «${s.category.name}»`, `Change the choice in «${s.category.name}»`)}>
                  {t(p, 'Змінити', 'Change')}
                </button>
              </form>
            ) : (
              ''
            )}
          </section>
        );
      })}
      <form method="post" action={`${url}/vote/confirm`} class="inline-form">
        <CsrfField ctx={p} />
        {props.chosen.map((id) => (
          <input type="hidden" name="project" value={String(id)} />
        ))}
        <button class="button" type="submit">
          {t(p, 'Підтвердити й проголосувати', 'Confirm and vote')}
        </button>
      </form>
      <form method="post" action={`${url}/vote/change`} class="inline-form">
        <CsrfField ctx={p} />
        {props.chosen.map((id) => (
          <input type="hidden" name="project" value={String(id)} />
        ))}
        <button class="button secondary" type="submit">
          {t(p, 'Змінити вибір', 'Change my choice')}
        </button>
      </form>
    </Layout>
  );
}

export function ReceiptPage(props: { p: PageCtx; c: Community; contest: Contest; ballot: BallotView; projects: Map<number, Project>; fresh: boolean; duplicate: { channel: string; at: Date } | null }): JSX.Element {
  const { p, c, contest, ballot } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Ваш бюлетень', 'Your ballot')}>
      {props.duplicate ? (
        <div class="notice" role="alert">
          <p safe>
            {tr(
              p,
              `Ви вже проголосували (${CHANNEL_LABELS[props.duplicate.channel]?.uk ?? props.duplicate.channel}, ${formatKyivDateTime(props.duplicate.at, 'uk')}). Зараховано перший бюлетень; повторний збережено як відхилений.`,
              `You have already voted (${CHANNEL_LABELS[props.duplicate.channel]?.en ?? props.duplicate.channel}, ${formatKyivDateTime(props.duplicate.at, 'en')}). The first ballot counts; the later one is kept as rejected.`,
            )}
          </p>
        </div>
      ) : (
        ''
      )}
      <h1>{props.fresh ? t(p, 'Дякуємо! Ваш голос зараховано', 'Thank you! Your vote is counted') : t(p, 'Ваш бюлетень', 'Your ballot')}</h1>
      <dl class="summary-list">
        <dt>{t(p, 'Номер бюлетеня', 'Ballot number')}</dt>
        <dd>
          <code safe>{ballot.receipt}</code>
        </dd>
        <dt>{t(p, 'Час', 'Time')}</dt>
        <dd safe>{formatKyivDateTime(ballot.castAt, p.lang)}</dd>
        <dt>{t(p, 'Спосіб', 'Channel')}</dt>
        <dd safe>{CHANNEL_LABELS[ballot.channel]?.[p.lang] ?? ballot.channel}</dd>
      </dl>
      <h2>{t(p, 'Обрані проєкти', 'Chosen projects')}</h2>
      <ul>
        {ballot.projectIds.map((id) => {
          const x = props.projects.get(id);
          return <li safe>{x ? `${x.code ?? ''} ${x.title}` : `#${id}`}</li>;
        })}
      </ul>
      <p>
        <a href={base(c, contest)}>{t(p, 'До конкурсу', 'Back to the contest')}</a>
      </p>
    </Layout>
  );
}

export function ResultsPage(props: { p: PageCtx; c: Community; contest: Contest; results: CategoryResult[]; totals: { ballots: number; byChannel: Record<string, number> }; preliminary: boolean; records: ResultRecord[] }): JSX.Element {
  const { p, c, contest } = props;
  const url = base(c, contest);
  return (
    <Layout ctx={p} title={tr(p, `Результати: ${contest.title}`, `Results: ${contest.title}`)}>
      <p class="meta">
        <a href={url} safe>
          {contest.title}
        </a>
      </p>
      <h1>{t(p, 'Результати голосування', 'Voting results')}</h1>
      {props.preliminary ? <p class="notice">{t(p, 'Попередні результати: бачать лише модератори, доки їх не оприлюднено.', 'Preliminary: only moderators see them until published.')}</p> : ''}
      <p safe>
        {tr(p, `Бюлетенів зараховано: ${props.totals.ballots}`, `Ballots counted: ${props.totals.ballots}`) +
          ' (' +
          Object.entries(props.totals.byChannel)
            .map(([ch, n]) => `${CHANNEL_LABELS[ch]?.[p.lang] ?? ch}: ${n}`)
            .join(', ') +
          ')'}
      </p>
      <p safe>{tr(p, 'Правило: ', 'Rule: ') + RULE_LABELS[contest.winnerRule][p.lang]}</p>
      {props.results.map((r) => (
        <CategoryResults
          p={p}
          r={r}
          title={`${r.category.code}. ${r.category.name}`}
          projectHref={(x) => `${url}/projects/${x.id}`}
          downloads={[{ label: tr(p, 'Завантажити у форматі Pabulib', 'Download as Pabulib'), href: `${url}/results/${r.category.id}.pb` }]}
        />
      ))}
      <ResultRecords p={p} records={props.records} />
    </Layout>
  );
}

export function ImplementationPage(props: { p: PageCtx; c: Community; contest: Contest; winners: { project: Project; category: Category; updates: ImplUpdate[]; spent: number; photoIds: number[] }[] }): JSX.Element {
  const { p, c, contest } = props;
  const url = base(c, contest);
  const total = props.winners.reduce((s, w) => s + w.project.cost, 0);
  const spent = props.winners.reduce((s, w) => s + w.spent, 0);
  const done = props.winners.filter((w) => w.project.implStatus === 'done').length;
  return (
    <Layout ctx={p} title={tr(p, `Реалізація: ${contest.title}`, `Implementation: ${contest.title}`)}>
      <p class="meta">
        <a href={url} safe>
          {contest.title}
        </a>
      </p>
      <h1>{t(p, 'Реалізація', 'Implementation')}</h1>
      <ul class="figures">
        <li>
          <strong safe>{`${done} / ${props.winners.length}`}</strong>
          {t(p, 'реалізовано', 'done')}
        </li>
        <li>
          <strong>
            <Money p={p} kop={spent} />
          </strong>
          {t(p, 'витрачено', 'spent')}
        </li>
        <li>
          <strong>
            <Money p={p} kop={total} />
          </strong>
          {t(p, 'вартість переможців', 'cost of the winners')}
        </li>
      </ul>
      <ul class="cards">
        {props.winners.map((w) => (
          <li class="card">
            <h2>
              <a href={`${url}/projects/${w.project.id}`} safe>
                {`${w.project.code ?? ''} ${w.project.title}`}
              </a>
            </h2>
            <p>
              <span class={`tag budget-impl-${w.project.implStatus}`} safe>
                {IMPL_LABELS[w.project.implStatus][p.lang]}
              </span>{' '}
              <span class="meta" safe>
                {`${w.category.name} · ${tr(p, 'витрачено', 'spent')} ${formatMoney(w.spent, p.lang)} ${tr(p, 'з', 'of')} ${formatMoney(w.project.cost, p.lang)}`}
              </span>
            </p>
            {w.project.implStatus === 'not_done' && w.project.implReason ? <p safe>{tr(p, 'Причина: ', 'Reason: ') + w.project.implReason}</p> : ''}
            {w.updates.length ? (
              <ul class="timeline">
                {w.updates.map((u) => (
                  <li>
                    <strong safe>{`${formatKyivDate(u.at, p.lang)} · ${IMPL_LABELS[u.status][p.lang]}`}</strong>
                    <p safe>{u.body}</p>
                  </li>
                ))}
              </ul>
            ) : (
              ''
            )}
            {w.photoIds.length ? (
              <PhotoGallery photosUrl={`/${c.slug}/budgets/photos`} ids={w.photoIds} alt={(i) => tr(p, `Фото реалізації ${i + 1}`, `Implementation photo ${i + 1}`)} />
            ) : (
              ''
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}
