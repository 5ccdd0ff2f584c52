/**
 * The public, read-only counts of a contest (a community's or a school's), for the transparency log's
 * independent verifier (issue #18) and anyone else: the ballots per sign-in level (the log shows how many
 * ballots a contest got anyway), the counted votes per project only where the public pages show them
 * (during voting if the contest shows its counts, after the results are published), and the winners with
 * what the tally engine needs to count them again, only once the results are published.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { CoreContext } from '../../../core/context.js';
import { ErrorBody } from '../../../core/api/routes.js';
import { notFound } from '../../../core/http/errors.js';
import { findCommunityById } from '../../../core/communities/communities-repository.js';
import { ballotTool } from '../rules.js';
import { contestPhase, resultsPublic } from '../service/contests.js';
import { findContest, type Contest } from '../repository/contests.js';
import { ballotTotals, voteCounts } from '../repository/ballots.js';
import { tallyContest } from '../service/results.js';
import { OWNER } from '../access.js';

const Counts = Type.Object({
  id: Type.Integer(),
  community: Type.String({ description: 'The community’s slug' }),
  tool: Type.Union([Type.Literal('budgets'), Type.Literal('school-budget')], { description: 'The tool its ballots are logged under' }),
  emailCounts: Type.Boolean({ description: 'Whether e-mail-level ballots count toward votes and winners (they are in `ballots` either way)' }),
  ballots: Type.Object(
    { total: Type.Integer(), idgovua: Type.Integer(), email: Type.Integer() },
    { description: 'Every ballot of the contest (annulled ones are gone), by sign-in level; terminals, chat-bots, paper and school codes are idgovua' },
  ),
  votes: Type.Union([Type.Array(Type.Object({ projectId: Type.Integer(), votes: Type.Integer() })), Type.Null()], {
    description: 'Counted votes per project; null where the contest does not show them yet',
  }),
  results: Type.Union([
    Type.Object({
      rule: Type.String({ description: 'greedy, greedy-no-skip, greedy-threshold, mes' }),
      minVotes: Type.Integer(),
      categories: Type.Array(
        Type.Object({
          id: Type.Integer(),
          budgetKopiykas: Type.Integer(),
          projects: Type.Array(
            Type.Object({
              id: Type.Integer(),
              costKopiykas: Type.Integer(),
              submittedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
            }),
            { description: 'The admitted projects the tally ranks' },
          ),
          winners: Type.Array(Type.Integer(), { description: 'Project ids in the order the tally funded them' }),
        }),
      ),
    }),
    Type.Null(),
  ]),
});

export function registerBudgetCountsApi(app: FastifyInstance, ctx: CoreContext): void {
  /** Whether anyone may see the contest: a community's once published, a school's as its school page shows it. */
  const shown = (c: Contest) => c.owner !== OWNER || c.published;
  /** What the public pages show of the votes: a community's contest during voting if it says so, either after its results. */
  const votesShown = (c: Contest, now: Date) => resultsPublic(c, now) || (c.owner === OWNER && contestPhase(c, now) === 'voting' && c.publicCounts);

  app.get(
    '/api/v1/budget-contests/:id/counts',
    {
      schema: {
        tags: ['budgets'],
        summary: 'A contest’s ballots, its counted votes per project and its winners, as far as they are public',
        operationId: 'getBudgetContestCounts',
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
        response: { 200: Counts, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const contest = await findContest(ctx.db, (req.params as { id: number }).id);
      const community = contest && shown(contest) ? await findCommunityById(ctx.db, contest.communityId) : null;
      if (!contest || !community) throw notFound(req.lang === 'uk' ? 'Такого конкурсу немає.' : 'No such contest.');
      const now = ctx.clock.now();
      const totals = await ballotTotals(ctx.db, contest.id);
      const votes = votesShown(contest, now) ? await voteCounts(ctx.db, contest) : null;
      const results = resultsPublic(contest, now) ? await tallyContest(ctx.db, contest) : null;
      reply.header('cache-control', 'public, max-age=30');
      return {
        id: contest.id,
        community: community.slug,
        tool: ballotTool(contest.owner),
        emailCounts: contest.emailCounts,
        ballots: { total: totals.ballots, ...totals.byLevel },
        votes: votes ? [...votes].sort(([a], [b]) => a - b).map(([projectId, n]) => ({ projectId, votes: n })) : null,
        results: results && {
          rule: contest.winnerRule,
          minVotes: contest.minVotes,
          categories: results.map((r) => ({
            id: r.category.id,
            budgetKopiykas: r.category.budget,
            projects: r.projects.map((p) => ({ id: p.id, costKopiykas: p.cost, submittedAt: p.submittedAt?.toISOString() ?? null })),
            winners: r.tally.winners.map(Number),
          })),
        },
      };
    },
  );
}
