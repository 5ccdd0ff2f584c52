/** Small pieces shared by the budget pages: status tags, money, phase timeline, the project form. */
import type { Children } from '@kitajs/html';
import { MapPicker, type MapView } from '../../../core/maps/map-picker.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { FigureItem, PostForm, StatusBadge } from '../../../core/views/kit.js';
import { CsrfField, ErrorSummary, FileField, SubmitButton, type FormState, fieldsFor } from '../../../core/views/forms.js';
import { formatKyivDate, formatKyivDateTime } from '../../../core/calendar/index.js';
import type { Community } from '../../../core/communities/community.js';
import { PHASE_LABELS, RULE_LABELS, STATUS_LABELS, computeCost, formatMoney, formatQuantity, phaseAt, verdictText, type Phase } from '../rules.js';
import type { Category, Contest, VotingExtension } from '../repository/contests.js';
import type { CategoryResult } from '../service/results.js';
import type { ResultRecord } from '../repository/results.js';
import type { Project } from '../repository/projects.js';
import type { ResultSummary } from '../tables.js';
import { plural, type Lang, type PluralText } from '../../../core/i18n/index.js';

export const COST_ROWS = 8;

export const base = (c: Community, contest?: Contest) => (contest ? `/${c.slug}/budgets/${contest.id}` : `/${c.slug}/budgets`);
export const manageBase = (c: Community, contest?: Contest) => (contest ? `/${c.slug}/manage/budgets/${contest.id}` : `/${c.slug}/manage/budgets`);

export function Money({ kop, p }: { kop: number | bigint; p: PageCtx }): JSX.Element {
  return (
    <span class="money" safe>
      {formatMoney(kop, p.lang)}
    </span>
  );
}

export function StatusTag({ p, project }: { p: PageCtx; project: Project }): JSX.Element {
  const cls =
    project.status === 'admitted'
      ? 'tag-collecting'
      : project.status === 'rejected'
        ? 'tag-rejected'
        : project.status === 'needs_changes'
          ? 'tag-consideration'
          : 'tag-moderation';
  return <StatusBadge ctx={p} cls={`tag ${cls}`} label={STATUS_LABELS[project.status]} />;
}

/** The end of a phase is the start of the next day in Kyiv; show the last day. */
export const lastDay = (d: Date, lang: Lang) => formatKyivDate(new Date(d.getTime() - 1), lang);

/** A contest's steps as a timeline, the active one marked; the school budget groups the phases into fewer steps. */
export function StepTimeline({ steps }: { steps: { label: string; when: string; active: boolean }[] }): JSX.Element {
  return (
    <ol class="timeline budget-phases">
      {steps.map((s) => (
        <li class={s.active ? 'state-active' : undefined} aria-current={s.active ? 'step' : undefined}>
          <strong safe>{s.label}</strong>{' '}
          <span class="meta" safe>
            {s.when}
          </span>
        </li>
      ))}
    </ol>
  );
}

export function PhaseTimeline({ p, contest, now }: { p: PageCtx; contest: Contest; now: Date }): JSX.Element {
  const d = contest.dates;
  const current = phaseAt(d, now);
  const steps: { phase: Phase; when: string }[] = [
    { phase: 'submission', when: `${formatKyivDate(d.submissionFrom, p.lang)} – ${lastDay(d.submissionTo, p.lang)}` },
    ...(d.supportTo ? [{ phase: 'support' as const, when: `${tr(p, 'до', 'until')} ${lastDay(d.supportTo, p.lang)}` }] : []),
    { phase: 'review', when: `${tr(p, 'до', 'until')} ${lastDay(d.reviewTo, p.lang)}` },
    { phase: 'voting', when: `${formatKyivDate(d.votingFrom, p.lang)} – ${lastDay(d.votingTo, p.lang)}` },
    { phase: 'results', when: `${tr(p, 'з', 'from')} ${formatKyivDate(d.resultsFrom, p.lang)}` },
    { phase: 'implementation', when: `${tr(p, 'з', 'from')} ${formatKyivDate(d.implementationFrom, p.lang)}` },
  ];
  return <StepTimeline steps={steps.map((s) => ({ label: PHASE_LABELS[s.phase][p.lang], when: s.when, active: s.phase === current }))} />;
}

