/**
 * Builds the app: external plugins, then the core's request context, then the core's routes, then each
 * module's (the order fastify/demo uses). Used by main.ts, the CLI and the tests alike.
 */
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { pino, type Logger } from 'pino';
import type { Config } from './core/config.js';
import type { CoreContext } from './core/context.js';
import type { Database } from './core/db/database.js';
import { DemoClock, systemClock, type Clock } from './core/clock.js';
import { createMailTransport } from './core/mail/mailer.js';
import { createSmsSender } from './core/sms/sender.js';
import { requestContext } from './core/http/request-context.js';
import { pageCache } from './core/http/page-cache.js';
import { installErrorHandlers } from './core/http/error-handler.js';
import { registerCoreRoutes } from './core/routes.js';
import { enforcePermissionKeys } from './core/permissions/keys.js';
import { modules as allModules } from './modules/index.js';
import type { ModuleManifest } from './core/modules/manifest.js';
import { cleanBody, parseForm } from './core/http/form-parser.js';
import { openapiOptions } from './core/api/openapi.js';

/** The responses sent compressed: stylesheets, scripts and SVG images (see buildApp). */
const COMPRESSED_TYPES = /^(?:text\/css|text\/javascript|application\/javascript|image\/svg\+xml)\b/;

export interface BuildOptions {
  config: Config;
  database: Database;
  clock?: Clock;
  modules?: readonly ModuleManifest[];
  logger?: Logger;
}

export function createLogger(config: Config): Logger {
  return pino({
    level: config.logLevel,
    // Never log who someone is: no cookies, no IP addresses, no bodies (which hold names and numbers).
    // Requests are logged as method and path only: no query (it may carry sign-in codes), no address.
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, path: (req.url ?? '').split('?')[0] }),
    },
  });
}

export function createContext(opts: BuildOptions): CoreContext {
  return {
    config: opts.config,
    database: opts.database,
    db: opts.database.db,
    clock: opts.clock ?? (opts.config.demo ? new DemoClock() : systemClock),
    mail: createMailTransport(opts.config.smtpUrl, opts.config.mailFrom),
    sms: createSmsSender(opts.database.db, opts.config.sms, opts.config.demo),
    modules: opts.modules ?? allModules,
    calendar: { martialLaw: opts.config.martialLaw },
    log: opts.logger ?? createLogger(opts.config),
  };
}

/** The host without its port, lower-case; requests without one are left alone. */
function rewriteForHost(ctx: CoreContext, hostHeader: string | undefined, url: string): string {
  const host = (hostHeader ?? '').toLowerCase().replace(/:\d+$/, '');
  if (!host) return url;
  for (const m of ctx.modules) {
    const to = m.rewriteUrl?.(ctx, host, url);
    if (to) return to;
  }
  return url;
}

export async function buildApp(ctx: CoreContext): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify<Server, IncomingMessage, ServerResponse, FastifyBaseLogger>({
    loggerInstance: ctx.log,
    bodyLimit: ctx.config.bodyLimit,
    trustProxy: ctx.config.trustProxy,
    // Slugs and ids are case-sensitive; a trailing slash is the same page.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // A community's site on its own host name: a module maps the request to its platform path.
    rewriteUrl: (req) => rewriteForHost(ctx, req.headers.host, req.url ?? '/'),
  });

  await app.register(cookie);
  await app.register(formbody, { parser: parseForm, bodyLimit: ctx.config.bodyLimit });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', new URL(ctx.config.tileUrl.replace(/\{[a-z]\}/g, 'a')).origin],
        formAction: ["'self'", ctx.config.idgovua.baseUrl],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: ctx.config.publicUrl.startsWith('https://') ? [] : null,
      },
    },
    hsts: ctx.config.publicUrl.startsWith('https://'),
    crossOriginEmbedderPolicy: false,
  });
  // Stylesheets and scripts go out compressed (br or gzip, as the browser accepts): an old phone on a
  // slow connection pays for every byte, and Leaflet alone is 147 KB raw. Nothing else is: HTML pages
  // carry CSRF tokens next to text people typed, which compression would leak (BREACH). The plugin
  // compresses whatever mime-db calls compressible and its customTypes can only add to that, so its
  // documented switch is used: the x-no-compression request header, read by its onSend hook (a route
  // hook, run after this global one), is set for every other type. Request bodies are never inflated.
  await app.register(compress, { customTypes: COMPRESSED_TYPES, globalDecompression: false });
  app.addHook('onSend', async (req, reply, payload) => {
    if (!COMPRESSED_TYPES.test(String(reply.getHeader('content-type') ?? ''))) req.headers['x-no-compression'] = '1';
    return payload;
  });
  await app.register(fastifyStatic, {
    root: fileURLToPath(new URL('../public', import.meta.url)),
    prefix: '/static/',
    maxAge: '1d',
  });

  await app.register(swagger, openapiOptions(ctx.config));
  await app.register(requestContext, { ctx });
  // After the request context: a stored page is keyed by its language and given the visitor's CSRF token.
  await app.register(pageCache, { ctx });
  // Every module's body (JSON, multipart fields) is cleaned like urlencoded forms are, before any handler
  // or module hook reads it: after preValidation, where modules gather their multipart fields.
  app.addHook('preHandler', async (req) => {
    if (req.body !== undefined && req.body !== null) req.body = cleanBody(req.body);
  });
  installErrorHandlers(app, ctx);
  // Every state-changing route names a declared permission key, or the app does not start.
  enforcePermissionKeys(app, ctx.modules);
  await registerCoreRoutes(app, ctx);
  for (const m of ctx.modules) {
    if (m.routes) await app.register(async (scope) => m.routes!(scope, ctx));
  }
  return app;
}
