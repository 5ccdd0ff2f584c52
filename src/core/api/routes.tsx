/**
 * The public API's base: /api/v1, the OpenAPI document (/api/docs/openapi.json), the interactive reference
 * (/api/docs, docs.ts) and a readable page about both at /api.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { CoreContext } from '../context.js';
import { findCommunityBySlug, searchCommunities } from '../communities/communities-repository.js';
import type { Community } from '../communities/community.js';
import { notFound } from '../http/errors.js';
import { pageCtx, sendHtml } from '../http/request-context.js';
import { Layout } from '../views/layout.js';
import { t, tr } from '../views/page-context.js';
import { API_DOCS_PREFIX, OPENAPI_JSON, registerApiDocs } from './docs.js';

export const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String() }) },
  { $id: 'Error', description: 'Every error has this shape, with the matching HTTP status.' },
);

const LocalizedText = Type.Object({ uk: Type.String(), en: Type.String() });

export const CommunityBody = Type.Object({
  slug: Type.String({ description: 'Stable identifier used in URLs, e.g. "lviv"' }),
  name: LocalizedText,
  oblast: LocalizedText,
  raion: LocalizedText,
  territorialCodes: Type.Array(Type.String(), { description: 'КАТОТТГ codes of the territory' }),
  population: Type.Integer(),
  enabledTools: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('connected'), Type.Literal('suspended')]),
  url: Type.String(),
});
type CommunityBodyT = Static<typeof CommunityBody>;

function communityJson(ctx: CoreContext, c: Community): CommunityBodyT {
  return {
    slug: c.slug,
    name: c.name,
    oblast: c.oblast,
    raion: c.raion,
    territorialCodes: c.territorialCodes,
    population: c.population,
    enabledTools: c.enabledTools,
    status: c.status,
    url: `${ctx.config.publicUrl}/${c.slug}`,
  };
}

export async function registerApiRoutes(app: FastifyInstance, ctx: CoreContext): Promise<void> {
  app.get(
    '/api/v1/communities',
    {
      schema: {
        tags: ['communities'],
        summary: 'Connected communities',
        operationId: 'listCommunities',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the name or oblast' })),
          oblast: Type.Optional(Type.String({ maxLength: 100 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(CommunityBody), total: Type.Integer() }), 400: ErrorBody },
      },
    },
    async (req, reply) => {
      const { q, oblast } = req.query as { q?: string; oblast?: string };
      const list = await searchCommunities(ctx.db, { q, oblast });
      reply.header('cache-control', 'public, max-age=60');
      return { items: list.map((c) => communityJson(ctx, c)), total: list.length };
    },
  );

  app.get(
    '/api/v1/communities/:slug',
    {
      schema: {
        tags: ['communities'],
        summary: 'One community',
        operationId: 'getCommunity',
        params: Type.Object({ slug: Type.String({ maxLength: 64 }) }),
        response: { 200: CommunityBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const c = await findCommunityBySlug(ctx.db, (req.params as { slug: string }).slug);
      if (!c) throw notFound(req.lang === 'uk' ? 'Такої громади немає.' : 'No such community.');
      reply.header('cache-control', 'public, max-age=60');
      return communityJson(ctx, c);
    },
  );

  app.get(OPENAPI_JSON, { schema: { hide: true } }, async () => app.swagger());
  await registerApiDocs(app);

  app.get('/api', { schema: { hide: true } }, async (req, reply) => {
    const doc = app.swagger() as { paths?: Record<string, Record<string, { summary?: string }>> };
    const p = await pageCtx(ctx, req);
    const rows = Object.entries(doc.paths ?? {}).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, summary: op.summary ?? '' })),
    );
    return sendHtml(
      reply,
      await (
        <Layout ctx={p} title={tr(p, 'Відкритий API', 'Open API')}>
          <h1>{t(p, 'Відкритий API', 'Open API')}</h1>
          <p>
            {t(
              p,
              'Усі публічні дані платформи доступні у форматі JSON. Опис у форматі OpenAPI 3:',
              'All public data of the platform is available as JSON. The OpenAPI 3 description:',
            )}{' '}
            <a href={OPENAPI_JSON}>{OPENAPI_JSON}</a>
          </p>
          <p>
            {t(p, 'Інтерактивний довідник (англійською), де можна й надіслати запит:', 'The interactive reference, where requests can be tried too:')}{' '}
            <a href={`${API_DOCS_PREFIX}/`}>{API_DOCS_PREFIX}</a>
          </p>
          <p>
            {t(
              p,
              'Помилки мають вигляд { "error": { "code", "message" } } з відповідним HTTP-статусом.',
              'Errors look like { "error": { "code", "message" } } with the matching HTTP status.',
            )}
          </p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(p, 'Метод', 'Method')}</th>
                  <th scope="col">{t(p, 'Шлях', 'Path')}</th>
                  <th scope="col">{t(p, 'Що повертає', 'Returns')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <td safe>{r.method}</td>
                    <td>
                      <code safe>{r.path}</code>
                    </td>
                    <td safe>{r.summary}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Layout>
      ),
    );
  });
}
