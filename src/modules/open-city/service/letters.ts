/** Letters of Open City: who hears about a report, and the queueing of one letter each (in the caller's transaction). */
import type { CoreContext } from '../../../core/context.js';
import type { Db } from '../../../core/db/database.js';
import { queueMail } from '../../../core/mail/mailer.js';
import { composeMail } from '../../../core/mail/templates.js';
import type { Lang } from '../../../core/i18n/index.js';
import { reportSubscribers, type ReportRow } from '../repository.js';

export function reportUrl(ctx: CoreContext, slug: string, id: number): string {
  return `${ctx.config.publicUrl}/${slug}/open-city/reports/${id}`;
}

export interface Recipient {
  email: string;
  lang: Lang;
  unsubscribe: string | null;
}

/** The reporter (unless they turned mail off) and everyone subscribed to the report, each once. */
export async function reportRecipients(ctx: CoreContext, db: Db, report: ReportRow, slug: string): Promise<Recipient[]> {
  const out = new Map<string, Recipient>();
  if (report.reporterUserId !== null) {
    const u = await db
      .selectFrom('users')
      .select(['email', 'lang', 'notify_email'])
      .where('id', '=', report.reporterUserId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (u?.email && u.notify_email) out.set(u.email.toLowerCase(), { email: u.email, lang: u.lang, unsubscribe: null });
  } else if (report.contactEmail) {
    out.set(report.contactEmail.toLowerCase(), { email: report.contactEmail, lang: 'uk', unsubscribe: null });
  }
  for (const s of await reportSubscribers(db, report.id)) {
    if (!out.has(s.email.toLowerCase()))
      out.set(s.email.toLowerCase(), { email: s.email, lang: 'uk', unsubscribe: `${ctx.config.publicUrl}/${slug}/open-city/unsubscribe/${s.token}` });
  }
  return [...out.values()];
}

interface Letter {
  subject: string;
  paragraphs: string[];
}

/** Queues one letter for each recipient in their language: `letter` is the pair of texts, or builds one for a language. */
export async function mailAll(
  ctx: CoreContext,
  db: Db,
  recipients: Recipient[],
  letter: Record<Lang, Letter> | ((lang: Lang) => Letter),
  link: (lang: Lang) => { label: string; href: string },
): Promise<void> {
  for (const r of recipients) {
    const m = typeof letter === 'function' ? letter(r.lang) : letter[r.lang];
    const paragraphs = r.unsubscribe ? [...m.paragraphs, r.lang === 'uk' ? `Відписатися: ${r.unsubscribe}` : `Unsubscribe: ${r.unsubscribe}`] : m.paragraphs;
    await queueMail(db, r.email, composeMail(m.subject, paragraphs, link(r.lang)), ctx.clock.now());
  }
}

export const reportLink = (ctx: CoreContext, slug: string, id: number) => (lang: Lang) => ({
  label: lang === 'uk' ? 'Переглянути звернення' : 'View the report',
  href: reportUrl(ctx, slug, id),
});
