/** Letters of the petitions module, in the recipient's language: to the author at each transition, to the signers about the answer. */
import { sql } from 'kysely';
import type { CoreContext } from '../../../core/context.js';
import type { Db } from '../../../core/db/database.js';
import { composeMail, type MailContent } from '../../../core/mail/templates.js';
import { plural, type Lang, type PluralText, type Text } from '../../../core/i18n/index.js';

const SIGNATURES: PluralText = { uk: ['підпис', 'підписи', 'підписів'], en: ['signature', 'signatures'] };
import { formatKyivDate } from '../../../core/calendar/index.js';
import { queueMail } from '../../../core/mail/mailer.js';
import { inTransaction } from '../../../core/db/transaction.js';
import type { PetitionRow } from '../repository.js';
import { DECISION_LABELS } from '../rules.js';
import { tables } from '../tables.js';

export const NOTIFY_SIGNERS_JOB = 'petitions.notify-signers';

export function petitionUrl(ctx: CoreContext, slug: string, id: number): string {
  return `${ctx.config.publicUrl}/${slug}/petitions/${id}`;
}

export type PetitionLetter =
  | { kind: 'published'; collectionEndsAt: Date; threshold: number }
  | { kind: 'rejected'; reason: Text; details: string }
  | { kind: 'threshold'; dueAt: Date }
  | { kind: 'answered'; decision: string }
  | { kind: 'failed' }
  | { kind: 'appeal'; on: string }
  | { kind: 'answered-signer'; decision: string };

export function petitionMail(lang: Lang, title: string, url: string, l: PetitionLetter): MailContent {
  const uk = lang === 'uk';
  const link = { label: uk ? 'Відкрити петицію' : 'Open the petition', href: url };
  const q = `«${title}»`;
  switch (l.kind) {
    case 'published':
      return composeMail(
        uk ? `Петицію опубліковано: ${q}` : `Petition published: ${q}`,
        [
          uk ? `Вашу петицію ${q} опубліковано. Триває збір підписів.` : `Your petition ${q} is published and collecting signatures.`,
          uk
            ? `Потрібно ${plural(l.threshold, SIGNATURES, 'uk')} до ${formatKyivDate(l.collectionEndsAt, lang)} включно.`
            : `It needs ${plural(l.threshold, SIGNATURES, 'en')} by ${formatKyivDate(l.collectionEndsAt, lang)} inclusive.`,
        ],
        link,
      );
    case 'rejected':
      return composeMail(
        uk ? `Петицію відхилено: ${q}` : `Petition rejected: ${q}`,
        [
          uk ? `Модератор відхилив вашу петицію ${q}.` : `A moderator rejected your petition ${q}.`,
          `${uk ? 'Причина' : 'Reason'}: ${[l.reason[lang], l.details].filter(Boolean).join('. ')}`,
        ],
        link,
      );
    case 'threshold':
      return composeMail(
        uk ? `Петиція набрала потрібні підписи: ${q}` : `Petition reached the threshold: ${q}`,
        [
          uk
            ? `Петиція ${q} набрала потрібну кількість підписів і передана на розгляд.`
            : `The petition ${q} has the signatures it needs and is now under consideration.`,
          uk ? `Рада має розглянути її до ${formatKyivDate(l.dueAt, lang)}.` : `The council must consider it by ${formatKyivDate(l.dueAt, lang)}.`,
        ],
        link,
      );
    case 'answered':
      return composeMail(
        uk ? `Відповідь на петицію: ${q}` : `Answer to the petition: ${q}`,
        [uk ? `Рада розглянула вашу петицію ${q}. Рішення: ${l.decision}.` : `The council considered your petition ${q}. Decision: ${l.decision}.`],
        link,
      );
    case 'answered-signer':
      return composeMail(
        uk ? `Відповідь на петицію, яку ви підписали: ${q}` : `Answer to a petition you signed: ${q}`,
        [
          uk ? `Рада розглянула петицію ${q}. Рішення: ${l.decision}.` : `The council considered the petition ${q}. Decision: ${l.decision}.`,
          uk ? 'Відмовитися від таких листів можна в кабінеті (розділ «Сповіщення»).' : 'You can stop such letters in your cabinet (Notifications).',
        ],
        link,
      );
    case 'failed':
      return composeMail(
        uk ? `Петиція не набрала підписів: ${q}` : `Petition did not get enough signatures: ${q}`,
        [
          uk
            ? `Строк збору підписів під петицією ${q} минув, а потрібної кількості не набрано. Її буде розглянуто як звернення громадян.`
            : `The term for the petition ${q} has ended without enough signatures. It will be handled as an individual appeal.`,
        ],
        link,
      );
    case 'appeal':
      return composeMail(
        uk ? `Петицію передано як звернення: ${q}` : `Petition passed on as an appeal: ${q}`,
        [
          uk
            ? `Петицію ${q} ${formatKyivDate(new Date(`${l.on}T12:00:00Z`), lang)} передано на розгляд як звернення громадян відповідно до закону.`
            : `On ${formatKyivDate(new Date(`${l.on}T12:00:00Z`), lang)} the petition ${q} was passed on to be handled as an appeal under the law.`,
        ],
        link,
      );
  }
}

export async function tellAuthor(ctx: CoreContext, db: Db, p: PetitionRow, slug: string, letter: PetitionLetter): Promise<void> {
  const author = p.author_user_id
    ? await db.selectFrom('users').select(['lang', 'notify_email']).where('id', '=', p.author_user_id).executeTakeFirst()
    : undefined;
  // The law requires answering the author, so letters about their own petition ignore the opt-out;
  // an author who deleted their account left no address.
  if (!p.author_email) return;
  await queueMail(db, p.author_email, petitionMail(author?.lang ?? 'uk', p.title, petitionUrl(ctx, slug, p.id), letter), ctx.clock.now());
}

/** The job that tells every signer (who has not opted out) about the answer, in batches. */
export async function notifySigners(ctx: CoreContext, payload: Record<string, unknown>): Promise<void> {
  const petitionId = Number(payload.petitionId);
  const p = await tables(ctx.db)
    .selectFrom('petitions as p')
    .innerJoin('communities as c', 'c.id', 'p.community_id')
    .select(['p.id', 'p.title', 'p.answer_decision', 'p.author_user_id', 'c.slug'])
    .where('p.id', '=', petitionId)
    .executeTakeFirst();
  if (!p || !p.answer_decision) return;
  const signers = await tables(ctx.db)
    .selectFrom('petition_signatures as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.email', 'u.lang'])
    .where('s.petition_id', '=', petitionId)
    .where('s.invalidated_at', 'is', null)
    .where('u.notify_email', '=', true)
    .where('u.email', 'is not', null)
    .where('u.deleted_at', 'is', null)
    .where(sql<boolean>`s.user_id is distinct from ${p.author_user_id}`)
    .execute();
  await inTransaction(ctx.db, async (trx) => {
    for (const s of signers) {
      await queueMail(
        trx,
        s.email!,
        petitionMail(s.lang, p.title, petitionUrl(ctx, p.slug, p.id), { kind: 'answered-signer', decision: DECISION_LABELS[p.answer_decision!][s.lang] }),
        ctx.clock.now(),
      );
    }
  });
}
