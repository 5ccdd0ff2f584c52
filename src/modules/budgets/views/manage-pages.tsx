/** Pages of the budget moderator: contests, categories, review, paper ballots, channels, implementation. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { shownName } from '../../../core/users/public-name.js';
import { ActionButton, Checkbox, CsrfField, ErrorSummary, SelectField, TextArea, TextField, type FormState } from '../../../core/views/forms.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import type { Community } from '../../../core/communities/community.js';
import { CHANNEL_LABELS, IMPL_LABELS, PHASE_LABELS, RULE_LABELS, STATUS_LABELS, formatMoney, type Phase } from '../rules.js';
import type { Category, Contest, VotingExtension } from '../repository/contests.js';
import type { ImportSummary } from '../tables.js';
import type { ImportView } from '../repository/imports.js';
import type { Project } from '../repository/projects.js';
import type { RejectView } from '../repository/ballots.js';
import type { VotingChannel } from '../repository/channels.js';
import { CorrectionForm, CostTable, ExtendVotingForm, FrozenField, Money, VotingExtensions, base, manageBase } from './parts.js';
import type { TallyResult } from '../tally/index.js';

const has = (f: FormState) => Object.keys(f.errors).length > 0;

export function ManageIndexPage(props: { p: PageCtx; c: Community; contests: { contest: Contest; phase: Phase }[] }): JSX.Element {
  const { p, c } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Громадський бюджет: керування', 'Participatory budget: management')}>
      <h1>{t(p, 'Громадський бюджет: керування', 'Participatory budget: management')}</h1>
      <div class="actions-list">
        <a class="button" href={`${manageBase(c)}/new`}>
          {t(p, 'Новий конкурс', 'New contest')}
        </a>
        <a class="button secondary" href={`${manageBase(c)}/channels`}>
          {t(p, 'Термінали й чат-боти', 'Terminals and chat-bots')}
        </a>
        <a class="button secondary" href={`${manageBase(c)}/pabulib`}>
          {t(p, 'Аналіз файлу Pabulib', 'Analyse a Pabulib file')}
        </a>
      </div>
      <ul class="cards">
        {props.contests.map(({ contest, phase }) => (
          <li class="card">
            <h2>
              <a href={manageBase(c, contest)} safe>
                {contest.title}
              </a>
            </h2>
            <p class="meta" safe>
              {`${PHASE_LABELS[phase][p.lang]} · ${formatMoney(contest.totalBudget, p.lang)}${contest.published ? '' : tr(p, ' · не оприлюднено', ' · not published')}`}
            </p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function ContestFormPage(props: { p: PageCtx; c: Community; contest: Contest | null; form: FormState; frozen?: ReadonlySet<string> }): JSX.Element {
  const { p, c, form } = props;
  const frozen = props.frozen ?? new Set<string>();
  const title = props.contest ? tr(p, 'Налаштування конкурсу', 'Contest settings') : tr(p, 'Новий конкурс', 'New contest');
  const action = props.contest ? `${manageBase(c, props.contest)}/edit` : `${manageBase(c)}/new`;
  const v = (name: string) => form.values[name] ?? '';
  const yes = (name: string) => (v(name) ? tr(p, 'так', 'yes') : tr(p, 'ні', 'no'));
  /** The input, or the frozen rule as text when voting has started. */
  const fz = (name: string, label: string, input: JSX.Element, display = v(name) || tr(p, 'не вказано', 'not set')) =>
    frozen.has(name) ? <FrozenField p={p} name={name} label={label} display={display} value={v(name)} /> : input;
  const date = (name: string, label: string, hint?: string) => fz(name, label, <TextField ctx={p} form={form} name={name} type="date" label={label} hint={hint} width="short" />);
  const check = (name: string, label: string, hint?: string) => fz(name, label, <Checkbox name={name} label={label} hint={hint} checked={!!form.values[name]} />, yes(name));
  const ruleLabel = (r: string) => (r in RULE_LABELS ? RULE_LABELS[r as keyof typeof RULE_LABELS][p.lang] : r);
  const modeLabel = (m: string) => (m === 'one-per-category' ? tr(p, 'Рівно один проєкт у кожній категорії', 'Exactly one project per category') : tr(p, 'Кілька проєктів (до K у категорії та/або загалом)', 'Several projects (up to K per category and/or in total)'));
  return (
    <Layout ctx={p} title={title} hasErrors={has(form)}>
      <h1 safe>{title}</h1>
      {frozen.has('votingFrom') ? (
        <p class="notice">
          {t(
            p,
            'Голосування вже почалося: правила, за якими голосують і рахують голоси (хто голосує, бюлетень, бюджет, правило переможців, дати), змінювати не можна. Голосування можна лише продовжити — на сторінці конкурсу, з поясненням для всіх.',
            'Voting has started: the rules of who votes and how ballots count (eligibility, the ballot, the budget, the winner rule, the dates) can no longer change. Voting can only be extended — on the contest page, with an explanation for everyone.',
          )}
        </p>
      ) : (
        ''
      )}
      <form method="post" action={action} novalidate class="stack">
        <CsrfField ctx={p} />
        <ErrorSummary ctx={p} errors={form.errors} />
        <TextField ctx={p} form={form} name="title" label={tr(p, 'Назва конкурсу', 'Contest title')} hint={tr(p, 'Наприклад, «Громадський бюджет 2027»', 'E.g. «Participatory budget 2027»')} maxlength={200} />
        <TextArea ctx={p} form={form} name="description" label={tr(p, 'Опис (необовʼязково)', 'Description (optional)')} rows={3} maxlength={5000} />
        {fz('totalBudget', tr(p, 'Загальний бюджет, грн', 'Total budget, UAH'), <TextField ctx={p} form={form} name="totalBudget" label={tr(p, 'Загальний бюджет, грн', 'Total budget, UAH')} width="short" />)}
        <fieldset>
          <legend>{t(p, 'Етапи (дати за київським часом, включно)', 'Phases (Kyiv dates, inclusive)')}</legend>
          {date('submissionFrom', tr(p, 'Подання проєктів: з', 'Submission: from'))}
          {date('submissionTo', tr(p, 'Подання проєктів: по', 'Submission: until'))}
          {date('supportTo', tr(p, 'Збір підтримки: по (необовʼязково)', 'Supporters: until (optional)'))}
          {fz('supportersNeeded', tr(p, 'Потрібно підписів підтримки (0 — без збору)', 'Supporters needed (0 — none)'), <TextField ctx={p} form={form} name="supportersNeeded" label={tr(p, 'Потрібно підписів підтримки (0 — без збору)', 'Supporters needed (0 — none)')} width="short" inputmode="numeric" />)}
          {date('reviewTo', tr(p, 'Розгляд: по', 'Review: until'))}
          {date('votingFrom', tr(p, 'Голосування: з', 'Voting: from'))}
          {date('votingTo', tr(p, 'Голосування: по', 'Voting: until'))}
          {date('resultsFrom', tr(p, 'Результати: з', 'Results: from'))}
          {date('implementationFrom', tr(p, 'Реалізація: з', 'Implementation: from'))}
        </fieldset>
        <fieldset>
          <legend>{t(p, 'Хто голосує', 'Who votes')}</legend>
          {check('residentsOnly', tr(p, 'Лише мешканці громади (за адресою реєстрації)', 'Residents only (by registered address)'))}
          {check('allowEmail', tr(p, 'Дозволити вхід через e-mail і телефон', 'Allow sign-in with e-mail and phone'), tr(p, 'Ризик зловживань: одна людина може створити кілька адрес.', 'Risk of abuse: one person can make several addresses.'))}
          {fz(
            'minAge',
            tr(p, 'Мінімальний вік', 'Minimum age'),
            <SelectField
              ctx={p}
              form={form}
              name="minAge"
              label={tr(p, 'Мінімальний вік', 'Minimum age')}
              options={[
                { value: '', label: tr(p, 'без обмеження', 'none') },
                { value: '14', label: '14' },
                { value: '16', label: '16' },
                { value: '18', label: '18' },
              ]}
            />,
            v('minAge') || tr(p, 'без обмеження', 'none'),
          )}
        </fieldset>
        <fieldset>
          <legend>{t(p, 'Бюлетень і переможці', 'Ballot and winners')}</legend>
          {fz(
            'ballotMode',
            tr(p, 'Вид бюлетеня', 'Ballot kind'),
            <SelectField
              ctx={p}
              form={form}
              name="ballotMode"
              label={tr(p, 'Вид бюлетеня', 'Ballot kind')}
              options={[
                { value: 'approval', label: modeLabel('approval') },
                { value: 'one-per-category', label: modeLabel('one-per-category') },
              ]}
            />,
            modeLabel(v('ballotMode')),
          )}
          {fz('maxPerCategory', tr(p, 'Не більше проєктів у категорії', 'At most per category'), <TextField ctx={p} form={form} name="maxPerCategory" label={tr(p, 'Не більше проєктів у категорії (порожньо — без обмеження)', 'At most per category (empty — no limit)')} width="short" inputmode="numeric" />, v('maxPerCategory') || tr(p, 'без обмеження', 'no limit'))}
          {fz('maxTotal', tr(p, 'Не більше проєктів загалом', 'At most in total'), <TextField ctx={p} form={form} name="maxTotal" label={tr(p, 'Не більше проєктів загалом (порожньо — без обмеження)', 'At most in total (empty — no limit)')} width="short" inputmode="numeric" />, v('maxTotal') || tr(p, 'без обмеження', 'no limit'))}
          {fz('winnerRule', tr(p, 'Правило визначення переможців', 'Winner rule'), <SelectField ctx={p} form={form} name="winnerRule" label={tr(p, 'Правило визначення переможців', 'Winner rule')} options={(['greedy', 'greedy-no-skip', 'greedy-threshold', 'mes'] as const).map((r) => ({ value: r, label: RULE_LABELS[r][p.lang] }))} />, ruleLabel(v('winnerRule')))}
          {fz('minVotes', tr(p, 'Мінімум голосів (для правила з порогом)', 'Minimum votes (for the threshold rule)'), <TextField ctx={p} form={form} name="minVotes" label={tr(p, 'Мінімум голосів (для правила з порогом)', 'Minimum votes (for the threshold rule)')} width="short" inputmode="numeric" />)}
          {check('publicCounts', tr(p, 'Показувати кількість голосів під час голосування', 'Show vote counts during voting'))}
        </fieldset>
        {check('published', tr(p, 'Оприлюднити конкурс', 'Publish the contest'))}
        <button class="button" type="submit">
          {t(p, 'Зберегти', 'Save')}
        </button>
      </form>
    </Layout>
  );
}

