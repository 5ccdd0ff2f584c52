/** A poll: its questions as inputs, the review page, the answers and the results. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { CsrfField, SubmitButton } from '../../../core/views/forms.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import { plural, type PluralText } from '../../../core/i18n/index.js';

const POINTS: PluralText = { uk: ['бал', 'бали', 'балів'], en: ['point', 'points'] };
import type { Community } from '../../../core/communities/community.js';
import type { Item } from '../repository.js';
import {
  OTHER_VALUE,
  choiceBounds,
  describeAnswer,
  fieldName,
  mainValue,
  placesOf,
  type Answer,
  type FormBody,
  type PollQuestion,
  type QuestionResult,
} from '../rules/poll.js';
import { ChartWithTable, num } from './charts.js';
import { itemUrl, type ItemPageData, Refusal, canAct, LevelCountsLine } from './parts.js';
import { LogCountLine, LogReceiptLine } from '../../../core/views/kit.js';

const ANSWERS: PluralText = { uk: ['відповідь', 'відповіді', 'відповідей'], en: ['answer', 'answers'] };

export function PollPart({ d }: { d: ItemPageData }): JSX.Element {
  const { p, c, item } = d;
  return (
    <>
      {d.myResponse ? (
        <section class="notice" aria-labelledby="my-answer-title">
          <h2 id="my-answer-title">{t(p, 'Ваша відповідь зарахована', 'Your answer is counted')}</h2>
          <p class="meta" safe>
            {formatKyivDateTime(d.myResponse.createdAt, p.lang)}
          </p>
          <AnswerList p={p} questions={d.questions} answers={d.myResponse.answers} />
          <LogReceiptLine ctx={p} receipt={d.myResponse.receipt} check={{ uk: 'Перевірити мою відповідь', en: 'Check my answer' }} />
        </section>
      ) : canAct(d) ? (
        <form method="post" action={`${itemUrl(c, item.id)}/poll/review`} class="poll-form" novalidate>
          <CsrfField ctx={p} />
          {d.questions.map((q, i) => (
            <QuestionInput p={p} q={q} n={i + 1} values={d.pollValues} error={d.pollErrors[String(q.id)]?.[p.lang] ?? errorFor(d, q)} />
          ))}
          <p class="hint">
            {t(
              p,
              'Далі ви побачите свої відповіді й зможете їх змінити, перш ніж надіслати остаточно.',
              'Next you will see your answers and can change them before sending them for good.',
            )}
          </p>
          <SubmitButton>{t(p, 'Переглянути відповіді', 'Review my answers')}</SubmitButton>
        </form>
      ) : d.part.state === 'draft' && d.moderator ? (
        <div class="poll-form poll-preview">
          <p class="notice">{t(p, 'Так мешканці побачать форму опитування.', 'This is how residents will see the poll form.')}</p>
          {d.questions.map((q, i) => (
            <QuestionInput p={p} q={q} n={i + 1} values={{}} error={undefined} />
          ))}
        </div>
      ) : (
        <>
          <Refusal d={d} what={tr(p, 'Відповісти:', 'Answering:')} />
          <h2>{t(p, 'Питання', 'Questions')}</h2>
          <ol>
            {d.questions.map((q) => (
              <li safe>{q.text}</li>
            ))}
          </ol>
        </>
      )}
      <section aria-labelledby="results-title">
        <h2 id="results-title">{t(p, 'Результати', 'Results')}</h2>
        {d.results ? (
          <>
            <p safe>
              {plural(
                d.responses,
                { uk: ['учасник відповів', 'учасники відповіли', 'учасників відповіли'], en: ['participant answered', 'participants answered'] },
                p.lang,
              )}
            </p>
            {d.levels ? <LevelCountsLine p={p} item={item} counts={d.levels} /> : ''}
            {d.results.map((r, i) => (
              <PollResult p={p} q={d.questions.find((q) => q.id === r.questionId)!} r={r} n={i + 1} />
            ))}
          </>
        ) : (
          <p>{t(p, 'Результати буде оприлюднено після завершення опитування.', 'Results will be published when the poll ends.')}</p>
        )}
        {d.logged ? <LogCountLine ctx={p} count={d.logged.count} checkpoint={d.logged.checkpoint} noun={ANSWERS} /> : ''}
      </section>
    </>
  );
}

function errorFor(d: ItemPageData, q: PollQuestion): string | undefined {
  const e = Object.entries(d.pollErrors).find(([k]) => k.startsWith(`q${q.id}-`));
  return e?.[1][d.p.lang];
}

function values(body: FormBody, name: string): string[] {
  const v = body[name];
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

function QuestionInput({ p, q, n, values: body, error }: { p: PageCtx; q: PollQuestion; n: number; values: FormBody; error: string | undefined }): JSX.Element {
  const legendId = `q${q.id}-legend`;
  const errId = `q${q.id}-error`;
  const hint = questionHint(p, q);
  const chosen = values(body, fieldName.choice(q.id));
  const otherText = values(body, fieldName.other(q.id))[0] ?? '';
  return (
    <fieldset class={`question${error ? ' field-error' : ''}`} aria-describedby={`q${q.id}-hint${error ? ` ${errId}` : ''}`}>
      <legend id={legendId} safe>
        {`${n}. ${q.text}`}
      </legend>
      <p class="hint" id={`q${q.id}-hint`} safe>
        {hint}
      </p>
      {error ? (
        <p class="error-message" id={errId}>
          <span class="visually-hidden">{t(p, 'Помилка:', 'Error:')}</span> <span safe>{error}</span>
        </p>
      ) : (
        ''
      )}
      {q.type === 'single' || q.type === 'multiple' ? (
        <div class="choices">
          {q.options.map((o) => (
            <div class="choice">
              <input
                type={q.type === 'single' ? 'radio' : 'checkbox'}
                id={`${fieldName.choice(q.id)}-${o.id}`}
                name={fieldName.choice(q.id)}
                value={String(o.id)}
                checked={chosen.includes(String(o.id))}
              />
              <label for={`${fieldName.choice(q.id)}-${o.id}`} safe>
                {o.label}
              </label>
            </div>
          ))}
          {q.allowOther ? (
            <div class="choice choice-other">
              <input
                type={q.type === 'single' ? 'radio' : 'checkbox'}
                id={`${fieldName.choice(q.id)}-choice-other`}
                name={fieldName.choice(q.id)}
                value={OTHER_VALUE}
                checked={chosen.includes(OTHER_VALUE)}
              />
              <label for={`${fieldName.choice(q.id)}-choice-other`}>{t(p, 'Інше', 'Other')}</label>
              <label for={fieldName.other(q.id)} class="visually-hidden">
                {t(p, 'Ваш варіант', 'Your own answer')}
              </label>
              <input
                type="text"
                id={fieldName.other(q.id)}
                name={fieldName.other(q.id)}
                value={otherText}
                maxlength="300"
                placeholder={tr(p, 'Ваш варіант', 'Your own answer')}
              />
            </div>
          ) : (
            ''
          )}
        </div>
      ) : q.type === 'ranking' ? (
        <div class="ranking">
          {q.options.map((o) => {
            const id = fieldName.rank(q.id, o.id);
            const cur = values(body, id)[0] ?? '';
            return (
              <div class="rank-row">
                <select id={id} name={id}>
                  <option value="">—</option>
                  {Array.from({ length: placesOf(q) }, (_, i) => String(i + 1)).map((v) => (
                    <option value={v} selected={v === cur} safe>
                      {v}
                    </option>
                  ))}
                </select>
                <label for={id} safe>
                  {o.label}
                </label>
              </div>
            );
          })}
        </div>
      ) : q.pointsTotal === null ? (
        // A rating is a labelled radio scale, one per option, each number beside its control (issue #21):
        // a bare number box gave no sense of the scale on a phone.
        <div class="scoring">
          {q.options.map((o) => {
            const id = fieldName.score(q.id, o.id);
            const cur = values(body, id)[0] ?? '';
            const lo = q.scaleMin ?? 1;
            const hi = q.scaleMax ?? 5;
            return (
              <fieldset class="score-scale">
                <legend safe>{o.label}</legend>
                <div class="scale-choices">
                  {Array.from({ length: hi - lo + 1 }, (_, k) => String(lo + k)).map((v) => (
                    <div class="scale-choice">
                      <input type="radio" id={`${id}-${v}`} name={id} value={v} checked={v === cur} />
                      <label for={`${id}-${v}`} safe>
                        {v}
                      </label>
                    </div>
                  ))}
                </div>
              </fieldset>
            );
          })}
        </div>
      ) : (
        <div class="scoring">
          {q.options.map((o) => {
            const id = fieldName.score(q.id, o.id);
            return (
              <div class="score-row">
                <input
                  type="number"
                  class="input-short"
                  id={id}
                  name={id}
                  inputmode="numeric"
                  min="0"
                  max={String(q.pointsTotal)}
                  value={values(body, id)[0] ?? ''}
                />
                <label for={id} safe>
                  {o.label}
                </label>
              </div>
            );
          })}
        </div>
      )}
    </fieldset>
  );
}

export function questionHint(p: PageCtx, q: PollQuestion): string {
  switch (q.type) {
    case 'single':
      return tr(p, 'Оберіть одну відповідь.', 'Choose one answer.');
    case 'multiple': {
      const { min, max } = choiceBounds(q);
      return min === max ? tr(p, `Оберіть ${min}.`, `Choose ${min}.`) : tr(p, `Оберіть від ${min} до ${max}.`, `Choose from ${min} to ${max}.`);
    }
    case 'ranking': {
      const k = placesOf(q);
      return k === q.options.length
        ? tr(
            p,
            `Поставте кожному варіанту місце від 1 (найкраще) до ${k}; кожне місце — один раз.`,
            `Give each option a place from 1 (best) to ${k}; each place once.`,
          )
        : tr(
            p,
            `Оберіть ${k} найкращих: поставте місця від 1 (найкраще) до ${k}, решту лишіть «—».`,
            `Choose your top ${k}: places from 1 (best) to ${k}, leave the rest «—».`,
          );
    }
    case 'scoring':
      return q.pointsTotal !== null
        ? tr(
            p,
            `Розподіліть рівно ${plural(q.pointsTotal, POINTS, 'uk')} між варіантами (порожнє — 0).`,
            `Share exactly ${plural(q.pointsTotal, POINTS, 'en')} among the options (blank is 0).`,
          )
        : tr(p, `Оцініть кожен варіант від ${q.scaleMin ?? 1} до ${q.scaleMax ?? 5}.`, `Rate each option from ${q.scaleMin ?? 1} to ${q.scaleMax ?? 5}.`);
  }
}

export function AnswerList({ p, questions, answers }: { p: PageCtx; questions: PollQuestion[]; answers: Record<string, Answer> }): JSX.Element {
  return (
    <dl class="answers">
      {questions.map((q, i) => {
        const a = answers[q.id];
        return (
          <>
            <dt safe>{`${i + 1}. ${q.text}`}</dt>
            {(a ? describeAnswer(q, a, p.lang) : ['—']).map((line) => (
              <dd safe>{line}</dd>
            ))}
          </>
        );
      })}
    </dl>
  );
}

export function resultLabel(p: PageCtx, label: string, optionId: number | null): string {
  return optionId === null ? tr(p, 'Інше', 'Other') : label;
}

export function PollResult({ p, q, r, n }: { p: PageCtx; q: PollQuestion; r: QuestionResult; n: number }): JSX.Element {
  const title = `${n}. ${q.text}`;
  const bars = r.options.map((o) => {
    const v = mainValue(r, o);
    const text =
      r.measure === 'count' ? `${num(p, o.count)} (${num(p, o.percent)} %)` : r.measure === 'borda' ? tr(p, `${num(p, v)} б.`, `${num(p, v)} pts`) : num(p, v);
    return { label: resultLabel(p, o.label, o.optionId), value: v, text };
  });
  const head =
    r.measure === 'count'
      ? [tr(p, 'Варіант', 'Option'), tr(p, 'Відповідей', 'Answers'), tr(p, 'Частка', 'Share')]
      : r.measure === 'borda'
        ? [tr(p, 'Варіант', 'Option'), tr(p, 'Бали (Борда)', 'Borda points'), tr(p, 'Перших місць', 'First places')]
        : r.measure === 'average'
          ? [tr(p, 'Варіант', 'Option'), tr(p, 'Середня оцінка', 'Average score'), tr(p, 'Оцінок', 'Ratings')]
          : [tr(p, 'Варіант', 'Option'), tr(p, 'Усього балів', 'Total points'), tr(p, 'У середньому', 'On average')];
  const rows = r.options.map((o) => {
    const label = resultLabel(p, o.label, o.optionId);
    switch (r.measure) {
      case 'count':
        return [label, num(p, o.count), `${num(p, o.percent)} %`];
      case 'borda':
        return [label, num(p, o.points ?? 0), num(p, o.count)];
      case 'average':
        return [label, num(p, o.average ?? 0), num(p, o.count)];
      case 'total':
        return [label, num(p, o.total ?? 0), num(p, o.average ?? 0)];
    }
  });
  return (
    <div class="question-result">
      <ChartWithTable p={p} title={title} bars={bars} head={head} rows={rows} />
      {r.measure === 'borda' ? (
        <p class="hint">
          {t(
            p,
            'Бали Борда: перше місце дає стільки балів, скільки місць у рейтингу, кожне наступне — на один менше; варіант поза рейтингом — 0.',
            'Borda points: the first place earns as many points as there are places, each next one point less; an unranked option earns 0.',
          )}
        </p>
      ) : (
        ''
      )}
      {r.otherTexts.length ? (
        <details>
          <summary safe>{tr(p, `Варіанти «Інше» (${r.otherTexts.length})`, `«Other» answers (${r.otherTexts.length})`)}</summary>
          <ul>
            {r.otherTexts.map((x) => (
              <li safe>{x}</li>
            ))}
          </ul>
        </details>
      ) : (
        ''
      )}
    </div>
  );
}

export function ReviewPage(props: {
  p: PageCtx;
  c: Community;
  item: Item;
  questions: PollQuestion[];
  answers: Record<string, Answer>;
  hidden: [string, string][];
}): JSX.Element {
  const { p, c, item } = props;
  const url = itemUrl(c, item.id);
  const hiddenInputs = props.hidden.map(([k, v]) => <input type="hidden" name={k} value={v} />);
  return (
    <Layout ctx={p} title={tr(p, 'Перевірте відповіді', 'Check your answers')}>
      <p class="meta" safe>
        {item.title}
      </p>
      <h1>{t(p, 'Перевірте свої відповіді', 'Check your answers')}</h1>
      <p>
        {t(p, 'Відповідь надсилається один раз: після підтвердження змінити її не можна.', 'An answer is sent once: after you confirm it cannot be changed.')}
      </p>
      <AnswerList p={p} questions={props.questions} answers={props.answers} />
      <form method="post" action={`${url}/poll/submit`} class="inline-form">
        <CsrfField ctx={p} />
        {hiddenInputs}
        <SubmitButton>{t(p, 'Підтвердити й надіслати', 'Confirm and send')}</SubmitButton>
      </form>{' '}
      <form method="post" action={`${url}/poll/change`} class="inline-form">
        <CsrfField ctx={p} />
        {hiddenInputs}
        <SubmitButton variant="secondary">{t(p, 'Змінити відповіді', 'Change my answers')}</SubmitButton>
      </form>
    </Layout>
  );
}

// ---------- draft act ----------
