/**
 * How the OpenAPI document (GET /api/docs/openapi.json, built by @fastify/swagger from the route schemas)
 * describes the platform: who runs it, under which licence, and how a client proves who it is.
 */
import type { FastifySchema } from 'fastify';
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { Config } from '../config.js';
import { SESSION_COOKIE } from '../sessions/sessions.js';

/**
 * The ways a client proves who it is, by the names route schemas use in `security`. Most of the API is
 * public: an operation that names none gets `security: []` in the document (see `transform` below).
 */
export const SECURITY_SCHEMES = {
  /** A budget channel's key (a self-service terminal, a chat-bot), issued by the community's moderator. */
  channelKey: {
    type: 'http',
    scheme: 'bearer',
    description:
      'The key of a budget voting channel (self-service terminal, chat-bot): `Authorization: Bearer <key>`, issued by the community’s budget moderator.',
  },
  /** Open311 GeoReport v2 partners' key, sent as the spec says: a query or form parameter. */
  open311ApiKey: {
    type: 'apiKey',
    in: 'query',
    name: 'api_key',
    description:
      'Open311 `api_key`, issued by the community’s Open City moderator. GET requests take it in the query; POST requests in the form body, as GeoReport v2 specifies.',
  },
  /** A signed-in person's browser session. */
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'The session cookie of a signed-in person (set by signing in through id.gov.ua or a one-time code).',
  },
} as const;

type SchemeName = keyof typeof SECURITY_SCHEMES;

/** A route schema's `security` for operations that need one of these schemes (any of them). */
export function requires(...names: SchemeName[]): Record<string, string[]>[] {
  return names.map((n) => ({ [n]: [] }));
}

/** A route schema's `security` for an operation that is public but says more to a client with a key. */
export function optionally(...names: SchemeName[]): Record<string, string[]>[] {
  return [{}, ...requires(...names)];
}

export function openapiOptions(config: Config): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Віче API',
        version: '1',
        description:
          'Public data of Віче (Viche), the e-democracy platform of Ukrainian territorial communities: communities, petitions, consultations, participatory budgets, statistics and the transparency log. Every error is `{ "error": { "code", "message" } }` with the matching HTTP status.',
        license: { name: 'AGPL-3.0-or-later', url: 'https://www.gnu.org/licenses/agpl-3.0.html' },
        contact: { name: 'Віче', url: `${config.publicUrl}/about` },
      },
      servers: [{ url: config.publicUrl }],
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    hideUntagged: true,
    transform: ({ schema, url }) => {
      const s: FastifySchema = schema ?? {};
      // A wildcard route (`/log/tile/*`) is described with a named path parameter: OpenAPI has no `*`.
      const wildcard = url.endsWith('/*');
      return {
        url: wildcard ? `${url.slice(0, -1)}{path}` : url,
        schema: {
          ...s,
          security: s.security ?? [],
          ...(wildcard
            ? {
                params: { type: 'object', required: ['path'], properties: { path: { type: 'string', description: 'The rest of the path, slashes included' } } },
              }
            : {}),
        },
      };
    },
  };
}
