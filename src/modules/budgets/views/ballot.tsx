/** Public pages of the participatory budget: the ballot, step by step, its review and the receipt. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { CsrfField, ErrorSummary, SubmitButton } from '../../../core/views/forms.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import type { Community } from '../../../core/communities/community.js';
import { CHANNEL_LABELS, formatMoney } from '../rules.js';
import type { BallotView } from '../repository/ballots.js';
import type { Category, Contest } from '../repository/contests.js';
import type { Project } from '../repository/projects.js';
import { base } from './parts.js';
import { LogReceiptLine } from '../../../core/views/kit.js';

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
export function VotePage(props: {
  p: PageCtx;
  c: Community;
  contest: Contest;
  sections: BallotCategory[];
  step: number;
  chosen: Set<number>;
  errors: Record<string, string>;
  refusal: string | null;
}): JSX.Element {
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
    <Layout
      ctx={p}
      title={s && props.sections.length > 1 ? `${title}: ${s.category.name}` : title}
      hasErrors={Object.keys(props.errors).length > 0}
      scripts={['/static/ballot.js']}
    >
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
              {props.sections.length > 1
                ? tr(
                    p,
                    `Категорія ${props.step + 1} з ${props.sections.length}: ${s.category.name}`,
                    `Category ${props.step + 1} of ${props.sections.length}: ${s.category.name}`,
                  )
                : s.category.name}
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
                <input
                  type={one ? 'radio' : 'checkbox'}
                  id={`p-${x.id}`}
                  name={one ? `cat_${s.category.id}` : 'project'}
                  value={String(x.id)}
                  checked={props.chosen.has(x.id)}
                />
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
            <SubmitButton name="go" value="next">
              {last ? t(p, 'Перевірити вибір', 'Check my choice') : t(p, 'Далі', 'Next')}
            </SubmitButton>
            {props.step > 0 ? (
              <SubmitButton variant="secondary" name="go" value="back">
                {t(p, 'Назад', 'Back')}
              </SubmitButton>
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
      <p>
        {t(
          p,
          'Ось ваш вибір. Після підтвердження бюлетень буде зараховано, і змінити його не можна.',
          'This is your choice. Once confirmed the ballot counts and cannot be changed.',
        )}
      </p>
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
                <button
                  class="button secondary small-button"
                  type="submit"
                  aria-label={tr(p, `Змінити вибір у категорії «${s.category.name}»`, `Change the choice in «${s.category.name}»`)}
                >
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
        <SubmitButton>{t(p, 'Підтвердити й проголосувати', 'Confirm and vote')}</SubmitButton>
      </form>
      <form method="post" action={`${url}/vote/change`} class="inline-form">
        <CsrfField ctx={p} />
        {props.chosen.map((id) => (
          <input type="hidden" name="project" value={String(id)} />
        ))}
        <SubmitButton variant="secondary">{t(p, 'Змінити вибір', 'Change my choice')}</SubmitButton>
      </form>
    </Layout>
  );
}

export function ReceiptPage(props: {
  p: PageCtx;
  c: Community;
  contest: Contest;
  ballot: BallotView;
  projects: Map<number, Project>;
  fresh: boolean;
  duplicate: { channel: string; at: Date } | null;
  /** The printable version: the same receipt, with how to print it (no script needed). */
  print?: boolean;
}): JSX.Element {
  const { p, c, contest, ballot } = props;
  const receiptUrl = `${base(c, contest)}/vote/receipt`;
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
      <div class="confirmation-panel" role="status">
        <p>
          <strong safe>{tr(p, `Ваш бюлетень у конкурсі «${contest.title}» зараховано.`, `Your ballot in the contest «${contest.title}» is counted.`)}</strong>
        </p>
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
        <LogReceiptLine ctx={p} receipt={ballot.logReceipt} check={{ uk: 'Перевірити мій голос', en: 'Check my vote' }} />
      </div>
      {props.print ? (
        <p class="notice no-print">
          {t(p, 'Щоб роздрукувати, натисніть Ctrl+P або оберіть «Друк» у меню браузера.', 'To print, press Ctrl+P or choose «Print» in the browser menu.')}
        </p>
      ) : (
        <p class="no-print">
          <a href={`${receiptUrl}?print=1`}>{t(p, 'Роздрукувати квитанцію', 'Print the receipt')}</a> ·{' '}
          <a href="/cabinet">{t(p, 'Усі мої квитанції в кабінеті', 'All my receipts in the cabinet')}</a>
        </p>
      )}
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
