/**
 * `npm start`: migrate, seed the demo (unless DEMO=0), start the id.gov.ua emulator in demo mode as its
 * own process, serve, run background work, and shut down gracefully on SIGTERM/SIGINT.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './core/config.js';
import { openMigratedDatabase } from './core/bootstrap.js';
import { seedDemo } from './core/demo/seed.js';
import { startWorker } from './core/jobs/worker.js';
import { modules } from './modules/index.js';
import { buildApp, createContext, createLogger } from './server.js';

function startEmulatorProcess(port: number, clientId: string, clientSecret: string): ChildProcess {
  const here = fileURLToPath(import.meta.url);
  const fromSource = here.endsWith('.ts');
  const entry = fileURLToPath(new URL(fromSource ? './emulator/main.ts' : './emulator/main.js', import.meta.url));
  return spawn(process.execPath, [...(fromSource ? ['--import', 'tsx'] : []), entry], {
    env: { ...process.env, EMULATOR_PORT: String(port), IDGOVUA_CLIENT_ID: clientId, IDGOVUA_CLIENT_SECRET: clientSecret },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config);
  const database = await openMigratedDatabase(config, modules);
  const ctx = createContext({ config, database, logger: log });
  if (config.demo) await seedDemo(ctx);

  // The emulator runs only when the app is pointed at the local one, never beside a real id.gov.ua.
  const emulator =
    config.demo && !process.env.IDGOVUA_BASE_URL ? startEmulatorProcess(config.emulatorPort, config.idgovua.clientId, config.idgovua.clientSecret) : null;

  const app = await buildApp(ctx);
  await app.listen({ port: config.port, host: config.host });
  const stopWorker = startWorker(ctx);
  log.info(`Віче: ${config.publicUrl} (${database.kind}${config.demo ? ', demo' : ''})`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    // Stop taking requests, let those in flight finish, then stop background work and the database.
    await app.close();
    await stopWorker();
    emulator?.kill('SIGTERM');
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
