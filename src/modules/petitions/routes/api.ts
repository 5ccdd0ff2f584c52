/** The open API of petitions: lists, one petition, its signatories; cacheable by a CDN. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { CoreContext } from '../../../core/context.js';
import { routeId } from '../../../core/http/route-helpers.js';
import { findCommunityBySlug, findCommunityById } from '../../../core/communities/communities-repository.js';
import { notFound, badRequest } from '../../../core/http/errors.js';
import { NotModified, sendCacheable } from '../../../core/http/cache.js';
import { ErrorBody } from '../../../core/api/routes.js';
import { shownName } from '../../../core/users/public-name.js';
import { findPetition, loadCategories, listPetitions, listSignatures, type ListTab, type PetitionRow } from '../repository.js';
import { rejectionReason, rowTimes, stateAt } from '../rules.js';

const Petition = Type.Object({
  id: Type.Integer(),
  community: Type.String({ description: 'community slug' }),
  title: Type.String(),
  text: Type.Union([Type.String(), Type.Null()], { description: 'null for petitions rejected under the bans of the law' }),
  category: Type.String(),
  status: Type.Union(['moderation', 'rejected', 'collecting', 'consideration', 'answered', 'failed'].map((s) => Type.Literal(s))),
  authorName: Type.String(),
  signatureCount: Type.Integer(),
  signatureThreshold: Type.Integer(),
  publishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  collectionEndsAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  considerationStartedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  considerationDueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  answer: Type.Union([
    Type.Object({ text: Type.String(), decision: Type.String(), officialName: Type.String(), officialPosition: Type.String() }),
    Type.Null(),
  ]),
  answeredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  rejectionReason: Type.Union([Type.String(), Type.Null()]),
  url: Type.String(),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function registerPetitionApiRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const json = async (row: PetitionRow, slug: string, categories: Map<number, string>) => {
    const s = stateAt(rowTimes(row), ctx.clock.now(), ctx.calendar);
    const banned = s.status === 'rejected' && !!rejectionReason(row.rejection_reason)?.legalBan;
    return {
      id: row.id,
      community: slug,
      title: row.title,
      text: banned ? null : row.body,
      category: categories.get(row.category_id) ?? '',
      status: s.status,
      authorName: shownName(row.author_name, 'uk'),
      signatureCount: row.signature_count,
      signatureThreshold: row.signature_threshold,
      publishedAt: iso(row.published_at),
      collectionEndsAt: iso(row.collection_ends_at),
      considerationStartedAt: iso(s.considerationStartedAt),
      considerationDueAt: iso(s.considerationDueAt),
      answer:
        row.answer_text && row.answer_decision
          ? {
              text: row.answer_text,
              decision: row.answer_decision,
              officialName: row.answer_official_name ?? '',
              officialPosition: row.answer_official_position ?? '',
            }
          : null,
      answeredAt: iso(row.answered_at),
      rejectionReason: row.rejection_reason,
      url: `${ctx.config.publicUrl}/${slug}/petitions/${row.id}`,
    };
  };

  app.get(
    '/api/v1/communities/:slug/petitions',
    {
      schema: {
        tags: ['petitions'],
        summary: 'Petitions of a community (published ones)',
        operationId: 'listPetitions',
        params: Type.Object({ slug: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({
          status: Type.Optional(Type.Union(['all', 'collecting', 'consideration', 'answered', 'failed', 'rejected'].map((s) => Type.Literal(s)))),
          category: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
          q: Type.Optional(Type.String({ maxLength: 200 })),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(Petition), total: Type.Integer(), page: Type.Integer(), perPage: Type.Integer() }),
          304: NotModified,
          400: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const { slug } = req.params as { slug: string };
      const q = req.query as { status?: ListTab; category?: number; q?: string; page?: number };
      const c = await findCommunityBySlug(ctx.db, slug);
      if (!c) throw notFound('Такої громади немає.');
      const page = q.page ?? 1;
      const { rows, total } = await listPetitions(ctx.db, {
        communityId: c.id,
        tab: q.status ?? 'all',
        q: q.q ?? '',
        categoryId: q.category ?? null,
        sort: 'newest',
        page,
        perPage: 50,
        now: ctx.clock.now(),
      });
      if (page > 1 && rows.length === 0) throw badRequest(`Сторінки ${page} немає.`);
      const categories = new Map((await loadCategories(ctx.db, c.id)).map((x) => [x.id, x.name.uk]));
      const body = { items: await Promise.all(rows.map((r) => json(r, c.slug, categories))), total, page, perPage: 50 };
      return sendCacheable(req, reply, JSON.stringify(body), 'application/json; charset=utf-8');
    },
  );

  const published = async (rawId: string) => {
    const row = await findPetition(ctx.db, routeId(rawId) ?? 0);
    if (!row || row.status === 'moderation') throw notFound('Такої петиції немає.');
    const c = (await findCommunityById(ctx.db, row.community_id))!;
    return { row, c };
  };

  app.get(
    '/api/v1/petitions/:id',
    {
      schema: {
        tags: ['petitions'],
        summary: 'One petition',
        operationId: 'getPetition',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 200: Petition, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const { row, c } = await published(String((req.params as { id: number }).id));
      const categories = new Map((await loadCategories(ctx.db, c.id)).map((x) => [x.id, x.name.uk]));
      return sendCacheable(req, reply, JSON.stringify(await json(row, c.slug, categories)), 'application/json; charset=utf-8');
    },
  );

  app.get(
    '/api/v1/petitions/:id/signatures',
    {
      schema: {
        tags: ['petitions'],
        summary: 'Signatories of a petition (name and time, as the law makes public)',
        operationId: 'listPetitionSignatures',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })) }),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ name: Type.String(), signedAt: Type.String({ format: 'date-time' }) })),
            total: Type.Integer(),
            page: Type.Integer(),
            perPage: Type.Integer(),
          }),
          400: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const { row } = await published(String((req.params as { id: number }).id));
      const page = (req.query as { page?: number }).page ?? 1;
      const { rows, total } = await listSignatures(ctx.db, row.id, { includeInvalid: false, page, perPage: 500 });
      const body = { items: rows.map((s) => ({ name: shownName(s.signerName, 'uk'), signedAt: s.signedAt.toISOString() })), total, page, perPage: 500 };
      return sendCacheable(req, reply, JSON.stringify(body), 'application/json; charset=utf-8');
    },
  );
}
