/**
 * The channel API for terminals and chat-bots (/api/v1/channels/…). A channel authenticates with its API
 * key (Authorization: Bearer …), scoped to one community; no browser forms, so no CSRF token. The РНОКПП
 * the channel verified is turned into the identity key at once and never stored or logged.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { CoreContext } from '../../../core/context.js';
import { ErrorBody } from '../../../core/api/routes.js';
import { requires } from '../../../core/api/openapi.js';
import { HttpError, notFound } from '../../../core/http/errors.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import { identityKey } from '../../../core/identity/identity-key.js';
import { rnokppBirthDate, rnokppProblem } from '../../../core/identity/rnokpp.js';
import { assertParticipationOpen } from '../../../core/communities/participation-gate.js';
import { findCommunityById } from '../../../core/communities/communities-repository.js';
import { kyivDateOf } from '../../../core/calendar/index.js';
import { ageOn } from '../../../core/users/viewer.js';
import { castBallot, validateChoices } from '../service/ballots.js';
import { idempotent, requestHash } from '../service/channels.js';
import { channelByKey, type VotingChannel } from '../repository/channels.js';
import { choiceProblemText, voterRefusal, voterRefusalText } from '../rules.js';
import { contestPhase } from '../service/contests.js';
import { findContest, listCategories, listContests, type Contest } from '../repository/contests.js';
import { listProjects } from '../repository/projects.js';
import { OWNER } from '../access.js';

export const CHANNEL_RATE_PER_MINUTE = 120;

const ContestBody = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  phase: Type.String({ description: 'announced, submission, support, review, voting, counting, results, implementation' }),
  votingFrom: Type.String({ format: 'date-time' }),
  votingTo: Type.String({ format: 'date-time' }),
  ballot: Type.Object({
    mode: Type.Union([Type.Literal('approval'), Type.Literal('one-per-category')]),
    maxPerCategory: Type.Union([Type.Integer(), Type.Null()]),
    maxTotal: Type.Union([Type.Integer(), Type.Null()]),
  }),
  eligibility: Type.Object({ residentsOnly: Type.Boolean(), minAge: Type.Union([Type.Integer(), Type.Null()]) }),
});

const ContestDetail = Type.Composite([
  ContestBody,
  Type.Object({
    categories: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), budgetKopiykas: Type.Integer() })),
    projects: Type.Array(
      Type.Object({ id: Type.Integer(), code: Type.String(), title: Type.String(), categoryId: Type.Integer(), costKopiykas: Type.Integer() }),
    ),
  }),
]);

const BallotRequest = Type.Object(
  {
    rnokpp: Type.String({ pattern: '^[0-9]{10}$', description: 'The РНОКПП the channel verified; hashed at once, never stored' }),
    birthDate: Type.String({ format: 'date', description: 'YYYY-MM-DD, for the age limit' }),
    territorialCode: Type.String({ pattern: '^UA[0-9]{17}$', description: 'КАТОТТГ of the registered address, for residency' }),
    projectIds: Type.Array(Type.Integer({ minimum: 1, maximum: 2147483647 }), { maxItems: 500 }),
  },
  { additionalProperties: false },
);

const BallotAnswer = Type.Object({
  result: Type.Union([Type.Literal('accepted'), Type.Literal('already_voted'), Type.Literal('not_eligible')]),
  receipt: Type.Optional(
    Type.Object({
      number: Type.String(),
      castAt: Type.String({ format: 'date-time' }),
      projects: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), title: Type.String() })),
    }),
  ),
  channel: Type.Optional(Type.String({ description: 'already_voted: how the counted ballot was cast (web, terminal, chatbot, paper)' })),
  castAt: Type.Optional(Type.String({ format: 'date-time' })),
  reason: Type.Optional(Type.String({ description: 'not_eligible: not-resident, too-young, no-birth-date' })),
  message: Type.Optional(Type.String()),
});
type BallotAnswerT = Static<typeof BallotAnswer>;

const AUTH = ' Authenticate with the channel’s API key: `Authorization: Bearer vbc_…` (scoped to one community, revocable, rate-limited per key).';
const IdemHeader = Type.Object({ 'idempotency-key': Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' }) });

export function registerBudgetApiRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const authenticate = async (req: FastifyRequest): Promise<VotingChannel> => {
    const h = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    if (!m) throw new HttpError(401, 'unauthorized', 'API key required: Authorization: Bearer <key>.');
    const ch = await channelByKey(ctx.db, ctx.config.secretKey, m[1]!);
    if (!ch) throw new HttpError(401, 'invalid_key', 'Unknown API key.');
    if (ch.revokedAt) throw new HttpError(401, 'revoked_key', 'This API key has been revoked.');
    const lim = await hitRateLimit(ctx.db, { key: `budget-channel:${ch.id}`, max: CHANNEL_RATE_PER_MINUTE, windowSeconds: 60 }, ctx.clock.now());
    if (!lim.allowed) throw new HttpError(429, 'rate_limited', `At most ${CHANNEL_RATE_PER_MINUTE} requests a minute per key.`);
    return ch;
  };

  const contestFor = async (ch: VotingChannel, rawId: number): Promise<Contest> => {
    const contest = await findContest(ctx.db, rawId);
    if (!contest || !contest.published || contest.owner !== OWNER) throw notFound('No such contest.');
    if (contest.communityId !== ch.communityId) throw new HttpError(403, 'foreign_key', 'This API key belongs to another community.');
    return contest;
  };

  const contestJson = (c: Contest) => ({
    id: c.id,
    title: c.title,
    phase: contestPhase(c, ctx.clock.now()),
    votingFrom: c.dates.votingFrom.toISOString(),
    votingTo: c.dates.votingTo.toISOString(),
    ballot: { mode: c.ballot.mode, maxPerCategory: c.ballot.maxPerCategory, maxTotal: c.ballot.maxTotal },
    eligibility: { residentsOnly: c.eligibility.residentsOnly, minAge: c.eligibility.minAge },
  });

  app.get(
    '/api/v1/channels/contests',
    {
      config: { csrf: false },
      schema: {
        tags: ['budget channels'],
        summary: 'Contests of the channel’s community',
        operationId: 'listChannelContests',
        security: requires('channelKey'),
        description: AUTH.trim(),
        response: { 200: Type.Object({ items: Type.Array(ContestBody) }), 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (req) => {
      const ch = await authenticate(req);
      const list = await listContests(ctx.db, ch.communityId, { owner: OWNER, publishedOnly: true });
      return { items: list.map(contestJson) };
    },
  );

  app.get(
    '/api/v1/channels/contests/:id',
    {
      config: { csrf: false },
      schema: {
        tags: ['budget channels'],
        summary: 'A contest with its categories and the projects on the ballot',
        operationId: 'getChannelContest',
        security: requires('channelKey'),
        description: AUTH.trim(),
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
        response: { 200: ContestDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody },
      },
    },
    async (req) => {
      const ch = await authenticate(req);
      const contest = await contestFor(ch, (req.params as { id: number }).id);
      const [cats, projects] = await Promise.all([listCategories(ctx.db, contest.id), listProjects(ctx.db, contest.id, { statuses: ['admitted'] })]);
      return {
        ...contestJson(contest),
        categories: cats.map((k) => ({ id: k.id, code: k.code, name: k.name, budgetKopiykas: k.budget })),
        projects: projects.map((x) => ({ id: x.id, code: x.code ?? '', title: x.title, categoryId: x.categoryId, costKopiykas: x.cost })),
      };
    },
  );

  app.post(
    '/api/v1/channels/contests/:id/ballots',
    {
      config: { csrf: false, permission: 'budgets.channel' },
      schema: {
        tags: ['budget channels'],
        summary: 'Cast a ballot for a person the channel has identified',
        operationId: 'castChannelBallot',
        security: requires('channelKey'),
        description:
          'Answers accepted (201, with the receipt), already_voted (200, with the channel and time of the counted ballot) or not_eligible (200, with the reason). ' +
          'Requires an Idempotency-Key header: a retry with the same key and body replays the first answer; the same key with another body is refused with 409.' +
          AUTH,
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
        headers: IdemHeader,
        body: BallotRequest,
        response: { 200: BallotAnswer, 201: BallotAnswer, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const ch = await authenticate(req);
      const contest = await contestFor(ch, (req.params as { id: number }).id);
      const body = req.body as Static<typeof BallotRequest>;
      const idem = (req.headers as { 'idempotency-key': string })['idempotency-key'];
      const now = ctx.clock.now();
      if (contestPhase(contest, now) !== 'voting') throw new HttpError(409, 'voting_closed', 'Voting is not open for this contest.');
      const problem = rnokppProblem(body.rnokpp);
      if (problem) throw new HttpError(400, 'invalid_rnokpp', problem === 'format' ? 'The РНОКПП must be 10 digits.' : 'The РНОКПП check digit is wrong.');
      if (rnokppBirthDate(body.rnokpp) !== body.birthDate) throw new HttpError(400, 'birth_date_mismatch', 'The birth date does not match the РНОКПП.');
      const voterKey = identityKey(ctx.config.secretKey, body.rnokpp);
      const hash = requestHash({
        contest: contest.id,
        voterKey,
        birthDate: body.birthDate,
        territorialCode: body.territorialCode,
        projects: [...body.projectIds].sort((a, b) => a - b),
      });

      const res = await idempotent<BallotAnswerT>(ctx.db, { channelId: ch.id, key: idem, hash, now }, async (trx) => {
        const community = (await findCommunityById(trx, contest.communityId))!;
        await assertParticipationOpen(trx, community.id, 'en');
        const today = kyivDateOf(now);
        const refusal = voterRefusal(
          { birthDate: body.birthDate, territorialCode: body.territorialCode, level: 'verified' },
          contest.eligibility,
          community.territorialCodes,
          today,
        );
        if (refusal)
          return { status: 200, body: { result: 'not_eligible', reason: refusal, message: voterRefusalText(refusal, 'uk', contest.eligibility.minAge) } };
        const check = await validateChoices(trx, contest, body.projectIds);
        if (!check.ok) {
          const cats = await listCategories(trx, contest.id);
          const msg = check.problems
            .map((p) => choiceProblemText(p, 'en', { project: (id) => `#${id}`, category: (id) => cats.find((k) => k.id === id)?.code ?? String(id) }))
            .join('; ');
          throw new HttpError(400, 'invalid_ballot', msg);
        }
        const out = await castBallot(ctx, trx, {
          contest,
          voterKey,
          channel: ch.kind,
          channelId: ch.id,
          age: ageOn(body.birthDate, today),
          choices: check.choices,
          now,
        });
        if (out.outcome === 'duplicate')
          return { status: 200, body: { result: 'already_voted', channel: out.firstChannel, castAt: out.firstCastAt.toISOString() } };
        const projects = await listProjects(trx, contest.id, { statuses: ['admitted'] });
        const chosen = new Set(check.choices.map((c) => c.projectId));
        return {
          status: 201,
          body: {
            result: 'accepted',
            receipt: {
              number: out.receipt,
              castAt: out.castAt.toISOString(),
              projects: projects.filter((x) => chosen.has(x.id)).map((x) => ({ id: x.id, code: x.code ?? '', title: x.title })),
            },
          },
        };
      });
      if (res.kind === 'mismatch') throw new HttpError(409, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request.');
      reply.header('cache-control', 'no-store');
      if (res.kind === 'replay') reply.header('idempotent-replayed', 'true');
      return reply.status(res.status as 200 | 201).send(res.body as BallotAnswerT);
    },
  );
}
