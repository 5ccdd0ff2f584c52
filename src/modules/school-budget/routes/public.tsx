/**
 * Public routes of the school budget: the schools of a community, a school's contest and projects, results
 * with CSV and Pabulib exports, and voting with a one-time code (typed, or the QR link), through a ballot
 * and a review step to a receipt that names no one. Every step works without JavaScript: the code travels
 * as a hidden field and is taken only at the confirmation.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { pageSender } from '../../../core/http/request-context.js';
import { loggedCount } from '../../../core/tlog/counts.js';
import { field, fields } from '../../../core/http/form-parser.js';
import { notFound } from '../../../core/http/errors.js';
import { queryString, byRouteId } from '../../../core/http/route-helpers.js';
import { toCsv } from '../../../core/http/csv.js';
import type { FormState } from '../../../core/views/forms.js';
import {
  ballotTotals,
  choiceProblemText,
  contestPhase,
  contestSubject,
  findContest,
  findProject,
  getPhoto,
  listPhotoIds,
  listExtensions,
  listProjects,
  listResultRecords,
  pabulibOfCategory,
  resultLines,
  resultsPublic,
  tallyContest,
  uahText,
  validateChoices,
  voteCounts,
  type Contest,
  type Project,
} from '../../budgets/index.js';
import {
  canManageSchool,
  canManageTool,
  currentContest,
  currentContests,
  ownSchoolSlugs,
  schoolCommunity,
  schoolContestOr404,
  schoolOr404,
  votingOver,
} from '../access.js';
import { authorClasses, codeTotals, contestGrades, findSchoolById, listSchools, schoolContests, schoolIdOfOwner, type School } from '../repository.js';
import { castWithCode, checkCode, codeProblemStatus, codeProblemText, type CodeProblem, type CodeTarget } from '../service.js';
import { formatCode } from '../rules.js';
import { schoolUrl } from '../views/parts.js';
import {
  CodeEntryPage,
  SchoolBallotPage,
  SchoolDonePage,
  SchoolPage,
  SchoolProjectPage,
  SchoolResultsPage,
  SchoolReviewPage,
  SchoolsPage,
  type SchoolRow,
} from '../views/public-pages.js';

type S = { slug: string };
type SS = S & { school: string };

/** Pages that carry a code (ballot steps) must not be cached or kept by a shared computer's browser. */
function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}

