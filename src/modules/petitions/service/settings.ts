/** The community's petition rules and categories, as its moderator saves them. */
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import type { Text } from '../../../core/i18n/index.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { auditSnapshot, fieldChanges, type AuditFields } from '../../../core/audit/field-changes.js';
import { inTransaction } from '../../../core/db/transaction.js';
import type { PetitionSettings } from '../settings.js';
import { loadCategories, loadSettings, saveCategories, saveSettings } from '../repository.js';

export async function changeSettings(
  ctx: CoreContext,
  a: { community: Community; actorId: number; settings: PetitionSettings; categories: Text[] },
): Promise<void> {
  const c = a.community;
  const next = a.settings;
  const [before, categoriesBefore] = await Promise.all([loadSettings(ctx.db, c), loadCategories(ctx.db, c.id)]);
  // The audit keeps every field at the first save (the start of a replay), then the real before and
  // after of each changed field; nothing changed, nothing written.
  const fieldsOf = (s: PetitionSettings, cats: string[]): AuditFields => {
    const { saved: _saved, ...rest } = s;
    return { ...rest, categories: cats };
  };
  const beforeFields = fieldsOf(
    before,
    categoriesBefore.map((x) => x.name.uk),
  );
  await inTransaction(ctx.db, async (trx) => {
    await saveSettings(trx, c.id, next, ctx.clock.now());
    await saveCategories(trx, c.id, a.categories);
    const afterFields = fieldsOf(
      next,
      (await loadCategories(trx, c.id)).map((x) => x.name.uk),
    );
    const changes = before.saved ? fieldChanges(beforeFields, afterFields) : { before: auditSnapshot(beforeFields), after: auditSnapshot(afterFields) };
    if (changes)
      await recordAudit(trx, {
        communityId: c.id,
        actorUserId: a.actorId,
        action: 'petitions.settings-changed',
        subjectType: 'community',
        subjectId: c.id,
        before: changes.before,
        after: changes.after,
      });
  });
}
