/** The moderator's pages: the item form, the draft editor (materials, questions, act sections), outcome, revision. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { ActionButton, Checkbox, CsrfField, ErrorSummary, FileField, SubmitButton, fieldsFor } from '../../../core/views/forms.js';
import type { FormState } from '../../../core/views/forms.js';
import { ParticipationRulesFieldset } from '../../../core/views/kit.js';
import type { Community } from '../../../core/communities/community.js';
import type { AttachmentMeta, Comment, Item, Section } from '../repository.js';
import { CATEGORIES, KINDS, KIND_LABEL } from '../rules/model.js';
import type { PollQuestion } from '../rules/poll.js';
import { base, excerpt, hasErrors, itemUrl, VersionLinks } from './parts.js';
import { questionHint } from './poll.js';
import type { SplitMethod } from '../rules/act-splitter.js';

/** The number settings of a question (each read by the question types its label names): field, label. */
const QUESTION_NUMBERS: [name: string, uk: string, en: string][] = [
  ['minChoices', 'Кілька варіантів: щонайменше', 'Multiple choice: at least'],
  ['maxChoices', 'Кілька варіантів: не більше', 'Multiple choice: at most'],
  ['rankTop', 'Рейтинг: скільки найкращих розставити (порожнє — усі)', 'Ranking: how many to rank (blank: all)'],
  ['scaleMin', 'Оцінювання: низ шкали (типово 1)', 'Scoring: bottom of the scale (default 1)'],
  ['scaleMax', 'Оцінювання: верх шкали (типово 5)', 'Scoring: top of the scale (default 5)'],
  ['pointsTotal', 'Оцінювання балами: скільки балів розподілити (замість шкали)', 'Scoring by points: how many points to share (instead of a scale)'],
];

export function ItemFields({ p, form, withKind }: { p: PageCtx; form: FormState; withKind: boolean }): JSX.Element {
  const field = fieldsFor(p, form);
  return (
    <>
      {withKind ? (
        <field.Select
          name="kind"
          label={tr(p, 'Вид', 'Kind')}
          options={[{ value: '', label: tr(p, 'Оберіть вид', 'Choose the kind') }, ...KINDS.map((k) => ({ value: k, label: KIND_LABEL[k][p.lang] }))]}
        />
      ) : (
        ''
      )}
      <field.Text name="title" label={tr(p, 'Назва', 'Title')} maxlength={300} />
      <field.Area
        name="description"
        label={tr(p, 'Опис і питання до мешканців', 'Description and the question to residents')}
        rows={8}
        hint={tr(p, 'Звичайний текст; порожні рядки розділяють абзаци.', 'Plain text; blank lines separate paragraphs.')}
      />
      <field.Select
        name="category"
        label={tr(p, 'Категорія', 'Category')}
        options={[{ value: '', label: tr(p, 'Оберіть категорію', 'Choose a category') }, ...CATEGORIES.map((c) => ({ value: c.value, label: c[p.lang] }))]}
      />
      <field.Text name="starts" type="date" width="short" label={tr(p, 'Початок (з 00:00 за Києвом)', 'Start (from 00:00 Kyiv time)')} />
      <field.Text name="ends" type="date" width="short" label={tr(p, 'Завершення (до 23:59 за Києвом)', 'End (until 23:59 Kyiv time)')} />
      <field.Select
        name="results"
        label={tr(p, 'Коли показувати результати', 'When to show results')}
        options={[
          { value: 'during', label: tr(p, 'Під час обговорення', 'During the discussion') },
          { value: 'after', label: tr(p, 'Лише після завершення', 'Only after the end') },
        ]}
      />
      <ParticipationRulesFieldset
        ctx={p}
        form={form}
        legend={tr(p, 'Хто може брати участь', 'Who may take part')}
        fieldsetClass="field"
        fields={{
          allowEmail: {
            name: 'allow_email',
            label: tr(p, 'Також ті, хто ввійшов поштою (якщо громада це дозволяє)', 'Also people signed in by e-mail (if the community allows it)'),
          },
          residentsOnly: {
            name: 'residents_only',
            label: tr(p, 'Лише мешканці громади (за адресою реєстрації)', 'Residents of the community only (by registered address)'),
          },
          minAge: { name: 'min_age', label: tr(p, 'Мінімальний вік', 'Minimum age'), noLimit: tr(p, 'Без обмеження', 'No limit'), plus: true },
        }}
      />
      <Checkbox
        name="email_not_counted"
        checked={form.values.email_not_counted === 'on'}
        label={tr(
          p,
          'Не зараховувати до результатів відповіді й позиції, дані зі входом поштою й телефоном (їх усе одно показують окремо)',
          'Do not count toward the results the answers and stances given with e-mail and phone sign-in (they are still shown apart)',
        )}
        hint={tr(
          p,
          'Увага: відповіді слабшого рівня легше накрутити; якщо вони зараховуються, результат можна змінити без перевірки особи. Правило фіксується з публікацією, як і решта правил участі.',
          'Warning: weaker-level answers are easier to fake; if they count, the result can be swayed without checked identities. The rule is fixed on publication, like the other participation rules.',
        )}
      />
    </>
  );
}

