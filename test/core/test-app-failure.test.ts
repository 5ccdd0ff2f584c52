/**
 * The test helper's own failure path: a platform that cannot be built makes createTestApp reject with the
 * error, promptly, and leaves nothing open behind it (a listening emulator or a database pool would keep the
 * test process alive, so the run would hang instead of reporting the failure).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../helpers/test-app.js';

/** The listening servers and sockets of this process, by kind. */
function openHandles(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) if (/^TCP|^Pipe/.test(kind)) out[kind] = (out[kind] ?? 0) + 1;
  return out;
}

/** The open handles once those being closed are gone (a closed socket leaves the list a turn or two later). */
async function handlesAfterClosing(expected: Record<string, number>): Promise<Record<string, number>> {
  for (let i = 0; i < 40 && JSON.stringify(openHandles()) !== JSON.stringify(expected); i++) await new Promise((r) => setTimeout(r, 50));
  return openHandles();
}

/** `p`'s rejection, or a failure when it has not settled within `ms`. */
async function rejection(p: Promise<unknown>, ms: number): Promise<Error> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`createTestApp had not settled after ${ms} ms`)), ms);
  });
  try {
    await Promise.race([p, late]);
  } catch (e) {
    return e as Error;
  } finally {
    clearTimeout(timer);
  }
  throw new Error('createTestApp built a platform from a broken configuration');
}

test('a database that cannot be reached: createTestApp rejects with the error and closes the emulator', async () => {
  const before = openHandles();
  const error = await rejection(createTestApp({ seed: false, config: { databaseUrl: 'postgres://nobody@127.0.0.1:1/none' } }), 30_000);
  assert.match(error.message, /ECONNREFUSED|connect/);
  assert.deepEqual(await handlesAfterClosing(before), before, 'nothing the helper opened is still open');
});

test('an app that cannot be built: createTestApp rejects with the error and closes the database and the emulator', async () => {
  const before = openHandles();
  const error = await rejection(createTestApp({ seed: false, modules: [], config: { tileUrl: 'not a URL' } }), 120_000);
  assert.match(error.message, /Invalid URL/);
  assert.deepEqual(await handlesAfterClosing(before), before, 'nothing the helper opened is still open');
});
