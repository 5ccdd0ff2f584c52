/**
 * A person's e-mail account was linked to their identity (core/identity/identity-links.ts): in every contest
 * they voted in both ways the earliest ballot stays and the later ones move to the rejected ballots with the
 * reason `duplicate-linked` (the counters' triggers follow the rows); the kept one takes the identity's key,
 * so the database refuses any further ballot of the person, from any channel. Each annulment is logged in
 * the transparency log, naming the entry of the ballot it cancels.
 */
import { sql } from 'kysely';
import type { Db } from '../../../core/db/database.js';
import type { IdentityLink } from '../../../core/modules/manifest.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { tables } from '../tables.js';
import { ballotAnnulledAct } from '../rules.js';
import { LOGGABLE_BALLOT } from '../repository/ballots.js';
import { ballotLeaf } from './ballots.js';

const DUPLICATE_LINKED = 'duplicate-linked';

export async function collapseLinkedBallots(db: Db, link: IdentityLink): Promise<Record<string, number>> {
  const keys = [...link.weakKeys, link.identityKey];
  const rows = await tables(db)
    .selectFrom('budget_ballots')
    .select([...LOGGABLE_BALLOT, 'community_id', 'contest_id'])
    .where('voter_key', 'in', keys)
    .orderBy('cast_at')
    .orderBy('id')
    .forUpdate()
    .execute();
  let annulled = 0;
  let rekeyed = 0;
  for (const contestId of [...new Set(rows.map((r) => r.contest_id))].sort((x, y) => x - y)) {
    const mine = rows.filter((r) => r.contest_id === contestId);
    const kept = mine[0]!;
    const later = mine.slice(1).map((r) => r.id);
    if (later.length) {
      const k = await tables(db).selectFrom('budget_contests').select(['id', 'owner', 'public_counts']).where('id', '=', contestId).executeTakeFirstOrThrow();
      const contest = { id: k.id, owner: k.owner, publicCounts: k.public_counts };
      const { slug } = await db.selectFrom('communities').select('slug').where('id', '=', kept.community_id).executeTakeFirstOrThrow();
      for (const r of mine.slice(1)) {
        const log_leaf = await ballotLeaf(link.logPreLogAct, db, slug, contest, r);
        await link.logAct(ballotAnnulledAct(slug, contest, { ...r, log_leaf }, link.now, DUPLICATE_LINKED));
      }
      await sql`
        insert into budget_ballot_rejects (community_id, contest_id, voter_key, reason, channel, channel_id, import_id, paper_number, project_ids,
          first_channel, first_cast_at, age, cast_at, recorded_at)
        select b.community_id, b.contest_id, b.voter_key, ${DUPLICATE_LINKED}, b.channel, b.channel_id, b.import_id, b.paper_number,
               coalesce((select array_agg(c.project_id order by c.project_id) from budget_ballot_choices c where c.ballot_id = b.id), '{}'::int[]),
               ${kept.channel}, ${kept.cast_at}, b.age, b.cast_at, ${link.now}
        from budget_ballots b where b.id in (${sql.join(later)})`.execute(db);
      await tables(db).deleteFrom('budget_ballot_choices').where('ballot_id', 'in', later).execute();
      await tables(db).deleteFrom('budget_ballots').where('id', 'in', later).execute();
      // No person named: how many ballots stopped counting, and why.
      await recordAudit(db, {
        communityId: kept.community_id,
        actorUserId: null,
        action: 'budget.ballots-annulled',
        subjectType: 'budget_contest',
        subjectId: contestId,
        after: { ballots: later.length, reason: DUPLICATE_LINKED },
      });
      annulled += later.length;
    }
    if (kept.voter_key !== link.identityKey) {
      await tables(db).updateTable('budget_ballots').set({ voter_key: link.identityKey }).where('id', '=', kept.id).execute();
      rekeyed++;
    }
  }
  return { ballotsAnnulled: annulled, ballotsRekeyed: rekeyed };
}
