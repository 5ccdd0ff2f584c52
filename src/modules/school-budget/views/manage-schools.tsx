/** Pages of the education department (all schools) and of a school moderator (their school, its contest and codes). */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { PostForm, StatusBadge } from '../../../core/views/kit.js';
import { ActionButton, SubmitButton, type FormState, fieldsFor } from '../../../core/views/forms.js';
import { formatKyivDate, formatKyivDateTime } from '../../../core/calendar/index.js';
import { formatNumber, plural } from '../../../core/i18n/index.js';
import type { Community } from '../../../core/communities/community.js';
import {
  RULE_LABELS,
  type Contest,
  type Phase,
  type Project,
  type VotingExtension,
  CorrectionForm,
  ExtendVotingForm,
  Money,
  ResultsPublished,
  VotingExtensions,
} from '../../budgets/index.js';
import { phaseLabel } from '../access.js';
import { MAX_BATCH, type CodeBatch, type CodeTotals, type School } from '../repository.js';
import { TurnoutText, type SchoolFigures, manageContestUrl, manageSchoolUrl, manageUrl, pub, schoolUrl } from './parts.js';

const has = (f: FormState) => Object.keys(f.errors).length > 0;

export interface ProgressRow extends SchoolFigures {
  moderators: { active: string[]; invited: string[] };
}

