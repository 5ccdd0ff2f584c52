/**
 * Letters of the participatory budget: the author hears of every review decision and implementation step
 * of their project; supporters who asked for letters hear whether it reached the ballot and whether it
 * was built. Queued in the caller's transaction, so a status change and its letters land together.
 */
import { sql } from 'kysely';
import type { CoreContext } from '../../../core/context.js';
import type { Db } from '../../../core/db/database.js';
import { composeMail, type MailContent } from '../../../core/mail/templates.js';
import { queueMail } from '../../../core/mail/mailer.js';
import type { Lang } from '../../../core/i18n/index.js';
import { IMPL_LABELS } from '../rules.js';
import type { ImplStatus } from '../tables.js';
import type { Project } from '../repository/projects.js';
import { tables } from '../tables.js';

export type ProjectLetter =
  | { kind: 'admitted'; code: string | null; note: string | null }
  | { kind: 'needs_changes'; note: string | null }
  | { kind: 'rejected'; note: string | null }
  | { kind: 'implementation'; status: ImplStatus; body: string };

export function projectMail(lang: Lang, title: string, url: string, l: ProjectLetter, asAuthor: boolean): MailContent {
  const uk = lang === 'uk';
  const q = `«${title}»`;
  const link = { label: uk ? 'Відкрити проєкт' : 'Open the project', href: url };
  const whose = asAuthor ? (uk ? `Ваш проєкт ${q}` : `Your project ${q}`) : uk ? `Проєкт ${q}, який ви підтримали,` : `The project ${q} you supported`;
  const note = (n: string | null) => (n ? [`${uk ? 'Коментар модератора' : 'Moderator’s note'}: ${n}`] : []);
  const optOut = asAuthor
    ? []
    : [uk ? 'Відмовитися від таких листів можна в кабінеті (розділ «Сповіщення»).' : 'You can stop such letters in your cabinet (Notifications).'];
  switch (l.kind) {
    case 'admitted':
      return composeMail(
        uk ? `Проєкт допущено до голосування: ${q}` : `Project admitted to the vote: ${q}`,
        [
          uk ? `${whose} допущено до голосування${l.code ? ` під кодом ${l.code}` : ''}.` : `${whose} is admitted to the vote${l.code ? ` as ${l.code}` : ''}.`,
          ...note(l.note),
          ...optOut,
        ],
        link,
      );
    case 'needs_changes':
      return composeMail(
        uk ? `Проєкт потребує доопрацювання: ${q}` : `Project needs changes: ${q}`,
        [
          uk ? `${whose} повернуто на доопрацювання. Виправте його й надішліть знову.` : `${whose} was returned for changes. Edit it and submit it again.`,
          ...note(l.note),
        ],
        link,
      );
    case 'rejected':
      return composeMail(
        uk ? `Проєкт відхилено: ${q}` : `Project rejected: ${q}`,
        [uk ? `${whose} не допущено до голосування.` : `${whose} was not admitted to the vote.`, ...note(l.note), ...optOut],
        link,
      );
    case 'implementation':
      return composeMail(
        uk ? `Реалізація проєкту: ${q} — ${IMPL_LABELS[l.status].uk}` : `Project implementation: ${q} — ${IMPL_LABELS[l.status].en}`,
        [uk ? `${whose}: ${IMPL_LABELS[l.status].uk.toLowerCase()}.` : `${whose}: ${IMPL_LABELS[l.status].en.toLowerCase()}.`, l.body, ...optOut],
        link,
      );
  }
}

/** Needs-changes letters go to the author only: supporters hear when there is an outcome. */
export async function tellProjectPeople(ctx: CoreContext, db: Db, a: { project: Project; slug: string; letter: ProjectLetter }): Promise<void> {
  const x = a.project;
  const url = `${ctx.config.publicUrl}/${a.slug}/budgets/${x.contestId}/projects/${x.id}`;
  const author = x.authorUserId ? await db.selectFrom('users').select(['lang', 'email']).where('id', '=', x.authorUserId).executeTakeFirst() : undefined;
  const authorEmail = x.authorEmail ?? author?.email ?? null;
  // Letters about one's own project are part of the procedure, so they ignore the opt-out.
  if (authorEmail) await queueMail(db, authorEmail, projectMail(author?.lang ?? 'uk', x.title, url, a.letter, true), ctx.clock.now());
  if (a.letter.kind === 'needs_changes') return;
  const supporters = await tables(db)
    .selectFrom('budget_supports as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.email', 'u.lang'])
    .where('s.project_id', '=', x.id)
    .where('u.notify_email', '=', true)
    .where('u.email', 'is not', null)
    .where('u.deleted_at', 'is', null)
    .where(sql<boolean>`s.user_id is distinct from ${x.authorUserId}`)
    .execute();
  for (const s of supporters) await queueMail(db, s.email!, projectMail(s.lang, x.title, url, a.letter, false), ctx.clock.now());
}
