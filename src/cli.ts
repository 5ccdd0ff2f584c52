/** Operator commands: `migrate`, `seed` (demo data) and `katottg:import FILE` (the КАТОТТГ codifier). */
import { loadConfig } from './core/config.js';
import { openMigratedDatabase } from './core/bootstrap.js';
import { seedDemo } from './core/demo/seed.js';
import { describeCounts, readCodifierFile, storeCodifier } from './core/katottg/codifier-import.js';
import type { CodifierUnit } from './core/katottg/codifier-file.js';
import { CodifierFileError } from './core/katottg/codifier-file.js';
import { modules } from './modules/index.js';
import { createContext } from './server.js';

const USAGE = 'usage: cli <migrate | seed | katottg:import FILE>';

async function run(argv: string[]): Promise<number> {
  const [command, file] = argv;
  if (command !== 'migrate' && command !== 'seed' && command !== 'katottg:import') {
    console.error(USAGE);
    return 2;
  }
  if (command === 'katottg:import' && !file) {
    console.error(`${USAGE}\nkatottg:import needs the codifier file (CSV or XLSX, as the ministry publishes it)`);
    return 2;
  }
  // The codifier file is read and checked whole before the database is opened.
  let units: CodifierUnit[] = [];
  if (command === 'katottg:import') {
    try {
      units = await readCodifierFile(file!);
    } catch (e) {
      if (!(e instanceof CodifierFileError)) throw e;
      console.error(`katottg:import: ${file}: ${e.message}; nothing was changed`);
      return 1;
    }
  }
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const database = await openMigratedDatabase(config, modules);
  try {
    if (command === 'katottg:import') {
      console.log(`${describeCounts(await storeCodifier(database.db, units))} (${database.kind})`);
      return 0;
    }
    if (command === 'seed') await seedDemo(createContext({ config, database }));
    console.log(command === 'migrate' ? `migrated (${database.kind})` : `seeded (${database.kind})`);
    return 0;
  } finally {
    await database.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