/** Thumbnails of a project's photos, each a link to the full photo under `photosUrl`; `alt` names photo i (from 0). */
export function PhotoGallery({ photosUrl, ids, alt }: { photosUrl: string; ids: number[]; alt: (i: number) => string }): JSX.Element {
  return (
    <ul class="budget-photos">
      {ids.map((id, i) => (
        <li>
          <a href={`${photosUrl}/${id}`}>
            <img src={`${photosUrl}/${id}/thumb`} alt={alt(i)} loading="lazy" />
          </a>
        </li>
      ))}
    </ul>
  );
}

export function CostTable({ p, project }: { p: PageCtx; project: Project }): JSX.Element {
  const computed = computeCost(project.costItems, project.contingencyBp);
  const corrected = computed.total !== project.cost;
  return (
    <div class="table-wrap" tabindex="0" role="region" aria-label={tr(p, 'Кошторис', 'Cost estimate')}>
      <table>
        <caption>{t(p, 'Кошторис', 'Cost estimate')}</caption>
        <thead>
          <tr>
            <th scope="col">{t(p, 'Стаття', 'Item')}</th>
            <th scope="col">{t(p, 'Кількість', 'Quantity')}</th>
            <th scope="col">{t(p, 'Ціна за одиницю', 'Unit price')}</th>
            <th scope="col">{t(p, 'Сума', 'Total')}</th>
          </tr>
        </thead>
        <tbody>
          {project.costItems.map((i) => (
            <tr>
              <td safe>{i.item}</td>
              <td safe>{formatQuantity(i.qtyMilli)}</td>
              <td>
                <Money p={p} kop={i.unitPrice} />
              </td>
              <td>
                <Money p={p} kop={i.total} />
              </td>
            </tr>
          ))}
          <SumRow
            p={p}
            label={t(p, `Непередбачені витрати (${project.contingencyBp / 100}%)`, `Contingency (${project.contingencyBp / 100}%)`)}
            kop={computed.contingency}
          />
        </tbody>
        <tfoot>
          <SumRow p={p} label={t(p, 'Разом', 'Total')} kop={computed.total} strong />
          {corrected ? <SumRow p={p} label={t(p, 'Вартість після перевірки', 'Cost after review')} kop={project.cost} strong /> : ''}
        </tfoot>
      </table>
    </div>
  );
}

/** A line under the items of the cost table: what it sums, across the first three columns, and the sum. */
function SumRow({ p, label, kop, strong }: { p: PageCtx; label: JSX.Element; kop: number; strong?: boolean }): JSX.Element {
  const money = <Money p={p} kop={kop} />;
  return (
    <tr>
      <th scope="row" colspan="3">
        {label}
      </th>
      <td>{strong ? <strong>{money}</strong> : money}</td>
    </tr>
  );
}