export function NewItemPage({ p, c, form }: { p: PageCtx; c: Community; form: FormState }): JSX.Element {
  return (
    <Layout ctx={p} title={tr(p, 'Нова консультація', 'New consultation')} hasErrors={hasErrors(form)}>
      <ErrorSummary ctx={p} errors={form.errors} />
      <h1>{t(p, 'Нова консультація, опитування чи обговорення', 'New consultation, poll or discussion')}</h1>
      <p>
        {t(
          p,
          'Спершу створюється чернетка: її можна доповнити матеріалами, питаннями чи текстом акта й переглянути перед публікацією.',
          'A draft is created first: add materials, questions or the act’s text and preview it before publishing.',
        )}
      </p>
      <form method="post" action={base(c)} novalidate>
        <CsrfField ctx={p} />
        <ItemFields p={p} form={form} withKind />
        <SubmitButton>{t(p, 'Створити чернетку', 'Create the draft')}</SubmitButton>
      </form>
    </Layout>
  );
}

export interface EditPageData {
  p: PageCtx;
  c: Community;
  item: Item;
  form: FormState;
  attachments: AttachmentMeta[];
  fileError: string | null;
  questions: PollQuestion[];
  questionForm: FormState;
  sections: Section[];
  actForm: FormState;
  splitMethod: SplitMethod | null;
  publishError: string | null;
}

