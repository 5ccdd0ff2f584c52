import { Layout } from '../../../core/views/layout.js';
import { CalendarLink } from '../../../core/feeds/links.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { shownName } from '../../../core/users/public-name.js';
import { Pagination } from '../../../core/views/pagination.js';
import { formatKyivDate, formatKyivDateTime } from '../../../core/calendar/index.js';
import type { Community } from '../../../core/communities/community.js';
import type { Category, PetitionRow, SignatureRow } from '../repository.js';
import { DECISION_LABELS, rejectionReason, STATUS_LABELS, type PetitionState } from '../rules.js';
import { daysLeftText, deadlineText, LevelCounts, Progress, StatusTag } from './parts.js';
import { LogCountLine, LogReceiptLine, RefusalNotice } from '../../../core/views/kit.js';
import type { ParticipationRefusal } from '../../../core/permissions/policy.js';
import type { PluralText } from '../../../core/i18n/index.js';
import { FollowBox, type FollowState } from '../../../core/follows/views.js';

const SIGNATURES: PluralText = { uk: ['підпис', 'підписи', 'підписів'], en: ['signature', 'signatures'] };

export interface PetitionPageProps {
  p: PageCtx;
  c: Community;
  row: PetitionRow;
  state: PetitionState;
  category: Category | undefined;
  /** The «№» (within the community) of the petition this one duplicates. */
  duplicateNumber?: number | null;
  signatures: SignatureRow[];
  signaturesTotal: number;
  page: number;
  perPage: number;
  now: Date;
  cal: { martialLaw: boolean };
  mySignature: Date | null;
  /** The number of the signature's transparency-log receipt (null for one made before the log). */
  myReceipt: number | null;
  /** What the transparency log gives as the petition's count (counted as its own rule counts) and at which checkpoint. */
  logged: { count: number; checkpoint: number };
  refusal: ParticipationRefusal | null;
  blockReason: string | null;
  isModerator: boolean;
  notice: string | null;
  /** Following this petition by e-mail (null: not public, nothing to follow). */
  follow: FollowState | null;
}

function timeline(props: PetitionPageProps): { at: Date; label: string }[] {
  const { row: r, state: s, p } = props;
  const items: { at: Date | null; label: string }[] = [
    { at: r.submitted_at, label: tr(p, 'Подано, на модерації', 'Submitted, in moderation') },
    { at: r.published_at, label: tr(p, 'Опубліковано, почався збір підписів', 'Published, collecting signatures') },
    { at: r.rejected_at, label: tr(p, 'Відхилено модератором', 'Rejected by the moderator') },
    { at: s.considerationStartedAt, label: tr(p, 'Набрано потрібні підписи, передано на розгляд', 'Threshold reached, under consideration') },
    { at: s.failedAt, label: tr(p, 'Строк збору минув, підписів замало', 'Term over without enough signatures') },
    {
      at: r.appeal_forwarded_on ? new Date(`${r.appeal_forwarded_on}T12:00:00Z`) : null,
      label: tr(p, 'Передано на розгляд як звернення громадян', 'Passed on as an individual appeal'),
    },
    { at: r.answered_at, label: tr(p, 'Розглянуто, оприлюднено відповідь', 'Considered, answer published') },
  ];
  return items.filter((i): i is { at: Date; label: string } => i.at !== null).sort((a, b) => a.at.getTime() - b.at.getTime());
}