/** The cost fields of a project form: rows of item, quantity and unit price, then the contingency; shared with the school budget. */
export function CostFields({ p, form }: { p: PageCtx; form: FormState }): JSX.Element {
  const v = form.values;
  const field = fieldsFor(p, form);
  return (
    <>
      <fieldset class={`cost-table${form.errors.items ? ' field-error' : ''}`} id="items">
        <legend>{t(p, 'Кошторис', 'Cost estimate')}</legend>
        <p class="hint">
          {t(
            p,
            'Стаття, кількість і ціна за одиницю в гривнях; суми порахуємо самі, точно до копійки.',
            'Item, quantity and unit price in hryvnias; we compute the sums to the kopiyka.',
          )}
        </p>
        {form.errors.items ? (
          <p class="error-message">
            <span class="visually-hidden">{t(p, 'Помилка:', 'Error:')}</span> <span safe>{form.errors.items}</span>
          </p>
        ) : (
          ''
        )}
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(p, 'Стаття витрат', 'Item')}</th>
                <th scope="col">{t(p, 'Кількість', 'Quantity')}</th>
                <th scope="col">{t(p, 'Ціна, грн', 'Price, UAH')}</th>
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: COST_ROWS }, (_, i) => (
                <tr>
                  <td>
                    <input name={`item_${i}`} aria-label={tr(p, `Стаття ${i + 1}`, `Item ${i + 1}`)} value={v[`item_${i}`] ?? ''} maxlength="200" />
                  </td>
                  <td>
                    <input
                      name={`qty_${i}`}
                      class="input-short"
                      inputmode="decimal"
                      aria-label={tr(p, `Кількість ${i + 1}`, `Quantity ${i + 1}`)}
                      value={v[`qty_${i}`] ?? ''}
                    />
                  </td>
                  <td>
                    <input
                      name={`price_${i}`}
                      class="input-short"
                      inputmode="decimal"
                      aria-label={tr(p, `Ціна ${i + 1}`, `Price ${i + 1}`)}
                      value={v[`price_${i}`] ?? ''}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </fieldset>
      <field.Text name="contingency" label={tr(p, 'Непередбачені витрати, % (до 20)', 'Contingency, % (up to 20)')} width="short" inputmode="text" />
    </>
  );
}

/** The project form: for a resident (their draft) and for the moderator (a project submitted on paper). */
/** The photo upload of a project form; `caution` adds a sentence to the hint (the school budget warns about faces). */
export function PhotosField({
  p,
  form,
  photosCount,
  caution,
}: {
  p: PageCtx;
  form: FormState;
  photosCount: number;
  caution?: { uk: string; en: string };
}): JSX.Element {
  return (
    <FileField
      ctx={p}
      name="photos"
      label={tr(p, 'Фото (до 5, JPEG/PNG/WebP, до 10 МБ кожне)', 'Photos (up to 5, JPEG/PNG/WebP, 10 MB each)')}
      error={form.errors.photos}
      accept="image/jpeg,image/png,image/webp"
      multiple
    >
      {t(
        p,
        'Метадані, зокрема GPS-координати, буде видалено.' + (caution ? ` ${caution.uk}` : ''),
        'Metadata, including GPS position, is removed.' + (caution ? ` ${caution.en}` : ''),
      )}
      {photosCount ? <span safe>{tr(p, ` Уже додано: ${photosCount}.`, ` Already added: ${photosCount}.`)}</span> : ''}
    </FileField>
  );
}

