/** Public pages of the participatory budget: the list of contests and a contest. */
import { FollowBox, type FollowState } from '../../../core/follows/views.js';
import { Layout } from '../../../core/views/layout.js';
import { feedRefs } from '../../../core/feeds/feeds.js';
import { CalendarLink, FeedLinks } from '../../../core/feeds/links.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { plural, type PluralText } from '../../../core/i18n/index.js';
import { FigureItem, LogCountLine, RefusalLine, type Refused } from '../../../core/views/kit.js';

const BALLOTS: PluralText = { uk: ['бюлетень', 'бюлетені', 'бюлетенів'], en: ['ballot', 'ballots'] };
import type { Community } from '../../../core/communities/community.js';
import { PHASE_LABELS, RULE_LABELS, emailCountsText, formatMoney, phaseAt, type Phase } from '../rules.js';
import type { BallotView } from '../repository/ballots.js';
import type { Category, Contest, VotingExtension } from '../repository/contests.js';
import type { Project } from '../repository/projects.js';
import { Money, PhaseTimeline, StatusTag, VotingExtensions, base, manageBase } from './parts.js';

export function ContestsPage(props: { p: PageCtx; c: Community; contests: Contest[]; now: Date; manage: boolean; follow: FollowState }): JSX.Element {
  const { p, c } = props;
  const feeds = feedRefs(base(c));
  return (
    <Layout ctx={p} title={tr(p, 'Громадський бюджет', 'Participatory budget')} feeds={feeds}>
      <h1>{t(p, 'Громадський бюджет', 'Participatory budget')}</h1>
      <FeedLinks ctx={p} feeds={feeds} />
      <FollowBox p={p} state={props.follow} />
      <p class="lead">
        {t(
          p,
          'Мешканці пропонують проєкти, голосують за них, а громада фінансує переможців. Стежте за кожною гривнею.',
          'Residents propose projects and vote; the community funds the winners. Follow every hryvnia.',
        )}
      </p>
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
              {`${k.published ? PHASE_LABELS[phaseOf(k, props.now)][p.lang] : tr(p, 'Чернетка', 'Draft')} · ${tr(p, 'бюджет', 'budget')} ${formatMoney(k.totalBudget, p.lang)}`}
            </p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

// A draft is not yet «announced»: the list says «Чернетка», not the phase its dates would give (issue #21).
const phaseOf = (k: Contest, now: Date): Phase => phaseAt(k.dates, now);

export function ContestPage(props: {
  p: PageCtx;
  c: Community;
  contest: Contest;
  categories: Category[];
  projects: Project[];
  votes: Map<number, number> | null;
  /** The ballots that count, where the counts are public. */
  ballots: number | null;
  /** What the transparency log gives as the counted ballots and at which checkpoint (from the vote on). */
  logged: { count: number; checkpoint: number } | null;
  now: Date;
  manage: boolean;
  resultsPublic: boolean;
  myBallot: BallotView | null;
  extensions: VotingExtension[];
  /** Why the signed-in viewer may not submit or vote here (null: they may, or are signed out). */
  refusal: Refused | null;
}): JSX.Element {
  const { p, c, contest } = props;
  // Instead of a button that leads to a refusal page, the refusal itself (issue #21).
  const refused = (lead: string) => (props.refusal ? <RefusalLine ctx={p} of={props.refusal} lead={lead} /> : null);
  const phase = phaseOf(contest, props.now);
  const url = base(c, contest);
  const el = contest.eligibility;
  const emailRule = emailCountsText(contest, p.lang);
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
        <FigureItem
          ctx={p}
          value={props.projects.filter((x) => x.status === 'admitted').length}
          noun={{ uk: ['проєкт у голосуванні', 'проєкти у голосуванні', 'проєктів у голосуванні'], en: ['project on the ballot', 'projects on the ballot'] }}
        />
        <li>
          <strong safe>{PHASE_LABELS[phase][p.lang]}</strong>
          {t(p, 'етап зараз', 'current phase')}
        </li>
        {props.ballots !== null ? (
          <FigureItem
            ctx={p}
            value={props.ballots}
            noun={{ uk: ['бюлетень зараховано', 'бюлетені зараховано', 'бюлетенів зараховано'], en: ['ballot counted', 'ballots counted'] }}
          />
        ) : (
          ''
        )}
      </ul>
      {props.logged ? <LogCountLine ctx={p} count={props.logged.count} checkpoint={props.logged.checkpoint} noun={BALLOTS} /> : ''}
      <PhaseTimeline p={p} contest={contest} now={props.now} />
      {contest.published ? <CalendarLink ctx={p} href={`${base(c, contest)}/calendar.ics`} what={tr(p, 'етапи конкурсу', 'the phases of the contest')} /> : ''}
      <VotingExtensions p={p} extensions={props.extensions} />
      <div class="actions-list">
        {phase === 'submission'
          ? (refused(tr(p, 'Подати проєкт ви не можете:', 'You cannot submit a project:')) ?? (
              <a class="button" href={`${url}/projects/new`}>
                {t(p, 'Подати проєкт', 'Submit a project')}
              </a>
            ))
          : ''}
        {phase === 'voting' && !props.myBallot && props.refusal ? refused(tr(p, 'Голосувати ви не можете:', 'You cannot vote:')) : ''}
        {phase === 'voting' && (props.myBallot || !props.refusal) ? (
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
              el.minAge ? tr(p, `від ${plural(el.minAge, { uk: ['року', 'років', 'років'], en: ['year', 'years'] }, 'uk')}`, `aged ${el.minAge}+`) : '',
              el.allowEmail
                ? tr(p, 'вхід через id.gov.ua або e-mail', 'sign-in with id.gov.ua or e-mail')
                : tr(p, 'вхід через id.gov.ua', 'sign-in with id.gov.ua'),
            ]
              .filter(Boolean)
              .join(', ')}
        </li>
        {emailRule ? (
          <li class="email-counts" safe>
            {emailRule}
          </li>
        ) : (
          ''
        )}
        <li safe>
          {contest.ballot.mode === 'one-per-category'
            ? tr(p, 'Бюлетень: рівно один проєкт у кожній категорії', 'Ballot: exactly one project per category')
            : tr(p, 'Бюлетень: ', 'Ballot: ') +
                [
                  contest.ballot.maxPerCategory
                    ? tr(
                        p,
                        `до ${plural(contest.ballot.maxPerCategory, { uk: ['проєкту', 'проєктів', 'проєктів'], en: ['project', 'projects'] }, 'uk')} у категорії`,
                        `up to ${contest.ballot.maxPerCategory} per category`,
                      )
                    : '',
                  contest.ballot.maxTotal ? tr(p, `до ${contest.ballot.maxTotal} усього`, `up to ${contest.ballot.maxTotal} in total`) : '',
                ]
                  .filter(Boolean)
                  .join(', ') || tr(p, 'будь-яка кількість проєктів', 'any number of projects')}
        </li>
        <li safe>
          {tr(p, 'Переможці: ', 'Winners: ') +
            RULE_LABELS[contest.winnerRule][p.lang] +
            (contest.winnerRule === 'greedy-threshold'
              ? ` (${tr(p, 'мінімум', 'minimum')} ${plural(contest.minVotes, { uk: ['голос', 'голоси', 'голосів'], en: ['vote', 'votes'] }, p.lang)})`
              : '')}
        </li>
        {contest.supportersNeeded > 0 ? (
          <li safe>
            {tr(
              p,
              `Щоб потрапити на розгляд, проєкту потрібно ${plural(contest.supportersNeeded, { uk: ['підпис', 'підписи', 'підписів'], en: ['signature', 'signatures'] }, 'uk')} підтримки`,
              `A project needs ${plural(contest.supportersNeeded, { uk: ['прихильник', 'прихильники', 'прихильників'], en: ['supporter', 'supporters'] }, 'en')} to go to review`,
            )}
          </li>
        ) : (
          ''
        )}
      </ul>
      {props.categories.map((cat) => {
        const list = props.projects.filter((x) => x.categoryId === cat.id);
        return (
          <section class="budget-category">
            <h2 safe>{`${cat.code}. ${cat.name}`}</h2>
            <p class="meta" safe>
              {tr(
                p,
                `Бюджет категорії ${formatMoney(cat.budget, p.lang)}; вартість проєкту від ${formatMoney(cat.minCost, p.lang)} до ${formatMoney(cat.maxCost, p.lang)}`,
                `Category budget ${formatMoney(cat.budget, p.lang)}; project cost ${formatMoney(cat.minCost, p.lang)} to ${formatMoney(cat.maxCost, p.lang)}`,
              )}
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
                    {props.votes ? (
                      <span safe>{` · ${plural(props.votes.get(x.id) ?? 0, { uk: ['голос', 'голоси', 'голосів'], en: ['vote', 'votes'] }, p.lang)}`}</span>
                    ) : (
                      ''
                    )}
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
