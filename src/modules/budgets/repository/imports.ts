/** The imports queries of the contest engine (reads only; the changes are in service/imports.ts). */
import type { Db } from '../../../core/db/database.js';
import { tables, type ImportRow, type ImportSummary } from '../tables.js';

export interface ImportView {
  id: number;
  contestId: number;
  status: 'pending' | 'confirmed' | 'annulled';
  filename: string;
  rows: ImportRow[];
  summary: ImportSummary;
  createdAt: Date;
  confirmedAt: Date | null;
  annulledAt: Date | null;
  annulReason: string | null;
}

export async function findImport(db: Db, id: number): Promise<ImportView | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const r = await tables(db).selectFrom('budget_imports').selectAll().where('id', '=', id).executeTakeFirst();
  return r
    ? {
        id: r.id,
        contestId: r.contest_id,
        status: r.status,
        filename: r.filename,
        rows: r.rows,
        summary: r.summary,
        createdAt: r.created_at,
        confirmedAt: r.confirmed_at,
        annulledAt: r.annulled_at,
        annulReason: r.annul_reason,
      }
    : null;
}

export async function listImports(db: Db, contestId: number): Promise<Omit<ImportView, 'rows'>[]> {
  const rows = await tables(db)
    .selectFrom('budget_imports')
    .select(['id', 'contest_id', 'status', 'filename', 'summary', 'created_at', 'confirmed_at', 'annulled_at', 'annul_reason'])
    .where('contest_id', '=', contestId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    contestId: r.contest_id,
    status: r.status,
    filename: r.filename,
    summary: r.summary,
    createdAt: r.created_at,
    confirmedAt: r.confirmed_at,
    annulledAt: r.annulled_at,
    annulReason: r.annul_reason,
  }));
}