export function ProjectForm(props: {
  p: PageCtx;
  action: string;
  categories: Category[];
  form: FormState;
  paper: boolean;
  editing: boolean;
  photosCount: number;
  map: MapView;
}): JSX.Element {
  const { p, form } = props;
  const field = fieldsFor(p, form);
  return (
    <PostForm ctx={p} action={props.action} enctype="multipart/form-data" errors={form.errors}>
      {props.paper ? <field.Text name="authorName" label={tr(p, 'ПІБ автора (з паперової заявки)', 'Author (from the paper form)')} maxlength={200} /> : ''}
      <field.Text name="title" label={tr(p, 'Назва проєкту', 'Project title')} maxlength={150} />
      <field.Select
        name="categoryId"
        label={tr(p, 'Категорія', 'Category')}
        options={[
          { value: '', label: tr(p, '— оберіть —', '— choose —') },
          ...props.categories.map((c) => ({ value: String(c.id), label: `${c.name} (${formatMoney(c.minCost, p.lang)} – ${formatMoney(c.maxCost, p.lang)})` })),
        ]}
      />
      <field.Area name="problem" label={tr(p, 'Яку проблему розвʼязує проєкт', 'What problem does it solve')} rows={4} maxlength={3000} />
      <field.Area name="solution" label={tr(p, 'Що саме пропонується зробити', 'What exactly is proposed')} rows={5} maxlength={5000} />
      <fieldset class="oc-location">
        <legend>{t(p, 'Місце реалізації', 'Location')}</legend>
        <p class="hint">
          {t(p, 'Адреса обовʼязкова; мітку на мапі чи координати можна додати.', 'The address is required; you may add a pin on the map or coordinates.')}
        </p>
        <field.Text name="location" label={tr(p, 'Адреса', 'Address')} maxlength={300} />
        <MapPicker p={p} form={form} map={props.map} />
      </fieldset>
      <field.Area name="beneficiaries" label={tr(p, 'Хто отримає користь', 'Who benefits')} rows={3} maxlength={2000} />
      <CostFields p={p} form={form} />
      {!props.paper ? (
        <>
          <field.Text name="email" type="email" label={tr(p, 'Ваш e-mail для звʼязку (не оприлюднюється)', 'Your e-mail (kept private)')} maxlength={200} />
          <field.Text name="phone" type="tel" label={tr(p, 'Телефон (не оприлюднюється, необовʼязково)', 'Phone (kept private, optional)')} maxlength={30} />
        </>
      ) : (
        ''
      )}
      <PhotosField p={p} form={form} photosCount={props.photosCount} />
      <div class="actions-list">
        <SubmitButton name="action" value="submit">
          {props.paper ? t(p, 'Внести проєкт на розгляд', 'Enter for review') : t(p, 'Подати проєкт', 'Submit the project')}
        </SubmitButton>
        {!props.paper ? (
          <SubmitButton variant="secondary" name="action" value="draft">
            {props.editing ? t(p, 'Зберегти зміни', 'Save changes') : t(p, 'Зберегти чернетку', 'Save a draft')}
          </SubmitButton>
        ) : (
          ''
        )}
      </div>
    </PostForm>
  );
}

/**
 * One category's results: the tally's order, votes, cost, and why each project was or was not funded.
 * Shared with the school budget, whose contest has a single category (the school's budget).
 */
