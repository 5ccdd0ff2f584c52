/** The codifier's table: replaced whole by an import, read by the address matcher. */
import { sql, type Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { KatottgUnitsTable } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import type { CodifierUnit } from './codifier-file.js';
import { categoryOf, normaliseName, SETTLEMENT_CATEGORIES } from './names.js';

const BATCH = 400;

/** Replaces the whole codifier in one transaction: a failed import leaves the previous one in place. */
export async function replaceCodifier(db: Db, units: readonly CodifierUnit[]): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom('katottg_units').execute();
    for (let i = 0; i < units.length; i += BATCH) {
      await trx
        .insertInto('katottg_units')
        .values(
          units.slice(i, i + BATCH).map((u) => ({
            code: u.code,
            level: u.level,
            parent_code: u.parentCode,
            oblast_code: u.oblastCode,
            raion_code: u.raionCode,
            hromada_code: u.hromadaCode,
            category: u.category,
            name: u.name,
            name_norm: normaliseName(u.name),
            former_names: u.formerNames,
            former_names_norm: u.formerNames.map(normaliseName),
          })),
        )
        .execute();
    }
  });
}

export async function codifierSize(db: Db): Promise<number> {
  const r = await db
    .selectFrom('katottg_units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

type UnitRow = Omit<Selectable<KatottgUnitsTable>, 'name_norm' | 'former_names_norm'>;

function toUnit(r: UnitRow): CodifierUnit {
  return {
    code: r.code,
    level: r.level as CodifierUnit['level'],
    parentCode: r.parent_code,
    oblastCode: r.oblast_code,
    raionCode: r.raion_code,
    hromadaCode: r.hromada_code,
    category: categoryOf(r.category) ?? 'С',
    name: r.name,
    formerNames: r.former_names,
  };
}

const COLUMNS = ['code', 'level', 'parent_code', 'oblast_code', 'raion_code', 'hromada_code', 'category', 'name', 'former_names'] as const;

/**
 * The part of the codifier an address can touch: every oblast and raion (a few hundred rows), the units
 * named by any of `names` (normal form) now or formerly, and the communities those belong to (for labels).
 */
export async function unitsNamed(db: Db, names: readonly string[]): Promise<CodifierUnit[]> {
  const list = [...new Set(names)].filter((n) => n !== '');
  const rows = await db
    .selectFrom('katottg_units')
    .select(COLUMNS)
    .where((eb) =>
      list.length === 0
        ? eb('level', '<=', 2)
        : eb.or([eb('level', '<=', 2), eb('name_norm', 'in', list), eb(sql<string[]>`former_names_norm`, '&&', sql<string[]>`${sql.val(list)}::text[]`)]),
    )
    .execute();
  const have = new Set(rows.map((r) => r.code));
  const hromadas = [...new Set(rows.map((r) => r.hromada_code).filter((c): c is string => c !== null && !have.has(c)))];
  const more = hromadas.length ? await db.selectFrom('katottg_units').select(COLUMNS).where('code', 'in', hromadas).execute() : [];
  return [...rows, ...more].map(toUnit);
}

export async function unitByCode(db: Db, code: string): Promise<CodifierUnit | null> {
  const r = await db.selectFrom('katottg_units').select(COLUMNS).where('code', '=', code).executeTakeFirst();
  return r ? toUnit(r) : null;
}

/**
 * The settlements (cities, towns, villages: level 4) within a community's territory, by name: what a
 * resident chooses from, e.g. in the chat-bot's settings. Empty when the codifier is not imported.
 */
export async function settlementsWithin(db: Db, territorialCodes: readonly string[]): Promise<{ code: string; name: string }[]> {
  const prefixes = [...new Set(territorialCodes.filter((c) => /^UA\d{17}$/.test(c)).map((c) => c.slice(0, 9)))];
  if (prefixes.length === 0) return [];
  return db
    .selectFrom('katottg_units')
    .select(['code', 'name'])
    .where('level', '=', 4)
    .where('category', 'in', [...SETTLEMENT_CATEGORIES])
    .where(sql<string>`substr(code, 1, 9)`, 'in', prefixes)
    .orderBy('name')
    .orderBy('code')
    .execute();
}
