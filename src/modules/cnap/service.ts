/** The ЦНАП site's use-cases: each change of the catalogue in one transaction with its audit entry. */
import type { CoreContext } from '../../core/context.js';
import type { Db } from '../../core/db/database.js';
import type { Community } from '../../core/communities/community.js';
import { recordAudit } from '../../core/audit/audit-log.js';
import {
  insertOffices,
  insertServices,
  insertSituations,
  listSituations,
  setArchived,
  updateOffice,
  updateService,
  updateSituation,
  type OfficeFields,
  type ServiceFields,
  type ServiceTexts,
  type SituationFields,
} from './repository.js';
import { tables as q } from './tables.js';
import { stemsOf } from './rules.js';
import type { ImportPlan } from './exchange.js';

/** The words a search finds a service by: its name, life situation, who applies, documents and result. */
export function serviceStems(f: Pick<ServiceTexts, 'name' | 'applicants' | 'documents' | 'result'>, situationName: string): string {
  return stemsOf([f.name, situationName, f.applicants, f.documents, f.result].join(' '));
}

async function situationName(db: Db, id: number): Promise<string> {
  return (await q(db).selectFrom('cnap_situations').select('name').where('id', '=', id).executeTakeFirst())?.name ?? '';
}

type Actor = { community: Community; actorId: number; now: Date };

/** Creates (id null) or changes a service; returns its id. */
export async function saveService(ctx: CoreContext, a: Actor, id: number | null, f: ServiceFields): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const stems = serviceStems(f, await situationName(trx, f.situationId));
    let serviceId: number;
    if (id === null) serviceId = (await insertServices(trx, a.community.id, [{ f, stems }], a.now))[0]!;
    else {
      await updateService(trx, id, f, stems, a.now);
      serviceId = id;
    }
    await recordAudit(trx, {
      communityId: a.community.id,
      actorUserId: a.actorId,
      action: id === null ? 'cnap.service.created' : 'cnap.service.changed',
      subjectType: 'cnap-service',
      subjectId: serviceId,
      after: { code: f.code, name: f.name, offices: f.officeIds },
    });
    return serviceId;
  });
}

export async function saveOffice(ctx: CoreContext, a: Actor, id: number | null, f: OfficeFields): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const officeId = id ?? (await insertOffices(trx, a.community.id, [f]))[0]!;
    if (id !== null) await updateOffice(trx, id, f);
    await recordAudit(trx, {
      communityId: a.community.id,
      actorUserId: a.actorId,
      action: id === null ? 'cnap.office.created' : 'cnap.office.changed',
      subjectType: 'cnap-office',
      subjectId: officeId,
      after: { code: f.code, name: f.name, hours: f.hours },
    });
    return officeId;
  });
}

export async function saveSituation(ctx: CoreContext, a: Actor, id: number | null, s: SituationFields): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const situationId = id ?? (await insertSituations(trx, a.community.id, [s]))[0]!;
    if (id !== null) {
      await updateSituation(trx, id, s);
      // The situation's name is searchable in its services: refresh their words.
      const services = await q(trx)
        .selectFrom('cnap_services')
        .select(['id', 'name', 'applicants', 'documents', 'result'])
        .where('situation_id', '=', id)
        .execute();
      for (const sv of services)
        await q(trx)
          .updateTable('cnap_services')
          .set({ search_stems: serviceStems(sv, s.name) })
          .where('id', '=', sv.id)
          .execute();
    }
    await recordAudit(trx, {
      communityId: a.community.id,
      actorUserId: a.actorId,
      action: id === null ? 'cnap.situation.created' : 'cnap.situation.changed',
      subjectType: 'cnap-situation',
      subjectId: situationId,
      after: s,
    });
    return situationId;
  });
}

export type CnapKind = 'service' | 'office' | 'situation';
const TABLE = { service: 'cnap_services', office: 'cnap_offices', situation: 'cnap_situations' } as const;

/** Archives (hides from the public) or restores a service, office or life situation. */
export async function archive(ctx: CoreContext, a: Actor, kind: CnapKind, id: number, archived: boolean): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await setArchived(trx, TABLE[kind], id, archived);
    await recordAudit(trx, {
      communityId: a.community.id,
      actorUserId: a.actorId,
      action: `cnap.${kind}.${archived ? 'archived' : 'restored'}`,
      subjectType: `cnap-${kind}`,
      subjectId: id,
    });
  });
}

/** Applies a checked import (exchange.ts) in one transaction: new life situations, then each service by code. */
export async function applyImport(ctx: CoreContext, a: Actor, plan: ImportPlan, filename: string): Promise<{ added: number; changed: number }> {
  return ctx.db.transaction().execute(async (trx) => {
    await insertSituations(
      trx,
      a.community.id,
      plan.newSituations.map((s, i) => ({ ...s, position: 100 + i })),
    );
    const situations = await listSituations(trx, a.community.id, true);
    const existing = await q(trx).selectFrom('cnap_services').select(['id', 'code']).where('community_id', '=', a.community.id).execute();
    const fresh: { f: ServiceFields; stems: string }[] = [];
    let changed = 0;
    for (const r of plan.rows) {
      const sit = situations.find((s) => s.code === r.fields.situationCode)!;
      const { situationCode: _, ...rest } = r.fields;
      const f: ServiceFields = { ...rest, situationId: sit.id };
      const stems = serviceStems(f, sit.name);
      const known = existing.find((x) => x.code === f.code);
      if (known) {
        await updateService(trx, known.id, f, stems, a.now);
        changed++;
      } else fresh.push({ f, stems });
    }
    await insertServices(trx, a.community.id, fresh, a.now);
    await recordAudit(trx, {
      communityId: a.community.id,
      actorUserId: a.actorId,
      action: 'cnap.catalogue.imported',
      subjectType: 'cnap-catalogue',
      subjectId: a.community.id,
      after: { filename, added: fresh.length, changed, situations: plan.newSituations.length },
    });
    return { added: fresh.length, changed };
  });
}