export function EditPage(d: EditPageData): JSX.Element {
  const { p, c, item } = d;
  const url = itemUrl(c, item.id);
  const errors = {
    ...d.form.errors,
    ...d.questionForm.errors,
    ...d.actForm.errors,
    ...(d.fileError ? { file: d.fileError } : {}),
    ...(d.publishError ? { publish: d.publishError } : {}),
  };
  return (
    <Layout ctx={p} title={tr(p, `Чернетка: ${item.title}`, `Draft: ${item.title}`)} hasErrors={Object.keys(errors).length > 0}>
      <ErrorSummary ctx={p} errors={errors} />
      <p class="meta">
        <a href={url}>{t(p, '← Попередній перегляд', '← Preview')}</a>
      </p>
      <h1 safe>{`${KIND_LABEL[item.kind][p.lang]}: ${item.title}`}</h1>
      <VersionLinks p={p} c={c} item={item} moderator={true} />
      <section aria-labelledby="general-title">
        <h2 id="general-title">{t(p, 'Загальне', 'General')}</h2>
        <form method="post" action={`${url}/edit`} novalidate>
          <CsrfField ctx={p} />
          <ItemFields p={p} form={d.form} withKind={false} />
          <SubmitButton>{t(p, 'Зберегти', 'Save')}</SubmitButton>
        </form>
      </section>
      <section aria-labelledby="files-title">
        <h2 id="files-title">{t(p, 'Матеріали (PDF, зображення)', 'Materials (PDF, images)')}</h2>
        <ul>
          {d.attachments.map((a) => (
            <li>
              <a href={`${url}/files/${a.id}`} safe>
                {a.filename}
              </a>{' '}
              <ActionButton ctx={p} action={`${url}/files/${a.id}/delete`} label={tr(p, 'Вилучити', 'Remove')} variant="secondary" />
            </li>
          ))}
        </ul>
        <form method="post" action={`${url}/files`} enctype="multipart/form-data" novalidate>
          <CsrfField ctx={p} />
          <FileField
            ctx={p}
            name="file"
            label={tr(p, 'Файл', 'File')}
            error={d.fileError ?? undefined}
            accept="application/pdf,image/png,image/jpeg,image/webp"
          >
            {t(p, 'PDF, PNG, JPEG або WebP, до 10 МБ.', 'PDF, PNG, JPEG or WebP, up to 10 MB.')}
          </FileField>
          <SubmitButton variant="secondary">{t(p, 'Додати файл', 'Add the file')}</SubmitButton>
        </form>
      </section>
      {item.kind === 'poll' ? <QuestionsEditor d={d} /> : ''}
      {item.kind === 'act' ? <ActEditor d={d} /> : ''}
      <section aria-labelledby="publish-title">
        <h2 id="publish-title">{t(p, 'Публікація', 'Publishing')}</h2>
        {d.publishError ? (
          <p class="error-message" id="publish">
            <span safe>{d.publishError}</span>
          </p>
        ) : (
          ''
        )}
        <p>
          <a class="button secondary" href={url}>
            {t(p, 'Попередній перегляд', 'Preview')}
          </a>
        </p>
        <ActionButton ctx={p} action={`${url}/publish`} label={tr(p, 'Опублікувати', 'Publish')} />
      </section>
    </Layout>
  );
}

function QuestionsEditor({ d }: { d: EditPageData }): JSX.Element {
  const { p, c, item } = d;
  const url = itemUrl(c, item.id);
  const typeLabel = {
    single: tr(p, 'Один варіант', 'Single choice'),
    multiple: tr(p, 'Кілька варіантів', 'Multiple choice'),
    ranking: tr(p, 'Рейтинг', 'Ranking'),
    scoring: tr(p, 'Оцінювання', 'Scoring'),
  };
  const questionField = fieldsFor(p, d.questionForm);
  return (
    <section aria-labelledby="questions-title">
      <h2 id="questions-title">{t(p, 'Питання опитування', 'Poll questions')}</h2>
      {d.questions.length === 0 ? <p>{t(p, 'Питань ще немає.', 'No questions yet.')}</p> : ''}
      <ol class="question-list">
        {d.questions.map((q) => (
          <li>
            <p>
              <strong safe>{q.text}</strong>{' '}
              <span class="meta" safe>{`(${typeLabel[q.type]}; ${questionHint(p, q)}${q.allowOther ? tr(p, ' Є «Інше».', ' Has «Other».') : ''})`}</span>
            </p>
            <ul>
              {q.options.map((o) => (
                <li safe>{o.label}</li>
              ))}
            </ul>
            <ActionButton ctx={p} action={`${url}/questions/${q.id}/delete`} label={tr(p, 'Вилучити питання', 'Remove the question')} variant="secondary" />
          </li>
        ))}
      </ol>
      <h3>{t(p, 'Додати питання', 'Add a question')}</h3>
      <form method="post" action={`${url}/questions`} novalidate>
        <CsrfField ctx={p} />
        <questionField.Select
          name="type"
          label={tr(p, 'Тип питання', 'Question type')}
          options={[
            { value: '', label: tr(p, 'Оберіть тип', 'Choose the type') },
            { value: 'single', label: typeLabel.single },
            { value: 'multiple', label: typeLabel.multiple },
            { value: 'ranking', label: typeLabel.ranking },
            { value: 'scoring', label: typeLabel.scoring },
          ]}
        />
        <questionField.Text name="text" label={tr(p, 'Питання', 'Question')} maxlength={500} />
        <questionField.Area name="options" label={tr(p, 'Варіанти відповіді, кожен з нового рядка', 'Options, one per line')} rows={5} />
        <Checkbox
          name="allowOther"
          label={tr(p, 'Дозволити «Інше» зі своїм текстом (для одного чи кількох варіантів)', 'Allow «Other» with own text (single or multiple choice)')}
          checked={d.questionForm.values.allowOther === 'on'}
        />
        <details open={hasErrors(d.questionForm)}>
          <summary>{t(p, 'Налаштування типу', 'Type settings')}</summary>
          {QUESTION_NUMBERS.map(([name, uk, en]) => (
            <questionField.Number name={name} type="number" label={tr(p, uk, en)} />
          ))}
        </details>
        <SubmitButton>{t(p, 'Додати питання', 'Add the question')}</SubmitButton>
      </form>
    </section>
  );
}

