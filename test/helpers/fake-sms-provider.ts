/**
 * A small local SMS provider for tests, speaking the request README «SMS» documents: POST {to, text} with
 * a bearer token. It keeps what it was sent, so a test reads the code off «the phone», and it can be told
 * to fail or to hang, so the refusals are tested against the real HTTP adapter.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSmsProvider {
  url: string;
  token: string;
  /** Messages accepted, oldest first. */
  received: { to: string; text: string; authorization: string | undefined }[];
  /** 'ok' (the default): 200; a number: answer with that status; 'hang': never answer. */
  mode: 'ok' | 'hang' | number;
  close(): Promise<void>;
}

export async function startFakeSmsProvider(token = 'fake-sms-token'): Promise<FakeSmsProvider> {
  const hanging: ServerResponse[] = [];
  const provider: FakeSmsProvider = {
    url: '',
    token,
    received: [],
    mode: 'ok',
    close: async () => {
      for (const res of hanging) res.destroy();
      // fetch keeps connections alive: close them, or close() waits for them.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (provider.mode === 'hang') {
        hanging.push(res);
        return;
      }
      if (req.method !== 'POST' || req.url !== '/send') return void res.writeHead(404).end();
      if (req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(401).end();
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return void res.writeHead(400).end();
      }
      const { to, text } = (body ?? {}) as { to?: unknown; text?: unknown };
      if (typeof to !== 'string' || typeof text !== 'string') return void res.writeHead(400).end();
      if (typeof provider.mode === 'number') return void res.writeHead(provider.mode, { 'content-type': 'application/json' }).end('{"error":"refused"}');
      provider.received.push({ to, text, authorization: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"queued"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  return provider;
}
