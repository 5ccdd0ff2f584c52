/** The results queries of the contest engine (reads only; the changes are in service/results.ts). */
import { sql } from 'kysely';
import type { Db } from '../../../core/db/database.js';
import { tables, type ResultSummary } from '../tables.js';

/** Money spent on the winners so far (the latest update of each project). */
export async function spentByProject(db: Db, projectIds: number[]): Promise<Map<number, number>> {
  if (projectIds.length === 0) return new Map();
  const rows = await tables(db)
    .selectFrom('budget_impl_updates')
    .select(['project_id', sql<number>`sum(spent)::bigint`.as('s')])
    .where('project_id', 'in', projectIds)
    .groupBy('project_id')
    .execute();
  return new Map(rows.map((r) => [r.project_id, Number(r.s)]));
}

export interface ResultRecord {
  id: number;
  kind: 'published' | 'correction';
  reason: string | null;
  summary: ResultSummary;
  at: Date;
}

/** The published result and its corrections, oldest first. */
export async function listResultRecords(db: Db, contestId: number): Promise<ResultRecord[]> {
  const rows = await tables(db).selectFrom('budget_result_records').selectAll().where('contest_id', '=', contestId).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, reason: r.reason, summary: r.summary, at: r.at }));
}
