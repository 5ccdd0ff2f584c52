/**
 * Open City's operations: each one changes state, writes the timeline and the audit log, and queues the
 * letters it causes, all in one transaction, so none of them exists without the others.
 */
import { assertParticipationOpen } from '../../core/communities/participation-gate.js';
import type { CoreContext } from '../../core/context.js';
import type { Db } from '../../core/db/database.js';
import type { Community } from '../../core/communities/community.js';
import { recordAudit } from '../../core/audit/audit-log.js';
import { queueMail } from '../../core/mail/mailer.js';
import { composeMail } from '../../core/mail/templates.js';
import { formatKyivDate } from '../../core/calendar/index.js';
import { randomToken } from '../../core/sessions/sessions.js';
import type { Lang } from '../../core/i18n/index.js';
import {
  answerDeadline,
  canReporterRespond,
  canTransition,
  isOpen,
  QUESTION_AFTER_DAYS,
  STATUS_LABEL,
  type Actor,
  type Status,
} from './rules.js';
import {
  addSupport,
  areaSubscribersAt,
  insertPhoto,
  insertReport,
  insertUpdate,
  lockReport,
  reportSubscribers,
  setReportState,
  type ActorRole,
  type Category,
  type ReportRow,
} from './repository.js';
import { tables } from './tables.js';
import type { ProcessedPhoto } from './photos.js';

export class OpenCityError extends Error {
  constructor(
    readonly code: 'conflict' | 'forbidden' | 'not-found' | 'window-closed',
    message: string,
  ) {
    super(message);
  }
}

export function reportUrl(ctx: CoreContext, slug: string, id: number): string {
  return `${ctx.config.publicUrl}/${slug}/open-city/reports/${id}`;
}

interface Recipient {
  email: string;
  lang: Lang;
  unsubscribe: string | null;
}

/** The reporter (unless they turned mail off) and everyone subscribed to the report, each once. */
async function reportRecipients(ctx: CoreContext, db: Db, report: ReportRow, slug: string): Promise<Recipient[]> {
  const out = new Map<string, Recipient>();
  if (report.reporterUserId !== null) {
    const u = await db.selectFrom('users').select(['email', 'lang', 'notify_email']).where('id', '=', report.reporterUserId).where('deleted_at', 'is', null).executeTakeFirst();
    if (u?.email && u.notify_email) out.set(u.email.toLowerCase(), { email: u.email, lang: u.lang, unsubscribe: null });
  } else if (report.contactEmail) {
    out.set(report.contactEmail.toLowerCase(), { email: report.contactEmail, lang: 'uk', unsubscribe: null });
  }
  for (const s of await reportSubscribers(db, report.id)) {
    if (!out.has(s.email.toLowerCase())) out.set(s.email.toLowerCase(), { email: s.email, lang: 'uk', unsubscribe: `${ctx.config.publicUrl}/${slug}/open-city/unsubscribe/${s.token}` });
  }
  return [...out.values()];
}

async function mailAll(ctx: CoreContext, db: Db, recipients: Recipient[], make: (lang: Lang) => { subject: string; paragraphs: string[] }, link: (lang: Lang) => { label: string; href: string }): Promise<void> {
  for (const r of recipients) {
    const m = make(r.lang);
    const paragraphs = r.unsubscribe ? [...m.paragraphs, r.lang === 'uk' ? `Відписатися: ${r.unsubscribe}` : `Unsubscribe: ${r.unsubscribe}`] : m.paragraphs;
    await queueMail(db, r.email, composeMail(m.subject, paragraphs, link(r.lang)), ctx.clock.now());
  }
}

const reportLink = (ctx: CoreContext, slug: string, id: number) => (lang: Lang) => ({ label: lang === 'uk' ? 'Переглянути звернення' : 'View the report', href: reportUrl(ctx, slug, id) });

export interface CreateReportInput {
  community: Community;
  category: Category;
  title: string;
  description: string;
  address: string;
  point: { lat: number; lng: number } | null;
  attributes: Record<string, unknown>;
  mediaUrl: string | null;
  reporter: { userId: number; name: string; showName: boolean } | null;
  contact: { email: string | null; phone: string | null; name: string };
  partner: { apiKeyId: number; name: string } | null;
  photos: ProcessedPhoto[];
  source: 'web' | 'open311' | 'demo';
}

