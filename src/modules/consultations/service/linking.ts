/**
 * A person's e-mail account was linked to their identity (core/identity/identity-links.ts): where they
 * answered a poll, took a stance on (a section of) an act, or supported a comment both ways, the earliest act
 * stays and the later ones leave the counted tables for `consultation_annulled_acts` with the public reason
 * `duplicate-linked` (the counters' triggers follow the rows); the kept act takes the identity's key, so the
 * database refuses another one from either account. A stance's time is its last change. Each annulment is
 * appended to the transparency log (`answer-annulled`, `stance-annulled`) naming the entry it cancels.
 */
import { sql } from 'kysely';
import type { Db } from '../../../core/db/database.js';
import type { IdentityLink } from '../../../core/modules/manifest.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { tables } from '../tables.js';
import { answerAnnulledAct, DUPLICATE_LINKED, stanceAnnulledAct } from '../rules/log-acts.js';
import { responseLeaf, resultsShownWhileOpen, stanceLeaf } from './participation.js';

interface Act {
  community_id: number;
  item_id: number;
  /** What one person may do once: the item, «item:scope» for a stance, the comment for a support. */
  slot: string;
  identity: string;
}

export async function collapseLinkedActs(db: Db, link: IdentityLink): Promise<Record<string, number>> {
  const keys = [...link.weakKeys, link.identityKey];
  const q = tables(db);
  const perItem = new Map<number, { communityId: number; responses: number; stances: number; supports: number }>();
  const note = (a: Act, kind: 'responses' | 'stances' | 'supports') => {
    const x = perItem.get(a.item_id) ?? { communityId: a.community_id, responses: 0, stances: 0, supports: 0 };
    x[kind]++;
    perItem.set(a.item_id, x);
  };
  const slugs = new Map<number, string>();
  const slugOf = async (communityId: number): Promise<string> => {
    if (!slugs.has(communityId))
      slugs.set(communityId, (await db.selectFrom('communities').select('slug').where('id', '=', communityId).executeTakeFirstOrThrow()).slug);
    return slugs.get(communityId)!;
  };
  const bySlot = <T extends Act>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.slot, [...(m.get(r.slot) ?? []), r]);
    return [...m.values()];
  };

  const responses = await q
    .selectFrom('consultation_responses')
    .select([
      'id',
      'community_id',
      'item_id',
      'identity',
      'level',
      'answers',
      'created_at',
      'log_pending_id',
      'log_leaf',
      sql<string>`item_id::text`.as('slot'),
    ])
    .where('identity', 'in', keys)
    .orderBy('created_at')
    .orderBy('id')
    // Locked, so that the backfill neither logs these meanwhile nor is overtaken (it skips locked rows).
    .forUpdate()
    .execute();
  for (const [kept, ...later] of bySlot(responses)) {
    for (const r of later) {
      await sql`
        insert into consultation_annulled_acts (community_id, kind, item_id, identity, user_id, content, acted_at, annulled_at, reason)
        select community_id, 'response', item_id, identity, user_id, answers, created_at, ${link.now}, ${DUPLICATE_LINKED}
        from consultation_responses where id = ${r.id}`.execute(db);
      await q.deleteFrom('consultation_responses').where('id', '=', r.id).execute();
      const slug = await slugOf(r.community_id);
      const log_leaf = await responseLeaf(link.logPreLogAct, db, slug, await resultsShownWhileOpen(db, r.item_id), r);
      await link.logAct(answerAnnulledAct(slug, r.item_id, { ...r, log_leaf }, link.now));
      note(r, 'responses');
    }
    if (kept!.identity !== link.identityKey)
      await q.updateTable('consultation_responses').set({ identity: link.identityKey }).where('id', '=', kept!.id).execute();
  }

  const stances = await q
    .selectFrom('consultation_stances')
    .select([
      'community_id',
      'item_id',
      'scope',
      'identity',
      'level',
      'stance',
      'updated_at',
      'log_pending_id',
      'log_leaf',
      sql<string>`item_id || ':' || scope`.as('slot'),
    ])
    .where('identity', 'in', keys)
    .orderBy('updated_at')
    .forUpdate()
    .execute();
  for (const [kept, ...later] of bySlot(stances)) {
    for (const r of later) {
      await sql`
        insert into consultation_annulled_acts (community_id, kind, item_id, scope, identity, user_id, content, acted_at, annulled_at, reason)
        select community_id, 'stance', item_id, scope, identity, user_id, to_jsonb(stance), updated_at, ${link.now}, ${DUPLICATE_LINKED}
        from consultation_stances where item_id = ${r.item_id} and scope = ${r.scope} and identity = ${r.identity}`.execute(db);
      await q.deleteFrom('consultation_stances').where('item_id', '=', r.item_id).where('scope', '=', r.scope).where('identity', '=', r.identity).execute();
      const slug = await slugOf(r.community_id);
      const log_leaf = await stanceLeaf(link.logPreLogAct, db, slug, await resultsShownWhileOpen(db, r.item_id), r);
      await link.logAct(stanceAnnulledAct(slug, r.item_id, { ...r, log_leaf }, link.now));
      note(r, 'stances');
    }
    if (kept!.identity !== link.identityKey)
      await q
        .updateTable('consultation_stances')
        .set({ identity: link.identityKey })
        .where('item_id', '=', kept!.item_id)
        .where('scope', '=', kept!.scope)
        .where('identity', '=', kept!.identity)
        .execute();
  }

  const supports = await q
    .selectFrom('consultation_supports as s')
    .innerJoin('consultation_comments as c', 'c.id', 's.comment_id')
    .select(['s.community_id', 'c.item_id', 's.comment_id', 's.identity', sql<string>`s.comment_id::text`.as('slot')])
    .where('s.identity', 'in', keys)
    .orderBy('s.created_at')
    .execute();
  for (const [kept, ...later] of bySlot(supports)) {
    for (const r of later) {
      await sql`
        insert into consultation_annulled_acts (community_id, kind, item_id, comment_id, identity, user_id, acted_at, annulled_at, reason)
        select s.community_id, 'support', ${r.item_id}, s.comment_id, s.identity, s.user_id, s.created_at, ${link.now}, ${DUPLICATE_LINKED}
        from consultation_supports s where s.comment_id = ${r.comment_id} and s.identity = ${r.identity}`.execute(db);
      await q.deleteFrom('consultation_supports').where('comment_id', '=', r.comment_id).where('identity', '=', r.identity).execute();
      note(r, 'supports');
    }
    if (kept!.identity !== link.identityKey)
      await q
        .updateTable('consultation_supports')
        .set({ identity: link.identityKey })
        .where('comment_id', '=', kept!.comment_id)
        .where('identity', '=', kept!.identity)
        .execute();
  }

  // Comments are not one per person: none is annulled, but each becomes the identity's, so the statistics
  // count the person who wrote with both accounts once (the counters' trigger follows the key).
  const comments = await q
    .updateTable('consultation_comments')
    .set({ identity: link.identityKey })
    .where('identity', 'in', [...link.weakKeys])
    .returning('id')
    .execute();

  // No person named, nor how they answered: how many acts of each kind stopped counting, and why.
  const total = { responsesAnnulled: 0, stancesAnnulled: 0, supportsAnnulled: 0, commentsRekeyed: comments.length };
  for (const [itemId, x] of [...perItem].sort(([a], [b]) => a - b)) {
    await recordAudit(db, {
      communityId: x.communityId,
      actorUserId: null,
      action: 'consultation.acts-annulled',
      subjectType: 'consultation',
      subjectId: itemId,
      after: { responses: x.responses, stances: x.stances, supports: x.supports, reason: DUPLICATE_LINKED },
    });
    total.responsesAnnulled += x.responses;
    total.stancesAnnulled += x.stances;
    total.supportsAnnulled += x.supports;
  }
  return total;
}
