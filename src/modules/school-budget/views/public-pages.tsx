/** Public pages of the school budget: the schools, a school and its contest, a project, results, voting by code. */
import { FigureItem, LogCountLine, LogReceiptLine } from '../../../core/views/kit.js';
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { CsrfField, ErrorSummary, SubmitButton, type FormState } from '../../../core/views/forms.js';
import { formatKyivDate } from '../../../core/calendar/index.js';
import { plural, type PluralText } from '../../../core/i18n/index.js';
import type { Community } from '../../../core/communities/community.js';
import {
  RULE_LABELS,
  formatMoney,
  type CategoryResult,
  type Contest,
  type Phase,
  type Project,
  type ResultRecord,
  type VotingExtension,
  CategoryResults,
  CostTable,
  CostVotesFigures,
  Money,
  PhotoGallery,
  ResultRecords,
  VotingExtensions,
  lastDay,
} from '../../budgets/index.js';
import { KIND_LABELS, phaseLabel } from '../access.js';
import type { CodeTotals, Grades, School } from '../repository.js';
import { CodeForm, TurnoutText, type SchoolFigures, SchoolTimeline, manageSchoolUrl, manageUrl, pub, schoolUrl, turnout } from './parts.js';

export interface SchoolRow extends SchoolFigures {
  winners: number | null;
}

const votesWord = (n: number, lang: 'uk' | 'en') => plural(n, { uk: ['голос', 'голоси', 'голосів'], en: ['vote', 'votes'] }, lang);
const STUDENTS: PluralText = { uk: ['учень', 'учні', 'учнів'], en: ['student', 'students'] };
const BALLOTS: PluralText = { uk: ['бюлетень', 'бюлетені', 'бюлетенів'], en: ['ballot', 'ballots'] };

