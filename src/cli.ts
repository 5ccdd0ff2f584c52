/** Operator commands: `migrate` and `seed` (demo data). Modules will add theirs (tally, …). */
import { loadConfig } from './core/config.js';
import { openMigratedDatabase } from './core/bootstrap.js';
import { seedDemo } from './core/demo/seed.js';
import { modules } from './modules/index.js';
import { createContext } from './server.js';

const USAGE = 'usage: cli <migrate | seed>';

async function run(argv: string[]): Promise<number> {
  const [command] = argv;
  if (command !== 'migrate' && command !== 'seed') {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const database = await openMigratedDatabase(config, modules);
  try {
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