export function ContestManagePage(props: {
  p: PageCtx;
  c: Community;
  contest: Contest;
  phase: Phase;
  categories: Category[];
  projects: Project[];
  categoryForm: FormState;
  totals: { ballots: number; byChannel: Record<string, number>; rejected: number };
  /** Voting has started and not ended: it may be extended. */
  canExtend: boolean;
  categoriesFrozen: boolean;
  extendForm: FormState;
  correctionForm: FormState;
  extensions: VotingExtension[];
}): JSX.Element {
  const { p, c, contest } = props;
  const m = manageBase(c, contest);
  const queue = props.projects.filter((x) => x.status === 'review' || x.status === 'support');
  const admitted = props.projects.filter((x) => x.status === 'admitted');
  const catSum = props.categories.reduce((s, k) => s + k.budget, 0);
  return (
    <Layout ctx={p} title={contest.title} hasErrors={has(props.categoryForm)}>
      <p class="meta">
        <a href={manageBase(c)}>{t(p, 'Громадський бюджет: керування', 'Participatory budget: management')}</a>
      </p>
      <h1 safe>{contest.title}</h1>
      <p safe>{`${PHASE_LABELS[props.phase][p.lang]} · ${formatMoney(contest.totalBudget, p.lang)}${contest.published ? '' : tr(p, ' · не оприлюднено', ' · not published')}`}</p>
      <div class="actions-list">
        <a class="button secondary" href={`${m}/edit`}>
          {t(p, 'Налаштування', 'Settings')}
        </a>
        <a class="button secondary" href={base(c, contest)}>
          {t(p, 'Публічна сторінка', 'Public page')}
        </a>
        <a class="button secondary" href={`${m}/paper-project`}>
          {t(p, 'Внести паперовий проєкт', 'Enter a paper project')}
        </a>
        <a class="button secondary" href={`${m}/imports`}>
          {t(p, 'Паперові бюлетені', 'Paper ballots')}
        </a>
        <a class="button secondary" href={`${m}/rejects`}>
          {t(p, 'Відхилені бюлетені', 'Rejected ballots')}
        </a>
        <a class="button secondary" href={`${base(c, contest)}/results`}>
          {t(p, 'Результати', 'Results')}
        </a>
      </div>
      <p safe>
        {tr(p, `Бюлетенів зараховано: ${props.totals.ballots}; відхилено: ${props.totals.rejected}.`, `Ballots counted: ${props.totals.ballots}; rejected: ${props.totals.rejected}.`) +
          ' ' +
          Object.entries(props.totals.byChannel)
            .map(([ch, n]) => `${CHANNEL_LABELS[ch]?.[p.lang] ?? ch}: ${n}`)
            .join(', ')}
      </p>
      {contest.resultsPublishedAt ? (
        <p safe>{tr(p, `Результати оприлюднено ${formatKyivDateTime(contest.resultsPublishedAt, 'uk')}.`, `Results published ${formatKyivDateTime(contest.resultsPublishedAt, 'en')}.`)}</p>
      ) : props.phase === 'counting' || props.phase === 'results' || props.phase === 'implementation' ? (
        <ActionButton ctx={p} action={`${m}/publish-results`} label={tr(p, 'Оприлюднити результати', 'Publish the results')} />
      ) : (
        ''
      )}
      <VotingExtensions p={p} extensions={props.extensions} />
      {props.canExtend ? <ExtendVotingForm p={p} action={`${m}/extend`} form={props.extendForm} contest={contest} /> : ''}
      {contest.resultsPublishedAt ? <CorrectionForm p={p} action={`${m}/results-corrections`} form={props.correctionForm} /> : ''}
      <h2>{t(p, 'Категорії', 'Categories')}</h2>
      {catSum !== contest.totalBudget && props.categories.length ? (
        <p class="notice" safe>
          {tr(p, `Сума бюджетів категорій (${formatMoney(catSum, 'uk')}) не дорівнює загальному бюджету.`, `The categories' budgets add up to ${formatMoney(catSum, 'en')}, not the total budget.`)}
        </p>
      ) : (
        ''
      )}
      <div class="table-wrap" tabindex="0" role="region" aria-label={tr(p, 'Категорії', 'Categories')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t(p, 'Код', 'Code')}</th>
              <th scope="col">{t(p, 'Назва', 'Name')}</th>
              <th scope="col">{t(p, 'Бюджет', 'Budget')}</th>
              <th scope="col">{t(p, 'Вартість проєкту', 'Project cost')}</th>
            </tr>
          </thead>
          <tbody>
            {props.categories.map((k) => (
              <tr>
                <td safe>{k.code}</td>
                <td safe>{k.name}</td>
                <td>
                  <Money p={p} kop={k.budget} />
                </td>
                <td safe>{`${formatMoney(k.minCost, p.lang)} – ${formatMoney(k.maxCost, p.lang)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.categoriesFrozen ? (
        <>
          <ErrorSummary ctx={p} errors={props.categoryForm.errors} />
          <p>{t(p, 'Голосування вже почалося: категорії та їхні бюджети змінювати чи додавати не можна.', 'Voting has started: categories and their budgets can no longer change, and none can be added.')}</p>
        </>
      ) : (
      <form method="post" action={`${m}/categories`} novalidate class="stack">
        <CsrfField ctx={p} />
        <h3>{t(p, 'Додати категорію', 'Add a category')}</h3>
        <ErrorSummary ctx={p} errors={props.categoryForm.errors} />
        <TextField ctx={p} form={props.categoryForm} name="code" label={tr(p, 'Код (латинські літери, A, B…)', 'Code (Latin letters, A, B…)')} width="short" maxlength={3} />
        <TextField ctx={p} form={props.categoryForm} name="name" label={tr(p, 'Назва (малі, великі, тематична, район…)', 'Name (small, large, theme, district…)')} maxlength={120} />
        <TextField ctx={p} form={props.categoryForm} name="budget" label={tr(p, 'Бюджет категорії, грн', 'Category budget, UAH')} width="short" />
        <TextField ctx={p} form={props.categoryForm} name="minCost" label={tr(p, 'Мінімальна вартість проєкту, грн', 'Minimum project cost, UAH')} width="short" />
        <TextField ctx={p} form={props.categoryForm} name="maxCost" label={tr(p, 'Максимальна вартість проєкту, грн', 'Maximum project cost, UAH')} width="short" />
        <button class="button" type="submit">
          {t(p, 'Додати', 'Add')}
        </button>
      </form>
      )}
      <h2>{t(p, 'Черга розгляду', 'Review queue')}</h2>
      {queue.length === 0 ? <p>{t(p, 'Немає проєктів на розгляді.', 'No projects to review.')}</p> : ''}
      <ul class="queue">
        {queue.map((x) => (
          <li>
            <a href={`${m}/projects/${x.id}`} safe>
              {x.title}
            </a>{' '}
            <span class="meta" safe>
              {`${STATUS_LABELS[x.status][p.lang]} · ${formatMoney(x.cost, p.lang)} · ${shownName(x.authorName, p.lang)}`}
            </span>
          </li>
        ))}
      </ul>
      <h2>{t(p, 'Допущені проєкти й реалізація', 'Admitted projects and implementation')}</h2>
      <ul class="queue">
        {admitted.map((x) => (
          <li>
            <a href={`${base(c, contest)}/projects/${x.id}`} safe>
              {`${x.code ?? ''} ${x.title}`}
            </a>
            <p class="meta">
              <a href={`${m}/implementation/${x.id}`} safe>
                {`${tr(p, 'Реалізація', 'Implementation')}: ${IMPL_LABELS[x.implStatus][p.lang]}`}
              </a>
            </p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function ReviewPage(props: { p: PageCtx; c: Community; contest: Contest; project: Project; category: Category; form: FormState; photoIds: number[] }): JSX.Element {
  const { p, c, contest, project: x, form } = props;
  return (
    <Layout ctx={p} title={tr(p, `Розгляд: ${x.title}`, `Review: ${x.title}`)} hasErrors={has(form)}>
      <p class="meta">
        <a href={manageBase(c, contest)} safe>
          {contest.title}
        </a>
      </p>
      <h1 safe>{x.title}</h1>
      <p class="meta" safe>
        {`${props.category.code}. ${props.category.name} · ${STATUS_LABELS[x.status][p.lang]} · ${shownName(x.authorName, p.lang)}${x.authorEmail ? ` · ${x.authorEmail}` : ''}${x.authorPhone ? ` · ${x.authorPhone}` : ''}`}
      </p>
      <h2>{t(p, 'Проблема', 'Problem')}</h2>
      <p class="prose" safe>
        {x.problem}
      </p>
      <h2>{t(p, 'Рішення', 'Solution')}</h2>
      <p class="prose" safe>
        {x.solution}
      </p>
      <p safe>{`${tr(p, 'Місце', 'Location')}: ${x.location}`}</p>
      <CostTable p={p} project={x} />
      <form method="post" action={`${manageBase(c, contest)}/projects/${x.id}`} novalidate class="stack">
        <CsrfField ctx={p} />
        <ErrorSummary ctx={p} errors={form.errors} />
        <SelectField
          ctx={p}
          form={form}
          name="decision"
          label={tr(p, 'Рішення', 'Decision')}
          options={[
            { value: '', label: tr(p, '— оберіть —', '— choose —') },
            { value: 'admitted', label: tr(p, 'Допустити до голосування', 'Admit to the vote') },
            { value: 'needs_changes', label: tr(p, 'Повернути на доопрацювання', 'Send back for changes') },
            { value: 'rejected', label: tr(p, 'Відхилити', 'Reject') },
          ]}
        />
        <TextArea ctx={p} form={form} name="note" label={tr(p, 'Пояснення (обовʼязкове для доопрацювання й відхилення)', 'Explanation (required to send back or reject)')} rows={3} maxlength={2000} />
        <TextField ctx={p} form={form} name="correctedCost" label={tr(p, 'Скоригована вартість, грн (необовʼязково)', 'Corrected cost, UAH (optional)')} width="short" />
        <TextArea ctx={p} form={form} name="costNote" label={tr(p, 'Чому змінено вартість', 'Why the cost changed')} rows={2} maxlength={1000} />
        <button class="button" type="submit">
          {t(p, 'Зберегти рішення', 'Save the decision')}
        </button>
      </form>
    </Layout>
  );
}

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
        {t(p, 'Заповніть шаблон (кожен рядок — один бюлетень), завантажте його, перевірте звіт і лише тоді підтвердіть. Підтверджений імпорт можна анулювати повністю.', 'Fill in the template (one row per ballot), upload it, check the report, and only then confirm. A confirmed import can be annulled as a whole.')}
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
        <div class={`field${props.error ? ' field-error' : ''}`}>
          <label for="file">{t(p, 'Файл з бюлетенями (CSV або XLSX, до 5 МБ)', 'Ballot file (CSV or XLSX, up to 5 MB)')}</label>
          <input id="file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
        </div>
        <button class="button" type="submit">
          {t(p, 'Перевірити файл', 'Check the file')}
        </button>
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
  return s === 'pending' ? tr(p, 'очікує підтвердження', 'awaiting confirmation') : s === 'confirmed' ? tr(p, 'зараховано', 'counted') : tr(p, 'анульовано', 'annulled');
}

function summaryText(p: PageCtx, s: ImportSummary): string {
  const base = tr(p, `рядків ${s.rows}: придатних ${s.ok}, з помилками ${s.errors}, повторних ${s.duplicates}`, `${s.rows} rows: ${s.ok} valid, ${s.errors} with errors, ${s.duplicates} duplicates`);
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
          <p>{t(p, 'Рядки з помилками не буде зараховано; повторні буде збережено як відхилені дублікати.', 'Rows with errors will not count; duplicates are kept as rejected.')}</p>
          <ActionButton ctx={p} action={`${m}/imports/${imp.id}/confirm`} label={tr(p, `Підтвердити й зарахувати ${imp.summary.ok}`, `Confirm and count ${imp.summary.ok}`)} />
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
          <button class="button warning" type="submit">
            {t(p, 'Анулювати імпорт', 'Annul the import')}
          </button>
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
                <td safe>{(r.outcome === 'ok' ? tr(p, 'Придатний', 'Valid') : r.outcome === 'duplicate' ? tr(p, 'Повторний: ', 'Duplicate: ') : tr(p, 'Помилка: ', 'Error: ')) + r.problems.join('; ')}</td>
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
      <p>{t(p, 'Повторні бюлетені тих, хто вже проголосував (зараховано перший), і бюлетені анульованих імпортів.', 'Later ballots of people who had voted (the first counts) and ballots of annulled imports.')}</p>
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
                <td safe>{(CHANNEL_LABELS[r.channel]?.[p.lang] ?? r.channel) + (r.importId ? ` (№ ${r.importId}${r.paperNumber ? `, ${r.paperNumber}` : ''})` : '')}</td>
                <td safe>{r.reason === 'duplicate' ? tr(p, 'повторний', 'duplicate') : tr(p, 'анульовано', 'annulled')}</td>
                <td>{r.firstChannel ? `${CHANNEL_LABELS[r.firstChannel]?.[p.lang] ?? r.firstChannel}, ${r.firstCastAt ? formatKyivDateTime(r.firstCastAt, p.lang) : ''}` : '—'}</td>
                <td safe>{r.projectIds.map((id) => props.codes.get(id) ?? `#${id}`).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function ChannelsPage(props: { p: PageCtx; c: Community; channels: VotingChannel[]; form: FormState; newKey: string | null }): JSX.Element {
  const { p, c, form } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Термінали й чат-боти', 'Terminals and chat-bots')} hasErrors={has(form)}>
      <p class="meta">
        <a href={manageBase(c)}>{t(p, 'Громадський бюджет: керування', 'Participatory budget: management')}</a>
      </p>
      <h1>{t(p, 'Термінали й чат-боти', 'Terminals and chat-bots')}</h1>
      <p>
        {t(p, 'Кожен канал голосування отримує ключ API для цієї громади. Ключ показуємо один раз; зберігаємо лише його хеш. Документація — ', 'Every voting channel gets an API key for this community. The key is shown once; only its hash is stored. Documentation — ')}
        <a href="/api/docs">/api/docs</a>
      </p>
      {props.newKey ? (
        <div class="notice" role="status">
          <p>{t(p, 'Новий ключ (скопіюйте зараз, більше його не покажемо):', 'New key (copy it now; it will not be shown again):')}</p>
          <p>
            <code class="budget-key" safe>
              {props.newKey}
            </code>
          </p>
        </div>
      ) : (
        ''
      )}
      <ul class="queue">
        {props.channels.map((ch) => (
          <li>
            <strong safe>{ch.name}</strong>{' '}
            <span class="meta" safe>
              {`${CHANNEL_LABELS[ch.kind]?.[p.lang] ?? ch.kind} · vbc_${ch.keyPrefix}_… · ${ch.revokedAt ? tr(p, `відкликано ${formatKyivDateTime(ch.revokedAt, 'uk')}`, `revoked ${formatKyivDateTime(ch.revokedAt, 'en')}`) : tr(p, 'діє', 'active')}`}
            </span>
            {ch.revokedAt ? '' : <ActionButton ctx={p} action={`${manageBase(c)}/channels/${ch.id}/revoke`} label={tr(p, 'Відкликати ключ', 'Revoke the key')} variant="warning" />}
          </li>
        ))}
      </ul>
      <form method="post" action={`${manageBase(c)}/channels`} novalidate class="stack">
        <CsrfField ctx={p} />
        <h2>{t(p, 'Новий канал', 'New channel')}</h2>
        <ErrorSummary ctx={p} errors={form.errors} />
        <TextField ctx={p} form={form} name="name" label={tr(p, 'Назва (наприклад, «Термінал у ЦНАП»)', 'Name (e.g. «Terminal at the service centre»)')} maxlength={100} />
        <SelectField
          ctx={p}
          form={form}
          name="kind"
          label={tr(p, 'Вид', 'Kind')}
          options={[
            { value: 'terminal', label: tr(p, 'Термінал', 'Terminal') },
            { value: 'chatbot', label: tr(p, 'Чат-бот', 'Chat-bot') },
          ]}
        />
        <button class="button" type="submit">
          {t(p, 'Створити ключ', 'Create a key')}
        </button>
      </form>
    </Layout>
  );
}

export function ImplementationFormPage(props: { p: PageCtx; c: Community; contest: Contest; project: Project; form: FormState }): JSX.Element {
  const { p, c, contest, project: x, form } = props;
  return (
    <Layout ctx={p} title={tr(p, `Реалізація: ${x.title}`, `Implementation: ${x.title}`)} hasErrors={has(form)}>
      <p class="meta">
        <a href={manageBase(c, contest)} safe>
          {contest.title}
        </a>
      </p>
      <h1 safe>{x.title}</h1>
      <p safe>{`${tr(p, 'Зараз', 'Now')}: ${IMPL_LABELS[x.implStatus][p.lang]}`}</p>
      <form method="post" action={`${manageBase(c, contest)}/implementation/${x.id}`} enctype="multipart/form-data" novalidate class="stack">
        <CsrfField ctx={p} />
        <ErrorSummary ctx={p} errors={form.errors} />
        <SelectField ctx={p} form={form} name="status" label={tr(p, 'Статус', 'Status')} options={(['waiting', 'in_progress', 'done', 'not_done'] as const).map((s) => ({ value: s, label: IMPL_LABELS[s][p.lang] }))} />
        <TextField ctx={p} form={form} name="reason" label={tr(p, 'Причина (якщо не реалізовано)', 'Reason (if not done)')} maxlength={500} />
        <TextArea ctx={p} form={form} name="body" label={tr(p, 'Що зроблено', 'What was done')} rows={3} maxlength={3000} />
        <TextField ctx={p} form={form} name="spent" label={tr(p, 'Витрачено на цьому етапі, грн', 'Spent in this stage, UAH')} width="short" />
        <div class={`field${form.errors.photos ? ' field-error' : ''}`}>
          <label for="photos">{t(p, 'Фото (до 5)', 'Photos (up to 5)')}</label>
          {form.errors.photos ? (
            <p class="error-message">
              <span class="visually-hidden">{t(p, 'Помилка:', 'Error:')}</span> <span safe>{form.errors.photos}</span>
            </p>
          ) : (
            ''
          )}
          <input id="photos" name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple />
        </div>
        <button class="button" type="submit">
          {t(p, 'Додати оновлення', 'Add the update')}
        </button>
      </form>
    </Layout>
  );
}

export function PabulibPage(props: { p: PageCtx; c: Community; error: string | null; result: { meta: Record<string, string>; tally: TallyResult; names: Map<string, string> } | null }): JSX.Element {
  const { p, c } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Аналіз файлу Pabulib', 'Analyse a Pabulib file')} hasErrors={!!props.error}>
      <p class="meta">
        <a href={manageBase(c)}>{t(p, 'Громадський бюджет: керування', 'Participatory budget: management')}</a>
      </p>
      <h1>{t(p, 'Аналіз файлу Pabulib', 'Analyse a Pabulib file')}</h1>
      <p>{t(p, 'Завантажте результати минулого конкурсу у форматі Pabulib (.pb): порахуємо переможців за правилом із файлу.', 'Upload a past contest as a Pabulib (.pb) file: we count the winners by the rule in the file.')}</p>
      {props.error ? (
        <div class="error-summary" role="alert" tabindex="-1">
          <h2>{t(p, 'Файл не прочитано', 'The file could not be read')}</h2>
          <p>
            <a href="#pbfile" safe>
              {props.error}
            </a>
          </p>
        </div>
      ) : (
        ''
      )}
      <form method="post" action={`${manageBase(c)}/pabulib`} enctype="multipart/form-data" novalidate class="stack">
        <CsrfField ctx={p} />
        <div class="field">
          <label for="pbfile">{t(p, 'Файл .pb', '.pb file')}</label>
          <input id="pbfile" name="file" type="file" accept=".pb,text/plain" />
        </div>
        <button class="button" type="submit">
          {t(p, 'Порахувати', 'Count')}
        </button>
      </form>
      {props.result ? (
        <section>
          <h2 safe>{props.result.meta.description ?? props.result.meta.unit ?? ''}</h2>
          <p safe>{tr(p, `Правило: ${props.result.tally.rule}; переможців: ${props.result.tally.winners.length}`, `Rule: ${props.result.tally.rule}; winners: ${props.result.tally.winners.length}`)}</p>
          <div class="table-wrap" tabindex="0" role="region" aria-label={tr(p, 'Результати підрахунку', 'Count results')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(p, 'Місце', 'Place')}</th>
                  <th scope="col">{t(p, 'Проєкт', 'Project')}</th>
                  <th scope="col">{t(p, 'Голосів', 'Votes')}</th>
                  <th scope="col">{t(p, 'Результат', 'Outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {props.result.tally.projects.map((r) => (
                  <tr>
                    <td safe>{String(r.rank)}</td>
                    <td safe>{`${r.id} ${props.result!.names.get(r.id) ?? ''}`}</td>
                    <td safe>{r.votes.toString()}</td>
                    <td safe>{r.verdict.status === 'funded' ? tr(p, 'Профінансовано', 'Funded') : tr(p, 'Ні', 'No')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}
