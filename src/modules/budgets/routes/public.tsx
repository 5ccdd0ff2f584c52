/** Public routes of the participatory budget: pages for everyone, project submission and online voting. */
import { followState } from '../../../core/follows/state.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import type { Viewer } from '../../../core/users/viewer.js';
import { publicName } from '../../../core/users/public-name.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { field, fields } from '../../../core/http/form-parser.js';
import { HttpError, notFound } from '../../../core/http/errors.js';
import { requireViewer, byRouteId, queryString } from '../../../core/http/route-helpers.js';
import { limitPerPerson } from '../../../core/security/person-limit.js';
import { refusalText } from '../../../core/permissions/refusal-text.js';
import { hiddenIds } from '../../../core/moderation/moderation-service.js';
import { kyivDateOf } from '../../../core/calendar/index.js';
import { ageOn } from '../../../core/users/viewer.js';
import type { FormState } from '../../../core/views/forms.js';
import { addComment, createProjectWithPhotos, reviseProject, supportProject } from '../service/projects.js';
import {
  countSupports,
  findProject,
  getPhoto,
  hasSupported,
  listComments,
  listImplUpdates,
  listPhotoIds,
  listProjects,
  projectHistory,
  type Project,
} from '../repository/projects.js';
import { castBallot, validateChoices } from '../service/ballots.js';
import { ballotOf, ballotTotals, voteCounts } from '../repository/ballots.js';
import { choiceProblemText, contestSubject, countedTotals } from '../rules.js';
import { countedUnder, loggedCount } from '../../../core/tlog/counts.js';
import { contestPhase, resultsPublic } from '../service/contests.js';
import { listCategories, listContests, listExtensions, type Contest } from '../repository/contests.js';
import { pabulibOfCategory, tallyContest } from '../service/results.js';
import { spentByProject, listResultRecords } from '../repository/results.js';
import { budgetCommunity, canManage, contestOr404, projectMap, voterKeyOf, webRefusal } from '../access.js';
import { readProjectForm } from '../forms.js';
import { PHOTO_UPLOADS, readPhotos } from '../photos.js';
import { uploadRoute } from '../../../core/http/uploads.js';
import { base } from '../views/parts.js';
import { ContestPage, ContestsPage } from '../views/contest.js';
import { ProjectFormPage, ProjectPage } from '../views/project.js';
import { ReceiptPage, ReviewBallotPage, VotePage, type BallotCategory } from '../views/ballot.js';
import { ImplementationPage, ResultsPage } from '../views/results.js';

type P = { slug: string; id: string };
type PP = P & { pid: string };

export function votesVisible(contest: Contest, viewer: Viewer | null, c: Community, now: Date): boolean {
  if (canManage(viewer, c)) return true;
  const phase = contestPhase(contest, now);
  if (phase === 'voting') return contest.publicCounts;
  return resultsPublic(contest, now);
}

function projectVisible(x: Project, viewer: Viewer | null, c: Community): boolean {
  if (x.status !== 'draft') return true;
  return canManage(viewer, c) || (!!viewer && viewer.id === x.authorUserId);
}

