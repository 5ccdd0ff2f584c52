/** The page of an item of any kind: its frame, the moderator's panel, the outcome, a consultation's comments. */
import { Layout } from '../../../core/views/layout.js';
import { CalendarLink } from '../../../core/feeds/links.js';
import { t, tr } from '../../../core/views/page-context.js';
import { ActionButton, CsrfField, ErrorSummary, SubmitButton, type FieldErrors } from '../../../core/views/forms.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import { FREEZE_TEXT, KIND_LABEL, categoryLabel } from '../rules/model.js';
import { rulesText } from '../access.js';
import { base, itemUrl, errorsIn, StateBadge, period, excerpt, type ItemPageData, Refusal, canAct, commentFieldId, VersionLinks } from './parts.js';
import { CommentForm, CommentThread } from './comments.js';
import { PollPart } from './poll.js';
import { ActPart } from './act.js';
import { FollowBox } from '../../../core/follows/views.js';

export function ItemPage(d: ItemPageData): JSX.Element {
  const { p, c, item } = d;
  const state = d.part.state;
  const errors: FieldErrors = { ...errorsIn(p, d.pollErrors), ...(d.commentForm ? { [commentFieldId(d.commentForm.target)]: d.commentForm.error } : {}) };
  return (
    <Layout ctx={p} title={item.title} description={item.description} hasErrors={Object.keys(errors).length > 0}>
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
      {state !== 'draft' ? (
        <CalendarLink ctx={p} href={`${itemUrl(c, item.id)}/calendar.ics`} what={tr(p, 'початок і завершення', 'opening and closing')} />
      ) : (
        ''
      )}
      <VersionLinks p={p} c={c} item={item} moderator={d.moderator} />
      {d.follow ? <FollowBox p={p} state={d.follow} /> : ''}
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
          <a href={`${itemUrl(c, item.id)}/report`}>
            {t(p, 'Звіт: результати й коментарі (друк, CSV, XLSX)', 'Report: results and comments (print, CSV, XLSX)')}
          </a>
        </p>
      ) : (
        ''
      )}
    </Layout>
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
            <a href={`${url}/outcome`}>
              {item.outcomePublishedAt ? t(p, 'Змінити підсумки', 'Change the outcome') : t(p, 'Опублікувати підсумки', 'Publish the outcome')}
            </a>
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
          <SubmitButton variant="warning">{t(p, 'Завершити достроково', 'Close early')}</SubmitButton>
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
  const label = {
    accepted: tr(p, 'Враховано', 'Taken up'),
    partly: tr(p, 'Враховано частково', 'Partly taken up'),
    rejected: tr(p, 'Не враховано', 'Not taken up'),
  };
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
                <strong safe>{label[x.decision!]}</strong>:{' '}
                <a href={`#comment-${x.id}`} safe>
                  {excerpt(x.body, 120)}
                </a>
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

function ConsultationPart({ d }: { d: ItemPageData }): JSX.Element {
  const { p } = d;
  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title" safe>
        {`${tr(p, 'Пропозиції та коментарі', 'Proposals and comments')} (${d.comments.length})`}
      </h2>
      {canAct(d) ? (
        <CommentForm d={d} target="main" label={tr(p, 'Ваша пропозиція або коментар', 'Your proposal or comment')} />
      ) : (
        <Refusal d={d} what={tr(p, 'Коментувати:', 'Commenting:')} />
      )}
      <CommentThread d={d} list={d.comments} />
    </section>
  );
}

// ---------- poll ----------
