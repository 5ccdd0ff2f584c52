/** Public pages of consultations: the list, an item of any kind, the poll review page. */
import { Layout } from '../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../core/views/page-context.js';
import { shownName } from '../../core/users/public-name.js';
import { ActionButton, CsrfField, ErrorSummary, type FieldErrors } from '../../core/views/forms.js';
import { Pagination } from '../../core/views/pagination.js';
import { formatKyivDate, formatKyivDateTime } from '../../core/calendar/index.js';
import { plural, type Text } from '../../core/i18n/index.js';
import { refusalText } from '../../core/permissions/refusal-text.js';
import type { Community } from '../../core/communities/community.js';
import type { AttachmentMeta, Comment, Item, ListedItem, Section, Stance, StanceTally } from './repository.js';
import { CATEGORIES, COMMENT_MAX, FREEZE_TEXT, KINDS, KIND_LABEL, PUBLIC_STATES, STATE_LABEL, categoryLabel, endedAt, type State } from './rules/model.js';
import type { Participation } from './access.js';
import { rulesText } from './access.js';
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
} from './rules/poll.js';
import { ChartWithTable, num } from './charts.js';

export const base = (c: Community) => `/${c.slug}/consultations`;
export const itemUrl = (c: Community, id: number) => `${base(c)}/${id}`;

const errorsIn = (p: PageCtx, errors: Record<string, Text>): FieldErrors => Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v[p.lang]]));

function StateBadge({ p, state }: { p: PageCtx; state: State }): JSX.Element {
  return (
    <span class={`badge state-${state}`} safe>
      {STATE_LABEL[state][p.lang]}
    </span>
  );
}

function period(p: PageCtx, item: Item): string {
  return tr(p, `${formatKyivDate(item.startsAt, 'uk')} — ${formatKyivDate(item.endsAt, 'uk')}`, `${formatKyivDate(item.startsAt, 'en')} — ${formatKyivDate(item.endsAt, 'en')}`);
}

// ---------- the list ----------

export interface ListFilterView {
  kind: string;
  state: string;
  category: string;
  q: string;
  page: number;
}

