/** The reporter closes the loop: confirming or reopening after «Вирішено», and the four-week question. */
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { canReporterRespond, isOpen, QUESTION_AFTER_DAYS } from '../rules.js';
import { insertUpdate, lockReport, setReportState, type ReportRow } from '../repository.js';
import { tables } from '../tables.js';
import { mailAll, reportLink, reportRecipients } from './letters.js';
import { OpenCityError } from './reports.js';

/** The reporter confirms the fix, or reopens the report, within 14 days of «Вирішено». */
export async function reporterRespond(
  ctx: CoreContext,
  { community, report, userId, fixed, comment }: { community: Community; report: ReportRow; userId: number; fixed: boolean; comment: string },
): Promise<void> {
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
          subject: lang === 'uk' ? `Звернення №${report.number} відкрито знову` : `Report No. ${report.number} reopened`,
          paragraphs: [lang === 'uk' ? `Автор повідомив, що проблему не усунуто: ${comment}` : `The reporter says the problem is not fixed: ${comment}`],
        }),
        reportLink(ctx, community.slug, report.id),
      );
    }
  });
}

/** The answer to the 4-week question: fixed → «Вирішено» (confirmed by the reporter); not fixed → noted. */
export async function reporterAnswersQuestion(
  ctx: CoreContext,
  { community, report, userId, fixed }: { community: Community; report: ReportRow; userId: number; fixed: boolean },
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockReport(trx, report.id);
    if (!locked || !isOpen(locked.status) || locked.status === 'new') throw new OpenCityError('window-closed', 'not open');
    if (fixed)
      await setReportState(trx, report.id, {
        status: 'resolved',
        resolvedAt: now,
        confirmedAt: now,
        statusNote: 'Автор повідомив, що проблему усунуто / The reporter says it is fixed',
        now,
      });
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
      const r = await tables(trx)
        .selectFrom('oc_reports')
        .select(['id', 'number', 'title', 'reporter_user_id', 'contact_email'])
        .where('id', '=', claimed.id)
        .executeTakeFirstOrThrow();
      const row = { id: r.id, reporterUserId: r.reporter_user_id, contactEmail: r.contact_email } as ReportRow;
      // Only the reporter is asked: subscribers cannot answer for them.
      const recipients = (await reportRecipients(ctx, trx, row, slug)).filter((x) => x.unsubscribe === null);
      await mailAll(
        ctx,
        trx,
        recipients,
        {
          uk: {
            subject: `Чи усунуто проблему? Звернення №${r.number}`,
            paragraphs: [`Минуло чотири тижні від вашого звернення «${r.title}».`, 'Чи усунуто проблему? Відповісти можна на сторінці звернення.'],
          },
          en: {
            subject: `Is it fixed? Report No. ${r.id}`,
            paragraphs: [`Four weeks have passed since your report «${r.title}».`, 'Is the problem fixed? You can answer on the report page.'],
          },
        },
        reportLink(ctx, slug, r.id),
      );
      await insertUpdate(trx, {
        reportId: r.id,
        communityId: claimed.community_id,
        actorUserId: null,
        actorRole: 'system',
        kind: 'question',
        body: 'Автора запитано, чи усунуто проблему / The reporter was asked whether it is fixed',
        internal: true,
        now,
      });
      await recordAudit(trx, {
        communityId: claimed.community_id,
        actorUserId: null,
        action: 'open_city.report.question_sent',
        subjectType: 'open_city_report',
        subjectId: r.id,
      });
      return true;
    });
    if (!done) break;
    asked++;
  }
  return asked;
}
