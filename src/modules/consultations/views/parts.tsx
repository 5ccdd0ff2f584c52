/** Pieces shared by the public pages of consultations: addresses, the state badge, the period, the item page's data. */
import type { FollowState } from '../../../core/follows/views.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import type { FieldErrors, FormState } from '../../../core/views/forms.js';
import { formatKyivDate } from '../../../core/calendar/index.js';
import { formatNumber, plural, type Text } from '../../../core/i18n/index.js';
import { RefusalNotice, StatusBadge } from '../../../core/views/kit.js';
import type { Community } from '../../../core/communities/community.js';
import type { AttachmentMeta, Comment, Item, MyStance, Section, StanceTally } from '../repository.js';
import { STATE_LABEL, type State } from '../rules/model.js';
import type { Participation } from '../access.js';
import type { Answer, FormBody, PollQuestion, QuestionResult } from '../rules/poll.js';
import { showsLevels, type LevelCounts } from '../rules/levels.js';

export const base = (c: Community) => `/${c.slug}/consultations`;

export const itemUrl = (c: Community, id: number) => `${base(c)}/${id}`;

export const hasErrors = (f: FormState) => Object.keys(f.errors).length > 0;

export const errorsIn = (p: PageCtx, errors: Record<string, Text>): FieldErrors => Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v[p.lang]]));

export function StateBadge({ p, state }: { p: PageCtx; state: State }): JSX.Element {
  return <StatusBadge ctx={p} cls={`badge state-${state}`} label={STATE_LABEL[state]} />;
}

export function period(p: PageCtx, item: Item): string {
  return tr(
    p,
    `${formatKyivDate(item.startsAt, 'uk')} — ${formatKyivDate(item.endsAt, 'uk')}`,
    `${formatKyivDate(item.startsAt, 'en')} — ${formatKyivDate(item.endsAt, 'en')}`,
  );
}

// ---------- the list ----------

export function excerpt(s: string, n: number): string {
  const chars = [...s];
  return chars.length > n ? `${chars.slice(0, n - 1).join('')}…` : s;
}

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
  /** The person's response; `receipt` is the number of its transparency-log receipt (null before the log). */
  myResponse: { answers: Record<string, Answer>; createdAt: Date; receipt: number | null } | null;
  pollValues: FormBody;
  pollErrors: Record<string, Text>;
  results: QuestionResult[] | null;
  responses: number;
  /** What the transparency log gives as a poll's answers (every level) and at which checkpoint. */
  logged: { count: number; checkpoint: number } | null;
  /** A poll's responses, or an act's people with a stance, at each sign-in level (with the results, when shown). */
  levels: LevelCounts | null;
  sections: Section[];
  tallies: Map<number, StanceTally> | null;
  myStances: Map<number, MyStance>;
  commentForm: CommentFormState | null;
  flash: string | null;
  /** Following this item by e-mail (null: a draft, nothing to follow). */
  follow: FollowState | null;
}

export function Refusal({ d, what }: { d: ItemPageData; what: string }): JSX.Element {
  const { p, c } = d;
  const state = d.part.state;
  if (state === 'scheduled')
    return (
      <p class="notice">
        {d.item.kind === 'poll'
          ? t(p, 'Участь відкриється, коли почнеться опитування.', 'Participation opens when the poll starts.')
          : t(p, 'Участь відкриється, коли почнеться обговорення.', 'Participation opens when the discussion starts.')}
      </p>
    );
  if (state === 'ended') return <p class="notice">{t(p, 'Час вийшов: участь завершено.', 'Time is up: participation has ended.')}</p>;
  if (state === 'draft')
    return <p class="notice">{t(p, 'Це чернетка: участь відкриється після публікації.', 'This is a draft: participation opens once published.')}</p>;
  if (!d.part.refusal) return '';
  return <RefusalNotice ctx={p} refusal={d.part.refusal} blockReason={d.part.blockReason} lead={what} signInReturn={itemUrl(c, d.item.id)} />;
}

export const canAct = (d: ItemPageData) => d.part.state === 'active' && d.part.refusal === null;

// ---------- comments ----------

export function commentFieldId(target: string): string {
  return target === 'main' ? 'comment-body' : `comment-body-${target}`;
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

// ---------- sign-in levels ----------

/**
 * How many answers (a poll) or people with a stance (an act) came at each sign-in level, shown where e-mail-level
 * people may take part or some did; where the item's rule says e-mail-level ones do not count, says so.
 */
export function LevelCountsLine({ p, item, counts }: { p: PageCtx; item: Item; counts: LevelCounts }): JSX.Element {
  if (!showsLevels(item, counts)) return <></>;
  const f = (x: number) => formatNumber(x, p.lang);
  const rule = item.kind === 'poll' ? tr(p, 'цього опитування', 'this poll') : tr(p, 'цього обговорення', 'this discussion');
  return (
    <p class="meta level-counts" safe>
      {item.emailCounts
        ? tr(
            p,
            `З них через id.gov.ua: ${f(counts.idgovua)}, через ел. пошту й телефон: ${f(counts.email)}.`,
            `Of these, through id.gov.ua: ${f(counts.idgovua)}; by e-mail and phone: ${f(counts.email)}.`,
          )
        : tr(
            p,
            `Через id.gov.ua: ${f(counts.idgovua)}. Через ел. пошту й телефон: ${f(counts.email)} — за правилами ${rule} до результатів не зараховуються.`,
            `Through id.gov.ua: ${f(counts.idgovua)}. By e-mail and phone: ${f(counts.email)}, which by the rules of ${rule} do not count toward the results.`,
          )}
    </p>
  );
}

/** A section's stances at each level, after its tally: the e-mail-level ones left out are named with their number. */
export function stanceLevelsText(p: PageCtx, item: Item, counts: LevelCounts): string {
  if (!showsLevels(item, counts)) return '';
  const f = (x: number) => formatNumber(x, p.lang);
  const stances = (n: number) => plural(n, { uk: ['позиція', 'позиції', 'позицій'], en: ['stance', 'stances'] }, p.lang);
  return item.emailCounts
    ? tr(
        p,
        ` (з них через id.gov.ua: ${f(counts.idgovua)}, через ел. пошту й телефон: ${f(counts.email)})`,
        ` (of these, through id.gov.ua: ${f(counts.idgovua)}; by e-mail and phone: ${f(counts.email)})`,
      )
    : tr(
        p,
        ` (лише через id.gov.ua; ще ${stances(counts.email)} через ел. пошту й телефон не зараховано)`,
        ` (through id.gov.ua only; ${stances(counts.email)} by e-mail and phone not counted)`,
      );
}
