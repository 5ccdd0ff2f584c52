/**
 * Topics from residents, as use cases: a resident suggests one; a moderator accepts it (a draft is made
 * from it) or declines it with a reason. Each decision is audited and its author is written to, in the
 * transaction of the change.
 */
import type { CoreContext } from '../../../core/context.js';
import type { Db } from '../../../core/db/database.js';
import type { Community } from '../../../core/communities/community.js';
import type { Viewer } from '../../../core/users/viewer.js';
import type { Lang } from '../../../core/i18n/index.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { inTransaction } from '../../../core/db/transaction.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import { publicName } from '../../../core/users/public-name.js';
import { addDaysToLocalDate, endOfKyivDay, kyivDateOf, startOfKyivDay } from '../../../core/calendar/index.js';
import { queueMail } from '../../../core/mail/mailer.js';
import { composeMail } from '../../../core/mail/templates.js';
import { decideTopic, identityOf, insertTopic, type Topic } from '../repository.js';
import type { Kind } from '../rules/model.js';
import { RateLimited } from './participation.js';
import { createItem } from './manage.js';

/** The topic was decided meanwhile (by another moderator): nothing was written. */
export class TopicDecided extends Error {}

/** A resident's suggestion of a topic; at most 5 a day per person (not per account: see identityOf). */
export async function suggestTopic(ctx: CoreContext, o: { communityId: number; viewer: Viewer; title: string; body: string }): Promise<void> {
  const now = ctx.clock.now();
  const person = await identityOf(ctx.db, o.viewer.id);
  const limit = await hitRateLimit(ctx.db, { key: `consultations:topic:${person}`, max: 5, windowSeconds: 86_400 }, now);
  if (!limit.allowed) throw new RateLimited('topic');
  await inTransaction(ctx.db, async (trx) => {
    const id = await insertTopic(trx, {
      communityId: o.communityId,
      authorUserId: o.viewer.id,
      authorName: publicName(o.viewer),
      title: o.title,
      body: o.body,
      now,
    });
    await recordAudit(trx, {
      communityId: o.communityId,
      actorUserId: o.viewer.id,
      action: 'consultation.topic.suggested',
      subjectType: 'consultation-topic',
      subjectId: id,
      after: { title: o.title },
    });
  });
}

async function notifyAuthor(
  ctx: CoreContext,
  trx: Db,
  authorUserId: number | null,
  make: (lang: Lang) => { subject: string; paragraphs: string[]; link?: { label: string; href: string } },
): Promise<void> {
  if (!authorUserId) return;
  const u = await trx.selectFrom('users').select(['email', 'lang', 'notify_email']).where('id', '=', authorUserId).executeTakeFirst();
  if (!u?.email) return;
  const m = make(u.lang);
  await queueMail(trx, u.email, composeMail(m.subject, m.paragraphs, m.link), ctx.clock.now());
}

/** The audit entry of a moderator's decision on a pending topic. */
function auditDecision(
  trx: Db,
  o: { communityId: number; topicId: number; actorId: number },
  after: { status: 'accepted'; itemId: number } | { status: 'declined'; reason: string },
): Promise<void> {
  return recordAudit(trx, {
    communityId: o.communityId,
    actorUserId: o.actorId,
    action: `consultation.topic.${after.status}`,
    subjectType: 'consultation-topic',
    subjectId: o.topicId,
    before: { status: 'pending' },
    after,
  });
}

/** Accepts a topic: a draft of the chosen kind is made from it; returns the draft's id. */
export async function acceptTopic(ctx: CoreContext, o: { community: Community; topic: Topic; kind: Kind; actorId: number; listUrl: string }): Promise<number> {
  const { community: c, topic } = o;
  const now = ctx.clock.now();
  const today = kyivDateOf(now);
  return inTransaction(ctx.db, async (trx) => {
    if (!(await decideTopic(trx, topic.id, 'accepted', null, o.actorId, now))) throw new TopicDecided();
    const itemId = await createItem(trx, {
      communityId: c.id,
      fields: {
        kind: o.kind,
        title: topic.title,
        description: topic.body,
        category: 'other',
        startsAt: startOfKyivDay(addDaysToLocalDate(today, 1)),
        endsAt: endOfKyivDay(addDaysToLocalDate(today, 30)),
        resultsVisibility: 'during',
        allowEmail: true,
        emailCounts: true,
        residentsOnly: true,
        minAge: null,
      },
      actorId: o.actorId,
      now,
      topicId: topic.id,
    });
    await auditDecision(trx, { communityId: c.id, topicId: topic.id, actorId: o.actorId }, { status: 'accepted', itemId });
    await notifyAuthor(ctx, trx, topic.authorUserId, (lang) =>
      lang === 'uk'
        ? {
            subject: `Вашу тему прийнято: ${topic.title}`,
            paragraphs: [
              `Модератор громади «${c.name.uk}» прийняв вашу пропозицію «${topic.title}» і готує консультацію. Ви побачите її в переліку після публікації.`,
            ],
            link: { label: 'Консультації громади', href: `${ctx.config.publicUrl}${o.listUrl}` },
          }
        : {
            subject: `Your topic was accepted: ${topic.title}`,
            paragraphs: [
              `A moderator of ${c.name.en} accepted your suggestion «${topic.title}» and is preparing a consultation. It will appear in the list once published.`,
            ],
            link: { label: 'Consultations of the community', href: `${ctx.config.publicUrl}${o.listUrl}` },
          },
    );
    return itemId;
  });
}

/** Declines a topic with the reason given to its author. */
export async function declineTopic(ctx: CoreContext, o: { community: Community; topic: Topic; reason: string; actorId: number }): Promise<void> {
  const { community: c, topic, reason } = o;
  const now = ctx.clock.now();
  await inTransaction(ctx.db, async (trx) => {
    if (!(await decideTopic(trx, topic.id, 'declined', reason, o.actorId, now))) throw new TopicDecided();
    await auditDecision(trx, { communityId: c.id, topicId: topic.id, actorId: o.actorId }, { status: 'declined', reason });
    await notifyAuthor(ctx, trx, topic.authorUserId, (lang) =>
      lang === 'uk'
        ? {
            subject: `Вашу тему відхилено: ${topic.title}`,
            paragraphs: [`Модератор громади «${c.name.uk}» відхилив вашу пропозицію «${topic.title}».`, `Причина: ${reason}`],
          }
        : {
            subject: `Your topic was declined: ${topic.title}`,
            paragraphs: [`A moderator of ${c.name.en} declined your suggestion «${topic.title}».`, `Reason: ${reason}`],
          },
    );
  });
}
