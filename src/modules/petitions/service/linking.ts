/**
 * A person's e-mail account was linked to their identity (core/identity/identity-links.ts): on every petition
 * they signed both ways the earliest signature stays and the later ones are invalidated with the public
 * reason `duplicate-linked`; the kept one takes the identity's key, so that the database refuses any
 * further signature of the person from either account.
 */
import type { Db } from '../../../core/db/database.js';
import type { IdentityLink } from '../../../core/modules/manifest.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { tables } from '../tables.js';
import { addToCount, lockPetition } from '../repository.js';
import { countDelta, DUPLICATE_LINKED, invalidationAct } from '../rules.js';
import { signatureLeaf } from './signatures.js';

export async function collapseLinkedSignatures(db: Db, link: IdentityLink): Promise<Record<string, number>> {
  const weak = [...link.weakKeys];
  const rows = await tables(db)
    .selectFrom('petition_signatures')
    .select(['id', 'petition_id', 'person_key'])
    .where((eb) => eb.or([eb('person_key', 'in', [...weak, link.identityKey]), eb('phone_key', 'in', weak)]))
    .execute();
  let annulled = 0;
  let rekeyed = 0;
  for (const petitionId of [...new Set(rows.map((r) => r.petition_id))].sort((x, y) => x - y)) {
    // Counts change under the petition's lock, as for every signature; rows are read again under it.
    const p = await lockPetition(db, petitionId);
    if (!p) continue;
    const mine = await tables(db)
      .selectFrom('petition_signatures')
      .select(['id', 'person_key', 'invalidated_at', 'level', 'signed_at', 'log_pending_id', 'log_leaf'])
      .where('petition_id', '=', petitionId)
      .where((eb) => eb.or([eb('person_key', 'in', [...weak, link.identityKey]), eb('phone_key', 'in', weak)]))
      .orderBy('signed_at')
      .orderBy('id')
      // Locked, so that the backfill neither logs these meanwhile nor is overtaken (it skips locked rows).
      .forUpdate()
      .execute();
    const valid = mine.filter((r) => r.invalidated_at === null);
    const later = valid.slice(1).map((r) => r.id);
    const counted = valid.slice(1).reduce((n, r) => n + countDelta(r.level, p.email_counts).counted, 0);
    const email = valid.slice(1).filter((r) => r.level === 'email').length;
    if (later.length) {
      await tables(db)
        .updateTable('petition_signatures')
        .set({ invalidated_at: link.now, invalidated_by: null, invalidation_reason: DUPLICATE_LINKED })
        .where('id', 'in', later)
        .execute();
      await addToCount(db, { petitionId, slot: 0, counted: -counted, email: -email });
      // No person named: the ids of the signatures and the reason, as for a moderator's invalidation.
      await recordAudit(db, {
        communityId: p.community_id,
        actorUserId: null,
        action: 'petition.signatures-invalidated',
        subjectType: 'petition',
        subjectId: petitionId,
        before: { signatures: p.signature_count },
        after: { signatures: p.signature_count - counted, invalidated: later.map(Number), reason: DUPLICATE_LINKED },
      });
      const { slug } = await db.selectFrom('communities').select('slug').where('id', '=', p.community_id).executeTakeFirstOrThrow();
      for (const r of valid.slice(1)) {
        const log_leaf = await signatureLeaf(link.logPreLogAct, db, slug, petitionId, r);
        await link.logAct(invalidationAct(slug, petitionId, { ...r, log_leaf }, link.now, DUPLICATE_LINKED));
      }
      annulled += later.length;
    }
    // The kept signature takes the identity's key (so the statistics see one person, and the database
    // refuses a new signature from either account); an invalidated row that held it takes the kept one's.
    const kept = valid[0];
    if (kept && kept.person_key !== link.identityKey) {
      const holder = mine.find((r) => r.person_key === link.identityKey);
      const sig = tables(db).updateTable('petition_signatures');
      if (holder)
        await sig
          .set({ person_key: `swap:${holder.id}` })
          .where('id', '=', holder.id)
          .execute();
      await sig.set({ person_key: link.identityKey }).where('id', '=', kept.id).execute();
      if (holder) await sig.set({ person_key: kept.person_key }).where('id', '=', holder.id).execute();
      rekeyed++;
    }
  }
  return { signaturesAnnulled: annulled, signaturesRekeyed: rekeyed };
}
