/** The notice board page: the form (or why one may not post), and the notices, hidden ones marked. */
import { Layout } from '../../../core/views/layout.js';
import { feedRefs } from '../../../core/feeds/feeds.js';
import { FeedLinks } from '../../../core/feeds/links.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { CsrfField, ErrorSummary, SubmitButton, type FormState, fieldsFor } from '../../../core/views/forms.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import { isCommunityModerator, type ParticipationRefusal } from '../../../core/permissions/policy.js';
import { shownName } from '../../../core/users/public-name.js';
import { RefusalNotice } from '../../../core/views/kit.js';
import type { Community } from '../../../core/communities/community.js';
import type { Notice } from '../repository.js';
import { NOTICE_MAX } from '../forms.js';
import { CHARACTERS_UP_TO, plural } from '../../../core/i18n/index.js';

export function NoticesPage(props: {
  p: PageCtx;
  c: Community;
  notices: Notice[];
  hidden: Set<string>;
  refusal: ParticipationRefusal | null;
  blockReason: string | null;
  form: FormState;
}): JSX.Element {
  const { p, c } = props;
  const moderator = isCommunityModerator(p.viewer, c.id);
  const feeds = feedRefs(`/${c.slug}/notices`);
  const field = fieldsFor(p, props.form);
  return (
    <Layout ctx={p} title={tr(p, 'Оголошення громади', 'Community notices')} hasErrors={Object.keys(props.form.errors).length > 0} feeds={feeds}>
      <ErrorSummary ctx={p} errors={props.form.errors} />
      <h1>{t(p, 'Оголошення громади', 'Community notices')}</h1>
      <FeedLinks ctx={p} feeds={feeds} />
      <p class="lead">
        {t(p, 'Короткі оголошення мешканців: зустрічі, толоки, знахідки.', 'Short notices from residents: meetings, clean-ups, lost and found.')}
      </p>
      {props.refusal === null ? (
        <form method="post" action={`/${c.slug}/notices`} novalidate>
          <CsrfField ctx={p} />
          <field.Area
            name="body"
            label={tr(p, 'Ваше оголошення', 'Your notice')}
            hint={tr(
              p,
              `До ${plural(NOTICE_MAX, CHARACTERS_UP_TO, 'uk')}. Буде видно ваше імʼя.`,
              `Up to ${plural(NOTICE_MAX, CHARACTERS_UP_TO, 'en')}. Your name will be shown.`,
            )}
            rows={3}
          />
          <SubmitButton>{t(p, 'Опублікувати', 'Publish')}</SubmitButton>
        </form>
      ) : (
        <RefusalNotice ctx={p} refusal={props.refusal} blockReason={props.blockReason} signInReturn={`/${c.slug}/notices`} />
      )}
      <ul class="notices">
        {props.notices.map((n) => {
          const isHidden = props.hidden.has(String(n.id));
          return (
            <li class="card" id={`notice-${n.id}`}>
              {isHidden ? <p class="hidden-note">{t(p, 'Приховано модератором', 'Hidden by a moderator')}</p> : ''}
              {!isHidden || moderator ? (
                <p class={isHidden ? 'hidden-text' : undefined} safe>
                  {n.body}
                </p>
              ) : (
                ''
              )}
              <p class="meta" safe>
                {`${shownName(n.authorName, p.lang) || tr(p, 'Видалений обліковий запис', 'Deleted account')} · ${formatKyivDateTime(n.createdAt, p.lang)}`}
              </p>
              {p.viewer && !isHidden ? (
                <a class="small" href={`/complaints/new?type=notice&id=${n.id}`}>
                  {t(p, 'Поскаржитися', 'Report')}
                </a>
              ) : (
                ''
              )}
              {moderator && isHidden ? (
                <form method="post" action={`/${c.slug}/manage/unhide`} class="inline-form">
                  <CsrfField ctx={p} />
                  <input type="hidden" name="type" value="notice" />
                  <input type="hidden" name="id" value={String(n.id)} />
                  <label for={`unhide-${n.id}`}>{t(p, 'Причина відновлення', 'Reason to restore')}</label>
                  <input id={`unhide-${n.id}`} name="reason" type="text" maxlength="300" />
                  <SubmitButton variant="secondary">{t(p, 'Показати знову', 'Unhide')}</SubmitButton>
                </form>
              ) : (
                ''
              )}
            </li>
          );
        })}
      </ul>
    </Layout>
  );
}
