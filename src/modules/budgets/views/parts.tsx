/** Small pieces shared by the budget pages: status tags, money, phase timeline, the project form. */
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField, type FormState } from '../../../core/views/forms.js';
import { formatKyivDate } from '../../../core/calendar/index.js';
import type { Community } from '../../../core/communities/community.js';
import { PHASE_LABELS, STATUS_LABELS, computeCost, formatMoney, formatQuantity, phaseAt, type Category, type Contest, type Phase, type Project } from '../engine/index.js';

export const COST_ROWS = 8;

export const base = (c: Community, contest?: Contest) => (contest ? `/${c.slug}/budgets/${contest.id}` : `/${c.slug}/budgets`);
export const manageBase = (c: Community, contest?: Contest) => (contest ? `/${c.slug}/manage/budgets/${contest.id}` : `/${c.slug}/manage/budgets`);

export function Money({ kop, p }: { kop: number | bigint; p: PageCtx }): JSX.Element {
  return <span class="money" safe>{formatMoney(kop, p.lang)}</span>;
}

export function StatusTag({ p, project }: { p: PageCtx; project: Project }): JSX.Element {
  const cls = project.status === 'admitted' ? 'tag-collecting' : project.status === 'rejected' ? 'tag-rejected' : project.status === 'needs_changes' ? 'tag-consideration' : 'tag-moderation';
  return (
    <span class={`tag ${cls}`} safe>
      {STATUS_LABELS[project.status][p.lang]}
    </span>
  );
}

/** The end of a phase is the start of the next day in Kyiv; show the last day. */
const lastDay = (d: Date, p: PageCtx) => formatKyivDate(new Date(d.getTime() - 1), p.lang);

export function PhaseTimeline({ p, contest, now }: { p: PageCtx; contest: Contest; now: Date }): JSX.Element {
  const d = contest.dates;
  const current = phaseAt(d, now);
  const steps: { phase: Phase; when: string }[] = [
    { phase: 'submission', when: `${formatKyivDate(d.submissionFrom, p.lang)} – ${lastDay(d.submissionTo, p)}` },
    ...(d.supportTo ? [{ phase: 'support' as const, when: `${tr(p, 'до', 'until')} ${lastDay(d.supportTo, p)}` }] : []),
    { phase: 'review', when: `${tr(p, 'до', 'until')} ${lastDay(d.reviewTo, p)}` },
    { phase: 'voting', when: `${formatKyivDate(d.votingFrom, p.lang)} – ${lastDay(d.votingTo, p)}` },
    { phase: 'results', when: `${tr(p, 'з', 'from')} ${formatKyivDate(d.resultsFrom, p.lang)}` },
    { phase: 'implementation', when: `${tr(p, 'з', 'from')} ${formatKyivDate(d.implementationFrom, p.lang)}` },
  ];
  return (
    <ol class="timeline budget-phases">
      {steps.map((s) => (
        <li class={s.phase === current ? 'state-active' : undefined} aria-current={s.phase === current ? 'step' : undefined}>
          <strong safe>{PHASE_LABELS[s.phase][p.lang]}</strong> <span class="meta" safe>{s.when}</span>
        </li>
      ))}
    </ol>
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
          <tr>
            <th scope="row" colspan="3">
              {t(p, `Непередбачені витрати (${project.contingencyBp / 100}%)`, `Contingency (${project.contingencyBp / 100}%)`)}
            </th>
            <td>
              <Money p={p} kop={computed.contingency} />
            </td>
          </tr>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colspan="3">
              {t(p, 'Разом', 'Total')}
            </th>
            <td>
              <strong>
                <Money p={p} kop={computed.total} />
              </strong>
            </td>
          </tr>
          {corrected ? (
            <tr>
              <th scope="row" colspan="3">
                {t(p, 'Вартість після перевірки', 'Cost after review')}
              </th>
              <td>
                <strong>
                  <Money p={p} kop={project.cost} />
                </strong>
              </td>
            </tr>
          ) : (
            ''
          )}
        </tfoot>
      </table>
    </div>
  );
}