export function ToolIndexPage(props: { p: PageCtx; c: Community; rows: ProgressRow[] }): JSX.Element {
  const { p, c } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Шкільний бюджет: керування', 'School budget: management')}>
      <p class="meta">
        <a href={pub(c)}>{t(p, 'Шкільний громадський бюджет', 'School participatory budget')}</a>
      </p>
      <h1>{t(p, 'Шкільний бюджет: керування', 'School budget: management')}</h1>
      <p>
        {t(
          p,
          'Додайте заклади освіти й запросіть їхніх модераторів: кожен шкільний модератор оголошує конкурс свого закладу, вносить проєкти учнів і друкує коди для голосування. Ви бачите поступ усіх закладів і можете діяти за будь-який.',
          'Add schools and invite their moderators: each school moderator sets up the school’s contest, enters the students’ projects and prints voting codes. You see every school’s progress and may act for any of them.',
        )}
      </p>
      <p>
        <a class="button" href={`${manageUrl(c)}/schools/new`}>
          {t(p, 'Додати заклад освіти', 'Add a school')}
        </a>
      </p>
      {props.rows.length === 0 ? (
        <p>{t(p, 'Закладів ще немає.', 'No schools yet.')}</p>
      ) : (
        <div class="table-wrap" tabindex="0" role="region" aria-label={tr(p, 'Поступ закладів', 'Progress of the schools')}>
          <table>
            <caption>{t(p, 'Поступ закладів', 'Progress of the schools')}</caption>
            <thead>
              <tr>
                <th scope="col">{t(p, 'Заклад', 'School')}</th>
                <th scope="col">{t(p, 'Модератори', 'Moderators')}</th>
                <th scope="col">{t(p, 'Етап', 'Phase')}</th>
                <th scope="col">{t(p, 'Проєктів', 'Projects')}</th>
                <th scope="col">{t(p, 'Голосування', 'Voting')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <th scope="row">
                    <a href={manageSchoolUrl(c, r.school)} safe>
                      {r.school.name}
                    </a>
                    <br />
                    <a class="small" href={`${manageSchoolUrl(c, r.school)}/edit`}>
                      {t(p, 'Дані й модератори', 'Details and moderators')}
                    </a>
                  </th>
                  <td class="school-wrap" safe>
                    {[...r.moderators.active, ...r.moderators.invited.map((e) => tr(p, `${e} (запрошено)`, `${e} (invited)`))].join(', ') ||
                      tr(p, 'немає', 'none')}
                  </td>
                  <td safe>{phaseLabel(r.phase, p.lang)}</td>
                  <td safe>{String(r.projects)}</td>
                  <td>{r.contest ? <TurnoutText p={p} votes={r.votes} codes={r.codes} /> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function SchoolFormPage(props: {
  p: PageCtx;
  c: Community;
  school: School | null;
  form: FormState;
  moderators: { active: string[]; invited: string[] } | null;
  inviteForm: FormState;
  invited: string | null;
}): JSX.Element {
  const { p, c, school, form } = props;
  const title = school ? tr(p, `Заклад: ${school.name}`, `School: ${school.name}`) : tr(p, 'Новий заклад освіти', 'New school');
  const action = school ? `${manageSchoolUrl(c, school)}/edit` : `${manageUrl(c)}/schools/new`;
  const inviteField = fieldsFor(p, props.inviteForm);
  const field = fieldsFor(p, form);
  return (
    <Layout ctx={p} title={title} hasErrors={has(form) || has(props.inviteForm)}>
      <p class="meta">
        <a href={manageUrl(c)}>{t(p, 'Шкільний бюджет: керування', 'School budget: management')}</a>
      </p>
      <h1 safe>{title}</h1>
      {props.invited ? (
        <div class="notice" role="status">
          <p class="school-wrap" safe>
            {tr(
              p,
              `Запрошення надіслано на ${props.invited}. Роль шкільного модератора буде надано, щойно ця людина увійде у Віче з цією адресою.`,
              `An invitation went to ${props.invited}. The school moderator role is granted as soon as they sign in to Viche with that address.`,
            )}
          </p>
        </div>
      ) : (
        ''
      )}
      <PostForm ctx={p} action={action} errors={form.errors}>
        <field.Text
          name="name"
          label={tr(p, 'Назва закладу', 'Name of the school')}
          hint={tr(p, 'Наприклад, «Ліцей № 1 Львівської міської ради»', 'E.g. «Lyceum No. 1 of the Lviv City Council»')}
          maxlength={200}
        />
        {!school ? (
          <field.Text
            name="slug"
            label={tr(p, 'Адреса сторінки (латиницею)', 'Page address (Latin letters)')}
            hint={tr(
              p,
              'Малі латинські літери, цифри й дефіси, наприклад lyceum-1. Змінити потім не можна.',
              'Lower-case Latin letters, digits and dashes, like lyceum-1. It cannot be changed later.',
            )}
            maxlength={60}
            width="short"
          />
        ) : (
          ''
        )}
        <field.Select
          name="kind"
          label={tr(p, 'Тип закладу', 'Kind of school')}
          options={[
            { value: '', label: tr(p, '— оберіть —', '— choose —') },
            { value: 'school', label: tr(p, 'Школа', 'School') },
            { value: 'gymnasium', label: tr(p, 'Гімназія', 'Gymnasium') },
            { value: 'lyceum', label: tr(p, 'Ліцей', 'Lyceum') },
          ]}
        />
        <field.Text name="address" label={tr(p, 'Адреса', 'Address')} maxlength={300} />
        <field.Number name="students" label={tr(p, 'Кількість учнів', 'Number of students')} />
        <fieldset>
          <legend>{t(p, 'Класи, що беруть участь', 'Grades taking part')}</legend>
          <div class="field-row">
            <field.Number name="gradeFrom" label={tr(p, 'З класу', 'From grade')} />
            <field.Number name="gradeTo" label={tr(p, 'По клас', 'To grade')} />
          </div>
        </fieldset>
        <SubmitButton>{school ? t(p, 'Зберегти', 'Save') : t(p, 'Додати заклад', 'Add the school')}</SubmitButton>
      </PostForm>
      {school && props.moderators ? (
        <section>
          <h2>{t(p, 'Шкільні модератори', 'School moderators')}</h2>
          {props.moderators.active.length || props.moderators.invited.length ? (
            <ul>
              {props.moderators.active.map((n) => (
                <li class="school-wrap" safe>
                  {n}
                </li>
              ))}
              {props.moderators.invited.map((e) => (
                <li class="school-wrap" safe>
                  {tr(p, `${e} — запрошено, ще не входив(-ла)`, `${e} — invited, not signed in yet`)}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t(p, 'Модераторів ще немає.', 'No moderators yet.')}</p>
          )}
          <PostForm ctx={p} action={`${manageSchoolUrl(c, school)}/moderators`} errors={props.inviteForm.errors}>
            <inviteField.Text
              name="email"
              type="email"
              label={tr(p, 'Запросити модератора за e-mail', 'Invite a moderator by e-mail')}
              hint={tr(
                p,
                'Людина отримає лист і стане модератором закладу, щойно увійде у Віче (через id.gov.ua) з цією адресою.',
                'They get a letter and become the school’s moderator once they sign in to Viche (through id.gov.ua) with this address.',
              )}
              autocomplete="off"
              maxlength={254}
            />
            <SubmitButton variant="secondary">{t(p, 'Надіслати запрошення', 'Send the invitation')}</SubmitButton>
          </PostForm>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function SchoolManagePage(props: {
  p: PageCtx;
  c: Community;
  school: School;
  contest: Contest | null;
  phase: Phase | null;
  projects: Project[];
  classes: Map<number, string>;
  batches: CodeBatch[];
  codes: CodeTotals | undefined;
  ballots: number;
  toolModerator: boolean;
  batchForm: FormState;
  voidForm: FormState;
  notice: string | null;
  now: Date;
  extensions: VotingExtension[];
  extendForm: FormState;
  correctionForm: FormState;
}): JSX.Element {
  const { p, c, school, contest } = props;
  const beforeVoting = contest ? props.now.getTime() < contest.dates.votingFrom.getTime() : false;
  const over = contest ? props.now.getTime() >= contest.dates.votingTo.getTime() : false;
  const canStartNew = !contest || over;
  const m = contest ? manageContestUrl(c, school, contest) : '';
  const admitted = props.projects.filter((x) => x.status === 'admitted');
  const drafts = props.projects.filter((x) => x.status === 'draft');
  const unused = props.codes ? props.codes.issued - props.codes.used - props.codes.voided : 0;
  const voidField = fieldsFor(p, props.voidForm);
  const batchField = fieldsFor(p, props.batchForm);
  return (
    <Layout
      ctx={p}
      title={tr(p, `Керування: ${school.name}`, `Management: ${school.name}`)}
      hasErrors={has(props.batchForm) || has(props.voidForm) || has(props.extendForm) || has(props.correctionForm)}
    >
      <p class="meta">
        {props.toolModerator ? (
          <a href={manageUrl(c)}>{t(p, 'Шкільний бюджет: керування', 'School budget: management')}</a>
        ) : (
          <a href={pub(c)}>{t(p, 'Шкільний громадський бюджет', 'School participatory budget')}</a>
        )}
      </p>
      <h1 safe>{school.name}</h1>
      {props.notice ? (
        <div class="notice" role="status">
          <p safe>{props.notice}</p>
        </div>
      ) : (
        ''
      )}
      <div class="actions-list">
        <a class="button secondary" href={schoolUrl(c, school)}>
          {t(p, 'Публічна сторінка', 'Public page')}
        </a>
        {contest ? (
          <a class="button secondary" href={`${m}/edit`}>
            {t(p, 'Налаштування конкурсу', 'Contest settings')}
          </a>
        ) : (
          ''
        )}
        {canStartNew ? (
          <a class="button" href={`${manageSchoolUrl(c, school)}/contests/new`}>
            {t(p, 'Оголосити конкурс', 'Announce a contest')}
          </a>
        ) : (
          ''
        )}
      </div>
      {!contest ? (
        <p>
          {t(
            p,
            'Конкурсу ще немає. Оголосіть його: бюджет, дати, скільки проєктів може обрати учень, які класи голосують.',
            'No contest yet. Announce one: the budget, dates, how many projects a student may choose, which grades vote.',
          )}
        </p>
      ) : (
        <>
          <h2 safe>{contest.title}</h2>
          <dl class="summary-list">
            <dt>{t(p, 'Етап', 'Phase')}</dt>
            <dd safe>{phaseLabel(props.phase, p.lang)}</dd>
            <dt>{t(p, 'Бюджет', 'Budget')}</dt>
            <dd>
              <Money p={p} kop={contest.totalBudget} />
            </dd>
            <dt>{t(p, 'Голосування', 'Voting')}</dt>
            <dd safe>{`${formatKyivDate(contest.dates.votingFrom, p.lang)} – ${formatKyivDate(new Date(contest.dates.votingTo.getTime() - 1), p.lang)}`}</dd>
            <dt>{t(p, 'Учень обирає', 'A student chooses')}</dt>
            <dd safe>
              {contest.ballot.maxTotal === null
                ? '—'
                : `${tr(p, 'до', 'up to')} ${plural(contest.ballot.maxTotal, { uk: ['проєкту', 'проєктів', 'проєктів'], en: ['project', 'projects'] }, p.lang)}`}
            </dd>
            <dt>{t(p, 'Переможці', 'Winners')}</dt>
            <dd safe>{RULE_LABELS[contest.winnerRule][p.lang]}</dd>
          </dl>
          <VotingExtensions p={p} extensions={props.extensions} />
          {!beforeVoting && !over && !contest.resultsPublishedAt ? (
            <ExtendVotingForm p={p} action={`${m}/extend`} form={props.extendForm} contest={contest} />
          ) : (
            ''
          )}
          {contest.resultsPublishedAt ? <CorrectionForm p={p} action={`${m}/results-corrections`} form={props.correctionForm} /> : ''}

          <h2>{t(p, 'Проєкти', 'Projects')}</h2>
          {beforeVoting ? (
            <p>
              <a class="button" href={`${m}/projects/new`}>
                {t(p, 'Додати проєкт', 'Add a project')}
              </a>
            </p>
          ) : (
            <p class="meta">{t(p, 'Голосування почалося: бюлетень уже не змінюється.', 'Voting has started: the ballot no longer changes.')}</p>
          )}
          {props.projects.length === 0 ? <p>{t(p, 'Проєктів ще немає.', 'No projects yet.')}</p> : ''}
          <ul class="cards">
            {[...admitted, ...drafts].map((x) => (
              <li class="card">
                <h3>
                  <a href={`${schoolUrl(c, school)}/projects/${x.id}`} safe>
                    {x.title}
                  </a>
                </h3>
                <p class="meta">
                  <StatusBadge
                    ctx={p}
                    cls={`tag ${x.status === 'admitted' ? 'tag-collecting' : 'tag-moderation'}`}
                    label={x.status === 'admitted' ? { uk: 'У бюлетені', en: 'On the ballot' } : { uk: 'Чернетка', en: 'Draft' }}
                  />{' '}
                  <span safe>{tr(p, `${props.classes.get(x.id) ?? '—'} клас · `, `class ${props.classes.get(x.id) ?? '—'} · `)}</span>
                  <Money p={p} kop={x.cost} />
                </p>
                {x.status === 'draft' && beforeVoting ? (
                  <a href={`${m}/projects/${x.id}/edit`} safe>
                    {tr(p, `Редагувати «${x.title}»`, `Edit «${x.title}»`)}
                  </a>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ul>

          <h2>{t(p, 'Коди для голосування', 'Voting codes')}</h2>
          <p>
            {t(
              p,
              'Кожен код діє один раз. Ви бачите, скільки кодів використано, але ніхто — ні ви, ні адміністратор платформи — не бачить, за що проголосував власник коду.',
              'Each code works once. You see how many codes are used, but nobody — neither you nor the platform’s administrators — sees what a code’s holder chose.',
            )}
          </p>
          <ul class="figures">
            <li>
              <strong safe>{formatNumber(props.codes?.issued ?? 0, p.lang)}</strong>
              {t(p, 'створено', 'made')}
            </li>
            <li>
              <strong safe>{formatNumber(props.codes?.used ?? 0, p.lang)}</strong>
              {t(p, 'використано', 'used')}
            </li>
            <li>
              <strong safe>{formatNumber(unused, p.lang)}</strong>
              {t(p, 'не використано', 'unused')}
            </li>
            <li>
              <strong safe>{formatNumber(props.codes?.voided ?? 0, p.lang)}</strong>
              {t(p, 'анульовано', 'voided')}
            </li>
          </ul>
          {!over ? (
            <PostForm ctx={p} action={`${m}/codes`} errors={props.batchForm.errors}>
              <div class="field-row">
                <batchField.Number
                  name="count"
                  label={tr(p, 'Скільки кодів', 'How many codes')}
                  hint={tr(p, `До ${formatNumber(MAX_BATCH, 'uk')} за раз`, `Up to ${formatNumber(MAX_BATCH, 'en')} at a time`)}
                />
                <batchField.Text
                  name="classLabel"
                  label={tr(p, 'Для класу (необовʼязково)', 'For a class (optional)')}
                  hint={tr(p, 'Наприклад, 7-Б', 'E.g. 7-B')}
                  width="short"
                  maxlength={10}
                />
              </div>
              <SubmitButton>{t(p, 'Створити аркуш кодів', 'Make a code sheet')}</SubmitButton>
            </PostForm>
          ) : (
            ''
          )}
          {props.batches.length ? (
            <div class="table-wrap" tabindex="0" role="region" aria-label={tr(p, 'Аркуші кодів', 'Code sheets')}>
              <table>
                <caption>{t(p, 'Аркуші кодів', 'Code sheets')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t(p, 'Аркуш', 'Sheet')}</th>
                    <th scope="col">{t(p, 'Кодів', 'Codes')}</th>
                    <th scope="col">{t(p, 'Використано', 'Used')}</th>
                    <th scope="col">{t(p, 'Анульовано', 'Voided')}</th>
                    <th scope="col">{t(p, 'Дії', 'Actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {props.batches.map((b) => (
                    <tr>
                      <th scope="row" safe>
                        {tr(
                          p,
                          `№ ${b.number}${b.classLabel ? `, ${b.classLabel} клас` : ', усі класи'} · ${formatKyivDateTime(b.createdAt, 'uk')}`,
                          `No. ${b.number}${b.classLabel ? `, class ${b.classLabel}` : ', all classes'} · ${formatKyivDateTime(b.createdAt, 'en')}`,
                        )}
                      </th>
                      <td safe>{String(b.size)}</td>
                      <td safe>{String(b.used)}</td>
                      <td safe>{String(b.voided)}</td>
                      <td>
                        {b.voidedAt ? (
                          <span>{t(p, 'Невикористані анульовано', 'Unused ones voided')}</span>
                        ) : (
                          <>
                            <a href={`${m}/codes/${b.id}/print`} safe>
                              {tr(p, `Друкувати аркуш № ${b.number}`, `Print sheet No. ${b.number}`)}
                            </a>
                            <br />
                            <a href={`${m}/codes/${b.id}/sheet.pdf`} safe>
                              {tr(p, `PDF аркуша № ${b.number}`, `PDF of sheet No. ${b.number}`)}
                            </a>
                            {b.size - b.used - b.voided > 0 ? (
                              <ActionButton
                                ctx={p}
                                action={`${m}/codes/${b.id}/void`}
                                label={tr(p, `Анулювати невикористані (№ ${b.number})`, `Void unused (No. ${b.number})`)}
                                variant="warning"
                              />
                            ) : (
                              ''
                            )}
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            ''
          )}
          {props.codes && unused > 0 ? (
            <PostForm ctx={p} action={`${m}/codes/void-one`} errors={props.voidForm.errors}>
              <voidField.Text
                name="code"
                label={tr(p, 'Анулювати один код (учень загубив аркуш)', 'Void one code (a student lost their slip)')}
                hint={tr(
                  p,
                  'Введіть код з копії аркуша; використаний код анулювати не можна.',
                  'Type the code from your copy of the sheet; a used code cannot be voided.',
                )}
                autocomplete="off"
                maxlength={40}
              />
              <SubmitButton variant="secondary">{t(p, 'Анулювати код', 'Void the code')}</SubmitButton>
            </PostForm>
          ) : (
            ''
          )}

          <h2>{t(p, 'Результати', 'Results')}</h2>
          {contest.resultsPublishedAt ? (
            <ResultsPublished p={p} at={contest.resultsPublishedAt} />
          ) : over ? (
            <>
              <p>
                {t(
                  p,
                  'Голосування завершено. Перевірте попередні результати й оприлюдніть їх (інакше їх буде оприлюднено автоматично в день результатів).',
                  'Voting is over. Check the preliminary results and publish them (otherwise they are published automatically on the results day).',
                )}
              </p>
              <ActionButton ctx={p} action={`${m}/publish-results`} label={tr(p, 'Оприлюднити результати', 'Publish the results')} />
            </>
          ) : (
            <p>{t(p, 'Результати буде видно після завершення голосування.', 'Results are shown once voting is over.')}</p>
          )}
          {over ? (
            <p>
              <a href={`${schoolUrl(c, school)}/results/${contest.id}`}>{t(p, 'Результати голосування', 'Voting results')}</a>
            </p>
          ) : (
            <p safe>{tr(p, `Зараховано бюлетенів: ${props.ballots}.`, `Ballots counted: ${props.ballots}.`)}</p>
          )}
        </>
      )}
    </Layout>
  );
}