export function CategoryResults(props: {
  p: PageCtx;
  r: CategoryResult;
  title: string;
  projectHref: (x: Project) => string;
  downloads: { label: string; href: string }[];
  /** Whose budget the money came from: «бюджету категорії» by default. */
  budgetOf?: { uk: string; en: string };
}): JSX.Element {
  const { p, r } = props;
  const of = props.budgetOf ?? { uk: 'бюджету категорії', en: 'the category budget' };
  const byId = new Map(r.projects.map((x) => [String(x.id), x]));
  const name = (id: string) => byId.get(id)?.title ?? id;
  const minWinnerVotes = r.tally.projects
    .filter((x) => x.verdict.status === 'funded')
    .reduce<bigint | null>((m, x) => (m === null || x.votes < m ? x.votes : m), null);
  return (
    <section class="budget-results" id={`category-${r.category.id}`}>
      <h2 safe>{props.title}</h2>
      <p safe>
        {tr(
          p,
          `Профінансовано ${formatMoney(r.tally.totalCost, 'uk')} з ${formatMoney(r.category.budget, 'uk')} ${of.uk}; ${plural(r.tally.winners.length, { uk: ['проєкт', 'проєкти', 'проєктів'], en: ['project', 'projects'] }, 'uk')}.`,
          `Funded ${formatMoney(r.tally.totalCost, 'en')} of ${of.en} ${formatMoney(r.category.budget, 'en')}; ${plural(r.tally.winners.length, { uk: ['проєкт', 'проєкти', 'проєктів'], en: ['project', 'projects'] }, 'en')}.`,
        )}
      </p>
      <div class="table-wrap" tabindex="0" role="region" aria-label={tr(p, `Результати: ${props.title}`, `Results: ${props.title}`)}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t(p, 'Місце', 'Place')}</th>
              <th scope="col">{t(p, 'Проєкт', 'Project')}</th>
              <th scope="col">{t(p, 'Голосів', 'Votes')}</th>
              <th scope="col">{t(p, 'Вартість', 'Cost')}</th>
              <th scope="col">{t(p, 'Результат', 'Outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {r.tally.projects.map((row) => {
              const x = byId.get(row.id)!;
              const funded = row.verdict.status === 'funded';
              const explain = !funded && minWinnerVotes !== null && row.votes > minWinnerVotes;
              return (
                <tr class={funded ? 'budget-funded' : undefined}>
                  <td safe>{String(row.rank)}</td>
                  <td>
                    <a href={props.projectHref(x)} safe>
                      {`${x.code ?? ''} ${x.title}`}
                    </a>
                  </td>
                  <td safe>{row.votes.toString()}</td>
                  <td>
                    <Money p={p} kop={row.cost} />
                  </td>
                  <td>
                    <strong safe>{funded ? tr(p, 'Профінансовано', 'Funded') : tr(p, 'Не профінансовано', 'Not funded')}</strong>
                    <p class={explain ? 'budget-why' : 'meta'} safe>
                      {verdictText(row, r.tally, p.lang, name)}
                    </p>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {props.downloads.length ? (
        <ul class="actions-list">
          {props.downloads.map((d) => (
            <li>
              <a href={d.href} download="" safe>
                {d.label}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
    </section>
  );
}

const VOTES: PluralText = { uk: ['голос', 'голоси', 'голосів'], en: ['vote', 'votes'] };
const BALLOT_WORDS: PluralText = { uk: ['бюлетень', 'бюлетені', 'бюлетенів'], en: ['ballot', 'ballots'] };

/** Every extension of voting, with its public reason: shown on the contest's page (adult and school). */
/** When a contest's results were published, for its moderators' pages. */
export function ResultsPublished({ p, at }: { p: PageCtx; at: Date }): JSX.Element {
  return <p safe>{tr(p, `Результати оприлюднено ${formatKyivDateTime(at, 'uk')}.`, `Results published ${formatKyivDateTime(at, 'en')}.`)}</p>;
}

export function VotingExtensions({ p, extensions }: { p: PageCtx; extensions: VotingExtension[] }): JSX.Element {
  if (!extensions.length) return <></>;
  return (
    <section class="notice" aria-labelledby="extensions-title">
      <h2 id="extensions-title">{t(p, 'Голосування продовжено', 'Voting extended')}</h2>
      <ul>
        {extensions.map((x) => (
          <li>
            <p safe>
              {tr(
                p,
                `${formatKyivDateTime(x.at, 'uk')}: останній день голосування перенесено з ${lastDay(x.oldEnd, 'uk')} на ${lastDay(x.newEnd, 'uk')}.`,
                `${formatKyivDateTime(x.at, 'en')}: the last day of voting moved from ${lastDay(x.oldEnd, 'en')} to ${lastDay(x.newEnd, 'en')}.`,
              )}
            </p>
            <p>
              {t(p, 'Причина: ', 'Reason: ')}
              <span safe>{x.reason}</span>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function SummaryList({ p, summary }: { p: PageCtx; summary: ResultSummary }): JSX.Element {
  return (
    <>
      <p safe>{tr(p, `Зараховано: ${plural(summary.ballots, BALLOT_WORDS, 'uk')}.`, `Counted: ${plural(summary.ballots, BALLOT_WORDS, 'en')}.`)}</p>
      {summary.emailNotCounted !== undefined ? (
        <p safe>
          {tr(
            p,
            `Не зараховано за правилами конкурсу (вхід через ел. пошту й телефон): ${plural(summary.emailNotCounted, BALLOT_WORDS, 'uk')}.`,
            `Not counted under the contest rules (e-mail and phone sign-in): ${plural(summary.emailNotCounted, BALLOT_WORDS, 'en')}.`,
          )}
        </p>
      ) : (
        ''
      )}
      <ul>
        {summary.categories.map((k) => (
          <li>
            <span safe>{`${k.code}. ${k.name}: `}</span>
            {k.winners.length ? (
              <span safe>
                {k.winners
                  .map((w) => `«${w.title}»${w.code ? ` (${w.code})` : ''} — ${plural(w.votes, VOTES, p.lang)}, ${formatMoney(w.cost, p.lang)}`)
                  .join('; ')}
              </span>
            ) : (
              t(p, 'переможців немає', 'no winners')
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * The published result as it was recorded, and every later correction with its public reason and the count
 * taken again: nothing is overwritten, so the first published result stays visible.
 */
export function ResultRecords({ p, records }: { p: PageCtx; records: ResultRecord[] }): JSX.Element {
  if (!records.length) return <></>;
  const corrections = records.filter((r) => r.kind === 'correction');
  return (
    <section aria-labelledby="records-title">
      <h2 id="records-title">
        {corrections.length
          ? t(p, 'Оприлюднений результат і його виправлення', 'The published result and its corrections')
          : t(p, 'Оприлюднений результат', 'The published result')}
      </h2>
      {records.map((r) => (
        <article class="card">
          <h3 safe>
            {r.kind === 'published'
              ? tr(p, `Оприлюднено ${formatKyivDateTime(r.at, 'uk')}`, `Published ${formatKyivDateTime(r.at, 'en')}`)
              : tr(p, `Виправлення від ${formatKyivDateTime(r.at, 'uk')}`, `Correction of ${formatKyivDateTime(r.at, 'en')}`)}
          </h3>
          {r.reason ? (
            <p>
              {t(p, 'Пояснення: ', 'Explanation: ')}
              <span safe>{r.reason}</span>
            </p>
          ) : (
            ''
          )}
          <SummaryList p={p} summary={r.summary} />
        </article>
      ))}
    </section>
  );
}

/** The moderator's form to extend voting (later end only, with a reason everyone sees). */
export function ExtendVotingForm({ p, action, form, contest }: { p: PageCtx; action: string; form: FormState; contest: Contest }): JSX.Element {
  const field = fieldsFor(p, form);
  return (
    <form method="post" action={action} novalidate class="stack">
      <h2>{t(p, 'Продовжити голосування', 'Extend voting')}</h2>
      <p safe>
        {tr(
          p,
          `Зараз останній день голосування — ${lastDay(contest.dates.votingTo, 'uk')}. Скоротити голосування не можна; продовжити — лише до його завершення і з поясненням, яке побачать усі на сторінці конкурсу.`,
          `The last day of voting is now ${lastDay(contest.dates.votingTo, 'en')}. Voting cannot be shortened; it can be extended only before it ends, with an explanation everyone sees on the contest page.`,
        )}
      </p>
      <CsrfField ctx={p} />
      <ErrorSummary ctx={p} errors={form.errors} />
      <field.Text name="newVotingTo" type="date" label={tr(p, 'Новий останній день голосування', 'The new last day of voting')} width="short" />
      <field.Area name="extendReason" label={tr(p, 'Причина (її побачать усі)', 'Reason (everyone will see it)')} rows={3} maxlength={1000} />
      <SubmitButton>{t(p, 'Продовжити голосування', 'Extend voting')}</SubmitButton>
    </form>
  );
}

/** The moderator's form to correct published results: a new record with a public reason, the old one kept. */
export function CorrectionForm({ p, action, form }: { p: PageCtx; action: string; form: FormState }): JSX.Element {
  const field = fieldsFor(p, form);
  return (
    <form method="post" action={action} novalidate class="stack">
      <h2>{t(p, 'Виправити оприлюднені результати', 'Correct the published results')}</h2>
      <p>
        {t(
          p,
          'Оприлюднені результати не можна ні приховати, ні змінити. Виправлення — це новий запис: голоси буде підраховано ще раз, а ваше пояснення й новий підрахунок зʼявляться поруч із первинним результатом.',
          'Published results can be neither hidden nor changed. A correction is a new record: the votes are counted again, and your explanation and the new count appear beside the first result.',
        )}
      </p>
      <CsrfField ctx={p} />
      <ErrorSummary ctx={p} errors={form.errors} />
      <field.Area
        name="correctionReason"
        label={tr(p, 'Що і чому виправлено (побачать усі)', 'What was corrected and why (everyone will see it)')}
        rows={4}
        maxlength={2000}
      />
      <SubmitButton>{t(p, 'Оприлюднити виправлення', 'Publish the correction')}</SubmitButton>
    </form>
  );
}

/**
 * The field makers of a contest form (shared with the school budget): `frame` gives the input, or the frozen
 * rule as text (`display`, else the value, else `notSet`) once voting has started; `date` and `count` make a
 * short date or whole-number input framed so. A `count`'s `input` is the input's label when it says more
 * than the frozen rule's.
 */
export function contestFormFields(p: PageCtx, form: FormState, frozen: ReadonlySet<string>, notSet = '') {
  const v = (name: string) => form.values[name] ?? '';
  const frame = (name: string, label: string, input: JSX.Element, display = v(name) || notSet) =>
    frozen.has(name) ? <FrozenField p={p} name={name} label={label} display={display} value={v(name)} /> : input;
  const field = fieldsFor(p, form);
  const date = (name: string, label: string, hint?: string) =>
    frame(name, label, <field.Text name={name} type="date" label={label} hint={hint} width="short" />);
  const count = (name: string, label: string, input = label, display?: string) => frame(name, label, <field.Number name={name} label={input} />, display);
  const money = (name: string, label: string) => frame(name, label, <field.Text name={name} label={label} width="short" />);
  return { v, frame, date, count, money };
}

/** The dates of a contest's phases (the `date` and `count` fields of `contestFormFields`), in one fieldset; shared with the school budget. */
export function PhaseDatesFieldset(props: { p: PageCtx; children: Children }): JSX.Element {
  return (
    <fieldset>
      <legend>{t(props.p, 'Етапи (дати за київським часом, включно)', 'Phases (Kyiv dates, inclusive)')}</legend>
      {props.children}
    </fieldset>
  );
}

type ContestFormFields = ReturnType<typeof contestFormFields>;

/** A rule that can no longer change: its value as text, carried back unchanged by a hidden field. */
function FrozenField(props: { p: PageCtx; name: string; label: string; display: string; value: string }): JSX.Element {
  return (
    <div class="field frozen-field">
      <p>
        <strong safe>{props.label}</strong>
        {': '}
        <span safe>{props.display}</span> <span class="hint">{t(props.p, '(змінювати не можна)', '(can no longer change)')}</span>
      </p>
      {props.value ? <input type="hidden" name={props.name} value={props.value} /> : ''}
    </div>
  );
}

/**
 * The winner rule of a contest form and the minimum votes its threshold variant needs; shared with the school budget.
 * `frame` gives the input, or the frozen rule as text once voting has started.
 */
export function WinnerRuleFields(props: { p: PageCtx; form: FormState; frame: ContestFormFields['frame']; count: ContestFormFields['count'] }): JSX.Element {
  const { p, form, frame, count } = props;
  const rule = form.values.winnerRule ?? '';
  const field = fieldsFor(p, form);
  return (
    <>
      {frame(
        'winnerRule',
        tr(p, 'Правило визначення переможців', 'Winner rule'),
        <field.Select
          name="winnerRule"
          label={tr(p, 'Правило визначення переможців', 'Winner rule')}
          options={(['greedy', 'greedy-no-skip', 'greedy-threshold', 'mes'] as const).map((r) => ({ value: r, label: RULE_LABELS[r][p.lang] }))}
        />,
        rule in RULE_LABELS ? RULE_LABELS[rule as keyof typeof RULE_LABELS][p.lang] : rule,
      )}
      {count('minVotes', tr(p, 'Мінімум голосів (для правила з порогом)', 'Minimum votes (for the threshold rule)'))}
    </>
  );
}

/** The cost and (when shown) the votes of a project, as items of its `figures` list; shared with the school budget. */
export function CostVotesFigures({ p, cost, votes }: { p: PageCtx; cost: number | bigint; votes: number | null }): JSX.Element {
  return (
    <>
      <li>
        <strong>
          <Money p={p} kop={cost} />
        </strong>
        {t(p, 'вартість', 'cost')}
      </li>
      {votes !== null ? <FigureItem ctx={p} value={votes} noun={VOTES} /> : ''}
    </>
  );
}