/** The project form: for a resident (their draft) and for the moderator (a project submitted on paper). */
export function ProjectForm(props: { p: PageCtx; action: string; categories: Category[]; form: FormState; paper: boolean; editing: boolean; photosCount: number }): JSX.Element {
  const { p, form } = props;
  const v = form.values;
  return (
    <form method="post" action={props.action} enctype="multipart/form-data" novalidate class="stack">
      <CsrfField ctx={p} />
      <ErrorSummary ctx={p} errors={form.errors} />
      {props.paper ? (
        <TextField ctx={p} form={form} name="authorName" label={tr(p, 'ПІБ автора (з паперової заявки)', 'Author (from the paper form)')} maxlength={200} />
      ) : (
        ''
      )}
      <TextField ctx={p} form={form} name="title" label={tr(p, 'Назва проєкту', 'Project title')} maxlength={150} />
      <SelectField
        ctx={p}
        form={form}
        name="categoryId"
        label={tr(p, 'Категорія', 'Category')}
        options={[{ value: '', label: tr(p, '— оберіть —', '— choose —') }, ...props.categories.map((c) => ({ value: String(c.id), label: `${c.name} (${formatMoney(c.minCost, p.lang)} – ${formatMoney(c.maxCost, p.lang)})` }))]}
      />
      <TextArea ctx={p} form={form} name="problem" label={tr(p, 'Яку проблему розвʼязує проєкт', 'What problem does it solve')} rows={4} maxlength={3000} />
      <TextArea ctx={p} form={form} name="solution" label={tr(p, 'Що саме пропонується зробити', 'What exactly is proposed')} rows={5} maxlength={5000} />
      <TextField ctx={p} form={form} name="location" label={tr(p, 'Місце реалізації (адреса)', 'Location (address)')} maxlength={300} />
      <div class="field-row">
        <TextField ctx={p} form={form} name="lat" label={tr(p, 'Широта (необовʼязково)', 'Latitude (optional)')} width="short" inputmode="text" />
        <TextField ctx={p} form={form} name="lng" label={tr(p, 'Довгота (необовʼязково)', 'Longitude (optional)')} width="short" inputmode="text" />
      </div>
      <TextArea ctx={p} form={form} name="beneficiaries" label={tr(p, 'Хто отримає користь', 'Who benefits')} rows={3} maxlength={2000} />
      <fieldset class={`cost-table${form.errors.items ? ' field-error' : ''}`} id="items">
        <legend>{t(p, 'Кошторис', 'Cost estimate')}</legend>
        <p class="hint">{t(p, 'Стаття, кількість і ціна за одиницю в гривнях; суми порахуємо самі, точно до копійки.', 'Item, quantity and unit price in hryvnias; we compute the sums to the kopiyka.')}</p>
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
                    <input name={`qty_${i}`} class="input-short" inputmode="decimal" aria-label={tr(p, `Кількість ${i + 1}`, `Quantity ${i + 1}`)} value={v[`qty_${i}`] ?? ''} />
                  </td>
                  <td>
                    <input name={`price_${i}`} class="input-short" inputmode="decimal" aria-label={tr(p, `Ціна ${i + 1}`, `Price ${i + 1}`)} value={v[`price_${i}`] ?? ''} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </fieldset>
      <TextField ctx={p} form={form} name="contingency" label={tr(p, 'Непередбачені витрати, % (до 20)', 'Contingency, % (up to 20)')} width="short" inputmode="text" />
      {!props.paper ? (
        <>
          <TextField ctx={p} form={form} name="email" type="email" label={tr(p, 'Ваш e-mail для звʼязку (не оприлюднюється)', 'Your e-mail (kept private)')} maxlength={200} />
          <TextField ctx={p} form={form} name="phone" type="tel" label={tr(p, 'Телефон (не оприлюднюється, необовʼязково)', 'Phone (kept private, optional)')} maxlength={30} />
        </>
      ) : (
        ''
      )}
      <div class={`field${form.errors.photos ? ' field-error' : ''}`}>
        <label for="photos">{t(p, 'Фото (до 5, JPEG/PNG/WebP, до 10 МБ кожне)', 'Photos (up to 5, JPEG/PNG/WebP, 10 MB each)')}</label>
        <p class="hint" id="photos-hint">
          {t(p, 'Метадані, зокрема GPS-координати, буде видалено.', 'Metadata, including GPS position, is removed.')}
          {props.photosCount ? <span safe>{tr(p, ` Уже додано: ${props.photosCount}.`, ` Already added: ${props.photosCount}.`)}</span> : ''}
        </p>
        {form.errors.photos ? (
          <p class="error-message" id="photos-error">
            <span class="visually-hidden">{t(p, 'Помилка:', 'Error:')}</span> <span safe>{form.errors.photos}</span>
          </p>
        ) : (
          ''
        )}
        <input id="photos" name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple aria-describedby="photos-hint" />
      </div>
      <div class="actions-list">
        <button class="button" type="submit" name="action" value="submit">
          {props.paper ? t(p, 'Внести проєкт на розгляд', 'Enter for review') : t(p, 'Подати проєкт', 'Submit the project')}
        </button>
        {!props.paper ? (
          <button class="button secondary" type="submit" name="action" value="draft">
            {props.editing ? t(p, 'Зберегти зміни', 'Save changes') : t(p, 'Зберегти чернетку', 'Save a draft')}
          </button>
        ) : (
          ''
        )}
      </div>
    </form>
  );
}

/** Reads the project form; errors by field name, the typed values kept. */
export function projectFormValues(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== '_csrf') out[k] = v.replace(/\u0000/g, '').trim();
  return out;
}