export function registerBudgetPublicRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const load = async (req: FastifyRequest<{ Params: P }>) => {
    const c = await budgetCommunity(ctx, req.params.slug);
    const contest = await contestOr404(ctx, c, req.params.id, req.viewer);
    return { c, contest };
  };
  const loadProject = async (req: FastifyRequest<{ Params: PP }>) => {
    const { c, contest } = await load(req);
    const x = await byRouteId(req.params.pid, (id) => findProject(ctx.db, id));
    if (!x || x.contestId !== contest.id || !projectVisible(x, req.viewer, c)) throw notFound('Такого проєкту немає.');
    return { c, contest, x };
  };
  const writeLimit = (req: FastifyRequest, what: string, max: number) => limitPerPerson(ctx, req, req.viewer!, `budget:${what}`, max);

  app.get<{ Params: { slug: string } }>('/:slug/budgets', { config: { pageCache: true } }, async (req, reply) => {
    const c = await budgetCommunity(ctx, req.params.slug);
    const manage = canManage(req.viewer, c);
    const contests = await listContests(ctx.db, c.id, { publishedOnly: !manage });
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await ContestsPage({ p, c, contests, now: ctx.clock.now(), manage, follow: await followState(ctx, req, c, 'budgets') }));
  });

  app.get<{ Params: P }>('/:slug/budgets/:id', async (req, reply) => {
    const { c, contest } = await load(req);
    const now = ctx.clock.now();
    const manage = canManage(req.viewer, c);
    const [categories, all] = await Promise.all([listCategories(ctx.db, contest.id), listProjects(ctx.db, contest.id)]);
    const projects = all.filter((x) => x.status !== 'draft' && (x.status !== 'needs_changes' || manage || x.authorUserId === req.viewer?.id));
    const votes = votesVisible(contest, req.viewer, c, now) ? await voteCounts(ctx.db, contest) : null;
    const myBallot = req.viewer ? await ballotOf(ctx.db, contest.id, await voterKeyOf(ctx, req.viewer)) : null;
    const extensions = await listExtensions(ctx.db, contest.id);
    const part = req.viewer ? await webRefusal(ctx, req.viewer, c, contest) : null;
    // From the vote on: the ballots the site counts (where its counts are public) beside those the log gives.
    const voted = ['voting', 'counting', 'results', 'implementation'].includes(contestPhase(contest, now));
    const ballots = votes ? countedTotals(await ballotTotals(ctx.db, contest.id), contest.emailCounts).ballots : null;
    const logged = voted ? await loggedCount(ctx.db, contestSubject(contest.id)) : null;
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await ContestPage({
        p,
        c,
        contest,
        categories,
        projects,
        votes,
        ballots,
        logged: logged ? { count: countedUnder(logged, contest.emailCounts), checkpoint: logged.checkpoint } : null,
        now,
        manage,
        resultsPublic: resultsPublic(contest, now),
        myBallot,
        extensions,
        refusal: part?.refusal ? { refusal: part.refusal, blockReason: part.blockReason } : null,
      }),
    );
  });

  // ---------- projects ----------

  const renderForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    c: Community,
    contest: Contest,
    form: FormState,
    action: string,
    editing: boolean,
    photosCount: number,
    status = 200,
  ) => {
    const [categories, map] = await Promise.all([listCategories(ctx.db, contest.id), projectMap(ctx, c)]);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await ProjectFormPage({ p, c, contest, categories, form, action, paper: false, editing, photosCount, map }), status);
  };

  const mayPropose = async (req: FastifyRequest, c: Community, contest: Contest) => {
    const { refusal, blockReason } = await webRefusal(ctx, req.viewer, c, contest);
    if (refusal === 'signed-out') throw new HttpError(401, 'unauthorized', refusalText(refusal, req.lang, null));
    if (refusal) throw new HttpError(403, refusal, refusalText(refusal, req.lang, blockReason));
  };

  app.get<{ Params: P }>('/:slug/budgets/:id/projects/new', async (req, reply) => {
    const { c, contest } = await load(req);
    await mayPropose(req, c, contest);
    if (contestPhase(contest, ctx.clock.now()) !== 'submission')
      throw new HttpError(409, 'not_submission', req.lang === 'uk' ? 'Подання проєктів зараз не триває.' : 'Project submission is not open now.');
    return renderForm(
      req,
      reply,
      c,
      contest,
      { values: { email: req.viewer!.email ?? '', phone: req.viewer!.phone ?? '', contingency: '10' }, errors: {} },
      `${base(c, contest)}/projects/new`,
      false,
      0,
    );
  });

  const newProjectUploads = uploadRoute<{ Params: P }>({
    ctx,
    permission: 'budgets.propose',
    limits: PHOTO_UPLOADS,
    authorize: async (req) => {
      const { c, contest } = await load(req);
      await mayPropose(req, c, contest);
    },
  });

  app.post<{ Params: P }>('/:slug/budgets/:id/projects/new', newProjectUploads, async (req, reply) => {
    const { c, contest } = await load(req);
    await mayPropose(req, c, contest);
    if (contestPhase(contest, ctx.clock.now()) !== 'submission')
      throw new HttpError(409, 'not_submission', req.lang === 'uk' ? 'Подання проєктів зараз не триває.' : 'Project submission is not open now.');
    const submit = field(req.body, 'action') !== 'draft';
    const categories = await listCategories(ctx.db, contest.id);
    const f = readProjectForm(req.body, categories, req.lang, { paper: false, submit });
    const ph = await readPhotos(ctx, req, 0);
    if (ph.error) f.errors.photos = ph.error;
    if (Object.keys(f.errors).length)
      return renderForm(req, reply, c, contest, { values: f.values, errors: f.errors }, `${base(c, contest)}/projects/new`, false, 0, 400);
    await writeLimit(req, 'project', 20);
    const v = req.viewer!;
    const now = ctx.clock.now();
    const id = await createProjectWithPhotos(ctx.db, {
      contest,
      input: f.input,
      author: { userId: v.id, name: publicName(v) },
      onPaper: false,
      submit,
      actorUserId: v.id,
      photos: ph.photos,
      now,
    });
    return reply.redirect(`${base(c, contest)}/projects/${id}`, 303);
  });

  app.get<{ Params: PP }>('/:slug/budgets/:id/projects/:pid', async (req, reply) => {
    const { c, contest, x } = await loadProject(req);
    return renderProject(req, reply, c, contest, x, { values: {}, errors: {} });
  });

  const renderProject = async (req: FastifyRequest, reply: FastifyReply, c: Community, contest: Contest, x: Project, commentForm: FormState, status = 200) => {
    const now = ctx.clock.now();
    const v = req.viewer;
    const [categories, history, photos, supports, comments, updates] = await Promise.all([
      listCategories(ctx.db, contest.id),
      projectHistory(ctx.db, x.id),
      listPhotoIds(ctx.db, x.id),
      countSupports(ctx.db, x.id),
      listComments(ctx.db, x.id),
      listImplUpdates(ctx.db, [x.id]),
    ]);
    const hidden = await hiddenIds(
      ctx.db,
      'budget_comment',
      comments.map((cm) => String(cm.id)),
    );
    const { refusal } = await webRefusal(ctx, v, c, { ...contest, eligibility: { ...contest.eligibility, minAge: null, residentsOnly: false } });
    const part = await webRefusal(ctx, v, c, contest);
    const key = v ? await voterKeyOf(ctx, v) : null;
    const supported = key ? await hasSupported(ctx.db, x.id, key) : false;
    const votes = votesVisible(contest, v, c, now) && x.status === 'admitted' ? ((await voteCounts(ctx.db, contest)).get(x.id) ?? 0) : null;
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await ProjectPage({
        p,
        c,
        contest,
        category: categories.find((k) => k.id === x.categoryId)!,
        project: x,
        history,
        photoIds: photos.filter((ph) => ph.updateId === null).map((ph) => ph.id),
        supports,
        supported,
        canSupport: part.refusal === null && contestPhase(contest, now) !== 'announced',
        votes,
        comments,
        hidden,
        moderator: canManage(v, c),
        isAuthor: !!v && v.id === x.authorUserId,
        commentRefusal: refusal,
        commentForm,
        phase: contestPhase(contest, now),
        updates: updates.get(x.id) ?? [],
        follow:
          x.submittedAt && ['support', 'review', 'admitted', 'rejected'].includes(x.status) ? await followState(ctx, req, c, 'budgets', String(x.id)) : null,
      }),
      status,
    );
  };

  app.get<{ Params: PP }>('/:slug/budgets/:id/projects/:pid/edit', async (req, reply) => {
    const { c, contest, x } = await loadProject(req);
    if (!req.viewer || req.viewer.id !== x.authorUserId || (x.status !== 'draft' && x.status !== 'needs_changes'))
      throw notFound('Цей проєкт зараз не можна редагувати.');
    const values: Record<string, string> = {
      title: x.title,
      categoryId: String(x.categoryId),
      problem: x.problem,
      solution: x.solution,
      location: x.location,
      lat: x.lat === null ? '' : String(x.lat),
      lng: x.lng === null ? '' : String(x.lng),
      beneficiaries: x.beneficiaries,
      contingency: String(x.contingencyBp / 100).replace('.', ','),
      email: x.authorEmail ?? '',
      phone: x.authorPhone ?? '',
    };
    x.costItems.forEach((i, k) => {
      values[`item_${k}`] = i.item;
      values[`qty_${k}`] = String(i.qtyMilli / 1000).replace('.', ',');
      values[`price_${k}`] = (i.unitPrice / 100).toFixed(2).replace('.', ',');
    });
    const photos = (await listPhotoIds(ctx.db, x.id)).filter((ph) => ph.updateId === null).length;
    return renderForm(req, reply, c, contest, { values, errors: {} }, `${base(c, contest)}/projects/${x.id}/edit`, true, photos);
  });

  const mayEdit = async (req: FastifyRequest<{ Params: PP }>) => {
    const loaded = await loadProject(req);
    const x = loaded.x;
    if (!req.viewer || req.viewer.id !== x.authorUserId || (x.status !== 'draft' && x.status !== 'needs_changes'))
      throw notFound('Цей проєкт зараз не можна редагувати.');
    return loaded;
  };

  app.post<{ Params: PP }>(
    '/:slug/budgets/:id/projects/:pid/edit',
    uploadRoute<{ Params: PP }>({ ctx, permission: 'budgets.propose', limits: PHOTO_UPLOADS, authorize: mayEdit }),
    async (req, reply) => {
      const { c, contest, x } = await mayEdit(req);
      const phase = contestPhase(contest, ctx.clock.now());
      // A draft is submitted during submission; a project sent back for changes may be revised until voting.
      const submit = field(req.body, 'action') !== 'draft';
      if (submit && x.status === 'draft' && phase !== 'submission')
        throw new HttpError(409, 'not_submission', req.lang === 'uk' ? 'Подання проєктів зараз не триває.' : 'Project submission is not open now.');
      if (x.status === 'needs_changes' && !['submission', 'support', 'review'].includes(phase))
        throw new HttpError(409, 'review_closed', req.lang === 'uk' ? 'Розгляд проєктів завершено.' : 'Review is over.');
      const categories = await listCategories(ctx.db, contest.id);
      const f = readProjectForm(req.body, categories, req.lang, { paper: false, submit });
      const existing = (await listPhotoIds(ctx.db, x.id)).filter((ph) => ph.updateId === null).length;
      const ph = await readPhotos(ctx, req, existing);
      if (ph.error) f.errors.photos = ph.error;
      if (Object.keys(f.errors).length)
        return renderForm(req, reply, c, contest, { values: f.values, errors: f.errors }, `${base(c, contest)}/projects/${x.id}/edit`, true, existing, 400);
      await writeLimit(req, 'project', 40);
      const now = ctx.clock.now();
      await reviseProject(ctx.db, { contest, project: x, input: f.input, submit, actorUserId: req.viewer!.id, photos: ph.photos, now });
      return reply.redirect(`${base(c, contest)}/projects/${x.id}`, 303);
    },
  );

  app.post<{ Params: PP }>('/:slug/budgets/:id/projects/:pid/support', { config: { permission: 'budgets.propose' } }, async (req, reply) => {
    const { c, contest, x } = await loadProject(req);
    const { refusal, blockReason } = await webRefusal(ctx, req.viewer, c, contest);
    if (refusal === 'signed-out') throw new HttpError(401, 'unauthorized', refusalText(refusal, req.lang, null));
    if (refusal) throw new HttpError(403, refusal, refusalText(refusal, req.lang, blockReason));
    await writeLimit(req, 'support', 100);
    const r = await supportProject(ctx.db, { project: x, contest, voterKey: await voterKeyOf(ctx, req.viewer!), userId: req.viewer!.id, now: ctx.clock.now() });
    if (r === 'closed')
      throw new HttpError(409, 'closed', req.lang === 'uk' ? 'Збір підтримки для цього проєкту не триває.' : 'This project is not collecting support.');
    return reply.redirect(`${base(c, contest)}/projects/${x.id}`, 303);
  });

  app.post<{ Params: PP }>('/:slug/budgets/:id/projects/:pid/comments', { config: { permission: 'budgets.comment' } }, async (req, reply) => {
    const { c, contest, x } = await loadProject(req);
    if (x.status === 'draft') throw notFound();
    const { refusal, blockReason } = await webRefusal(ctx, req.viewer, c, {
      ...contest,
      eligibility: { ...contest.eligibility, minAge: null, residentsOnly: false },
    });
    if (refusal === 'signed-out') throw new HttpError(401, 'unauthorized', refusalText(refusal, req.lang, null));
    if (refusal) throw new HttpError(403, refusal, refusalText(refusal, req.lang, blockReason));
    const body = field(req.body, 'body');
    const uk = req.lang === 'uk';
    if (!body || [...body].length > 2000) {
      return renderProject(
        req,
        reply,
        c,
        contest,
        x,
        {
          values: { body },
          errors: { body: !body ? (uk ? 'Напишіть коментар' : 'Write a comment') : uk ? 'Не більше 2000 символів' : 'At most 2000 characters' },
        },
        400,
      );
    }
    await writeLimit(req, 'comment', 30);
    const v = req.viewer!;
    const id = await addComment(ctx.db, { project: x, userId: v.id, authorName: publicName(v), body, now: ctx.clock.now() });
    return reply.redirect(`${base(c, contest)}/projects/${x.id}#comment-${id}`, 303);
  });

  const servePhoto = async (req: FastifyRequest<{ Params: { slug: string; photoId: string } }>, reply: FastifyReply, thumb: boolean) => {
    const c = await budgetCommunity(ctx, req.params.slug);
    const ph = await byRouteId(req.params.photoId, (id) => getPhoto(ctx.db, id));
    const x = ph ? await findProject(ctx.db, ph.projectId) : null;
    if (!ph || !x || x.communityId !== c.id || !projectVisible(x, req.viewer, c)) throw notFound();
    reply.header('cache-control', x.status === 'draft' ? 'private, no-store' : 'public, max-age=86400');
    reply.header('x-content-type-options', 'nosniff');
    return reply.type('image/jpeg').send(thumb ? ph.thumb : ph.data);
  };
  app.get<{ Params: { slug: string; photoId: string } }>('/:slug/budgets/photos/:photoId', (req, reply) => servePhoto(req, reply, false));
  app.get<{ Params: { slug: string; photoId: string } }>('/:slug/budgets/photos/:photoId/thumb', (req, reply) => servePhoto(req, reply, true));

  // ---------- voting ----------

  const ballotSections = async (contest: Contest): Promise<BallotCategory[]> => {
    const [cats, projects] = await Promise.all([listCategories(ctx.db, contest.id), listProjects(ctx.db, contest.id, { statuses: ['admitted'] })]);
    return cats.map((category) => ({ category, projects: projects.filter((x) => x.categoryId === category.id) })).filter((s) => s.projects.length > 0);
  };

  const chosenOf = (body: unknown, sections: BallotCategory[]): number[] => {
    const raw = [...fields(body, 'project'), ...sections.map((s) => field(body, `cat_${s.category.id}`)).filter(Boolean)];
    return raw.filter((r) => /^\d{1,9}$/.test(r)).map(Number);
  };

  const votingGate = async (req: FastifyRequest, c: Community, contest: Contest): Promise<string | null> => {
    if (contestPhase(contest, ctx.clock.now()) !== 'voting') return req.lang === 'uk' ? 'Голосування зараз не триває.' : 'Voting is not open now.';
    const { refusal, blockReason } = await webRefusal(ctx, req.viewer, c, contest);
    return refusal ? refusalText(refusal, req.lang, blockReason) : null;
  };

  const showReceipt = async (
    req: FastifyRequest,
    reply: FastifyReply,
    c: Community,
    contest: Contest,
    fresh: boolean,
    duplicate: { channel: string; at: Date } | null,
  ) => {
    const ballot = await ballotOf(ctx.db, contest.id, await voterKeyOf(ctx, req.viewer!));
    if (!ballot) throw notFound();
    const projects = new Map((await listProjects(ctx.db, contest.id, { statuses: ['admitted'] })).map((x) => [x.id, x]));
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await ReceiptPage({ p, c, contest, ballot, projects, fresh, duplicate, print: queryString(req, 'print') === '1' }));
  };

  /** The step (category index) a ballot form asks for, kept within the ballot's categories. */
  const stepOf = (raw: string, sections: BallotCategory[]): number => {
    const n = /^\d{1,3}$/.test(raw) ? Number(raw) : 0;
    return Math.min(n, Math.max(0, sections.length - 1));
  };

  const renderStep = async (
    req: FastifyRequest,
    reply: FastifyReply,
    c: Community,
    contest: Contest,
    a: { sections: BallotCategory[]; step: number; chosen: Iterable<number>; errors?: Record<string, string>; refusal?: string | null },
    status = 200,
  ) => {
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await VotePage({ p, c, contest, sections: a.sections, step: a.step, chosen: new Set(a.chosen), errors: a.errors ?? {}, refusal: a.refusal ?? null }),
      status,
    );
  };

  app.get<{ Params: P }>('/:slug/budgets/:id/vote', async (req, reply) => {
    const { c, contest } = await load(req);
    if (req.viewer && (await ballotOf(ctx.db, contest.id, await voterKeyOf(ctx, req.viewer)))) return showReceipt(req, reply, c, contest, false, null);
    const refusal = await votingGate(req, c, contest);
    return renderStep(req, reply, c, contest, { sections: refusal ? [] : await ballotSections(contest), step: 0, chosen: [], refusal });
  });

  /** The problems of a choice, as messages keyed by the category they belong to (`cat-<id>`). */
  const problemsOf = async (req: FastifyRequest, contest: Contest, sections: BallotCategory[], chosen: number[]) => {
    const res = await validateChoices(ctx.db, contest, chosen);
    if (res.ok) return { ok: true as const, choices: res.choices, errors: {} };
    const cats = await listCategories(ctx.db, contest.id);
    const projectName = new Map(sections.flatMap((s) => s.projects.map((x) => [x.id, `«${x.code ?? x.id}»`])));
    const errors: Record<string, string> = {};
    for (const pr of res.problems) {
      // A problem tied to no category (nothing chosen, too many in total) is shown where the person is.
      const key = 'categoryId' in pr ? `cat-${pr.categoryId}` : 'ballot';
      const text = choiceProblemText(pr, req.lang, {
        project: (id) => projectName.get(id) ?? `#${id}`,
        category: (id) => cats.find((k) => k.id === id)?.name ?? String(id),
      });
      errors[key] = errors[key] ? `${errors[key]}; ${text}` : text;
    }
    return { ok: false as const, problems: res.problems, errors };
  };

  /** Checks the whole choice; on problems the ballot comes back at the first category that has one. */
  const checkOrRender = async (
    req: FastifyRequest,
    reply: FastifyReply,
    c: Community,
    contest: Contest,
    sections: BallotCategory[],
    chosen: number[],
    here = 0,
  ) => {
    const res = await problemsOf(req, contest, sections, chosen);
    if (res.ok) return res;
    const first = sections.findIndex((s) => res.errors[`cat-${s.category.id}`]);
    return renderStep(req, reply, c, contest, { sections, step: first >= 0 ? first : here, chosen, errors: res.errors }, 400);
  };

  /**
   * One ballot page per category. The choices made on other pages travel as hidden fields, so the ballot
   * needs no server-side draft and works without JavaScript; «Далі» checks this category (and the total)
   * before moving on, and the last page leads to the review. A form without `step` is a whole ballot at once.
   */
  app.post<{ Params: P }>('/:slug/budgets/:id/vote', { config: { permission: 'budgets.vote' } }, async (req, reply) => {
    const { c, contest } = await load(req);
    const refusal = await votingGate(req, c, contest);
    if (refusal) throw new HttpError(req.viewer ? 403 : 401, 'not_eligible', refusal);
    const sections = await ballotSections(contest);
    const chosen = chosenOf(req.body, sections);
    const rawStep = field(req.body, 'step');
    let here = 0;
    if (rawStep) {
      const step = stepOf(rawStep, sections);
      here = step;
      if (field(req.body, 'go') === 'back') return renderStep(req, reply, c, contest, { sections, step: Math.max(0, step - 1), chosen });
      const categoryHere = sections[step]?.category.id;
      const res = await problemsOf(req, contest, sections, chosen);
      // On this page only this category's problems and the total count; the rest are checked at the end.
      const local: Record<string, string> = res.ok
        ? {}
        : Object.fromEntries(
            Object.entries(res.errors).filter(
              ([k]) => k === `cat-${categoryHere}` || (k === 'ballot' && res.problems.some((x) => x.kind === 'too-many-total')),
            ),
          );
      if (contest.ballot.mode === 'one-per-category' && categoryHere !== undefined && !sections[step]!.projects.some((x) => chosen.includes(x.id))) {
        local[`cat-${categoryHere}`] = choiceProblemText({ kind: 'one-per-category', categoryId: categoryHere, given: 0 }, req.lang, {
          project: String,
          category: () => sections[step]!.category.name,
        });
      }
      if (Object.keys(local).length > 0) return renderStep(req, reply, c, contest, { sections, step, chosen, errors: local }, 400);
      if (step < sections.length - 1) return renderStep(req, reply, c, contest, { sections, step: step + 1, chosen });
    }
    const res = await checkOrRender(req, reply, c, contest, sections, chosen, here);
    if (!('ok' in res)) return res;
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await ReviewBallotPage({ p, c, contest, sections, chosen: res.choices.map((x) => x.projectId) }));
  });

  app.post<{ Params: P }>('/:slug/budgets/:id/vote/change', { config: { permission: 'budgets.vote' } }, async (req, reply) => {
    const { c, contest } = await load(req);
    const refusal = await votingGate(req, c, contest);
    const sections = refusal ? [] : await ballotSections(contest);
    return renderStep(req, reply, c, contest, { sections, step: stepOf(field(req.body, 'step'), sections), chosen: chosenOf(req.body, sections), refusal });
  });

  app.post<{ Params: P }>('/:slug/budgets/:id/vote/confirm', { config: { permission: 'budgets.vote' } }, async (req, reply) => {
    const { c, contest } = await load(req);
    const refusal = await votingGate(req, c, contest);
    if (refusal) throw new HttpError(req.viewer ? 403 : 401, 'not_eligible', refusal);
    const sections = await ballotSections(contest);
    const chosen = chosenOf(req.body, sections);
    const res = await checkOrRender(req, reply, c, contest, sections, chosen);
    if (!('ok' in res)) return res;
    await writeLimit(req, 'vote', 20);
    const v = req.viewer!;
    const now = ctx.clock.now();
    const out = await castBallot(ctx, ctx.db, {
      contest,
      voterKey: await voterKeyOf(ctx, v),
      channel: 'web',
      level: v.level,
      age: v.birthDate ? ageOn(v.birthDate, kyivDateOf(now)) : null,
      choices: res.choices,
      now,
    });
    if (out.outcome === 'duplicate') return showReceipt(req, reply, c, contest, false, { channel: out.firstChannel, at: out.firstCastAt });
    return reply.redirect(`${base(c, contest)}/vote/receipt`, 303);
  });

  app.get<{ Params: P }>('/:slug/budgets/:id/vote/receipt', async (req, reply) => {
    const { c, contest } = await load(req);
    requireViewer(req, refusalText('signed-out', req.lang, null));
    return showReceipt(req, reply, c, contest, true, null);
  });

  // ---------- results and implementation ----------

  const resultsGate = (req: FastifyRequest, c: Community, contest: Contest) => {
    const now = ctx.clock.now();
    const pub = resultsPublic(contest, now);
    if (!pub && !(canManage(req.viewer, c) && now.getTime() >= contest.dates.votingFrom.getTime())) throw notFound('Результати ще не оприлюднено.');
    return !pub;
  };

  app.get<{ Params: P }>('/:slug/budgets/:id/results', async (req, reply) => {
    const { c, contest } = await load(req);
    const preliminary = resultsGate(req, c, contest);
    const [results, totals, records] = await Promise.all([
      tallyContest(ctx.db, contest),
      ballotTotals(ctx.db, contest.id),
      listResultRecords(ctx.db, contest.id),
    ]);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await ResultsPage({ p, c, contest, results, totals, preliminary, records }));
  });

  app.get<{ Params: P & { file: string } }>('/:slug/budgets/:id/results/:file', async (req, reply) => {
    const { c, contest } = await load(req);
    resultsGate(req, c, contest);
    const m = /^(\d{1,9})\.pb$/.exec(req.params.file);
    const results = await tallyContest(ctx.db, contest);
    const r = m ? results.find((x) => x.category.id === Number(m[1])) : undefined;
    if (!r) throw notFound();
    const text = await pabulibOfCategory(ctx.db, { contest, category: r.category, communityName: c.name.en, result: r });
    reply.header('content-disposition', `attachment; filename="${c.slug}_${contest.id}_${r.category.code}.pb"`);
    return reply.type('text/plain; charset=utf-8').send(text);
  });

  app.get<{ Params: P }>('/:slug/budgets/:id/implementation', async (req, reply) => {
    const { c, contest } = await load(req);
    resultsGate(req, c, contest);
    const results = await tallyContest(ctx.db, contest);
    const winners = results.flatMap((r) => r.tally.winners.map((id) => ({ project: r.projects.find((x) => String(x.id) === id)!, category: r.category })));
    const ids = winners.map((w) => w.project.id);
    const [updates, spent] = await Promise.all([listImplUpdates(ctx.db, ids), spentByProject(ctx.db, ids)]);
    const photos = new Map<number, number[]>();
    for (const id of ids)
      photos.set(
        id,
        (await listPhotoIds(ctx.db, id)).filter((ph) => ph.updateId !== null).map((ph) => ph.id),
      );
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await ImplementationPage({
        p,
        c,
        contest,
        winners: winners.map((w) => ({
          ...w,
          updates: updates.get(w.project.id) ?? [],
          spent: spent.get(w.project.id) ?? 0,
          photoIds: photos.get(w.project.id) ?? [],
        })),
      }),
    );
  });
}
