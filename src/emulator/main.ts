/**
 * Starts the id.gov.ua emulator as its own HTTP server: from tests (port 0) and, when this file is
 * run directly, as the demo identity provider next to the app.
 */
import { pathToFileURL } from 'node:url';
import { demoPeople, type DemoPerson } from '../core/demo/people.js';
import { envelopeIdentityFromEnv, type EnvelopeIdentity } from './envelope.js';
import { buildEmulator, type EmulatorOptions } from './server.js';

export interface StartEmulatorOptions {
  /** 0 picks a free port; the real one is in the returned url. */
  port: number;
  host?: string;
  clients: EmulatorOptions['clients'];
  /** Defaults to the demo people. */
  people?: readonly DemoPerson[];
  /** The key and certificate to envelope user info with, for clients that send `cert`. */
  envelope?: EnvelopeIdentity;
}

export interface RunningEmulator {
  url: string;
  close(): Promise<void>;
}

export async function startEmulator({ port, host = '127.0.0.1', clients, people = demoPeople, envelope }: StartEmulatorOptions): Promise<RunningEmulator> {
  const app = buildEmulator({ clients, people, ...(envelope ? { envelope } : {}) });
  await app.listen({ port, host });
  const address = app.server.address();
  const actualPort = address !== null && typeof address === 'object' ? address.port : port;
  // IPv6 literals must be bracketed in a URL.
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${actualPort}`,
    close: async () => {
      await app.close();
    },
  };
}

function envPort(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`EMULATOR_PORT must be a port number, got "${raw}"`);
  return n;
}

async function runFromCommandLine(): Promise<void> {
  const envelope = envelopeIdentityFromEnv(process.env);
  const emulator = await startEmulator({
    ...(envelope ? { envelope } : {}),
    port: envPort(process.env.EMULATOR_PORT, 3001),
    host: process.env.EMULATOR_HOST || '127.0.0.1',
    clients: [
      {
        clientId: process.env.IDGOVUA_CLIENT_ID || 'viche-demo',
        clientSecret: process.env.IDGOVUA_CLIENT_SECRET || 'viche-demo-secret',
      },
    ],
  });
  console.log(`id.gov.ua emulator listening on ${emulator.url}`);
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    emulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('id.gov.ua emulator failed to close', err);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  runFromCommandLine().catch((err: unknown) => {
    console.error('id.gov.ua emulator failed to start', err);
    process.exit(1);
  });
}