export function PetitionPage(props: PetitionPageProps): JSX.Element {
  const { p, c, row: r, state: s } = props;
  const reason = rejectionReason(r.rejection_reason);
  // The law's bans: the text of such a petition is not shown to the public.
  const hideText = s.status === 'rejected' && reason?.legalBan && !props.isModerator;
  const base = `/${c.slug}/petitions/${r.id}`;
  return (
    <Layout ctx={p} title={r.title} description={hideText ? undefined : r.body}>
      <p>
        <a href={`/${c.slug}/petitions`}>{t(p, '← Усі петиції', '← All petitions')}</a>
      </p>
      {props.notice ? (
        <div class="notice" role="status" safe>
          {props.notice}
        </div>
      ) : (
        ''
      )}
      <h1 safe>{r.title}</h1>
      <p class="meta">
        <span safe>{`№ ${r.number} · ${props.category?.name[p.lang] ?? ''} · `}</span>
        <StatusTag ctx={p} status={s.status} />
      </p>
      {s.status !== 'moderation' && s.status !== 'rejected' ? <Progress ctx={p} count={r.signature_count} threshold={r.signature_threshold} /> : ''}
      {s.status !== 'moderation' && s.status !== 'rejected' ? <LevelCounts ctx={p} row={r} /> : ''}
      {s.status !== 'moderation' && s.status !== 'rejected' ? (
        <LogCountLine ctx={p} count={props.logged.count} checkpoint={props.logged.checkpoint} noun={SIGNATURES} />
      ) : (
        ''
      )}
      {s.status === 'collecting' && r.collection_ends_at ? (
        <p
          safe
        >{`${tr(p, 'Збір підписів до', 'Collecting until')} ${formatKyivDate(r.collection_ends_at, p.lang)} — ${daysLeftText(props.now, r.collection_ends_at, p.lang)}`}</p>
      ) : (
        ''
      )}
      {s.status === 'collecting' && r.collection_ends_at ? (
        <CalendarLink ctx={p} href={`${base}/calendar.ics`} what={tr(p, 'завершення збору підписів', 'end of the signature collection')} />
      ) : (
        ''
      )}
      <SignBox {...props} />
      {props.follow ? <FollowBox p={p} state={props.follow} /> : ''}
      {hideText ? (
        <p class="notice warning">
          {t(p, 'Текст петиції не оприлюднюється: вона порушує заборони закону.', 'The text is not published: the petition breaks the bans of the law.')}
        </p>
      ) : (
        <div class="petition-text" safe>
          {r.body}
        </div>
      )}
      <p class="meta" safe>{`${tr(p, 'Автор', 'Author')}: ${shownName(r.author_name, p.lang)}`}</p>
      {s.status === 'rejected' ? (
        <div class="notice warning">
          <h2>{t(p, 'Причина відхилення', 'Reason for rejection')}</h2>
          <p safe>{reason?.label[p.lang] ?? ''}</p>
          {r.duplicate_of ? (
            <p>
              {t(p, 'Дублює петицію', 'Duplicates petition')}{' '}
              <a href={`/${c.slug}/petitions/${r.duplicate_of}`} safe>{`№ ${props.duplicateNumber ?? r.duplicate_of}`}</a>
            </p>
          ) : (
            ''
          )}
          {r.rejection_note ? <p safe>{r.rejection_note}</p> : ''}
        </div>
      ) : (
        ''
      )}
      {s.status === 'answered' ? (
        <section class="card">
          <h2>{t(p, 'Відповідь ради', 'Answer of the council')}</h2>
          <p>
            <strong>{r.answer_decision ? t(p, DECISION_LABELS[r.answer_decision].uk, DECISION_LABELS[r.answer_decision].en) : ''}</strong>
          </p>
          <div class="petition-text" safe>
            {r.answer_text ?? ''}
          </div>
          <p
            class="meta"
            safe
          >{`${r.answer_official_name ?? ''}, ${r.answer_official_position ?? ''} · ${r.answered_at ? formatKyivDate(r.answered_at, p.lang) : ''}`}</p>
          {r.answer_pdf_name ? (
            <p>
              <a href={`${base}/answer.pdf`}>{t(p, 'Рішення (PDF)', 'Decision (PDF)')}</a>
            </p>
          ) : (
            ''
          )}
        </section>
      ) : (
        ''
      )}
      <h2>{t(p, 'Дати', 'Dates')}</h2>
      <dl class="summary-list">
        <dt>{t(p, 'Подано', 'Submitted')}</dt>
        <dd safe>{formatKyivDateTime(r.submitted_at, p.lang)}</dd>
        {s.status === 'moderation' ? (
          <>
            <dt>{t(p, 'Модерація', 'Moderation')}</dt>
            <dd safe>{deadlineText(p, props.now, r.moderation_due_at, props.cal)}</dd>
          </>
        ) : (
          ''
        )}
        {r.published_at ? (
          <>
            <dt>{t(p, 'Опубліковано', 'Published')}</dt>
            <dd safe>{formatKyivDateTime(r.published_at, p.lang)}</dd>
          </>
        ) : (
          ''
        )}
        {r.collection_ends_at ? (
          <>
            <dt>{t(p, 'Кінець збору підписів', 'Collection ends')}</dt>
            <dd safe>{formatKyivDate(r.collection_ends_at, p.lang)}</dd>
          </>
        ) : (
          ''
        )}
        {s.considerationStartedAt ? (
          <>
            <dt>{t(p, 'Початок розгляду', 'Consideration started')}</dt>
            <dd safe>{formatKyivDate(s.considerationStartedAt, p.lang)}</dd>
          </>
        ) : (
          ''
        )}
        {s.considerationDueAt ? (
          <>
            <dt>{t(p, 'Розглянути до', 'Answer due')}</dt>
            <dd safe>
              {s.status === 'consideration' ? deadlineText(p, props.now, s.considerationDueAt, props.cal) : formatKyivDate(s.considerationDueAt, p.lang)}
            </dd>
          </>
        ) : (
          ''
        )}
        {r.answered_at ? (
          <>
            <dt>{t(p, 'Відповідь', 'Answered')}</dt>
            <dd safe>{formatKyivDate(r.answered_at, p.lang)}</dd>
          </>
        ) : (
          ''
        )}
      </dl>
      <h2>{t(p, 'Хронологія', 'Timeline')}</h2>
      <ol class="timeline">
        {timeline(props).map((i) => (
          <li>
            <span class="meta" safe>
              {formatKyivDateTime(i.at, p.lang)}
            </span>
            <br />
            <span safe>{i.label}</span>
          </li>
        ))}
      </ol>
      {s.status !== 'moderation' && !hideText ? (
        <section>
          <h2 id="signatures">{t(p, 'Підписанти', 'Signatories')}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">№</th>
                  <th scope="col">{t(p, 'ПІБ', 'Name')}</th>
                  <th scope="col">{t(p, 'Дата й час', 'Date and time')}</th>
                </tr>
              </thead>
              <tbody>
                {props.signatures.map((sig, i) => (
                  <tr>
                    <td safe>{String((props.page - 1) * props.perPage + i + 1)}</td>
                    <td safe>{shownName(sig.signerName, p.lang)}</td>
                    <td safe>{formatKyivDateTime(sig.signedAt, p.lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination ctx={p} page={props.page} total={props.signaturesTotal} perPage={props.perPage} base={`${base}?`} />
          <p>
            <a href={`${base}/signatures.csv`}>{t(p, 'Список підписантів (CSV)', 'Signatories (CSV)')}</a>
          </p>
        </section>
      ) : (
        ''
      )}
      {props.isModerator ? (
        <p>
          <a class="button secondary" href={`/${c.slug}/manage/petitions/${r.id}`}>
            {t(p, 'Модерувати цю петицію', 'Moderate this petition')}
          </a>
        </p>
      ) : (
        ''
      )}
      <p class="meta" safe>{`${tr(p, 'Стан', 'State')}: ${STATUS_LABELS[s.status][p.lang]}`}</p>
    </Layout>
  );
}

function SignBox(props: PetitionPageProps): JSX.Element {
  const { p, c, row: r, state: s } = props;
  // The signer is told they signed even when their signature closed the collection.
  if (props.mySignature) {
    // A receipt worth keeping (issue #21): what was done, when, and how to check it, printable as it is.
    return (
      <div class="confirmation-panel" role="status">
        <p>
          <strong safe>
            {tr(
              p,
              `Ви підписали цю петицію ${formatKyivDateTime(props.mySignature, 'uk')}. Підпис під петицією № ${r.number} зараховано.`,
              `You signed this petition on ${formatKyivDateTime(props.mySignature, 'en')}. Your signature on petition No. ${r.number} is counted.`,
            )}
          </strong>
        </p>
        <LogReceiptLine ctx={p} receipt={props.myReceipt} check={{ uk: 'Перевірити мій підпис', en: 'Check my signature' }} />
        <p class="no-print">
          <a href={`/${c.slug}/petitions/${r.id}?print=1`}>{t(p, 'Роздрукувати', 'Print')}</a> ·{' '}
          <a href="/cabinet">{t(p, 'Усі мої квитанції в кабінеті', 'All my receipts in the cabinet')}</a>
        </p>
      </div>
    );
  }
  if (s.status !== 'collecting') return '';
  if (props.refusal && props.refusal !== 'signed-out') {
    return <RefusalNotice ctx={p} refusal={props.refusal} blockReason={props.blockReason} variant="line" warning />;
  }
  return (
    <p>
      <a class="button" href={`/${c.slug}/petitions/${r.id}/sign`}>
        {t(p, 'Підписати', 'Sign')}
      </a>
    </p>
  );
}