export function ListPage(props: {
  p: PageCtx;
  c: Community;
  items: (ListedItem & { state: State })[];
  total: number;
  perPage: number;
  filter: ListFilterView;
  moderator: boolean;
  pendingTopics: number;
}): JSX.Element {
  const { p, c, filter } = props;
  const qs = new URLSearchParams({ kind: filter.kind, state: filter.state, category: filter.category, q: filter.q });
  for (const [k, v] of [...qs]) if (!v) qs.delete(k);
  const listBase = `${base(c)}${qs.size ? `?${qs}` : ''}`;
  return (
    <Layout ctx={p} title={tr(p, 'Консультації з громадськістю', 'Public consultations')}>
      <h1>{t(p, 'Консультації з громадськістю', 'Public consultations')}</h1>
      <p class="lead">
        {t(p, 'Громада питає — мешканці відповідають: консультації, опитування й обговорення проєктів нормативних актів.', 'The council asks, residents answer: consultations, polls and discussions of draft acts.')}
      </p>
      <p class="actions">
        <a class="button secondary" href={`${base(c)}/topics/new`}>
          {t(p, 'Запропонувати тему', 'Suggest a topic')}
        </a>
        {props.moderator ? (
          <>
            {' '}
            <a class="button" href={`${base(c)}/new`}>
              {t(p, 'Створити', 'Create')}
            </a>{' '}
            <a class="button secondary" href={`${base(c)}/topics`}>
              {t(p, `Теми від мешканців (${props.pendingTopics})`, `Topics from residents (${props.pendingTopics})`)}
            </a>
          </>
        ) : (
          ''
        )}
      </p>
      <form method="get" action={base(c)} role="search" class="search-form" novalidate>
        <div class="field">
          <label for="q">{t(p, 'Пошук', 'Search')}</label>
          <input id="q" name="q" type="search" value={filter.q} />
        </div>
        <div class="field">
          <label for="kind">{t(p, 'Вид', 'Kind')}</label>
          <select id="kind" name="kind">
            <option value="">{t(p, 'Усі види', 'All kinds')}</option>
            {KINDS.map((k) => (
              <option value={k} selected={k === filter.kind} safe>
                {KIND_LABEL[k][p.lang]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="state">{t(p, 'Стан', 'State')}</label>
          <select id="state" name="state">
            <option value="">{t(p, 'Усі', 'All')}</option>
            {[...PUBLIC_STATES, ...(props.moderator ? (['draft'] as const) : [])].map((s) => (
              <option value={s} selected={s === filter.state} safe>
                {STATE_LABEL[s][p.lang]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="category">{t(p, 'Категорія', 'Category')}</label>
          <select id="category" name="category">
            <option value="">{t(p, 'Усі категорії', 'All categories')}</option>
            {CATEGORIES.map((x) => (
              <option value={x.value} selected={x.value === filter.category}>
                {x[p.lang]}
              </option>
            ))}
          </select>
        </div>
        <button class="button" type="submit">
          {t(p, 'Показати', 'Show')}
        </button>
      </form>
      <p role="status" safe>
        {plural(props.total, { uk: ['запис', 'записи', 'записів'], en: ['item', 'items'] }, p.lang)}
      </p>
      <ul class="consultation-list">
        {props.items.map((i) => (
          <li class="card consultation-card">
            <p class="meta">
              <span class={`kind kind-${i.kind}`} safe>
                {KIND_LABEL[i.kind][p.lang]}
              </span>{' '}
              · <span safe>{formatKyivDate(i.startsAt, p.lang)}</span> · <StateBadge p={p} state={i.state} />
            </p>
            <h2 class="card-title">
              <a href={itemUrl(c, i.id)} safe>
                {i.title}
              </a>
            </h2>
            <p class="meta">
              <span safe>
                {i.kind === 'poll'
                  ? plural(i.participation, { uk: ['голос', 'голоси', 'голосів'], en: ['vote', 'votes'] }, p.lang)
                  : plural(i.participation, { uk: ['коментар', 'коментарі', 'коментарів'], en: ['comment', 'comments'] }, p.lang)}
              </span>{' '}
              · <span safe>{categoryLabel(i.category, p.lang)}</span>
            </p>
          </li>
        ))}
      </ul>
      {props.items.length === 0 ? <p>{t(p, 'Нічого не знайдено.', 'Nothing found.')}</p> : ''}
      <Pagination ctx={p} page={filter.page} total={props.total} perPage={props.perPage} base={listBase} />
    </Layout>
  );
}

// ---------- one item ----------

export interface CommentFormState {
  /** 'main', 's<sectionId>' or 'r<commentId>'. */
  target: string;
  body: string;
  error: string;
}

export interface ItemPageData {
  p: PageCtx;
  c: Community;
  item: Item;
  moderator: boolean;
  part: Participation;
  attachments: AttachmentMeta[];
  comments: Comment[];
  hidden: Set<string>;
  supported: Set<number>;
  questions: PollQuestion[];
  myResponse: { answers: Record<string, Answer>; createdAt: Date } | null;
  pollValues: FormBody;
  pollErrors: Record<string, Text>;
  results: QuestionResult[] | null;
  responses: number;
  sections: Section[];
  tallies: Map<number, StanceTally> | null;
  myStances: Map<number, Stance>;
  commentForm: CommentFormState | null;
  flash: string | null;
}

export function ItemPage(d: ItemPageData): JSX.Element {
  const { p, c, item } = d;
  const state = d.part.state;
  const errors: FieldErrors = { ...errorsIn(p, d.pollErrors), ...(d.commentForm ? { [commentFieldId(d.commentForm.target)]: d.commentForm.error } : {}) };
  return (
    <Layout ctx={p} title={item.title} hasErrors={Object.keys(errors).length > 0}>
      <ErrorSummary ctx={p} errors={errors} />
      {state === 'draft' ? (
        <div class="notice warning" role="note">
          {t(p, 'Попередній перегляд чернетки: мешканці її ще не бачать.', 'Preview of a draft: residents cannot see it yet.')}
        </div>
      ) : (
        ''
      )}
      {d.flash ? (
        <div class="notice" role="status" safe>
          {d.flash}
        </div>
      ) : (
        ''
      )}
      <p class="meta">
        <a href={base(c)}>{t(p, '← Усі консультації', '← All consultations')}</a>
      </p>
      <p class="meta">
        <span safe>{KIND_LABEL[item.kind][p.lang]}</span> · <StateBadge p={p} state={state} /> · <span safe>{categoryLabel(item.category, p.lang)}</span>
      </p>
      <h1 safe>{item.title}</h1>
      <dl class="summary-list">
        <dt>{t(p, 'Період', 'Period')}</dt>
        <dd safe>{period(p, item)}</dd>
        <dt>{t(p, 'Хто може брати участь', 'Who may take part')}</dt>
        <dd safe>{rulesText(item, c, p.lang).join('; ')}</dd>
      </dl>
      <VersionLinks p={p} c={c} item={item} moderator={d.moderator} />
      {item.closedAt && item.closedAt < item.endsAt ? (
        <div class="notice warning" role="note">
          <p safe>{tr(p, `Завершено достроково ${formatKyivDateTime(item.closedAt, 'uk')}.`, `Closed early on ${formatKyivDateTime(item.closedAt, 'en')}.`)}</p>
          <p safe>{`${tr(p, 'Причина', 'Reason')}: ${item.closedReason ?? ''}`}</p>
        </div>
      ) : (
        ''
      )}
      {d.moderator ? <ModeratorPanel d={d} /> : ''}
      {item.description ? (
        <div class="prose" safe>
          {item.description}
        </div>
      ) : (
        ''
      )}
      {d.attachments.length ? (
        <>
          <h2>{t(p, 'Матеріали', 'Materials')}</h2>
          <ul>
            {d.attachments.map((a) => (
              <li>
                <a href={`${itemUrl(c, item.id)}/files/${a.id}`} safe>
                  {a.filename}
                </a>{' '}
                <span class="meta" safe>
                  {`(${a.mime === 'application/pdf' ? 'PDF' : tr(p, 'зображення', 'image')}, ${Math.max(1, Math.round(a.size / 1024))} KB)`}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      {item.outcomePublishedAt ? <Outcome d={d} /> : ''}
      {item.kind === 'poll' ? <PollPart d={d} /> : item.kind === 'act' ? <ActPart d={d} /> : <ConsultationPart d={d} />}
      {state === 'ended' || d.moderator ? (
        <p>
          <a href={`${itemUrl(c, item.id)}/report`}>{t(p, 'Звіт: результати й коментарі (друк, CSV, XLSX)', 'Report: results and comments (print, CSV, XLSX)')}</a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}

/** An act's versions: the one this discussion continues, and the one that continues it (once public). */
export function VersionLinks({ p, c, item, moderator }: { p: PageCtx; c: Community; item: Item; moderator: boolean }): JSX.Element {
  const next = item.nextVersion && (item.nextVersion.published || moderator) ? item.nextVersion : null;
  if (!item.previousId && !next) return <></>;
  return (
    <ul class="actions-list version-links">
      {item.previousId ? (
        <li>
          <a href={itemUrl(c, item.previousId)}>{t(p, 'Попередня редакція', 'Previous version')}</a>
        </li>
      ) : (
        ''
      )}
      {next ? (
        <li>
          <a href={next.published ? itemUrl(c, next.id) : `${itemUrl(c, next.id)}/edit`}>
            {next.published ? t(p, 'Нова редакція', 'New version') : t(p, 'Нова редакція (чернетка)', 'New version (draft)')}
          </a>
        </li>
      ) : (
        ''
      )}
    </ul>
  );
}

function ModeratorPanel({ d }: { d: ItemPageData }): JSX.Element {
  const { p, c, item } = d;
  const url = itemUrl(c, item.id);
  const state = d.part.state;
  return (
    <section class="moderator-panel" aria-labelledby="moderator-panel-title">
      <h2 id="moderator-panel-title">{t(p, 'Для модератора', 'For the moderator')}</h2>
      <ul class="actions-list">
        {state === 'draft' ? (
          <>
            <li>
              <a href={`${url}/edit`}>{t(p, 'Редагувати чернетку', 'Edit the draft')}</a>
            </li>
            <li>
              <ActionButton ctx={p} action={`${url}/publish`} label={tr(p, 'Опублікувати', 'Publish')} />
            </li>
          </>
        ) : (
          ''
        )}
        {state === 'ended' ? (
          <li>
            <a href={`${url}/outcome`}>{item.outcomePublishedAt ? t(p, 'Змінити підсумки', 'Change the outcome') : t(p, 'Опублікувати підсумки', 'Publish the outcome')}</a>
          </li>
        ) : (
          ''
        )}
        {state !== 'draft' && item.kind === 'act' && !item.nextVersion ? (
          <li>
            <ActionButton ctx={p} action={`${url}/new-version`} label={tr(p, 'Нова редакція', 'New version')} />
          </li>
        ) : (
          ''
        )}
        {state === 'ended' && item.kind === 'act' ? (
          <li>
            <a href={`${url}/revision`}>{t(p, 'Опублікувати доопрацьовану редакцію', 'Publish the revised version')}</a>
          </li>
        ) : (
          ''
        )}
      </ul>
      {state !== 'draft' ? (
        <p class="meta">
          {t(p, FREEZE_TEXT.published.uk, FREEZE_TEXT.published.en)}
          {item.kind === 'act'
            ? ` ${tr(p, 'Щоб змінити текст акта, створіть «Нову редакцію»: нове обговорення (чернетку) з копією тексту, повʼязане з цим.', 'To change the act’s text, start a «New version»: a new discussion (a draft) with a copy of the text, linked to this one.')}`
            : ''}
        </p>
      ) : (
        ''
      )}
      {state === 'active' || state === 'scheduled' ? (
        <form method="post" action={`${url}/close`} class="stack">
          <CsrfField ctx={p} />
          <label for="close-reason">{t(p, 'Завершити достроково: причина (бачитимуть усі)', 'Close early: reason (shown to everyone)')}</label>
          <input id="close-reason" name="reason" type="text" maxlength="500" />
          <button class="button warning" type="submit">
            {t(p, 'Завершити достроково', 'Close early')}
          </button>
        </form>
      ) : (
        ''
      )}
    </section>
  );
}

function Outcome({ d }: { d: ItemPageData }): JSX.Element {
  const { p, item } = d;
  const decided = d.comments.filter((x) => x.decision && !d.hidden.has(String(x.id)));
  const label = { accepted: tr(p, 'Враховано', 'Taken up'), partly: tr(p, 'Враховано частково', 'Partly taken up'), rejected: tr(p, 'Не враховано', 'Not taken up') };
  return (
    <section class="outcome" aria-labelledby="outcome-title">
      <h2 id="outcome-title">{t(p, 'Підсумки', 'Outcome')}</h2>
      <p class="meta" safe>
        {tr(p, `Опубліковано ${formatKyivDateTime(item.outcomePublishedAt!, 'uk')}`, `Published on ${formatKyivDateTime(item.outcomePublishedAt!, 'en')}`)}
      </p>
      <div class="prose" safe>
        {item.outcomeSummary ?? ''}
      </div>
      {decided.length ? (
        <>
          <h3>{t(p, 'Пропозиції мешканців', 'Proposals of residents')}</h3>
          <ul class="decisions">
            {decided.map((x) => (
              <li>
                <strong safe>{label[x.decision!]}</strong>: <a href={`#comment-${x.id}`} safe>{excerpt(x.body, 120)}</a>
                {x.decisionReason ? (
                  <p class="meta" safe>
                    {x.decisionReason}
                  </p>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
    </section>
  );
}

export function excerpt(s: string, n: number): string {
  const chars = [...s];
  return chars.length > n ? `${chars.slice(0, n - 1).join('')}…` : s;
}

function Refusal({ d, what }: { d: ItemPageData; what: string }): JSX.Element {
  const { p, c } = d;
  const state = d.part.state;
  if (state === 'scheduled') return <p class="notice">{t(p, 'Участь відкриється, коли почнеться обговорення.', 'Participation opens when the discussion starts.')}</p>;
  if (state === 'ended') return <p class="notice">{t(p, 'Час вийшов: участь завершено.', 'Time is up: participation has ended.')}</p>;
  if (state === 'draft') return <p class="notice">{t(p, 'Це чернетка: участь відкриється після публікації.', 'This is a draft: participation opens once published.')}</p>;
  if (!d.part.refusal) return '';
  return (
    <div class="notice" role="status">
      <p safe>{`${what} ${refusalText(d.part.refusal, p.lang, d.part.blockReason)}`}</p>
      {d.part.refusal === 'signed-out' ? (
        <a class="button" href={`/auth/sign-in?return=${encodeURIComponent(itemUrl(c, d.item.id))}`}>
          {t(p, 'Увійти', 'Sign in')}
        </a>
      ) : (
        ''
      )}
    </div>
  );
}

const canAct = (d: ItemPageData) => d.part.state === 'active' && d.part.refusal === null;

// ---------- comments ----------

export function commentFieldId(target: string): string {
  return target === 'main' ? 'comment-body' : `comment-body-${target}`;
}

function CommentForm({ d, target, label, sectionId, parentId }: { d: ItemPageData; target: string; label: string; sectionId?: number; parentId?: number }): JSX.Element {
  const { p, c, item } = d;
  const id = commentFieldId(target);
  const mine = d.commentForm?.target === target ? d.commentForm : null;
  return (
    <form method="post" action={`${itemUrl(c, item.id)}/comments`} class="comment-form" novalidate>
      <CsrfField ctx={p} />
      <input type="hidden" name="target" value={target} />
      {sectionId ? <input type="hidden" name="section_id" value={String(sectionId)} /> : ''}
      {parentId ? <input type="hidden" name="parent_id" value={String(parentId)} /> : ''}
      <div class={`field${mine ? ' field-error' : ''}`}>
        <label for={id} safe>
          {label}
        </label>
        <p class="hint" id={`${id}-hint`}>
          {t(p, `До ${COMMENT_MAX} символів. Буде видно ваше імʼя.`, `Up to ${COMMENT_MAX} characters. Your name will be shown.`)}
        </p>
        {mine ? (
          <p class="error-message" id={`${id}-error`}>
            <span class="visually-hidden">{t(p, 'Помилка:', 'Error:')}</span> <span safe>{mine.error}</span>
          </p>
        ) : (
          ''
        )}
        <textarea id={id} name="body" rows="4" aria-describedby={`${id}-hint${mine ? ` ${id}-error` : ''}`} aria-invalid={mine ? 'true' : undefined} safe>
          {mine?.body ?? ''}
        </textarea>
      </div>
      <button class="button" type="submit">
        {t(p, 'Надіслати', 'Send')}
      </button>
    </form>
  );
}

function CommentItem({ d, x, replies }: { d: ItemPageData; x: Comment; replies: Comment[] }): JSX.Element {
  const { p, c, item } = d;
  const hidden = d.hidden.has(String(x.id));
  const url = itemUrl(c, item.id);
  const target = `r${x.id}`;
  return (
    <li class="comment" id={`comment-${x.id}`}>
      {hidden ? <p class="hidden-note">{t(p, 'Коментар приховано модератором', 'Comment hidden by a moderator')}</p> : ''}
      {!hidden || d.moderator ? (
        <p class={`comment-body${hidden ? ' hidden-text' : ''}`} safe>
          {x.body}
        </p>
      ) : (
        ''
      )}
      <p class="meta">
        <span safe>{`${shownName(x.authorName, p.lang) || tr(p, 'Видалений обліковий запис', 'Deleted account')} · ${formatKyivDateTime(x.createdAt, p.lang)}`}</span>
        {!hidden ? (
          <>
            {' · '}
            <span safe>{plural(x.supports, { uk: ['підтримка', 'підтримки', 'підтримок'], en: ['support', 'supports'] }, p.lang)}</span>
          </>
        ) : (
          ''
        )}
      </p>
      {!hidden ? (
        <div class="comment-actions">
          {d.supported.has(x.id) ? (
            <span class="meta">{t(p, 'Ви підтримали', 'You supported this')}</span>
          ) : canAct(d) && x.authorUserId !== p.viewer?.id ? (
            <ActionButton ctx={p} action={`${url}/comments/${x.id}/support`} label={tr(p, 'Підтримати', 'Support')} variant="secondary" />
          ) : (
            ''
          )}
          {p.viewer ? (
            <a class="small" href={`/complaints/new?type=consultation-comment&id=${x.id}`}>
              {t(p, 'Поскаржитися', 'Report')}
            </a>
          ) : (
            ''
          )}
        </div>
      ) : (
        ''
      )}
      {d.moderator && hidden ? (
        <form method="post" action={`/${c.slug}/manage/unhide`} class="inline-form">
          <CsrfField ctx={p} />
          <input type="hidden" name="type" value="consultation-comment" />
          <input type="hidden" name="id" value={String(x.id)} />
          <label for={`unhide-${x.id}`}>{t(p, 'Причина відновлення', 'Reason to restore')}</label>
          <input id={`unhide-${x.id}`} name="reason" type="text" maxlength="300" />
          <button class="button secondary" type="submit">
            {t(p, 'Показати знову', 'Unhide')}
          </button>
        </form>
      ) : (
        ''
      )}
      {replies.length ? (
        <ul class="replies">
          {replies.map((r) => (
            <CommentItem d={d} x={r} replies={[]} />
          ))}
        </ul>
      ) : (
        ''
      )}
      {x.parentId === null && !hidden && canAct(d) ? (
        <details class="reply" open={d.commentForm?.target === target}>
          <summary>{t(p, 'Відповісти', 'Reply')}</summary>
          <CommentForm d={d} target={target} parentId={x.id} sectionId={x.sectionId ?? undefined} label={tr(p, 'Ваша відповідь', 'Your reply')} />
        </details>
      ) : (
        ''
      )}
    </li>
  );
}

function CommentThread({ d, list }: { d: ItemPageData; list: Comment[] }): JSX.Element {
  const top = list.filter((x) => x.parentId === null);
  return (
    <ul class="comments">
      {top.map((x) => (
        <CommentItem d={d} x={x} replies={list.filter((r) => r.parentId === x.id)} />
      ))}
    </ul>
  );
}

function ConsultationPart({ d }: { d: ItemPageData }): JSX.Element {
  const { p } = d;
  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title" safe>
        {`${tr(p, 'Пропозиції та коментарі', 'Proposals and comments')} (${d.comments.length})`}
      </h2>
      {canAct(d) ? <CommentForm d={d} target="main" label={tr(p, 'Ваша пропозиція або коментар', 'Your proposal or comment')} /> : <Refusal d={d} what={tr(p, 'Коментувати:', 'Commenting:')} />}
      <CommentThread d={d} list={d.comments} />
    </section>
  );
}

// ---------- poll ----------

function PollPart({ d }: { d: ItemPageData }): JSX.Element {
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
        </section>
      ) : canAct(d) ? (
        <form method="post" action={`${itemUrl(c, item.id)}/poll/review`} class="poll-form" novalidate>
          <CsrfField ctx={p} />
          {d.questions.map((q, i) => (
            <QuestionInput p={p} q={q} n={i + 1} values={d.pollValues} error={d.pollErrors[String(q.id)]?.[p.lang] ?? errorFor(d, q)} />
          ))}
          <p class="hint">{t(p, 'Далі ви побачите свої відповіді й зможете їх змінити, перш ніж надіслати остаточно.', 'Next you will see your answers and can change them before sending them for good.')}</p>
          <button class="button" type="submit">
            {t(p, 'Переглянути відповіді', 'Review my answers')}
          </button>
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
            <p safe>{plural(d.responses, { uk: ['учасник відповів', 'учасники відповіли', 'учасників відповіли'], en: ['participant answered', 'participants answered'] }, p.lang)}</p>
            {d.results.map((r, i) => (
              <PollResult p={p} q={d.questions.find((q) => q.id === r.questionId)!} r={r} n={i + 1} />
            ))}
          </>
        ) : (
          <p>{t(p, 'Результати буде оприлюднено після завершення опитування.', 'Results will be published when the poll ends.')}</p>
        )}
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
              <input type="text" id={fieldName.other(q.id)} name={fieldName.other(q.id)} value={otherText} maxlength="300" placeholder={tr(p, 'Ваш варіант', 'Your own answer')} />
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
                  min={String(q.pointsTotal === null ? (q.scaleMin ?? 1) : 0)}
                  max={String(q.pointsTotal ?? q.scaleMax ?? 5)}
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
        ? tr(p, `Поставте кожному варіанту місце від 1 (найкраще) до ${k}; кожне місце — один раз.`, `Give each option a place from 1 (best) to ${k}; each place once.`)
        : tr(p, `Оберіть ${k} найкращих: поставте місця від 1 (найкраще) до ${k}, решту лишіть «—».`, `Choose your top ${k}: places from 1 (best) to ${k}, leave the rest «—».`);
    }
    case 'scoring':
      return q.pointsTotal !== null
        ? tr(p, `Розподіліть рівно ${q.pointsTotal} балів між варіантами (порожнє — 0).`, `Share exactly ${q.pointsTotal} points among the options (blank is 0).`)
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
      r.measure === 'count'
        ? `${num(p, o.count)} (${num(p, o.percent)} %)`
        : r.measure === 'borda'
          ? tr(p, `${num(p, v)} б.`, `${num(p, v)} pts`)
          : num(p, v);
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
        <p class="hint">{t(p, 'Бали Борда: перше місце дає стільки балів, скільки місць у рейтингу, кожне наступне — на один менше; варіант поза рейтингом — 0.', 'Borda points: the first place earns as many points as there are places, each next one point less; an unranked option earns 0.')}</p>
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

export function ReviewPage(props: { p: PageCtx; c: Community; item: Item; questions: PollQuestion[]; answers: Record<string, Answer>; hidden: [string, string][] }): JSX.Element {
  const { p, c, item } = props;
  const url = itemUrl(c, item.id);
  const hiddenInputs = props.hidden.map(([k, v]) => <input type="hidden" name={k} value={v} />);
  return (
    <Layout ctx={p} title={tr(p, 'Перевірте відповіді', 'Check your answers')}>
      <p class="meta" safe>
        {item.title}
      </p>
      <h1>{t(p, 'Перевірте свої відповіді', 'Check your answers')}</h1>
      <p>{t(p, 'Відповідь надсилається один раз: після підтвердження змінити її не можна.', 'An answer is sent once: after you confirm it cannot be changed.')}</p>
      <AnswerList p={p} questions={props.questions} answers={props.answers} />
      <form method="post" action={`${url}/poll/submit`} class="inline-form">
        <CsrfField ctx={p} />
        {hiddenInputs}
        <button class="button" type="submit">
          {t(p, 'Підтвердити й надіслати', 'Confirm and send')}
        </button>
      </form>{' '}
      <form method="post" action={`${url}/poll/change`} class="inline-form">
        <CsrfField ctx={p} />
        {hiddenInputs}
        <button class="button secondary" type="submit">
          {t(p, 'Змінити відповіді', 'Change my answers')}
        </button>
      </form>
    </Layout>
  );
}

// ---------- draft act ----------

function StanceForm({ d, scope, label }: { d: ItemPageData; scope: number; label: string }): JSX.Element {
  const { p, c, item } = d;
  const mine = d.myStances.get(scope);
  return (
    <form method="post" action={`${itemUrl(c, item.id)}/stance`} class="stance-form">
      <CsrfField ctx={p} />
      <input type="hidden" name="scope" value={String(scope)} />
      <span class="visually-hidden" safe>
        {label}
      </span>
      <button class={`button ${mine === 'support' ? '' : 'secondary'}`} type="submit" name="stance" value="support" aria-pressed={mine === 'support' ? 'true' : 'false'}>
        {t(p, 'Підтримую', 'I support')}
      </button>{' '}
      <button class={`button ${mine === 'oppose' ? 'warning' : 'secondary'}`} type="submit" name="stance" value="oppose" aria-pressed={mine === 'oppose' ? 'true' : 'false'}>
        {t(p, 'Не підтримую', 'I do not support')}
      </button>
      {mine ? (
        <p class="meta">{mine === 'support' ? t(p, 'Ваша позиція: підтримую. Її можна змінити до завершення.', 'Your stance: support. You can change it until the end.') : t(p, 'Ваша позиція: не підтримую. Її можна змінити до завершення.', 'Your stance: do not support. You can change it until the end.')}</p>
      ) : (
        ''
      )}
    </form>
  );
}

function Tally({ p, tally }: { p: PageCtx; tally: StanceTally | undefined }): JSX.Element {
  const s = tally?.support ?? 0;
  const o = tally?.oppose ?? 0;
  return (
    <p class="tally" safe>
      {tr(p, `Підтримують: ${num(p, s)} · Не підтримують: ${num(p, o)}`, `Support: ${num(p, s)} · Do not support: ${num(p, o)}`)}
    </p>
  );
}

function ActPart({ d }: { d: ItemPageData }): JSX.Element {
  const { p, item } = d;
  const bySection = (id: number | null) => d.comments.filter((x) => x.sectionId === id);
  const general = bySection(null);
  return (
    <>
      {canAct(d) ? '' : <Refusal d={d} what={tr(p, 'Коментувати й висловлювати позицію:', 'Commenting and taking a stance:')} />}
      <nav class="toc" aria-label={tr(p, 'Розділи проєкту', 'Sections of the draft')}>
        <h2>{t(p, 'Зміст проєкту', 'Contents of the draft')}</h2>
        <ol>
          {d.sections.map((s) => (
            <li>
              <a href={`#section-${s.id}`} safe>
                {s.heading}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <section aria-labelledby="whole-title" class="act-whole">
        <h2 id="whole-title">{t(p, 'Документ загалом', 'The document as a whole')}</h2>
        {d.tallies ? <Tally p={p} tally={d.tallies.get(0)} /> : ''}
        {canAct(d) ? <StanceForm d={d} scope={0} label={tr(p, 'Ваша позиція щодо документа загалом', 'Your stance on the whole document')} /> : ''}
      </section>
      {d.sections.map((s) => {
        const list = bySection(s.id);
        const target = `s${s.id}`;
        return (
          <section id={`section-${s.id}`} class="act-section" aria-labelledby={`section-${s.id}-title`}>
            {s.parent ? (
              <p class="meta" safe>
                {s.parent}
              </p>
            ) : (
              ''
            )}
            <h2 id={`section-${s.id}-title`} safe>
              {s.heading}
            </h2>
            <div class="act-text" safe>
              {s.body}
            </div>
            {d.tallies ? <Tally p={p} tally={d.tallies.get(s.id)} /> : ''}
            {canAct(d) ? <StanceForm d={d} scope={s.id} label={tr(p, `Ваша позиція щодо розділу «${s.heading}»`, `Your stance on «${s.heading}»`)} /> : ''}
            <details class="section-comments" open={list.length > 0 || d.commentForm?.target === target || d.commentForm?.target.startsWith('r') === true}>
              <summary safe>{tr(p, `Коментарі до розділу (${list.length})`, `Comments on this section (${list.length})`)}</summary>
              <CommentThread d={d} list={list} />
              {canAct(d) ? <CommentForm d={d} target={target} sectionId={s.id} label={tr(p, 'Ваш коментар до цього розділу', 'Your comment on this section')} /> : ''}
            </details>
          </section>
        );
      })}
      <section aria-labelledby="general-comments-title">
        <h2 id="general-comments-title" safe>
          {`${tr(p, 'Загальні коментарі', 'General comments')} (${general.length})`}
        </h2>
        <CommentThread d={d} list={general} />
        {canAct(d) ? <CommentForm d={d} target="main" label={tr(p, 'Ваш коментар до документа загалом', 'Your comment on the whole document')} /> : ''}
      </section>
      {d.tallies ? <ActResults d={d} /> : ''}
      {item.revisionPublishedAt ? (
        <section aria-labelledby="revision-title" class="revision">
          <h2 id="revision-title">{t(p, 'Доопрацьована редакція', 'Revised version')}</h2>
          <p class="meta" safe>
            {formatKyivDateTime(item.revisionPublishedAt, p.lang)}
          </p>
          <h3>{t(p, 'Що змінено і чому', 'What changed and why')}</h3>
          <div class="prose" safe>
            {item.revisionNotes ?? ''}
          </div>
          <h3>{t(p, 'Текст нової редакції', 'Text of the revised version')}</h3>
          <div class="act-text" safe>
            {item.revisedText ?? ''}
          </div>
        </section>
      ) : (
        ''
      )}
    </>
  );
}

function ActResults({ d }: { d: ItemPageData }): JSX.Element {
  const { p } = d;
  const tallies = d.tallies!;
  const rows: { label: string; s: number; o: number; comments: number }[] = [
    { label: tr(p, 'Документ загалом', 'Whole document'), s: tallies.get(0)?.support ?? 0, o: tallies.get(0)?.oppose ?? 0, comments: d.comments.filter((x) => x.sectionId === null).length },
    ...d.sections.map((s) => ({ label: s.heading, s: tallies.get(s.id)?.support ?? 0, o: tallies.get(s.id)?.oppose ?? 0, comments: d.comments.filter((x) => x.sectionId === s.id).length })),
  ];
  return (
    <section aria-labelledby="act-results-title">
      <h2 id="act-results-title">{t(p, 'Результати обговорення', 'Results of the discussion')}</h2>
      <ChartWithTable
        p={p}
        title={tr(p, 'Підтримка за розділами', 'Support by section')}
        colour="support"
        bars={rows.map((r) => ({ label: r.label, value: r.s, text: tr(p, `${num(p, r.s)} за / ${num(p, r.o)} проти`, `${num(p, r.s)} for / ${num(p, r.o)} against`) }))}
        head={[tr(p, 'Розділ', 'Section'), tr(p, 'Підтримують', 'Support'), tr(p, 'Не підтримують', 'Do not support'), tr(p, 'Коментарів', 'Comments')]}
        rows={rows.map((r) => [r.label, num(p, r.s), num(p, r.o), num(p, r.comments)])}
      />
    </section>
  );
}

export function endedText(p: PageCtx, item: Item): string {
  return formatKyivDateTime(endedAt(item), p.lang);
}