export async function createReport(ctx: CoreContext, input: CreateReportInput): Promise<{ id: number; token: string; deadline: Date }> {
  const now = ctx.clock.now();
  const deadline = answerDeadline(now, input.category.termDays, ctx.calendar);
  const token = randomToken(12);
  const id = await ctx.db.transaction().execute(async (trx) => {
    // The web form and Open311 both file here: nothing is filed while the community is suspended.
    await assertParticipationOpen(trx, input.community.id);
    const reportId = await insertReport(trx, {
      communityId: input.community.id,
      categoryId: input.category.id,
      departmentId: input.category.departmentId,
      status: 'new',
      title: input.title,
      description: input.description,
      address: input.address,
      point: input.point,
      attributes: input.attributes,
      mediaUrl: input.mediaUrl,
      reporterUserId: input.reporter?.userId ?? null,
      reporterName: input.reporter?.name ?? input.contact.name,
      showName: input.reporter?.showName ?? false,
      contactEmail: input.reporter ? null : input.contact.email,
      contactPhone: input.reporter ? null : input.contact.phone,
      source: input.source,
      apiKeyId: input.partner?.apiKeyId ?? null,
      token,
      now,
      deadline,
    });
    await insertUpdate(trx, {
      reportId,
      communityId: input.community.id,
      actorUserId: input.reporter?.userId ?? null,
      actorRole: input.partner ? 'partner' : 'reporter',
      kind: 'created',
      toStatus: 'new',
      body: input.partner ? `Open311: ${input.partner.name}` : '',
      now,
    });
    for (const p of input.photos) {
      await insertPhoto(trx, { reportId, communityId: input.community.id, updateId: null, mime: p.mime, width: p.width, height: p.height, data: p.data, thumb: p.thumb, now });
    }
    await recordAudit(trx, {
      communityId: input.community.id,
      actorUserId: input.reporter?.userId ?? null,
      action: 'open_city.report.created',
      subjectType: 'open_city_report',
      subjectId: reportId,
      after: { status: 'new', category: input.category.code, photos: input.photos.length, source: input.source, partner: input.partner?.name ?? null },
    });
    // Only these three fields decide who is told; the full row is not needed yet.
    const row = { id: reportId, reporterUserId: input.reporter?.userId ?? null, contactEmail: input.reporter ? null : input.contact.email } as ReportRow;
    const recipients = await reportRecipients(ctx, trx, row, input.community.slug);
    await mailAll(
      ctx,
      trx,
      recipients,
      (lang) =>
        lang === 'uk'
          ? {
              subject: `Звернення №${reportId} отримано: ${input.title}`,
              paragraphs: [
                `Ми отримали ваше звернення «${input.title}» (${input.category.name.uk}).`,
                `Після перевірки модератором воно надійде до підрозділу. Термін відповіді — до ${formatKyivDate(deadline, 'uk')}.`,
              ],
            }
          : {
              subject: `Report No. ${reportId} received: ${input.title}`,
              paragraphs: [
                `We have received your report «${input.title}» (${input.category.name.en}).`,
                `Once a moderator has checked it, it goes to the department. Answer due by ${formatKyivDate(deadline, 'en')}.`,
              ],
            },
      reportLink(ctx, input.community.slug, reportId),
    );
    return reportId;
  });
  return { id, token, deadline };
}

export interface StatusChange {
  community: Community;
  report: ReportRow;
  actorUserId: number;
  actor: Actor;
  to: Status;
  answer: string;
  duplicateOf: number | null;
  forwardedTo: string;
  /** A moderator accepting a report may correct its category (and so its department and term). */
  category: Category | null;
  photos: ProcessedPhoto[];
}