function ActEditor({ d }: { d: EditPageData }): JSX.Element {
  const { p, c, item } = d;
  const url = itemUrl(c, item.id);
  const method = d.splitMethod ?? (item.actSplitMethod as SplitMethod | null);
  const methodText: Record<SplitMethod, string> = {
    markers: tr(p, 'Розділено за вашими рядками «---».', 'Split at your «---» lines.'),
    markdown: tr(p, 'Розділено за заголовками Markdown (#).', 'Split at Markdown headings (#).'),
    structure: tr(p, 'Розділено за розділами, главами й статтями.', 'Split at parts, chapters and articles.'),
    points: tr(p, 'Розділено за нумерованими пунктами.', 'Split at numbered points.'),
    none: tr(
      p,
      'Заголовків не знайдено: текст лишився одним розділом. Розділіть його вручну — поставте рядок «---» між розділами (перший рядок кожного розділу стане заголовком) — і надішліть знову.',
      'No headings found: the text stayed one section. Split it by hand: put a line «---» between sections (the first line of each becomes its heading) and send again.',
    ),
  };
  const actField = fieldsFor(p, d.actForm);
  return (
    <section aria-labelledby="act-title">
      <h2 id="act-title">{t(p, 'Текст проєкту акта', 'Text of the draft act')}</h2>
      {method ? (
        <div class={`notice${method === 'none' ? ' warning' : ''}`} role="status" id="split-result">
          <p safe>{methodText[method]}</p>
          <p safe>{tr(p, `Розділів: ${d.sections.length}. Перевірте їх нижче.`, `Sections: ${d.sections.length}. Check them below.`)}</p>
        </div>
      ) : (
        ''
      )}
      <form method="post" action={`${url}/act`} enctype="multipart/form-data" novalidate>
        <CsrfField ctx={p} />
        <actField.Area
          name="act_text"
          rows={14}
          label={tr(p, 'Вставте текст (звичайний або Markdown)', 'Paste the text (plain or Markdown)')}
          hint={tr(
            p,
            'Система знайде заголовки: розділ, глава, стаття, нумеровані пункти, # Markdown. Рядок «---» — ваш власний поділ.',
            'Headings are found: розділ, глава, стаття, numbered points, # Markdown. A «---» line is your own cut.',
          )}
        />
        <FileField
          ctx={p}
          name="act_file"
          label={tr(p, 'Або завантажте .docx', 'Or upload a .docx')}
          accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        />
        <SubmitButton>{t(p, 'Розділити на розділи', 'Split into sections')}</SubmitButton>
      </form>
      {d.sections.length ? (
        <>
          <h3>{t(p, 'Розділи', 'Sections')}</h3>
          <ol class="section-editor">
            {d.sections.map((s) => (
              <li id={`edit-section-${s.id}`}>
                <form method="post" action={`${url}/sections/${s.id}`} class="stack" novalidate>
                  <CsrfField ctx={p} />
                  {s.parent ? (
                    <p class="meta" safe>
                      {s.parent}
                    </p>
                  ) : (
                    ''
                  )}
                  <label for={`heading-${s.id}`}>{t(p, 'Заголовок', 'Heading')}</label>
                  <input id={`heading-${s.id}`} name="heading" type="text" value={s.heading} maxlength="300" />
                  <label for={`body-${s.id}`}>{t(p, 'Текст', 'Text')}</label>
                  <textarea id={`body-${s.id}`} name="body" rows="4" safe>
                    {s.body}
                  </textarea>
                  <SubmitButton variant="secondary">{t(p, 'Зберегти розділ', 'Save the section')}</SubmitButton>
                </form>
              </li>
            ))}
          </ol>
        </>
      ) : (
        ''
      )}
    </section>
  );
}

