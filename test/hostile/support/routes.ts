/**
 * The state-changing routes of the real app, collected while it is built. Fastify announces every new
 * instance on the `fastify.initialization` diagnostics channel before any plugin is registered, so an
 * `onRoute` hook added there sees every route of the core and of every module — without a test-only
 * option in the app itself.
 */
import diagnostics from 'node:diagnostics_channel';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

export interface CollectedRoute {
  /** "POST /:slug/petitions/:id/sign": the method and the pattern as registered (prefixes included). */
  key: string;
  method: string;
  url: string;
  /** The route's `config.csrf`: false on routes that authenticate with API keys and take no browser forms. */
  csrf: boolean;
  /** The route's `config.permission`: the key it exercises (null if it names none; the app refuses that). */
  permission: string | null;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function routeKey(method: string, url: string): string {
  return `${method} ${url}`;
}

/** A fresh test app (its own database, seeded from the template) and the state-changing routes it serves. */
export async function appWithRoutes(): Promise<{ t: TestApp; routes: CollectedRoute[] }> {
  // Every Fastify instance made meanwhile is recorded (the id.gov.ua emulator is one too); only the app's are kept.
  const byInstance = new Map<FastifyInstance, CollectedRoute[]>();
  const onInit = (message: unknown): void => {
    const instance = (message as { fastify: FastifyInstance }).fastify;
    const list: CollectedRoute[] = [];
    byInstance.set(instance, list);
    instance.addHook('onRoute', (r: RouteOptions) => {
      for (const method of [r.method].flat()) {
        if (!STATE_CHANGING.has(method)) continue;
        list.push({ key: routeKey(method, r.url), method, url: r.url, csrf: r.config?.csrf !== false, permission: r.config?.permission ?? null });
      }
    });
  };
  diagnostics.subscribe('fastify.initialization', onInit);
  let t: TestApp;
  try {
    t = await createTestApp();
  } finally {
    diagnostics.unsubscribe('fastify.initialization', onInit);
  }
  const routes = byInstance.get(t.app);
  if (!routes || routes.length === 0) {
    await t.close();
    throw new Error('no routes were collected from the app: did Fastify stop publishing fastify.initialization?');
  }
  return { t, routes: [...new Map(routes.map((r) => [r.key, r])).values()] };
}