export async function changeStatus(ctx: CoreContext, c: StatusChange): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockReport(trx, c.report.id);
    if (!locked) throw new OpenCityError('not-found', 'no such report');
    if (!canTransition(c.actor, locked.status, c.to)) throw new OpenCityError('conflict', `cannot move from ${locked.status} to ${c.to}`);
    if (c.actor === 'executor' && locked.departmentId !== c.report.departmentId) throw new OpenCityError('conflict', 'the report was reassigned meanwhile');
    const routing = c.category && c.category.id !== c.report.categoryId ? c.category : null;
    const note = c.to === 'not_competent' ? c.forwardedTo : c.answer;
    await setReportState(trx, c.report.id, {
      status: c.to,
      statusNote: note,
      duplicateOf: c.to === 'duplicate' ? c.duplicateOf : null,
      forwardedTo: c.to === 'not_competent' ? c.forwardedTo : '',
      resolvedAt: c.to === 'resolved' ? now : isOpen(c.to) ? null : undefined,
      confirmedAt: c.to === 'resolved' || isOpen(c.to) ? null : undefined,
      ...(routing ? { categoryId: routing.id, departmentId: routing.departmentId, deadlineAt: answerDeadline(c.report.createdAt, routing.termDays, ctx.calendar) } : {}),
      now,
    });
    const body = c.to === 'duplicate' && c.duplicateOf ? `${c.answer}${c.answer ? '\n' : ''}→ №${c.duplicateOf}` : c.to === 'not_competent' ? `→ ${c.forwardedTo}${c.answer ? `\n${c.answer}` : ''}` : c.answer;
    const updateId = await insertUpdate(trx, {
      reportId: c.report.id,
      communityId: c.community.id,
      actorUserId: c.actorUserId,
      actorRole: c.actor,
      kind: 'status',
      fromStatus: locked.status,
      toStatus: c.to,
      body,
      fromDepartmentId: routing ? c.report.departmentId : null,
      toDepartmentId: routing ? routing.departmentId : null,
      now,
    });
    for (const p of c.photos) {
      await insertPhoto(trx, { reportId: c.report.id, communityId: c.community.id, updateId, mime: p.mime, width: p.width, height: p.height, data: p.data, thumb: p.thumb, now });
    }
    await recordAudit(trx, {
      communityId: c.community.id,
      actorUserId: c.actorUserId,
      action: 'open_city.report.status',
      subjectType: 'open_city_report',
      subjectId: c.report.id,
      before: { status: locked.status, category: c.report.categoryCode },
      after: { status: c.to, note, duplicateOf: c.duplicateOf, category: routing?.code ?? c.report.categoryCode, photos: c.photos.length },
    });
    const recipients = await reportRecipients(ctx, trx, c.report, c.community.slug);
    await mailAll(
      ctx,
      trx,
      recipients,
      (lang) => {
        const label = STATUS_LABEL[c.to][lang];
        const paragraphs =
          lang === 'uk'
            ? [`Статус звернення «${c.report.title}» змінено: ${label}.`, ...(body ? [`Відповідь: ${body}`] : [])]
            : [`The status of the report «${c.report.title}» has changed: ${label}.`, ...(body ? [`Answer: ${body}`] : [])];
        if (c.to === 'resolved') {
          paragraphs.push(
            lang === 'uk'
              ? 'Будь ласка, підтвердьте протягом 14 днів, що проблему справді усунуто, або відкрийте звернення знову.'
              : 'Please confirm within 14 days that the problem is really fixed, or reopen the report.',
          );
        }
        return { subject: lang === 'uk' ? `Звернення №${c.report.id}: ${label}` : `Report No. ${c.report.id}: ${label}`, paragraphs };
      },
      reportLink(ctx, c.community.slug, c.report.id),
    );
    // Once a report is public, people following that area hear of it.
    if (locked.status === 'new' && c.to === 'accepted' && c.report.lat !== null && c.report.lng !== null) {
      const already = new Set(recipients.map((r) => r.email.toLowerCase()));
      for (const s of await areaSubscribersAt(trx, c.community.id, { lat: c.report.lat, lng: c.report.lng })) {
        if (already.has(s.email.toLowerCase())) continue;
        already.add(s.email.toLowerCase());
        await mailAll(
          ctx,
          trx,
          [{ email: s.email, lang: 'uk', unsubscribe: `${ctx.config.publicUrl}/${c.community.slug}/open-city/unsubscribe/${s.token}` }],
          () => ({ subject: `Нове звернення поруч: ${c.report.title}`, paragraphs: [`У районі, за яким ви стежите, нове звернення: «${c.report.title}» (${c.report.address || `${c.report.lat}, ${c.report.lng}`}).`] }),
          reportLink(ctx, c.community.slug, c.report.id),
        );
      }
    }
  });
}