export function OutcomePage({ p, c, item, proposals, form }: { p: PageCtx; c: Community; item: Item; proposals: Comment[]; form: FormState }): JSX.Element {
  const url = itemUrl(c, item.id);
  const field = fieldsFor(p, form);
  return (
    <Layout ctx={p} title={tr(p, 'Підсумки', 'Outcome')} hasErrors={hasErrors(form)}>
      <ErrorSummary ctx={p} errors={form.errors} />
      <p class="meta" safe>
        {item.title}
      </p>
      <h1>{t(p, 'Опублікувати підсумки', 'Publish the outcome')}</h1>
      <form method="post" action={`${url}/outcome`} novalidate>
        <CsrfField ctx={p} />
        <field.Area name="summary" rows={8} label={tr(p, 'Підсумок: що вирішено за результатами', 'Summary: what was decided as a result')} />
        {proposals.length ? (
          <fieldset class="field">
            <legend>{t(p, 'Які пропозиції враховано', 'Which proposals were taken up')}</legend>
            {proposals.map((x) => (
              <div class="proposal-decision">
                <blockquote safe>{excerpt(x.body, 300)}</blockquote>
                <field.Select
                  name={`decision-${x.id}`}
                  label={tr(p, 'Рішення', 'Decision')}
                  options={[
                    { value: '', label: tr(p, 'Без рішення', 'No decision') },
                    { value: 'accepted', label: tr(p, 'Враховано', 'Taken up') },
                    { value: 'partly', label: tr(p, 'Враховано частково', 'Partly taken up') },
                    { value: 'rejected', label: tr(p, 'Не враховано', 'Not taken up') },
                  ]}
                />
                <field.Text name={`reason-${x.id}`} label={tr(p, 'Чому', 'Why')} maxlength={1000} />
              </div>
            ))}
          </fieldset>
        ) : (
          ''
        )}
        <SubmitButton>{t(p, 'Опублікувати підсумки', 'Publish the outcome')}</SubmitButton>
      </form>
    </Layout>
  );
}

export function RevisionPage({ p, c, item, form }: { p: PageCtx; c: Community; item: Item; form: FormState }): JSX.Element {
  const field = fieldsFor(p, form);
  return (
    <Layout ctx={p} title={tr(p, 'Доопрацьована редакція', 'Revised version')} hasErrors={hasErrors(form)}>
      <ErrorSummary ctx={p} errors={form.errors} />
      <p class="meta" safe>
        {item.title}
      </p>
      <h1>{t(p, 'Опублікувати доопрацьовану редакцію', 'Publish the revised version')}</h1>
      <form method="post" action={`${itemUrl(c, item.id)}/revision`} novalidate>
        <CsrfField ctx={p} />
        <field.Area name="revised_text" rows={14} label={tr(p, 'Текст нової редакції', 'Text of the revised version')} />
        <field.Area name="notes" rows={6} label={tr(p, 'Що змінено і чому', 'What changed and why')} />
        <SubmitButton>{t(p, 'Опублікувати', 'Publish')}</SubmitButton>
      </form>
    </Layout>
  );
}
