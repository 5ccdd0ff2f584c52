/** Pages of the budget moderator: the contests, a contest and its settings, reviewing a project, reporting implementation. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { shownName } from '../../../core/users/public-name.js';
import { ActionButton, Checkbox, CsrfField, ErrorSummary, FileField, SubmitButton, fieldsFor } from '../../../core/views/forms.js';
import type { FormState } from '../../../core/views/forms.js';
import { ParticipationRulesFieldset, PostForm } from '../../../core/views/kit.js';
import type { Community } from '../../../core/communities/community.js';
import { CHANNEL_LABELS, IMPL_LABELS, PHASE_LABELS, STATUS_LABELS, formatMoney, type Phase } from '../rules.js';
import type { Category, Contest, VotingExtension } from '../repository/contests.js';
import type { Project } from '../repository/projects.js';
import {
  CorrectionForm,
  CostTable,
  ExtendVotingForm,
  contestFormFields,
  Money,
  PhaseDatesFieldset,
  ResultsPublished,
  VotingExtensions,
  WinnerRuleFields,
  base,
  manageBase,
} from './parts.js';

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
  const { v, frame: fz, date, count, money } = contestFormFields(p, form, frozen, tr(p, 'не вказано', 'not set'));
  const yes = (name: string) => (v(name) ? tr(p, 'так', 'yes') : tr(p, 'ні', 'no'));
  const check = (name: string, label: string, hint?: string) =>
    fz(name, label, <Checkbox name={name} label={label} hint={hint} checked={!!form.values[name]} />, yes(name));
  const modeLabel = (m: string) =>
    m === 'one-per-category'
      ? tr(p, 'Рівно один проєкт у кожній категорії', 'Exactly one project per category')
      : tr(p, 'Кілька проєктів (до K у категорії та/або загалом)', 'Several projects (up to K per category and/or in total)');
  const field = fieldsFor(p, form);
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
      <PostForm ctx={p} action={action} errors={form.errors}>
        <field.Text
          name="title"
          label={tr(p, 'Назва конкурсу', 'Contest title')}
          hint={tr(p, 'Наприклад, «Громадський бюджет 2027»', 'E.g. «Participatory budget 2027»')}
          maxlength={200}
        />
        <field.Area name="description" label={tr(p, 'Опис (необовʼязково)', 'Description (optional)')} rows={3} maxlength={5000} />
        {money('totalBudget', tr(p, 'Загальний бюджет, грн', 'Total budget, UAH'))}
        <PhaseDatesFieldset p={p}>
          {date('submissionFrom', tr(p, 'Подання проєктів: з', 'Submission: from'))}
          {date('submissionTo', tr(p, 'Подання проєктів: по', 'Submission: until'))}
          {date('supportTo', tr(p, 'Збір підтримки: по (необовʼязково)', 'Supporters: until (optional)'))}
          {count('supportersNeeded', tr(p, 'Потрібно підписів підтримки (0 — без збору)', 'Supporters needed (0 — none)'))}
          {date('reviewTo', tr(p, 'Розгляд: по', 'Review: until'))}
          {date('votingFrom', tr(p, 'Голосування: з', 'Voting: from'))}
          {date('votingTo', tr(p, 'Голосування: по', 'Voting: until'))}
          {date('resultsFrom', tr(p, 'Результати: з', 'Results: from'))}
          {date('implementationFrom', tr(p, 'Реалізація: з', 'Implementation: from'))}
        </PhaseDatesFieldset>
        <ParticipationRulesFieldset
          ctx={p}
          form={form}
          legend={tr(p, 'Хто голосує', 'Who votes')}
          checked={(name) => !!form.values[name]}
          frame={(name, label, input, kind) => fz(name, label, input, kind === 'box' ? yes(name) : v(name) || tr(p, 'без обмеження', 'none'))}
          fields={{
            residentsFirst: true,
            residentsOnly: { name: 'residentsOnly', label: tr(p, 'Лише мешканці громади (за адресою реєстрації)', 'Residents only (by registered address)') },
            allowEmail: {
              name: 'allowEmail',
              label: tr(p, 'Дозволити вхід через e-mail і телефон', 'Allow sign-in with e-mail and phone'),
              hint: tr(p, 'Ризик зловживань: одна людина може створити кілька адрес.', 'Risk of abuse: one person can make several addresses.'),
            },
            emailCounts: {
              name: 'emailNotCounted',
              label: tr(
                p,
                'Не зараховувати до результатів бюлетені, подані зі входом через e-mail і телефон (їх усе одно показують окремо)',
                'Do not count toward the results the ballots cast with e-mail and phone sign-in (they are still shown apart)',
              ),
              hint: tr(
                p,
                'Має значення, лише коли вхід через e-mail дозволено. Такі бюлетені легше накрутити; якщо вони зараховуються, переможців можуть визначити голоси без перевірки особи.',
                'Matters only when e-mail sign-in is allowed. Such ballots are easier to fake; if they count, unverified votes can decide the winners.',
              ),
            },
            minAge: { name: 'minAge', label: tr(p, 'Мінімальний вік', 'Minimum age'), noLimit: tr(p, 'без обмеження', 'none') },
          }}
        />
        <fieldset>
          <legend>{t(p, 'Бюлетень і переможці', 'Ballot and winners')}</legend>
          {fz(
            'ballotMode',
            tr(p, 'Вид бюлетеня', 'Ballot kind'),
            <field.Select
              name="ballotMode"
              label={tr(p, 'Вид бюлетеня', 'Ballot kind')}
              options={[
                { value: 'approval', label: modeLabel('approval') },
                { value: 'one-per-category', label: modeLabel('one-per-category') },
              ]}
            />,
            modeLabel(v('ballotMode')),
          )}
          {count(
            'maxPerCategory',
            tr(p, 'Не більше проєктів у категорії', 'At most per category'),
            tr(p, 'Не більше проєктів у категорії (порожньо — без обмеження)', 'At most per category (empty — no limit)'),
            v('maxPerCategory') || tr(p, 'без обмеження', 'no limit'),
          )}
          {count(
            'maxTotal',
            tr(p, 'Не більше проєктів загалом', 'At most in total'),
            tr(p, 'Не більше проєктів загалом (порожньо — без обмеження)', 'At most in total (empty — no limit)'),
            v('maxTotal') || tr(p, 'без обмеження', 'no limit'),
          )}
          <WinnerRuleFields p={p} form={form} frame={fz} count={count} />
          {check('publicCounts', tr(p, 'Показувати кількість голосів під час голосування', 'Show vote counts during voting'))}
        </fieldset>
        {check('published', tr(p, 'Оприлюднити конкурс', 'Publish the contest'))}
        <SubmitButton>{t(p, 'Зберегти', 'Save')}</SubmitButton>
      </PostForm>
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
  const categoryField = fieldsFor(p, props.categoryForm);
  return (
    <Layout ctx={p} title={contest.title} hasErrors={has(props.categoryForm)}>
      <p class="meta">
        <a href={manageBase(c)}>{t(p, 'Громадський бюджет: керування', 'Participatory budget: management')}</a>
      </p>
      <h1 safe>{contest.title}</h1>
      <p
        safe
      >{`${PHASE_LABELS[props.phase][p.lang]} · ${formatMoney(contest.totalBudget, p.lang)}${contest.published ? '' : tr(p, ' · не оприлюднено', ' · not published')}`}</p>
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
        {tr(
          p,
          `Бюлетенів зараховано: ${props.totals.ballots}; відхилено: ${props.totals.rejected}.`,
          `Ballots counted: ${props.totals.ballots}; rejected: ${props.totals.rejected}.`,
        ) +
          ' ' +
          Object.entries(props.totals.byChannel)
            .map(([ch, n]) => `${CHANNEL_LABELS[ch]?.[p.lang] ?? ch}: ${n}`)
            .join(', ')}
      </p>
      {contest.resultsPublishedAt ? (
        <ResultsPublished p={p} at={contest.resultsPublishedAt} />
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
          {tr(
            p,
            `Сума бюджетів категорій (${formatMoney(catSum, 'uk')}) не дорівнює загальному бюджету.`,
            `The categories' budgets add up to ${formatMoney(catSum, 'en')}, not the total budget.`,
          )}
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
          <p>
            {t(
              p,
              'Голосування вже почалося: категорії та їхні бюджети змінювати чи додавати не можна.',
              'Voting has started: categories and their budgets can no longer change, and none can be added.',
            )}
          </p>
        </>
      ) : (
        <form method="post" action={`${m}/categories`} novalidate class="stack">
          <CsrfField ctx={p} />
          <h3>{t(p, 'Додати категорію', 'Add a category')}</h3>
          <ErrorSummary ctx={p} errors={props.categoryForm.errors} />
          <categoryField.Text name="code" label={tr(p, 'Код (латинські літери, A, B…)', 'Code (Latin letters, A, B…)')} width="short" maxlength={3} />
          <categoryField.Text name="name" label={tr(p, 'Назва (малі, великі, тематична, район…)', 'Name (small, large, theme, district…)')} maxlength={120} />
          <categoryField.Text name="budget" label={tr(p, 'Бюджет категорії, грн', 'Category budget, UAH')} width="short" />
          <categoryField.Text name="minCost" label={tr(p, 'Мінімальна вартість проєкту, грн', 'Minimum project cost, UAH')} width="short" />
          <categoryField.Text name="maxCost" label={tr(p, 'Максимальна вартість проєкту, грн', 'Maximum project cost, UAH')} width="short" />
          <SubmitButton>{t(p, 'Додати', 'Add')}</SubmitButton>
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

/** A project's title under a link back to its contest, atop the moderator's project pages. */
function ProjectHeading({ c, contest, title }: { c: Community; contest: Contest; title: string }): JSX.Element {
  return (
    <>
      <p class="meta">
        <a href={manageBase(c, contest)} safe>
          {contest.title}
        </a>
      </p>
      <h1 safe>{title}</h1>
    </>
  );
}

