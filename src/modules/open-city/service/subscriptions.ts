/** Following a report or an area by e-mail, and leaving by the letter's link; each audited. */
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { randomToken } from '../../../core/sessions/sessions.js';
import { addAreaSubscription, addReportSubscription, deleteSubscription, type ReportRow, type Subscription } from '../repository.js';

/** Follows a report; false if this address already follows it. */
export async function subscribeToReport(
  ctx: CoreContext,
  { community, report, userId, email }: { community: Community; report: ReportRow; userId: number; email: string },
): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const ok = await addReportSubscription(trx, {
      communityId: community.id,
      userId,
      email,
      reportId: report.id,
      token: randomToken(18),
      now: ctx.clock.now(),
    });
    if (ok)
      await recordAudit(trx, {
        communityId: community.id,
        actorUserId: userId,
        action: 'open_city.subscribed',
        subjectType: 'open_city_report',
        subjectId: report.id,
      });
    return ok;
  });
}

/** Follows new reports within a radius of a point; false if this address already follows that area. */
export async function subscribeToArea(
  ctx: CoreContext,
  { community, userId, email, center, radiusM }: { community: Community; userId: number; email: string; center: { lat: number; lng: number }; radiusM: number },
): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const ok = await addAreaSubscription(trx, { communityId: community.id, userId, email, center, radiusM, token: randomToken(18), now: ctx.clock.now() });
    if (ok)
      await recordAudit(trx, {
        communityId: community.id,
        actorUserId: userId,
        action: 'open_city.subscribed_area',
        subjectType: 'community',
        subjectId: community.id,
        after: { radius: radiusM },
      });
    return ok;
  });
}

/** Ends a subscription (by its letter's token, so possibly signed out). */
export async function unsubscribe(
  ctx: CoreContext,
  { community, subscription, actorUserId }: { community: Community; subscription: Subscription; actorUserId: number | null },
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await deleteSubscription(trx, subscription.id);
    await recordAudit(trx, {
      communityId: community.id,
      actorUserId,
      action: 'open_city.unsubscribed',
      subjectType: subscription.reportId ? 'open_city_report' : 'community',
      subjectId: subscription.reportId ?? community.id,
    });
  });
}