export async function addInternalNote(ctx: CoreContext, community: Community, report: ReportRow, actorUserId: number, role: ActorRole, text: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const id = await insertUpdate(trx, { reportId: report.id, communityId: community.id, actorUserId, actorRole: role, kind: 'note', body: text, internal: true, now });
    await recordAudit(trx, { communityId: community.id, actorUserId, action: 'open_city.report.note', subjectType: 'open_city_report', subjectId: report.id, after: { updateId: id, length: text.length } });
  });
}

export async function reassign(ctx: CoreContext, community: Community, report: ReportRow, actorUserId: number, role: ActorRole, to: { id: number; key: string; name: { uk: string; en: string } }, reason: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockReport(trx, report.id);
    if (!locked) throw new OpenCityError('not-found', 'no such report');
    if (locked.departmentId !== report.departmentId) throw new OpenCityError('conflict', 'already reassigned');
    await setReportState(trx, report.id, { departmentId: to.id, now });
    await insertUpdate(trx, {
      reportId: report.id,
      communityId: community.id,
      actorUserId,
      actorRole: role,
      kind: 'reassign',
      body: reason,
      internal: false,
      fromDepartmentId: report.departmentId,
      toDepartmentId: to.id,
      now,
    });
    await recordAudit(trx, {
      communityId: community.id,
      actorUserId,
      action: 'open_city.report.reassigned',
      subjectType: 'open_city_report',
      subjectId: report.id,
      before: { department: report.departmentKey },
      after: { department: to.key, reason },
    });
  });
}

/** «Я теж із цим стикався»: one per person, counted from the rows. Returns false for a repeat. */
export async function support(ctx: CoreContext, community: Community, report: ReportRow, userId: number): Promise<boolean> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const added = await addSupport(trx, report.id, community.id, userId, now);
    if (added) await recordAudit(trx, { communityId: community.id, actorUserId: userId, action: 'open_city.report.supported', subjectType: 'open_city_report', subjectId: report.id });
    return added;
  });
}

/** The reporter confirms the fix, or reopens the report, within 14 days of «Вирішено». */
export async function reporterRespond(ctx: CoreContext, community: Community, report: ReportRow, userId: number, fixed: boolean, comment: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockReport(trx, report.id);
    if (!locked) throw new OpenCityError('not-found', 'no such report');
    const fresh = await tables(trx).selectFrom('oc_reports').select(['resolved_at', 'confirmed_at']).where('id', '=', report.id).executeTakeFirstOrThrow();
    if (!canReporterRespond(locked.status, fresh.resolved_at, fresh.confirmed_at, now)) throw new OpenCityError('window-closed', 'not awaiting confirmation');
    if (fixed) {
      await setReportState(trx, report.id, { confirmedAt: now, now });
    } else {
      await setReportState(trx, report.id, { status: 'in_progress', resolvedAt: null, confirmedAt: null, statusNote: comment, now });
    }
    await insertUpdate(trx, {
      reportId: report.id,
      communityId: community.id,
      actorUserId: userId,
      actorRole: 'reporter',
      kind: fixed ? 'confirm' : 'reopen',
      fromStatus: locked.status,
      toStatus: fixed ? 'resolved' : 'in_progress',
      body: comment,
      now,
    });
    await recordAudit(trx, {
      communityId: community.id,
      actorUserId: userId,
      action: fixed ? 'open_city.report.confirmed' : 'open_city.report.reopened',
      subjectType: 'open_city_report',
      subjectId: report.id,
      before: { status: locked.status },
      after: { status: fixed ? 'resolved' : 'in_progress', comment },
    });
    if (!fixed) {
      const recipients = (await reportRecipients(ctx, trx, report, community.slug)).filter((r) => r.unsubscribe !== null);
      await mailAll(
        ctx,
        trx,
        recipients,
        (lang) => ({
          subject: lang === 'uk' ? `Звернення №${report.id} відкрито знову` : `Report No. ${report.id} reopened`,
          paragraphs: [lang === 'uk' ? `Автор повідомив, що проблему не усунуто: ${comment}` : `The reporter says the problem is not fixed: ${comment}`],
        }),
        reportLink(ctx, community.slug, report.id),
      );
    }
  });
}

