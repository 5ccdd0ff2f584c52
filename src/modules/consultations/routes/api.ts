/** The open API of consultations: list, detail and results of every kind, described in the OpenAPI document. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { CoreContext } from '../../../core/context.js';
import { findCommunityBySlug } from '../../../core/communities/communities-repository.js';
import { HttpError, notFound } from '../../../core/http/errors.js';
import { hiddenIds } from '../../../core/moderation/moderation-service.js';
import { shownName } from '../../../core/users/public-name.js';
import { ErrorBody } from '../../../core/api/routes.js';
import { pageNumber } from '../../../core/views/pagination.js';
import {
  allResponses,
  findItem,
  listAttachments,
  listComments,
  listItems,
  listQuestions,
  listSections,
  stancePeople,
  stanceTallies,
  type Item,
} from '../repository.js';
import { CATEGORIES, KINDS, isCategory, isKind, resultsVisible, stateOf, type State } from '../rules/model.js';
import { pollResults } from '../rules/poll.js';
import { levelCounts } from '../rules/levels.js';

const TAGS = ['consultations'];
const KindT = Type.Union(
  KINDS.map((k) => Type.Literal(k)),
  { description: 'consultation (Консультація), poll (Опитування), act (Обговорення НПА)' },
);
const StateT = Type.Union([Type.Literal('scheduled'), Type.Literal('active'), Type.Literal('ended')], { description: 'Заплановано, Триває, Час вийшов' });

const Summary = Type.Object({
  id: Type.Integer(),
  kind: KindT,
  title: Type.String(),
  category: Type.String({ description: CATEGORIES.map((c) => c.value).join(', ') }),
  state: StateT,
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  closedEarlyAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  participation: Type.Integer({ description: 'Responses for a poll, comments otherwise' }),
  url: Type.String(),
});

const LevelsT = Type.Object(
  { idgovua: Type.Integer(), email: Type.Integer() },
  { description: 'How many came at each sign-in level: id.gov.ua, or e-mail with a verified phone (counted or not)' },
);

const CommentT = Type.Object({
  id: Type.Integer(),
  sectionId: Type.Union([Type.Integer(), Type.Null()]),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  author: Type.String({ description: 'As shown publicly; empty when hidden or the account was deleted' }),
  body: Type.Union([Type.String(), Type.Null()], { description: 'null when hidden by a moderator' }),
  hidden: Type.Boolean(),
  level: Type.Union([Type.Literal('idgovua'), Type.Literal('email')], { description: 'The author’s sign-in level when writing' }),
  supports: Type.Integer(),
  decision: Type.Union([Type.Literal('accepted'), Type.Literal('partly'), Type.Literal('rejected'), Type.Null()]),
  decisionReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

const Detail = Type.Intersect([
  Summary,
  Type.Object({
    description: Type.String(),
    resultsVisibility: Type.Union([Type.Literal('during'), Type.Literal('after')]),
    rules: Type.Object({
      allowEmail: Type.Boolean(),
      emailCounts: Type.Boolean({ description: 'Whether e-mail-level answers and stances count toward the results (they are shown apart either way)' }),
      residentsOnly: Type.Boolean(),
      minAge: Type.Union([Type.Integer(), Type.Null()]),
    }),
    closedReason: Type.Union([Type.String(), Type.Null()]),
    attachments: Type.Array(Type.Object({ filename: Type.String(), mime: Type.String(), size: Type.Integer(), url: Type.String() })),
    questions: Type.Array(
      Type.Object({
        id: Type.Integer(),
        type: Type.String({ description: 'single, multiple, ranking, scoring' }),
        text: Type.String(),
        options: Type.Array(Type.Object({ id: Type.Integer(), label: Type.String() })),
        minChoices: Type.Union([Type.Integer(), Type.Null()]),
        maxChoices: Type.Union([Type.Integer(), Type.Null()]),
        rankTop: Type.Union([Type.Integer(), Type.Null()]),
        scaleMin: Type.Union([Type.Integer(), Type.Null()]),
        scaleMax: Type.Union([Type.Integer(), Type.Null()]),
        pointsTotal: Type.Union([Type.Integer(), Type.Null()]),
        allowOther: Type.Boolean(),
      }),
    ),
    sections: Type.Array(Type.Object({ id: Type.Integer(), heading: Type.String(), parent: Type.Union([Type.String(), Type.Null()]), body: Type.String() })),
    comments: Type.Array(CommentT),
    commentLevels: LevelsT,
    outcome: Type.Union([Type.Object({ summary: Type.String(), publishedAt: Type.String({ format: 'date-time' }) }), Type.Null()]),
    revision: Type.Union([Type.Object({ text: Type.String(), notes: Type.String(), publishedAt: Type.String({ format: 'date-time' }) }), Type.Null()]),
  }),
]);

const Results = Type.Object({
  id: Type.Integer(),
  kind: KindT,
  state: StateT,
  respondents: Type.Integer({
    description: 'Poll responses, or distinct people with a stance on an act, or comments of a consultation; e-mail-level ones only when emailCounts',
  }),
  emailCounts: Type.Boolean({ description: 'Whether e-mail-level answers and stances count toward these results' }),
  levels: Type.Object(
    { idgovua: Type.Integer(), email: Type.Integer() },
    { description: 'Poll responses, people with a stance, or comments at each sign-in level, counted or not' },
  ),
  questions: Type.Array(
    Type.Object({
      questionId: Type.Integer(),
      type: Type.String(),
      measure: Type.String({ description: 'count (single/multiple), borda (ranking), average (scale), total (points)' }),
      respondents: Type.Integer(),
      options: Type.Array(
        Type.Object({
          optionId: Type.Union([Type.Integer(), Type.Null()], { description: 'null for «Інше»' }),
          label: Type.String(),
          count: Type.Integer({ description: 'choices, or first places for a ranking, or ratings for scoring' }),
          percent: Type.Number(),
          points: Type.Optional(Type.Integer()),
          average: Type.Optional(Type.Number()),
          total: Type.Optional(Type.Number()),
        }),
      ),
      otherTexts: Type.Array(Type.String()),
    }),
  ),
  sections: Type.Array(
    Type.Object({
      sectionId: Type.Integer({ description: '0: the whole document' }),
      heading: Type.String(),
      support: Type.Integer(),
      oppose: Type.Integer(),
      levels: LevelsT,
      comments: Type.Integer(),
    }),
  ),
});

type SummaryT = Static<typeof Summary>;

export function registerConsultationApi(app: FastifyInstance, ctx: CoreContext): void {
  const communityOf = async (slug: string, lang: string) => {
    const c = await findCommunityBySlug(ctx.db, slug);
    if (!c) throw notFound(lang === 'uk' ? 'Такої громади немає.' : 'No such community.');
    return c;
  };
  const publishedItem = async (communityId: number, id: number, lang: string) => {
    const item = await findItem(ctx.db, communityId, id);
    if (!item || !item.publishedAt) throw notFound(lang === 'uk' ? 'Такої консультації немає.' : 'No such consultation.');
    return item;
  };
  const summary = (slug: string, i: Item & { participation?: number }, participation: number): SummaryT => ({
    id: i.id,
    kind: i.kind,
    title: i.title,
    category: i.category,
    state: stateOf(i, ctx.clock.now()) as 'scheduled' | 'active' | 'ended',
    startsAt: i.startsAt.toISOString(),
    endsAt: i.endsAt.toISOString(),
    closedEarlyAt: i.closedAt && i.closedAt < i.endsAt ? i.closedAt.toISOString() : null,
    participation,
    url: `${ctx.config.publicUrl}/${slug}/consultations/${i.id}`,
  });
  const Params = Type.Object({ slug: Type.String({ maxLength: 64 }), id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

  app.get(
    '/api/v1/communities/:slug/consultations',
    {
      schema: {
        tags: TAGS,
        summary: 'Consultations, polls and draft act discussions of a community (one list)',
        operationId: 'listConsultations',
        params: Type.Object({ slug: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({
          kind: Type.Optional(KindT),
          state: Type.Optional(StateT),
          category: Type.Optional(Type.String({ maxLength: 40 })),
          q: Type.Optional(Type.String({ maxLength: 200 })),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(Summary), total: Type.Integer(), page: Type.Integer(), perPage: Type.Integer() }),
          400: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const { slug } = req.params as { slug: string };
      const qs = req.query as { kind?: string; state?: State; category?: string; q?: string; page?: number };
      const c = await communityOf(slug, req.lang);
      const page = pageNumber(String(qs.page ?? 1));
      const perPage = 50;
      const { items, total } = await listItems(ctx.db, c.id, {
        kind: qs.kind && isKind(qs.kind) ? qs.kind : null,
        state: qs.state ?? null,
        category: qs.category && isCategory(qs.category) ? qs.category : null,
        q: (qs.q ?? '').trim(),
        includeDrafts: false,
        now: ctx.clock.now(),
        page,
        perPage,
      });
      reply.header('cache-control', 'public, max-age=60');
      return { items: items.map((i) => summary(c.slug, i, i.participation)), total, page, perPage };
    },
  );

  app.get(
    '/api/v1/communities/:slug/consultations/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'One consultation, poll or draft act discussion: description, questions or sections, comments, outcome',
        operationId: 'getConsultation',
        params: Params,
        response: { 200: Detail, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const { slug, id } = req.params as { slug: string; id: number };
      const c = await communityOf(slug, req.lang);
      const item = await publishedItem(c.id, id, req.lang);
      const [attachments, questions, sections, comments] = await Promise.all([
        listAttachments(ctx.db, item.id),
        listQuestions(ctx.db, item.id),
        listSections(ctx.db, item.id),
        listComments(ctx.db, item.id),
      ]);
      const hidden = await hiddenIds(
        ctx.db,
        'consultation-comment',
        comments.map((x) => String(x.id)),
      );
      const participation = item.kind === 'poll' ? (await allResponses(ctx.db, item.id)).length : comments.length;
      reply.header('cache-control', 'public, max-age=30');
      return {
        ...summary(c.slug, item, participation),
        description: item.description,
        resultsVisibility: item.resultsVisibility,
        rules: { allowEmail: item.allowEmail, emailCounts: item.emailCounts, residentsOnly: item.residentsOnly, minAge: item.minAge },
        closedReason: item.closedReason,
        attachments: attachments.map((a) => ({
          filename: a.filename,
          mime: a.mime,
          size: a.size,
          url: `${ctx.config.publicUrl}/${c.slug}/consultations/${item.id}/files/${a.id}`,
        })),
        questions,
        sections: sections.map((s) => ({ id: s.id, heading: s.heading, parent: s.parent, body: s.body })),
        comments: comments.map((x) => {
          const isHidden = hidden.has(String(x.id));
          return {
            id: x.id,
            sectionId: x.sectionId,
            parentId: x.parentId,
            author: isHidden ? '' : shownName(x.authorName, 'uk'),
            body: isHidden ? null : x.body,
            hidden: isHidden,
            level: x.level,
            supports: isHidden ? 0 : x.supports,
            decision: x.decision,
            decisionReason: x.decisionReason,
            createdAt: x.createdAt.toISOString(),
          };
        }),
        commentLevels: levelCounts(comments),
        outcome: item.outcomePublishedAt ? { summary: item.outcomeSummary ?? '', publishedAt: item.outcomePublishedAt.toISOString() } : null,
        revision: item.revisionPublishedAt
          ? { text: item.revisedText ?? '', notes: item.revisionNotes ?? '', publishedAt: item.revisionPublishedAt.toISOString() }
          : null,
      };
    },
  );

  app.get(
    '/api/v1/communities/:slug/consultations/:id/results',
    {
      schema: {
        tags: TAGS,
        summary: 'Results: per question for a poll (counts, Borda points, averages or totals), per section for a draft act',
        operationId: 'getConsultationResults',
        params: Params,
        response: { 200: Results, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const { slug, id } = req.params as { slug: string; id: number };
      const c = await communityOf(slug, req.lang);
      const item = await publishedItem(c.id, id, req.lang);
      const state = stateOf(item, ctx.clock.now()) as 'scheduled' | 'active' | 'ended';
      if (!resultsVisible(item.resultsVisibility, state, false)) {
        throw new HttpError(403, 'results_hidden', req.lang === 'uk' ? 'Результати оприлюднять після завершення.' : 'Results are published after the end.');
      }
      const comments = await listComments(ctx.db, item.id);
      reply.header('cache-control', 'public, max-age=30');
      if (item.kind === 'poll') {
        const questions = await listQuestions(ctx.db, item.id);
        const r = pollResults(questions, await allResponses(ctx.db, item.id), item.emailCounts);
        return {
          id: item.id,
          kind: item.kind,
          state,
          respondents: r.counted,
          emailCounts: item.emailCounts,
          levels: r.levels,
          questions: r.results,
          sections: [],
        };
      }
      if (item.kind === 'act') {
        const sections = await listSections(ctx.db, item.id);
        const tallies = await stanceTallies(ctx.db, item.id, item.emailCounts);
        const none = { idgovua: 0, email: 0 };
        const count = (sid: number | null) => comments.filter((x) => x.sectionId === sid).length;
        const rows = [
          {
            sectionId: 0,
            heading: req.lang === 'uk' ? 'Документ загалом' : 'Whole document',
            support: tallies.get(0)?.support ?? 0,
            oppose: tallies.get(0)?.oppose ?? 0,
            levels: tallies.get(0)?.byLevel ?? none,
            comments: count(null),
          },
          ...sections.map((s) => ({
            sectionId: s.id,
            heading: s.heading,
            support: tallies.get(s.id)?.support ?? 0,
            oppose: tallies.get(s.id)?.oppose ?? 0,
            levels: tallies.get(s.id)?.byLevel ?? none,
            comments: count(s.id),
          })),
        ];
        const people = await stancePeople(ctx.db, item.id);
        return {
          id: item.id,
          kind: item.kind,
          state,
          respondents: people.idgovua + (item.emailCounts ? people.email : 0),
          emailCounts: item.emailCounts,
          levels: people,
          questions: [],
          sections: rows,
        };
      }
      return {
        id: item.id,
        kind: item.kind,
        state,
        respondents: comments.length,
        emailCounts: item.emailCounts,
        levels: levelCounts(comments),
        questions: [],
        sections: [],
      };
    },
  );
}
