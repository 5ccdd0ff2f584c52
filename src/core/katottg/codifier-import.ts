/** `npm run katottg:import -- FILE`: loads the official codifier, replacing the one in the database. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/database.js';
import { parseCodifierFile, type CodifierUnit } from './codifier-file.js';
import { codifierSize, replaceCodifier } from './codifier-repository.js';

/**
 * A small codifier in the official layout, shipped for the demo and the tests: every oblast, Kyiv and
 * Sevastopol, and the units around the demo communities (same path from src/ and dist/).
 */
export const SAMPLE_CODIFIER = fileURLToPath(new URL('../../../samples/katottg-sample.csv', import.meta.url));

export interface ImportCounts {
  total: number;
  /** Oblasts, the Crimea and the two cities with a special status. */
  topLevel: number;
  raions: number;
  communities: number;
  settlements: number;
  cityDistricts: number;
}

function countsOf(units: readonly CodifierUnit[]): ImportCounts {
  const n = (level: number) => units.filter((u) => u.level === level).length;
  return { total: units.length, topLevel: n(1), raions: n(2), communities: n(3), settlements: n(4), cityDistricts: n(5) };
}

/** Reads and checks a codifier file; nothing touches the database until the whole file is good. */
export async function readCodifierFile(path: string): Promise<CodifierUnit[]> {
  return parseCodifierFile(await readFile(path), path);
}

export async function storeCodifier(db: Db, units: readonly CodifierUnit[]): Promise<ImportCounts> {
  await replaceCodifier(db, units);
  return countsOf(units);
}

export async function importCodifierFile(db: Db, path: string): Promise<ImportCounts> {
  return storeCodifier(db, await readCodifierFile(path));
}

/** The demo seed's step: the sample, unless a codifier (say, the real one) is already imported. */
export async function importSampleCodifierIfEmpty(db: Db): Promise<void> {
  if ((await codifierSize(db)) === 0) await importCodifierFile(db, SAMPLE_CODIFIER);
}

export function describeCounts(c: ImportCounts): string {
  return (
    `units of the КАТОТТГ codifier imported: ${c.total} (oblasts and cities with a special status: ${c.topLevel}, ` +
    `raions: ${c.raions}, communities: ${c.communities}, settlements: ${c.settlements}, city districts: ${c.cityDistricts})`
  );
}