export function ReviewPage(props: {
  p: PageCtx;
  c: Community;
  contest: Contest;
  project: Project;
  category: Category;
  form: FormState;
  photoIds: number[];
}): JSX.Element {
  const { p, c, contest, project: x, form } = props;
  const field = fieldsFor(p, form);
  return (
    <Layout ctx={p} title={tr(p, `Розгляд: ${x.title}`, `Review: ${x.title}`)} hasErrors={has(form)}>
      <ProjectHeading c={c} contest={contest} title={x.title} />
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
      <PostForm ctx={p} action={`${manageBase(c, contest)}/projects/${x.id}`} errors={form.errors}>
        <field.Select
          name="decision"
          label={tr(p, 'Рішення', 'Decision')}
          options={[
            { value: '', label: tr(p, '— оберіть —', '— choose —') },
            { value: 'admitted', label: tr(p, 'Допустити до голосування', 'Admit to the vote') },
            { value: 'needs_changes', label: tr(p, 'Повернути на доопрацювання', 'Send back for changes') },
            { value: 'rejected', label: tr(p, 'Відхилити', 'Reject') },
          ]}
        />
        <field.Area
          name="note"
          label={tr(p, 'Пояснення (обовʼязкове для доопрацювання й відхилення)', 'Explanation (required to send back or reject)')}
          rows={3}
          maxlength={2000}
        />
        <field.Text name="correctedCost" label={tr(p, 'Скоригована вартість, грн (необовʼязково)', 'Corrected cost, UAH (optional)')} width="short" />
        <field.Area name="costNote" label={tr(p, 'Чому змінено вартість', 'Why the cost changed')} rows={2} maxlength={1000} />
        <SubmitButton>{t(p, 'Зберегти рішення', 'Save the decision')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}

export function ImplementationFormPage(props: { p: PageCtx; c: Community; contest: Contest; project: Project; form: FormState }): JSX.Element {
  const { p, c, contest, project: x, form } = props;
  const field = fieldsFor(p, form);
  return (
    <Layout ctx={p} title={tr(p, `Реалізація: ${x.title}`, `Implementation: ${x.title}`)} hasErrors={has(form)}>
      <ProjectHeading c={c} contest={contest} title={x.title} />
      <p safe>{`${tr(p, 'Зараз', 'Now')}: ${IMPL_LABELS[x.implStatus][p.lang]}`}</p>
      <PostForm ctx={p} action={`${manageBase(c, contest)}/implementation/${x.id}`} enctype="multipart/form-data" errors={form.errors}>
        <field.Select
          name="status"
          label={tr(p, 'Статус', 'Status')}
          options={(['waiting', 'in_progress', 'done', 'not_done'] as const).map((s) => ({ value: s, label: IMPL_LABELS[s][p.lang] }))}
        />
        <field.Text name="reason" label={tr(p, 'Причина (якщо не реалізовано)', 'Reason (if not done)')} maxlength={500} />
        <field.Area name="body" label={tr(p, 'Що зроблено', 'What was done')} rows={3} maxlength={3000} />
        <field.Text name="spent" label={tr(p, 'Витрачено на цьому етапі, грн', 'Spent in this stage, UAH')} width="short" />
        <FileField
          ctx={p}
          name="photos"
          label={tr(p, 'Фото (до 5)', 'Photos (up to 5)')}
          error={form.errors.photos}
          accept="image/jpeg,image/png,image/webp"
          multiple
        />
        <SubmitButton>{t(p, 'Додати оновлення', 'Add the update')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}
