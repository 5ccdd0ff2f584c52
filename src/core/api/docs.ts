/**
 * The interactive API reference at /api/docs (Scalar), served whole from our own origin: the page, its
 * bundled script at /api/docs/js/scalar.js, and the document at /api/docs/openapi.json. Nothing is
 * loaded from a CDN, and no fonts or telemetry are fetched from Scalar's servers.
 *
 * Only these routes get their own Content-Security-Policy: the page starts Scalar with one inline script
 * (allowed by its hash, not by 'unsafe-inline') and Scalar styles its components with inline styles.
 * The rest of the site keeps the policy set in server.ts.
 *
 * Scalar's package holds its 5 MB script as a string in its module: loading it costs about 25 MB of
 * memory and half a second of start (issue #19). So it is loaded on the first request for the reference,
 * into a small Fastify instance of its own that our two routes ask (by inject) and relay.
 */
import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';

export const API_DOCS_PREFIX = '/api/docs';
export const OPENAPI_JSON = `${API_DOCS_PREFIX}/openapi.json`;

/** The policy of the reference's routes, with the hashes of the inline scripts of the page it sends. */
export function apiDocsCsp(inlineScripts: readonly string[]): string {
  const hashes = inlineScripts.map((s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`);
  return [
    "default-src 'self'",
    `script-src 'self' ${hashes.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The contents of the page's inline <script> elements (those without src). */
function inlineScriptsOf(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).filter((s) => s.length > 0);
}

export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    // Replaces the site's policy on this scope's routes only (helmet set it in its onRequest hook).
    scope.addHook('onSend', async (_req, reply, payload) => {
      const html = typeof payload === 'string' && String(reply.getHeader('content-type') ?? '').startsWith('text/html') ? payload : '';
      reply.header('content-security-policy', apiDocsCsp(inlineScriptsOf(html)));
      // The bundled script is large (about 5 MB) and changes only with the package: browsers keep it a day.
      if (String(reply.getHeader('content-type') ?? '').includes('javascript')) reply.header('cache-control', 'public, max-age=86400');
      return payload;
    });
    let reference: Promise<FastifyInstance> | null = null;
    const load = async () => {
      const { default: scalar } = await import('@scalar/fastify-api-reference');
      const inner = Fastify({ logger: false });
      await inner.register(scalar, {
        routePrefix: API_DOCS_PREFIX,
        configuration: {
          // Our own route serves the document (so the plugin adds no copy of it).
          url: OPENAPI_JSON,
          pageTitle: 'Віче API',
          telemetry: false,
          withDefaultFonts: false,
          showDeveloperTools: 'never',
        },
      });
      await inner.ready();
      return inner;
    };
    // The site ignores a trailing slash: `/api/docs/` also answers `/api/docs` (with Scalar's redirect).
    for (const url of [`${API_DOCS_PREFIX}/`, `${API_DOCS_PREFIX}/js/scalar.js`]) {
      scope.get(url, { schema: { hide: true }, logLevel: 'warn' }, async (req, reply) => {
        reference ??= load().catch((e: unknown) => {
          reference = null;
          throw e;
        });
        const res = await (await reference).inject({ method: 'GET', url: req.url, headers: { host: req.headers.host ?? 'localhost' } });
        for (const h of ['content-type', 'location'] as const) {
          const v = res.headers[h];
          if (v !== undefined) reply.header(h, v);
        }
        return reply.code(res.statusCode).send(res.body);
      });
    }
  });
}
