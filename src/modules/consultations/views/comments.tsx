/** Comments and replies on an item or an act's section: the form, one comment with its replies, the thread. */
import { t, tr } from '../../../core/views/page-context.js';
import { shownName } from '../../../core/users/public-name.js';
import { ActionButton, CsrfField, SubmitButton } from '../../../core/views/forms.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import { CHARACTERS_UP_TO, plural } from '../../../core/i18n/index.js';
import type { Comment } from '../repository.js';
import { COMMENT_MAX } from '../rules/model.js';
import { itemUrl, type ItemPageData, canAct, commentFieldId } from './parts.js';

export function CommentForm({
  d,
  target,
  label,
  sectionId,
  parentId,
}: {
  d: ItemPageData;
  target: string;
  label: string;
  sectionId?: number;
  parentId?: number;
}): JSX.Element {
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
          {t(
            p,
            `До ${plural(COMMENT_MAX, CHARACTERS_UP_TO, 'uk')}. Буде видно ваше імʼя.`,
            `Up to ${plural(COMMENT_MAX, CHARACTERS_UP_TO, 'en')}. Your name will be shown.`,
          )}
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
      <SubmitButton>{t(p, 'Надіслати', 'Send')}</SubmitButton>
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
        <span
          safe
        >{`${shownName(x.authorName, p.lang) || tr(p, 'Видалений обліковий запис', 'Deleted account')} · ${formatKyivDateTime(x.createdAt, p.lang)}`}</span>
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
          <SubmitButton variant="secondary">{t(p, 'Показати знову', 'Unhide')}</SubmitButton>
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

export function CommentThread({ d, list }: { d: ItemPageData; list: Comment[] }): JSX.Element {
  const top = list.filter((x) => x.parentId === null);
  return (
    <ul class="comments">
      {top.map((x) => (
        <CommentItem d={d} x={x} replies={list.filter((r) => r.parentId === x.id)} />
      ))}
    </ul>
  );
}
