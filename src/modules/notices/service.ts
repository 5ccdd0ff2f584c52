/** The notice board's one use-case: a resident posts a notice, with its audit entry in the same transaction. */
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import type { Viewer } from '../../core/users/viewer.js';
import { recordAudit } from '../../core/audit/audit-log.js';
import { publicName } from '../../core/users/public-name.js';
import { insertNotice } from './repository.js';

/** Posts the notice (the caller has checked who may post and the text); returns its id. */
export async function postNotice(ctx: CoreContext, o: { community: Community; author: Viewer; body: string; now: Date }): Promise<number> {
  const c = o.community;
  const v = o.author;
  return ctx.db.transaction().execute(async (trx) => {
    const noticeId = await insertNotice(trx, { communityId: c.id, authorUserId: v.id, authorName: publicName(v), body: o.body, now: o.now });
    await recordAudit(trx, {
      communityId: c.id,
      actorUserId: v.id,
      action: 'notice.created',
      subjectType: 'notice',
      subjectId: noticeId,
      after: { length: o.body.length },
    });
    return noticeId;
  });
}