export function registerSchoolPublicRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const page = pageSender(ctx);

  const load = async (req: FastifyRequest<{ Params: SS }>) => {
    const c = await schoolCommunity(ctx, req.params.slug);
    const school = await schoolOr404(ctx, c, req.params.school);
    return { c, school };
  };

  /** Results are public once published; the school's moderators see them (preliminary) once voting is over. */
  const resultsVisible = (req: FastifyRequest, c: Community, school: School, contest: Contest): { visible: boolean; preliminary: boolean } => {
    const now = ctx.clock.now();
    if (resultsPublic(contest, now)) return { visible: true, preliminary: false };
    if (canManageSchool(req.viewer, c, school) && votingOver(contest, now)) return { visible: true, preliminary: true };
    return { visible: false, preliminary: false };
  };

  app.get<{ Params: S }>('/:slug/school-budget', async (req, reply) => {
    const c = await schoolCommunity(ctx, req.params.slug);
    const now = ctx.clock.now();
    const schools = await listSchools(ctx.db, c.id);
    const current = await currentContests(ctx, schools);
    const contestIds = current.flatMap((r) => (r.contest ? [r.contest.id] : []));
    const codes = await codeTotals(ctx.db, contestIds);
    const rows: SchoolRow[] = [];
    for (const { school, contest } of current) {
      if (!contest) {
        rows.push({ school, contest: null, phase: null, projects: 0, votes: 0, codes: undefined, winners: null });
        continue;
      }
      const [projects, totals] = await Promise.all([listProjects(ctx.db, contest.id, { statuses: ['admitted'] }), ballotTotals(ctx.db, contest.id)]);
      const winners = resultsPublic(contest, now) ? (await tallyContest(ctx.db, contest)).reduce((n, r) => n + r.tally.winners.length, 0) : null;
      rows.push({
        school,
        contest,
        phase: contestPhase(contest, now),
        projects: projects.length,
        votes: totals.ballots,
        codes: codes.get(contest.id),
        winners,
      });
    }
    const own = ownSchoolSlugs(req.viewer, c);
    return page(req, reply, c, (p) => SchoolsPage({ p, c, rows, manage: canManageTool(req.viewer, c), own: schools.filter((s) => own.includes(s.slug)) }));
  });

  const renderSchool = async (req: FastifyRequest<{ Params: SS }>, reply: FastifyReply, c: Community, school: School, codeForm: FormState, status = 200) => {
    const now = ctx.clock.now();
    const all = await schoolContests(ctx.db, school);
    const wanted = queryString(req, 'contest');
    const contest = wanted ? all.find((k) => String(k.id) === wanted) : all[0];
    if (wanted && !contest) throw notFound('Такого конкурсу немає.');
    const projects = contest ? await listProjects(ctx.db, contest.id, { statuses: ['admitted'] }) : [];
    const [classes, grades, codes, totals, extensions] = await Promise.all([
      authorClasses(
        ctx.db,
        projects.map((x) => x.id),
      ),
      contest ? contestGrades(ctx.db, contest.id) : null,
      contest ? codeTotals(ctx.db, [contest.id]) : new Map(),
      contest ? ballotTotals(ctx.db, contest.id) : null,
      contest ? listExtensions(ctx.db, contest.id) : [],
    ]);
    const vis = contest ? resultsVisible(req, c, school, contest) : { visible: false, preliminary: false };
    const votes = contest && vis.visible ? await voteCounts(ctx.db, contest) : null;
    // From the vote on: the code ballots the transparency log gives, beside the turnout the page shows.
    const phase = contest ? contestPhase(contest, now) : null;
    const logged =
      contest && phase && ['voting', 'counting', 'results', 'implementation'].includes(phase) ? await loggedCount(ctx.db, contestSubject(contest.id)) : null;
    return page(
      req,
      reply,
      c,
      (p) =>
        SchoolPage({
          p,
          c,
          school,
          contest: contest ?? null,
          earlier: all.filter((k) => k.id !== contest?.id),
          grades,
          phase,
          projects,
          classes,
          logged: logged ? { count: logged.all, checkpoint: logged.checkpoint } : null,
          votes,
          resultsPublic: !!contest && !vis.preliminary && vis.visible,
          manage: canManageSchool(req.viewer, c, school),
          codes: contest ? codes.get(contest.id) : undefined,
          ballots: totals?.ballots ?? 0,
          now,
          codeForm,
          extensions,
        }),
      status,
    );
  };

  app.get<{ Params: SS }>('/:slug/school-budget/schools/:school', async (req, reply) => {
    const { c, school } = await load(req);
    return renderSchool(req, reply, c, school, { values: {}, errors: {} });
  });

  app.get<{ Params: SS & { pid: string } }>('/:slug/school-budget/schools/:school/projects/:pid', async (req, reply) => {
    const { c, school } = await load(req);
    const x = await byRouteId(req.params.pid, (id) => findProject(ctx.db, id));
    const contest = x ? await schoolContestOr404(ctx, school, String(x.contestId)).catch(() => null) : null;
    const manage = canManageSchool(req.viewer, c, school);
    if (!x || !contest || (x.status !== 'admitted' && !(manage && x.status === 'draft'))) throw notFound('Такого проєкту немає.');
    const vis = resultsVisible(req, c, school, contest);
    const [photos, classes, votes] = await Promise.all([
      listPhotoIds(ctx.db, x.id),
      authorClasses(ctx.db, [x.id]),
      vis.visible ? voteCounts(ctx.db, contest) : null,
    ]);
    return page(req, reply, c, (p) =>
      SchoolProjectPage({
        p,
        c,
        school,
        contest,
        project: x,
        authorClass: classes.get(x.id) ?? null,
        photoIds: photos.filter((ph) => ph.updateId === null).map((ph) => ph.id),
        votes: votes ? (votes.get(x.id) ?? 0) : null,
        draft: x.status === 'draft',
      }),
    );
  });

  const servePhoto = async (req: FastifyRequest<{ Params: S & { photoId: string } }>, reply: FastifyReply, thumb: boolean) => {
    const c = await schoolCommunity(ctx, req.params.slug);
    const ph = await byRouteId(req.params.photoId, (id) => getPhoto(ctx.db, id));
    const x = ph ? await findProject(ctx.db, ph.projectId) : null;
    const k = x ? await findContest(ctx.db, x.contestId) : null;
    const schoolId = k ? schoolIdOfOwner(k.owner) : null;
    const school = schoolId !== null ? await findSchoolById(ctx.db, schoolId) : null;
    if (!ph || !x || !school || x.communityId !== c.id || (x.status !== 'admitted' && !canManageSchool(req.viewer, c, school))) throw notFound();
    reply.header('cache-control', x.status === 'admitted' ? 'public, max-age=86400' : 'private, no-store');
    reply.header('x-content-type-options', 'nosniff');
    return reply.type('image/jpeg').send(thumb ? ph.thumb : ph.data);
  };
  app.get<{ Params: S & { photoId: string } }>('/:slug/school-budget/photos/:photoId', (req, reply) => servePhoto(req, reply, false));
  app.get<{ Params: S & { photoId: string } }>('/:slug/school-budget/photos/:photoId/thumb', (req, reply) => servePhoto(req, reply, true));

  // ---------- results ----------

  const resultsOf = async (req: FastifyRequest<{ Params: SS & { file: string } }>) => {
    const { c, school } = await load(req);
    const m = /^(\d{1,9})(?:\.(csv|pb))?$/.exec(req.params.file);
    if (!m) throw notFound();
    const contest = await schoolContestOr404(ctx, school, m[1]!);
    const vis = resultsVisible(req, c, school, contest);
    if (!vis.visible) throw notFound(req.lang === 'uk' ? 'Результати ще не оприлюднено.' : 'The results are not published yet.');
    const result = (await tallyContest(ctx.db, contest))[0] ?? null;
    return { c, school, contest, result, preliminary: vis.preliminary, format: m[2] ?? 'html' };
  };

  app.get<{ Params: SS }>('/:slug/school-budget/schools/:school/results', async (req, reply) => {
    const { c, school } = await load(req);
    const contest = await currentContest(ctx, school);
    if (!contest) throw notFound('Конкурсу ще немає.');
    return reply.redirect(`${schoolUrl(c, school)}/results/${contest.id}`, 303);
  });

  app.get<{ Params: SS & { file: string } }>('/:slug/school-budget/schools/:school/results/:file', async (req, reply) => {
    const { c, school, contest, result, preliminary, format } = await resultsOf(req);
    if (format === 'csv') {
      const classes = await authorClasses(ctx.db, result?.projects.map((x) => x.id) ?? []);
      const rows = resultLines(result ? [result] : []).map(({ project: x, line: r }) => [
        r.rank,
        x.code ?? '',
        x.title,
        classes.get(x.id) ?? '',
        r.votes.toString(),
        uahText(r.cost),
        r.verdict.status === 'funded' ? 'так' : 'ні',
        r.verdict.status,
      ]);
      reply.header('content-disposition', `attachment; filename="${c.slug}_${school.slug}_${contest.id}_results.csv"`);
      return reply
        .type('text/csv; charset=utf-8')
        .send(toCsv(['місце', 'код', 'проєкт', 'клас авторів', 'голосів', 'вартість, грн', 'профінансовано', 'вердикт'], rows));
    }
    if (format === 'pb') {
      if (!result) throw notFound();
      const text = await pabulibOfCategory(ctx.db, { contest, category: result.category, communityName: `${c.name.en}: ${school.name}`, result });
      reply.header('content-disposition', `attachment; filename="${c.slug}_${school.slug}_${contest.id}.pb"`);
      return reply.type('text/plain; charset=utf-8').send(text);
    }
    const totals = await ballotTotals(ctx.db, contest.id);
    const codes = await codeTotals(ctx.db, [contest.id]);
    const records = await listResultRecords(ctx.db, contest.id);
    return page(req, reply, c, (p) =>
      SchoolResultsPage({ p, c, school, contest, result, ballots: totals.ballots, codes: codes.get(contest.id), preliminary, records }),
    );
  });

  // ---------- voting with a code ----------

  const codeForm = (raw: string, problem: CodeProblem | null, lang: 'uk' | 'en'): FormState => ({
    values: { code: raw },
    errors: problem ? { code: codeProblemText(problem, lang) } : {},
  });

  const refuseCode = async (req: FastifyRequest, reply: FastifyReply, c: Community, school: School | null, raw: string, problem: CodeProblem) => {
    if (problem.kind === 'rate-limited') reply.header('retry-after', String(problem.retryAfterSeconds));
    noStore(reply);
    const other = problem.kind === 'other-school' && problem.school && problem.communitySlug ? `/${problem.communitySlug}/school-budget/vote` : null;
    return page(
      req,
      reply,
      c,
      (p) => CodeEntryPage({ p, c, school, form: codeForm(raw.slice(0, 40), problem, req.lang), otherSchoolHref: other }),
      codeProblemStatus(problem),
    );
  };

  const ballotOf = async (target: CodeTarget) => {
    const projects = await listProjects(ctx.db, target.contest.id, { statuses: ['admitted'] });
    return {
      projects,
      classes: await authorClasses(
        ctx.db,
        projects.map((x) => x.id),
      ),
    };
  };

  const showBallot = async (
    req: FastifyRequest,
    reply: FastifyReply,
    c: Community,
    target: CodeTarget,
    chosen: number[],
    errors: Record<string, string> = {},
    status = 200,
  ) => {
    const { projects, classes } = await ballotOf(target);
    noStore(reply);
    return page(
      req,
      reply,
      c,
      (p) =>
        SchoolBallotPage({
          p,
          c,
          school: target.school,
          contest: target.contest,
          projects,
          classes,
          code: formatCode(target.code),
          chosen: new Set(chosen),
          errors,
        }),
      status,
    );
  };

  app.get<{ Params: S }>('/:slug/school-budget/vote', async (req, reply) => {
    const c = await schoolCommunity(ctx, req.params.slug);
    return page(req, reply, c, (p) => CodeEntryPage({ p, c, school: null, form: { values: {}, errors: {} }, otherSchoolHref: null }));
  });

  app.get<{ Params: SS }>('/:slug/school-budget/schools/:school/vote', async (req, reply) => {
    const { c, school } = await load(req);
    return page(req, reply, c, (p) => CodeEntryPage({ p, c, school, form: { values: {}, errors: {} }, otherSchoolHref: null }));
  });

  app.post<{ Params: S }>('/:slug/school-budget/vote', { config: { permission: 'school-budget.vote' } }, async (req, reply) => {
    const c = await schoolCommunity(ctx, req.params.slug);
    const raw = field(req.body, 'code');
    const res = await checkCode(ctx, { community: c, raw, ip: req.ip, browserId: req.browserId, expected: null });
    if (!res.ok) return refuseCode(req, reply, c, null, raw, res.problem);
    return showBallot(req, reply, c, res.target, []);
  });

  app.post<{ Params: SS }>('/:slug/school-budget/schools/:school/vote', { config: { permission: 'school-budget.vote' } }, async (req, reply) => {
    const { c, school } = await load(req);
    const raw = field(req.body, 'code');
    const res = await checkCode(ctx, { community: c, raw, ip: req.ip, browserId: req.browserId, expected: school });
    if (!res.ok) {
      // On the school's own page the message appears next to its code field.
      if (res.problem.kind === 'rate-limited') reply.header('retry-after', String(res.problem.retryAfterSeconds));
      return renderSchool(req, reply, c, school, codeForm(raw.slice(0, 40), res.problem, req.lang), codeProblemStatus(res.problem));
    }
    return showBallot(req, reply, c, res.target, []);
  });

  /**
   * The QR code's link: the code in the address, straight to the ballot. Its requests are not logged at the
   * info level (the request log carries the path, and here the path carries a live code).
   */
  app.get<{ Params: S & { code: string } }>('/:slug/school-budget/v/:code', { logLevel: 'warn' }, async (req, reply) => {
    const c = await schoolCommunity(ctx, req.params.slug);
    const raw = req.params.code.slice(0, 60);
    const res = await checkCode(ctx, { community: c, raw, ip: req.ip, browserId: req.browserId, expected: null });
    if (!res.ok) return refuseCode(req, reply, c, null, raw, res.problem);
    return showBallot(req, reply, c, res.target, []);
  });

  const chosenOf = (body: unknown): number[] =>
    fields(body, 'project')
      .filter((r) => /^\d{1,9}$/.test(r))
      .map(Number);

  /** The ballot's choice, checked by the engine's rules (too many, foreign or unknown projects). */
  const checkChoice = async (req: FastifyRequest, target: CodeTarget, chosen: number[]) => {
    const res = await validateChoices(ctx.db, target.contest, chosen);
    if (res.ok) return res;
    const projects = new Map((await listProjects(ctx.db, target.contest.id)).map((x) => [x.id, x]));
    const text = res.problems
      .map((pr) => choiceProblemText(pr, req.lang, { project: (id) => (projects.get(id) ? `«${projects.get(id)!.title}»` : `#${id}`), category: () => '' }))
      .join('; ');
    return { ok: false as const, errors: { ballot: text } };
  };

  /** The posted code and ballot, checked; when either fails, the refusal or the ballot again is already sent. */
  const checkedBallot = async (req: FastifyRequest, reply: FastifyReply, c: Community) => {
    const raw = field(req.body, 'code');
    const res = await checkCode(ctx, { community: c, raw, ip: req.ip, browserId: req.browserId, expected: null });
    if (!res.ok) return { ok: false as const, sent: await refuseCode(req, reply, c, null, raw, res.problem) };
    const chosen = chosenOf(req.body);
    const check = await checkChoice(req, res.target, chosen);
    if (!check.ok) return { ok: false as const, sent: await showBallot(req, reply, c, res.target, chosen, check.errors, 400) };
    return { ok: true as const, raw, target: res.target, choices: check.choices };
  };

  app.post<{ Params: S }>('/:slug/school-budget/ballot', { config: { permission: 'school-budget.vote' } }, async (req, reply) => {
    const c = await schoolCommunity(ctx, req.params.slug);
    const ballot = await checkedBallot(req, reply, c);
    if (!ballot.ok) return ballot.sent;
    const { target, choices } = ballot;
    const byId = new Map((await ballotOf(target)).projects.map((x) => [x.id, x]));
    noStore(reply);
    return page(req, reply, c, (p) =>
      SchoolReviewPage({
        p,
        c,
        school: target.school,
        contest: target.contest,
        chosen: choices.map((x) => byId.get(x.projectId)!).filter(Boolean),
        code: formatCode(target.code),
      }),
    );
  });

  app.post<{ Params: S }>('/:slug/school-budget/ballot/change', { config: { permission: 'school-budget.vote' } }, async (req, reply) => {
    const c = await schoolCommunity(ctx, req.params.slug);
    const raw = field(req.body, 'code');
    const res = await checkCode(ctx, { community: c, raw, ip: req.ip, browserId: req.browserId, expected: null });
    if (!res.ok) return refuseCode(req, reply, c, null, raw, res.problem);
    return showBallot(req, reply, c, res.target, chosenOf(req.body));
  });

  app.post<{ Params: S }>('/:slug/school-budget/ballot/confirm', { config: { permission: 'school-budget.vote' } }, async (req, reply) => {
    const c = await schoolCommunity(ctx, req.params.slug);
    const ballot = await checkedBallot(req, reply, c);
    if (!ballot.ok) return ballot.sent;
    const { raw, target, choices } = ballot;
    const out = await castWithCode(ctx, { target: target, choices: choices });
    if (!out.ok) return refuseCode(req, reply, c, null, raw, { kind: out.problem });
    const byId = new Map<number, Project>((await ballotOf(target)).projects.map((x) => [x.id, x]));
    noStore(reply);
    // The receipt is this answer only: no address holds it, so a shared computer's history shows nothing.
    return page(req, reply, c, (p) =>
      SchoolDonePage({
        p,
        c,
        school: target.school,
        contest: target.contest,
        receipt: out.receipt,
        logReceipt: out.logReceipt,
        chosen: choices.map((x) => byId.get(x.projectId)!).filter(Boolean),
      }),
    );
  });
}