export function SchoolsPage(props: { p: PageCtx; c: Community; rows: SchoolRow[]; manage: boolean; own: School[] }): JSX.Element {
  const { p, c } = props;
  const votes = props.rows.reduce((s, r) => s + r.votes, 0);
  const projects = props.rows.reduce((s, r) => s + r.projects, 0);
  const handedOut = props.rows.reduce((s, r) => s + (r.codes ? r.codes.issued - r.codes.voided : 0), 0);
  const voting = props.rows.filter((r) => r.phase === 'voting').length;
  return (
    <Layout ctx={p} title={tr(p, 'Шкільний громадський бюджет', 'School participatory budget')}>
      <h1>{t(p, 'Шкільний громадський бюджет', 'School participatory budget')}</h1>
      <p class="lead">
        {t(
          p,
          'Учні змінюють свою школу: кожен заклад має власний бюджет, учні пропонують проєкти й голосують за них одноразовими кодами — без реєстрації.',
          'Students improve their own school: each school has its own budget, students propose projects and vote for them with one-time codes, no account needed.',
        )}
      </p>
      <div class="actions-list">
        {voting > 0 ? (
          <a class="button" href={`${pub(c)}/vote`}>
            {t(p, 'Проголосувати за кодом', 'Vote with a code')}
          </a>
        ) : (
          ''
        )}
        {props.manage ? (
          <a class="button secondary" href={manageUrl(c)}>
            {t(p, 'Керування шкільним бюджетом', 'Manage the school budget')}
          </a>
        ) : (
          ''
        )}
        {props.own.map((s) => (
          <a class="button secondary" href={manageSchoolUrl(c, s)} safe>
            {tr(p, `Керувати: ${s.name}`, `Manage: ${s.name}`)}
          </a>
        ))}
      </div>
      <ul class="figures">
        <FigureItem ctx={p} value={props.rows.length} noun={{ uk: ['заклад освіти', 'заклади освіти', 'закладів освіти'], en: ['school', 'schools'] }} />
        <FigureItem
          ctx={p}
          value={projects}
          noun={{ uk: ['проєкт у бюлетенях', 'проєкти в бюлетенях', 'проєктів у бюлетенях'], en: ['project on ballots', 'projects on ballots'] }}
        />
        <FigureItem
          ctx={p}
          value={votes}
          noun={{ uk: ['учень проголосував', 'учні проголосували', 'учнів проголосували'], en: ['student voted', 'students voted'] }}
        />
        <li>
          <strong>{handedOut > 0 ? `${Math.round((votes / handedOut) * 100)} %` : '—'}</strong>
          {t(p, 'явка (від виданих кодів)', 'turnout (of codes handed out)')}
        </li>
      </ul>
      {props.rows.length === 0 ? <p>{t(p, 'Заклади освіти ще не додано.', 'No schools yet.')}</p> : ''}
      <ul class="cards">
        {props.rows.map((r) => (
          <li class="card">
            <h2>
              <a href={schoolUrl(c, r.school)} safe>
                {r.school.name}
              </a>
            </h2>
            <p class="meta" safe>
              {[
                KIND_LABELS[r.school.kind][p.lang],
                phaseLabel(r.phase, p.lang),
                r.contest ? `${tr(p, 'бюджет', 'budget')} ${formatMoney(r.contest.totalBudget, p.lang)}` : '',
              ]
                .filter(Boolean)
                .join(' · ')}
            </p>
            {r.contest ? (
              <p>
                <span safe>{`${plural(r.projects, { uk: ['проєкт', 'проєкти', 'проєктів'], en: ['project', 'projects'] }, p.lang)}; `}</span>
                <TurnoutText p={p} votes={r.votes} codes={r.codes} />
                {r.winners !== null ? <span safe>{tr(p, `; переможців: ${r.winners}`, `; winners: ${r.winners}`)}</span> : ''}
              </p>
            ) : (
              ''
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function SchoolPage(props: {
  p: PageCtx;
  c: Community;
  school: School;
  contest: Contest | null;
  earlier: Contest[];
  grades: Grades | null;
  phase: Phase | null;
  projects: Project[];
  classes: Map<number, string>;
  votes: Map<number, number> | null;
  resultsPublic: boolean;
  manage: boolean;
  codes: CodeTotals | undefined;
  ballots: number;
  /** From the vote on: the ballots the transparency log gives, and the checkpoint it gives them in. */
  logged: { count: number; checkpoint: number } | null;
  now: Date;
  codeForm: FormState;
  extensions: VotingExtension[];
}): JSX.Element {
  const { p, c, school, contest } = props;
  const url = schoolUrl(c, school);
  return (
    <Layout ctx={p} title={school.name} hasErrors={Object.keys(props.codeForm.errors).length > 0}>
      <p class="meta">
        <a href={pub(c)}>{t(p, 'Шкільний громадський бюджет', 'School participatory budget')}</a>
      </p>
      <h1 safe>{school.name}</h1>
      <p class="meta" safe>
        {[
          KIND_LABELS[school.kind][p.lang],
          school.address,
          tr(
            p,
            `${plural(school.students, STUDENTS, 'uk')}, ${school.gradeFrom}–${school.gradeTo} класи`,
            `${plural(school.students, STUDENTS, 'en')}, grades ${school.gradeFrom}–${school.gradeTo}`,
          ),
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {props.manage ? (
        <p>
          <a class="button secondary" href={manageSchoolUrl(c, school)}>
            {t(p, 'Керувати шкільним бюджетом закладу', 'Manage this school’s budget')}
          </a>
        </p>
      ) : (
        ''
      )}
      {!contest ? (
        <p>{t(p, 'Конкурс у цьому закладі ще не оголошено.', 'This school has not announced a contest yet.')}</p>
      ) : (
        <>
          <h2 safe>{contest.title}</h2>
          {contest.description ? (
            <p class="prose" safe>
              {contest.description}
            </p>
          ) : (
            ''
          )}
          <VotingExtensions p={p} extensions={props.extensions} />
          <ul class="figures">
            <li>
              <strong>
                <Money p={p} kop={contest.totalBudget} />
              </strong>
              {t(p, 'бюджет школи', 'school budget')}
            </li>
            <FigureItem
              ctx={p}
              value={props.projects.length}
              noun={{ uk: ['проєкт у бюлетені', 'проєкти в бюлетені', 'проєктів у бюлетені'], en: ['project on the ballot', 'projects on the ballot'] }}
            />
            <li>
              <strong safe>{phaseLabel(props.phase, p.lang)}</strong>
              {t(p, 'етап зараз', 'current phase')}
            </li>
          </ul>
          <SchoolTimeline p={p} contest={contest} now={props.now} />
          <h3>{t(p, 'Правила', 'Rules')}</h3>
          <ul>
            <li safe>
              {tr(
                p,
                `Кожен учень може обрати до ${plural(contest.ballot.maxTotal ?? 1, { uk: ['проєкту', 'проєктів', 'проєктів'], en: ['project', 'projects'] }, 'uk')}.`,
                `Each student may choose up to ${plural(contest.ballot.maxTotal ?? 1, { uk: ['проєкт', 'проєкти', 'проєктів'], en: ['project', 'projects'] }, 'en')}.`,
              )}
            </li>
            {props.grades ? (
              <li safe>
                {tr(
                  p,
                  `Голосують учні ${props.grades.from}–${props.grades.to} класів, кожен — своїм одноразовим кодом.`,
                  `Who votes: students of grades ${props.grades.from}–${props.grades.to}, each with their own one-time code.`,
                )}
              </li>
            ) : (
              ''
            )}
            <li safe>
              {tr(p, 'Переможців визначають так: ', 'Winners: ') + RULE_LABELS[contest.winnerRule][p.lang].toLocaleLowerCase(tr(p, 'uk-UA', 'en-GB')) + '.'}
            </li>
            <li>{t(p, 'Кількість голосів видно після завершення голосування.', 'Vote counts are shown once voting is over.')}</li>
          </ul>
          {props.logged ? <LogCountLine ctx={p} count={props.logged.count} checkpoint={props.logged.checkpoint} noun={BALLOTS} /> : ''}
          {props.phase === 'voting' ? (
            <section class="notice">
              <h3>{t(p, 'Голосування триває', 'Voting is open')}</h3>
              <p>
                <TurnoutText p={p} votes={props.ballots} codes={props.codes} />
              </p>
              <CodeForm
                p={p}
                action={`${url}/vote`}
                form={props.codeForm}
                hint={tr(
                  p,
                  '14 знаків, наприклад 7K3M-9QXP-2HZD-4T; великі чи малі літери — однаково',
                  '14 characters, like 7K3M-9QXP-2HZD-4T; upper or lower case alike',
                )}
              />
            </section>
          ) : (
            ''
          )}
          {props.resultsPublic || props.votes ? (
            <p>
              <a class="button secondary" href={`${url}/results/${contest.id}`}>
                {props.resultsPublic ? t(p, 'Результати', 'Results') : t(p, 'Попередні результати', 'Preliminary results')}
              </a>
            </p>
          ) : (
            ''
          )}
          <h3>{t(p, 'Проєкти', 'Projects')}</h3>
          {props.projects.length === 0 ? <p>{t(p, 'Проєктів у бюлетені ще немає.', 'No projects on the ballot yet.')}</p> : ''}
          <ul class="cards">
            {props.projects.map((x) => (
              <li class="card">
                <h4>
                  <a href={`${url}/projects/${x.id}`} safe>
                    {x.title}
                  </a>
                </h4>
                <p class="meta">
                  <span safe>{tr(p, `Автори: ${props.classes.get(x.id) ?? '—'} клас · `, `Authors: class ${props.classes.get(x.id) ?? '—'} · `)}</span>
                  <Money p={p} kop={x.cost} />
                  {props.votes ? <span safe>{` · ${votesWord(props.votes.get(x.id) ?? 0, p.lang)}`}</span> : ''}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
      {props.earlier.length ? (
        <>
          <h2>{t(p, 'Інші конкурси закладу', 'Other contests of this school')}</h2>
          <ul>
            {props.earlier.map((k) => (
              <li>
                <a href={`${url}?contest=${k.id}`} safe>
                  {k.title}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function SchoolProjectPage(props: {
  p: PageCtx;
  c: Community;
  school: School;
  contest: Contest;
  project: Project;
  authorClass: string | null;
  photoIds: number[];
  votes: number | null;
  draft: boolean;
}): JSX.Element {
  const { p, c, school, contest, project: x } = props;
  return (
    <Layout ctx={p} title={x.title}>
      <p class="meta">
        <a href={`${schoolUrl(c, school)}?contest=${contest.id}`} safe>
          {contestOfSchool(school, contest)}
        </a>
      </p>
      <h1 safe>{x.title}</h1>
      {props.draft ? (
        <p class="notice">
          {t(
            p,
            'Чернетка: учні її не бачать, доки модератор не внесе проєкт до бюлетеня.',
            'A draft: students do not see it until the moderator puts the project on the ballot.',
          )}
        </p>
      ) : (
        ''
      )}
      <ul class="figures">
        <CostVotesFigures p={p} cost={x.cost} votes={props.votes} />
        <li>
          <strong safe>{props.authorClass ?? '—'}</strong>
          {t(p, 'клас авторів', 'authors’ class')}
        </li>
      </ul>
      {props.photoIds.length ? (
        <PhotoGallery
          photosUrl={`${pub(c)}/photos`}
          ids={props.photoIds}
          alt={(i) => tr(p, `Фото ${i + 1} до проєкту «${x.title}»`, `Photo ${i + 1} of «${x.title}»`)}
        />
      ) : (
        ''
      )}
      <h2>{t(p, 'Що пропонують учні', 'What the students propose')}</h2>
      <p class="prose" safe>
        {x.solution}
      </p>
      <CostTable p={p} project={x} />
    </Layout>
  );
}

export function SchoolResultsPage(props: {
  p: PageCtx;
  c: Community;
  school: School;
  contest: Contest;
  result: CategoryResult | null;
  ballots: number;
  codes: CodeTotals | undefined;
  preliminary: boolean;
  records: ResultRecord[];
}): JSX.Element {
  const { p, c, school, contest } = props;
  const url = schoolUrl(c, school);
  const pct = turnout(props.ballots, props.codes);
  return (
    <Layout ctx={p} title={tr(p, `Результати: ${school.name}`, `Results: ${school.name}`)}>
      <p class="meta">
        <a href={`${url}?contest=${contest.id}`} safe>
          {contestOfSchool(school, contest)}
        </a>
      </p>
      <h1>{t(p, 'Результати голосування', 'Voting results')}</h1>
      {props.preliminary ? (
        <p class="notice">
          {t(
            p,
            'Попередні результати: їх бачать лише модератори, доки результати не оприлюднено.',
            'Preliminary: only moderators see them until the results are published.',
          )}
        </p>
      ) : (
        ''
      )}
      <p safe>
        {tr(
          p,
          `Зараховано ${plural(props.ballots, BALLOTS, 'uk')}${pct !== null ? ` — явка ${pct} % від виданих кодів` : ''}. Голосування тривало з ${formatKyivDate(contest.dates.votingFrom, 'uk')} по ${lastDay(contest.dates.votingTo, 'uk')}.`,
          `${plural(props.ballots, BALLOTS, 'en')} counted${pct !== null ? ` — a turnout of ${pct}% of the codes handed out` : ''}. Voting ran from ${formatKyivDate(contest.dates.votingFrom, 'en')} to ${lastDay(contest.dates.votingTo, 'en')}.`,
        )}
      </p>
      <p safe>{tr(p, 'Правило: ', 'Rule: ') + RULE_LABELS[contest.winnerRule][p.lang]}</p>
      {props.result ? (
        <CategoryResults
          p={p}
          r={props.result}
          title={tr(p, 'Проєкти за кількістю голосів', 'Projects by votes')}
          budgetOf={{ uk: 'бюджету школи', en: 'the school budget' }}
          projectHref={(x) => `${url}/projects/${x.id}`}
          downloads={[
            { label: tr(p, 'Завантажити таблицю (CSV)', 'Download the table (CSV)'), href: `${url}/results/${contest.id}.csv` },
            { label: tr(p, 'Завантажити у форматі Pabulib', 'Download as Pabulib'), href: `${url}/results/${contest.id}.pb` },
          ]}
        />
      ) : (
        <p>{t(p, 'У бюлетені не було проєктів.', 'There were no projects on the ballot.')}</p>
      )}
      <ResultRecords p={p} records={props.records} />
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Voting

export function CodeEntryPage(props: { p: PageCtx; c: Community; school: School | null; form: FormState; otherSchoolHref: string | null }): JSX.Element {
  const { p, c, school } = props;
  const action = school ? `${schoolUrl(c, school)}/vote` : `${pub(c)}/vote`;
  return (
    <Layout ctx={p} title={tr(p, 'Голосування за кодом', 'Voting with a code')} hasErrors={Object.keys(props.form.errors).length > 0}>
      <p class="meta">
        {school ? (
          <a href={schoolUrl(c, school)} safe>
            {school.name}
          </a>
        ) : (
          <a href={pub(c)}>{t(p, 'Шкільний громадський бюджет', 'School participatory budget')}</a>
        )}
      </p>
      <h1>{t(p, 'Голосування за кодом', 'Voting with a code')}</h1>
      <p>
        {t(
          p,
          'Введіть код з аркуша, який дав шкільний модератор (або відскануйте QR-код на ньому). Код діє один раз, і ніхто не дізнається, за що ви проголосували.',
          'Type the code from the slip your school moderator gave you (or scan its QR code). The code works once, and nobody will know what you chose.',
        )}
      </p>
      <CodeForm
        p={p}
        action={action}
        form={props.form}
        hint={tr(
          p,
          '14 знаків, наприклад 7K3M-9QXP-2HZD-4T; великі чи малі літери, дефіси — однаково',
          '14 characters, like 7K3M-9QXP-2HZD-4T; case and dashes do not matter',
        )}
      />
      {props.otherSchoolHref ? (
        <p>
          <a href={props.otherSchoolHref}>{t(p, 'Перейти до загальної сторінки голосування', 'Go to the common voting page')}</a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}

function choiceHint(p: PageCtx, max: number, chosen: number): string {
  return tr(p, `Можна обрати до ${max}; обрано ${chosen}.`, `Up to ${max}; chosen ${chosen}.`);
}

/** «School: contest», without the school's name twice when the contest's title already holds it (issue #21). */
function contestOfSchool(school: School, contest: Contest): string {
  return contest.title.includes(school.name) ? contest.title : `${school.name}: ${contest.title}`;
}

export function SchoolBallotPage(props: {
  p: PageCtx;
  c: Community;
  school: School;
  contest: Contest;
  projects: Project[];
  classes: Map<number, string>;
  code: string;
  chosen: Set<number>;
  errors: Record<string, string>;
}): JSX.Element {
  const { p, c, school, contest } = props;
  const max = contest.ballot.maxTotal ?? props.projects.length;
  const err = props.errors.ballot;
  return (
    <Layout ctx={p} title={tr(p, 'Бюлетень', 'Ballot')} hasErrors={Object.keys(props.errors).length > 0}>
      <p class="meta" safe>
        {contestOfSchool(school, contest)}
      </p>
      <h1>{t(p, 'Бюлетень', 'Ballot')}</h1>
      <form method="post" action={`${pub(c)}/ballot`} novalidate class="stack">
        <CsrfField ctx={p} />
        <input type="hidden" name="code" value={props.code} />
        <ErrorSummary ctx={p} errors={props.errors} />
        <p>
          {t(
            p,
            'Позначте проєкти, які підтримуєте. На наступному кроці ви перевірите вибір; після підтвердження змінити його не можна.',
            'Mark the projects you support. Next you will check your choice; once confirmed it cannot be changed.',
          )}
        </p>
        <fieldset class={`budget-ballot-category${err ? ' field-error' : ''}`} id="ballot">
          <legend safe>{tr(p, `Проєкти (до ${max})`, `Projects (up to ${max})`)}</legend>
          <p class="hint" safe>
            {choiceHint(p, max, props.chosen.size)}
          </p>
          {err ? (
            <p class="error-message">
              <span class="visually-hidden">{t(p, 'Помилка:', 'Error:')}</span> <span safe>{err}</span>
            </p>
          ) : (
            ''
          )}
          {props.projects.map((x) => (
            <div class="checkbox">
              <input type="checkbox" id={`p-${x.id}`} name="project" value={String(x.id)} checked={props.chosen.has(x.id)} />
              <label for={`p-${x.id}`} safe>
                {`${x.title} — ${formatMoney(x.cost, p.lang)}`}
              </label>
              <p class="hint" safe>
                {tr(p, `Автори: ${props.classes.get(x.id) ?? '—'} клас. `, `Authors: class ${props.classes.get(x.id) ?? '—'}. `) +
                  x.solution.slice(0, 240) +
                  (x.solution.length > 240 ? '…' : '')}
              </p>
            </div>
          ))}
        </fieldset>
        <SubmitButton>{t(p, 'Перевірити вибір', 'Check my choice')}</SubmitButton>
      </form>
    </Layout>
  );
}

export function SchoolReviewPage(props: { p: PageCtx; c: Community; school: School; contest: Contest; chosen: Project[]; code: string }): JSX.Element {
  const { p, c, school, contest } = props;
  const hidden = (
    <>
      <CsrfField ctx={p} />
      <input type="hidden" name="code" value={props.code} />
      {props.chosen.map((x) => (
        <input type="hidden" name="project" value={String(x.id)} />
      ))}
    </>
  );
  return (
    <Layout ctx={p} title={tr(p, 'Перевірте бюлетень', 'Check your ballot')}>
      <p class="meta" safe>
        {contestOfSchool(school, contest)}
      </p>
      <h1>{t(p, 'Перевірте бюлетень', 'Check your ballot')}</h1>
      <p>
        {t(
          p,
          'Ви обрали ці проєкти. Після підтвердження голос буде зараховано, а код перестане діяти.',
          'You chose these projects. Once you confirm, the vote counts and the code stops working.',
        )}
      </p>
      <ul>
        {props.chosen.map((x) => (
          <li safe>{`${x.title} — ${formatMoney(x.cost, p.lang)}`}</li>
        ))}
      </ul>
      <div class="button-group">
        <form method="post" action={`${pub(c)}/ballot/confirm`} class="inline-form">
          {hidden}
          <SubmitButton>{t(p, 'Підтвердити й проголосувати', 'Confirm and vote')}</SubmitButton>
        </form>
        <form method="post" action={`${pub(c)}/ballot/change`} class="inline-form">
          {hidden}
          <SubmitButton variant="secondary">{t(p, 'Змінити вибір', 'Change my choice')}</SubmitButton>
        </form>
      </div>
    </Layout>
  );
}

export function SchoolDonePage(props: {
  p: PageCtx;
  c: Community;
  school: School;
  contest: Contest;
  receipt: string;
  logReceipt: number;
  chosen: Project[];
}): JSX.Element {
  const { p, c, school } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Ваш голос зараховано', 'Your vote is counted')}>
      <h1>{t(p, 'Дякуємо! Ваш голос зараховано', 'Thank you! Your vote is counted')}</h1>
      <dl class="summary-list">
        <dt>{t(p, 'Номер бюлетеня', 'Ballot number')}</dt>
        <dd>
          <code safe>{props.receipt}</code>
        </dd>
        <dt>{t(p, 'Заклад', 'School')}</dt>
        <dd safe>{school.name}</dd>
      </dl>
      <h2>{t(p, 'Обрані проєкти', 'Chosen projects')}</h2>
      <ul>
        {props.chosen.map((x) => (
          <li safe>{x.title}</li>
        ))}
      </ul>
      <p>
        {t(
          p,
          'Код більше не діє. Бюлетень не повʼязаний ні з кодом, ні з вами: номер бюлетеня знаєте лише ви. Якщо компʼютер спільний, закрийте цю вкладку.',
          'The code no longer works. The ballot is tied neither to the code nor to you: only you know its number. On a shared computer, close this tab.',
        )}
      </p>
      <LogReceiptLine ctx={p} receipt={props.logReceipt} check={{ uk: 'Перевірити мій голос', en: 'Check my vote' }} />
      <p>
        <a href={schoolUrl(c, school)} safe>
          {tr(p, `До сторінки закладу «${school.name}»`, `Back to «${school.name}»`)}
        </a>
      </p>
    </Layout>
  );
}