/** The answer to the 4-week question: fixed → «Вирішено» (confirmed by the reporter); not fixed → noted. */
export async function reporterAnswersQuestion(ctx: CoreContext, community: Community, report: ReportRow, userId: number, fixed: boolean): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockReport(trx, report.id);
    if (!locked || !isOpen(locked.status) || locked.status === 'new') throw new OpenCityError('window-closed', 'not open');
    if (fixed) await setReportState(trx, report.id, { status: 'resolved', resolvedAt: now, confirmedAt: now, statusNote: 'Автор повідомив, що проблему усунуто / The reporter says it is fixed', now });
    await insertUpdate(trx, {
      reportId: report.id,
      communityId: community.id,
      actorUserId: userId,
      actorRole: 'reporter',
      kind: 'question',
      fromStatus: locked.status,
      toStatus: fixed ? 'resolved' : locked.status,
      body: fixed ? 'Автор: проблему усунуто / Reporter: fixed' : 'Автор: проблема залишається / Reporter: not fixed yet',
      now,
    });
    await recordAudit(trx, {
      communityId: community.id,
      actorUserId: userId,
      action: 'open_city.report.question_answered',
      subjectType: 'open_city_report',
      subjectId: report.id,
      before: { status: locked.status },
      after: { fixed },
    });
  });
}

/**
 * Asks reporters whose report has been open for four weeks whether it is fixed. Runs on every instance's
 * tick: the conditional update claims each report once, so one letter goes per report.
 */
export async function askLongOpenReports(ctx: CoreContext, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - QUESTION_AFTER_DAYS * 86_400_000);
  let asked = 0;
  for (;;) {
    const done = await ctx.db.transaction().execute(async (trx) => {
      const claimed = await tables(trx)
        .updateTable('oc_reports')
        .set({ asked_at: now })
        .where('id', '=', (eb) =>
          eb
            .selectFrom('oc_reports')
            .select('id')
            .where('asked_at', 'is', null)
            .where('status', 'in', ['accepted', 'in_progress'])
            .where('created_at', '<=', cutoff)
            .orderBy('id')
            .limit(1),
        )
        .where('asked_at', 'is', null)
        .returning(['id', 'community_id'])
        .executeTakeFirst();
      if (!claimed) return false;
      const slug = (await trx.selectFrom('communities').select('slug').where('id', '=', claimed.community_id).executeTakeFirstOrThrow()).slug;
      const r = await tables(trx).selectFrom('oc_reports').select(['id', 'title', 'reporter_user_id', 'contact_email']).where('id', '=', claimed.id).executeTakeFirstOrThrow();
      const row = { id: r.id, reporterUserId: r.reporter_user_id, contactEmail: r.contact_email } as ReportRow;
      // Only the reporter is asked: subscribers cannot answer for them.
      const recipients = (await reportRecipients(ctx, trx, row, slug)).filter((x) => x.unsubscribe === null);
      await mailAll(
        ctx,
        trx,
        recipients,
        (lang) =>
          lang === 'uk'
            ? { subject: `Чи усунуто проблему? Звернення №${r.id}`, paragraphs: [`Минуло чотири тижні від вашого звернення «${r.title}».`, 'Чи усунуто проблему? Відповісти можна на сторінці звернення.'] }
            : { subject: `Is it fixed? Report No. ${r.id}`, paragraphs: [`Four weeks have passed since your report «${r.title}».`, 'Is the problem fixed? You can answer on the report page.'] },
        reportLink(ctx, slug, r.id),
      );
      await insertUpdate(trx, { reportId: r.id, communityId: claimed.community_id, actorUserId: null, actorRole: 'system', kind: 'question', body: 'Автора запитано, чи усунуто проблему / The reporter was asked whether it is fixed', internal: true, now });
      await recordAudit(trx, { communityId: claimed.community_id, actorUserId: null, action: 'open_city.report.question_sent', subjectType: 'open_city_report', subjectId: r.id });
      return true;
    });
    if (!done) break;
    asked++;
  }
  return asked;
}
