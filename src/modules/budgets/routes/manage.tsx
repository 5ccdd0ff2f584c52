/** The budget moderator's routes: every one checks isToolModerator(viewer, community, 'budgets') first. */
import { CommunitySuspendedError, participationOpen } from '../../../core/communities/participation-gate.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { pageSender } from '../../../core/http/request-context.js';
import { field } from '../../../core/http/form-parser.js';
import { HttpError, forbidden, notFound } from '../../../core/http/errors.js';
import { requireViewer, byRouteId, idOr404 } from '../../../core/http/route-helpers.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import { addDaysToLocalDate, kyivDateOf } from '../../../core/calendar/index.js';
import type { FormState } from '../../../core/views/forms.js';
import { addCategory, ContestFrozenError, contestPhase, createContest, extendVoting, updateContest } from '../service/contests.js';
import { hasBallots, listCategories, listContests, listExtensions, type Contest } from '../repository/contests.js';
import { createProjectWithPhotos, reportImplementation, reviewProjectAndTell, type ReviewDecision } from '../service/projects.js';
import { findProject, listPhotoIds, listProjects } from '../repository/projects.js';
import { annulImport, confirmImport, ImportFileError, parseBallotFile, saveImport, templateCsv, templateXlsx, validateRows } from '../service/imports.js';
import { findImport, listImports } from '../repository/imports.js';
import { ballotTotals, listRejects } from '../repository/ballots.js';
import { categoriesFrozen, correctionProblem, extensionProblemText, frozenContestFields, frozenFieldText, parseMoney, votingStarted } from '../rules.js';
import { correctResults, publishResults } from '../service/results.js';
import { createChannel, revokeChannel } from '../service/channels.js';
import { listChannels } from '../repository/channels.js';
import type { ImplStatus } from '../tables.js';
import { parsePabulib, pabulibElection, pabulibThreshold, ruleFromPabulib, PabulibError } from '../tally/pabulib.js';
import { runTally, TallyInputError } from '../tally/index.js';
import { budgetCommunity, canManage, contestOr404, OWNER, projectMap } from '../access.js';
import {
  contestFormField,
  contestFormValues,
  contestFrozenFormFields,
  endOfKyivDate,
  keepUnchangedDates,
  readCategoryForm,
  readContestForm,
  readProjectForm,
  withFrozenValues,
} from '../forms.js';
import { uploadRoute, uploadsOf, type UploadLimits } from '../../../core/http/uploads.js';
import { MAX_PHOTO_BYTES, PHOTO_UPLOADS, readPhotos } from '../photos.js';
import { manageBase } from '../views/parts.js';
import { ProjectFormPage } from '../views/project.js';
import { ContestFormPage, ContestManagePage, ImplementationFormPage, ManageIndexPage, ReviewPage } from '../views/manage-contests.js';
import { ImportReportPage, ImportsPage, RejectsPage } from '../views/manage-imports.js';
import { ChannelsPage, PabulibPage } from '../views/manage-tools.js';

type S = { slug: string };
type P = S & { id: string };

export function registerBudgetManageRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const moderatorOf = async (req: FastifyRequest<{ Params: S }>): Promise<Community> => {
    const c = await budgetCommunity(ctx, req.params.slug);
    const v = requireViewer(req, req.lang === 'uk' ? 'Увійдіть, щоб керувати бюджетом.' : 'Sign in to manage the budget.');
    if (!canManage(v, c))
      throw forbidden(req.lang === 'uk' ? 'Керувати громадським бюджетом може лише його модератор.' : 'Only the budget moderator may do this.');
    return c;
  };
  const contestOf = async (req: FastifyRequest<{ Params: P }>) => {
    const c = await moderatorOf(req);
    return { c, contest: await contestOr404(ctx, c, req.params.id, req.viewer) };
  };
  const limit = async (req: FastifyRequest, max = 300) => {
    const r = await hitRateLimit(ctx.db, { key: `budget:manage:${req.viewer!.id}`, max, windowSeconds: 3600 }, ctx.clock.now());
    if (!r.allowed) throw new HttpError(429, 'rate_limited', req.lang === 'uk' ? 'Забагато дій за годину.' : 'Too many actions this hour.');
  };
  const page = pageSender(ctx);

  app.get<{ Params: S }>('/:slug/manage/budgets', async (req, reply) => {
    const c = await moderatorOf(req);
    const now = ctx.clock.now();
    const contests = (await listContests(ctx.db, c.id, { owner: OWNER })).map((contest) => ({ contest, phase: contestPhase(contest, now) }));
    return page(req, reply, c, (p) => ManageIndexPage({ p, c, contests }));
  });

  // ---------- contest settings ----------

  const defaults = (): Record<string, string> => {
    const today = kyivDateOf(ctx.clock.now());
    const d = (n: number) => addDaysToLocalDate(today, n);
    return {
      title: `Громадський бюджет ${Number(today.slice(0, 4)) + 1}`,
      totalBudget: '10000000',
      supportersNeeded: '0',
      residentsOnly: 'on',
      minAge: '16',
      ballotMode: 'approval',
      maxPerCategory: '3',
      maxTotal: '',
      winnerRule: 'greedy',
      minVotes: '0',
      submissionFrom: d(1),
      submissionTo: d(30),
      supportTo: '',
      reviewTo: d(45),
      votingFrom: d(46),
      votingTo: d(60),
      resultsFrom: d(61),
      implementationFrom: d(75),
    };
  };

  app.get<{ Params: S }>('/:slug/manage/budgets/new', async (req, reply) => {
    const c = await moderatorOf(req);
    return page(req, reply, c, (p) => ContestFormPage({ p, c, contest: null, form: { values: defaults(), errors: {} } }));
  });

  app.post<{ Params: S }>('/:slug/manage/budgets/new', { config: { permission: 'budgets.moderate' } }, async (req, reply) => {
    const c = await moderatorOf(req);
    const f = readContestForm(req.body, req.lang);
    if (!f.input) return page(req, reply, c, (p) => ContestFormPage({ p, c, contest: null, form: { values: f.values, errors: f.errors } }), 400);
    await limit(req);
    const id = await createContest(ctx.db, { communityId: c.id, owner: OWNER, input: f.input, actorUserId: req.viewer!.id, now: ctx.clock.now() });
    return reply.redirect(`${manageBase(c)}/${id}`, 303);
  });

  /** The form fields no edit may change now, and the form's values with those showing the contest's own. */
  const frozenNow = async (contest: Contest) => contestFrozenFormFields(frozenContestFields(contest, ctx.clock.now(), await hasBallots(ctx.db, contest.id)));
  const frozenMessages = (fields: string[], lang: 'uk' | 'en') =>
    Object.fromEntries(fields.map((k) => [k === 'categories' ? 'code' : contestFormField(k), frozenFieldText(lang)]));

  app.get<{ Params: P }>('/:slug/manage/budgets/:id/edit', async (req, reply) => {
    const { c, contest } = await contestOf(req);
    const frozen = await frozenNow(contest);
    return page(req, reply, c, (p) => ContestFormPage({ p, c, contest, form: { values: contestFormValues(contest), errors: {} }, frozen }));
  });

  app.post<{ Params: P }>('/:slug/manage/budgets/:id/edit', { config: { permission: 'budgets.moderate' } }, async (req, reply) => {
    const { c, contest } = await contestOf(req);
    const f = readContestForm(req.body, req.lang);
    const frozen = await frozenNow(contest);
    const values = withFrozenValues(f.values, contestFormValues(contest), frozen);
    if (!f.input) return page(req, reply, c, (p) => ContestFormPage({ p, c, contest, form: { values, errors: f.errors }, frozen }), 400);
    await limit(req);
    // The engine decides what is frozen (once voting has started: who votes, the ballot, the count, the dates).
    try {
      await updateContest(ctx, ctx.db, { contest, input: keepUnchangedDates(f.input, contest, f.values), actorUserId: req.viewer!.id, now: ctx.clock.now() });
    } catch (e) {
      if (!(e instanceof ContestFrozenError)) throw e;
      return page(req, reply, c, (p) => ContestFormPage({ p, c, contest, form: { values, errors: frozenMessages(e.fields, req.lang) }, frozen }), 409);
    }
    return reply.redirect(`${manageBase(c, contest)}`, 303);
  });

  const empty = (): FormState => ({ values: {}, errors: {} });
  const renderContest = async (
    req: FastifyRequest,
    reply: FastifyReply,
    c: Community,
    contest: Contest,
    forms: { category?: FormState; extend?: FormState; correction?: FormState } = {},
    status = 200,
  ) => {
    const [categories, projects, totals, extensions, ballots] = await Promise.all([
      listCategories(ctx.db, contest.id),
      listProjects(ctx.db, contest.id),
      ballotTotals(ctx.db, contest.id),
      listExtensions(ctx.db, contest.id),
      hasBallots(ctx.db, contest.id),
    ]);
    const t = ctx.clock.now();
    const started = votingStarted(contest, t, ballots);
    return page(
      req,
      reply,
      c,
      (p) =>
        ContestManagePage({
          p,
          c,
          contest,
          phase: contestPhase(contest, t),
          categories,
          projects,
          totals,
          extensions,
          categoryForm: forms.category ?? empty(),
          extendForm: forms.extend ?? empty(),
          correctionForm: forms.correction ?? empty(),
          canExtend: started && !contest.resultsPublishedAt && t.getTime() < contest.dates.votingTo.getTime(),
          categoriesFrozen: categoriesFrozen(contest, t, ballots),
        }),
      status,
    );
  };

  app.get<{ Params: P }>('/:slug/manage/budgets/:id', async (req, reply) => {
    const { c, contest } = await contestOf(req);
    return renderContest(req, reply, c, contest);
  });

  app.post<{ Params: P }>('/:slug/manage/budgets/:id/categories', { config: { permission: 'budgets.moderate' } }, async (req, reply) => {
    const { c, contest } = await contestOf(req);
    const f = readCategoryForm(req.body, req.lang);
    const cats = await listCategories(ctx.db, contest.id);
    if (f.input && cats.some((k) => k.code === f.input!.code)) f.errors.code = req.lang === 'uk' ? 'Такий код уже є' : 'This code is taken';
    if (!f.input || Object.keys(f.errors).length) return renderContest(req, reply, c, contest, { category: { values: f.values, errors: f.errors } }, 400);
    await limit(req);
    try {
      await addCategory(ctx.db, { contest, input: f.input, actorUserId: req.viewer!.id, now: ctx.clock.now() });
    } catch (e) {
      if (!(e instanceof ContestFrozenError)) throw e;
      const msg =
        req.lang === 'uk' ? 'Голосування вже почалося: категорії не додають і не змінюють' : 'Voting has started: categories can no longer be added or changed';
      return renderContest(req, reply, c, contest, { category: { values: f.values, errors: { code: msg } } }, 409);
    }
    return reply.redirect(manageBase(c, contest), 303);
  });
  const now = () => ctx.clock.now().getTime();

  app.post<{ Params: P }>('/:slug/manage/budgets/:id/publish-results', { config: { permission: 'budgets.moderate' } }, async (req, reply) => {
    const { c, contest } = await contestOf(req);
    if (now() < contest.dates.votingTo.getTime())
      throw new HttpError(
        409,
        'voting_open',
        req.lang === 'uk' ? 'Результати можна оприлюднити лише після голосування.' : 'Results can be published only after voting.',
      );
    // Publication is one-way: published results are never published again (nor hidden); a correction explains a change.
    if (!(await publishResults(ctx.db, { contest, actorUserId: req.viewer!.id, now: ctx.clock.now() }))) {
      throw new HttpError(
        409,
        'already_published',
        req.lang === 'uk'
          ? 'Результати вже оприлюднено: їх можна лише виправити з поясненням.'
          : 'Results are already published: they can only be corrected, with an explanation.',
      );
    }
    return reply.redirect(`/${c.slug}/budgets/${contest.id}/results`, 303);
  });

  app.post<{ Params: P }>('/:slug/manage/budgets/:id/extend', { config: { permission: 'budgets.moderate' } }, async (req, reply) => {
    const { c, contest } = await contestOf(req);
    const values = { newVotingTo: field(req.body, 'newVotingTo'), extendReason: field(req.body, 'extendReason') };
    const newEnd = endOfKyivDate(values.newVotingTo);
    if (!newEnd)
      return renderContest(req, reply, c, contest, { extend: { values, errors: { newVotingTo: req.lang === 'uk' ? 'Вкажіть дату' : 'Give a date' } } }, 400);
    await limit(req);
    const problem = await extendVoting(ctx, ctx.db, { contest, newEnd, reason: values.extendReason, actorUserId: req.viewer!.id, now: ctx.clock.now() });
    if (problem) {
      const fieldName = problem === 'reason' ? 'extendReason' : 'newVotingTo';
      return renderContest(
        req,
        reply,
        c,
        contest,
        { extend: { values, errors: { [fieldName]: extensionProblemText(problem, req.lang) } } },
        problem === 'reason' ? 400 : 409,
      );
    }
    return reply.redirect(manageBase(c, contest), 303);
  });

  app.post<{ Params: P }>('/:slug/manage/budgets/:id/results-corrections', { config: { permission: 'budgets.moderate' } }, async (req, reply) => {
    const { c, contest } = await contestOf(req);
    const values = { correctionReason: field(req.body, 'correctionReason') };
    const problem = correctionProblem(contest, values.correctionReason, req.lang);
    if (problem)
      return renderContest(req, reply, c, contest, { correction: { values, errors: { correctionReason: problem } } }, contest.resultsPublishedAt ? 400 : 409);
    await limit(req);
    await correctResults(ctx.db, { contest, reason: values.correctionReason, actorUserId: req.viewer!.id, now: ctx.clock.now() });
    return reply.redirect(`/${c.slug}/budgets/${contest.id}/results`, 303);
  });

  // ---------- review ----------

  type PP = P & { pid: string };
  const projectOf = async (req: FastifyRequest<{ Params: PP }>) => {
    const { c, contest } = await contestOf(req);
    const x = await byRouteId(req.params.pid, (id) => findProject(ctx.db, id));
    if (!x || x.contestId !== contest.id) throw notFound('Такого проєкту немає.');
    const category = (await listCategories(ctx.db, contest.id)).find((k) => k.id === x.categoryId)!;
    return { c, contest, x, category };
  };

  app.get<{ Params: PP }>('/:slug/manage/budgets/:id/projects/:pid', async (req, reply) => {
    const { c, contest, x, category } = await projectOf(req);
    const photoIds = (await listPhotoIds(ctx.db, x.id)).map((ph) => ph.id);
    return page(req, reply, c, (p) => ReviewPage({ p, c, contest, project: x, category, form: { values: {}, errors: {} }, photoIds }));
  });

  app.post<{ Params: PP }>('/:slug/manage/budgets/:id/projects/:pid', { config: { permission: 'budgets.moderate' } }, async (req, reply) => {
    const { c, contest, x, category } = await projectOf(req);
    const uk = req.lang === 'uk';
    const values = {
      decision: field(req.body, 'decision'),
      note: field(req.body, 'note'),
      correctedCost: field(req.body, 'correctedCost'),
      costNote: field(req.body, 'costNote'),
    };
    const errors: Record<string, string> = {};
    const decision = (['admitted', 'needs_changes', 'rejected'] as const).find((d) => d === values.decision);
    if (!decision) errors.decision = uk ? 'Оберіть рішення' : 'Choose a decision';
    if (decision && decision !== 'admitted' && values.note.length < 5)
      errors.note = uk ? 'Поясніть рішення (щонайменше 5 символів)' : 'Explain the decision (at least 5 characters)';
    if (values.note.length > 2000) errors.note = uk ? 'Не більше 2000 символів' : 'At most 2000 characters';
    let corrected: number | null = null;
    if (values.correctedCost) {
      corrected = parseMoney(values.correctedCost);
      if (corrected === null || corrected <= 0) errors.correctedCost = uk ? 'Сума в гривнях, наприклад 245 000,50' : 'An amount in hryvnias';
      else if (corrected > category.maxCost || corrected < category.minCost)
        errors.correctedCost = uk ? 'Скоригована вартість виходить за межі категорії' : 'The corrected cost is outside the category range';
      if (!values.costNote) errors.costNote = uk ? 'Поясніть, чому змінено вартість' : 'Explain why the cost changed';
    }
    if (x.status !== 'review' && x.status !== 'support') errors.decision = uk ? 'Цей проєкт уже розглянуто' : 'This project has already been reviewed';
    if (decision === 'admitted' && now() >= contest.dates.votingFrom.getTime())
      errors.decision = uk ? 'Голосування вже почалося: нових проєктів не допускають' : 'Voting has started: no new projects';
    if (Object.keys(errors).length || !decision) {
      const photoIds = (await listPhotoIds(ctx.db, x.id)).map((ph) => ph.id);
      return page(req, reply, c, (p) => ReviewPage({ p, c, contest, project: x, category, form: { values, errors }, photoIds }), 400);
    }
    await limit(req);
    await reviewProjectAndTell(ctx, {
      project: x,
      category,
      decision: decision as ReviewDecision,
      note: values.note || null,
      correctedCost: corrected,
      costNote: corrected !== null ? values.costNote : null,
      actorUserId: req.viewer!.id,
      slug: c.slug,
      now: ctx.clock.now(),
    });
    return reply.redirect(manageBase(c, contest), 303);
  });

  // ---------- paper projects ----------

  const renderPaper = async (req: FastifyRequest, reply: FastifyReply, c: Community, contest: Contest, form: FormState, status = 200) => {
    const [categories, map] = await Promise.all([listCategories(ctx.db, contest.id), projectMap(ctx, c)]);
    return page(
      req,
      reply,
      c,
      (p) =>
        ProjectFormPage({
          p,
          c,
          contest,
          categories,
          form,
          action: `${manageBase(c, contest)}/paper-project`,
          paper: true,
          editing: false,
          photosCount: 0,
          map,
        }),
      status,
    );
  };

  app.get<{ Params: P }>('/:slug/manage/budgets/:id/paper-project', async (req, reply) => {
    const { c, contest } = await contestOf(req);
    return renderPaper(req, reply, c, contest, { values: { contingency: '0' }, errors: {} });
  });

  /** One data file (paper ballots, a Pabulib election), up to 10 MB. */
  const FILE_UPLOAD: UploadLimits = { fileBytes: MAX_PHOTO_BYTES, files: 1 };

  app.post<{ Params: P }>(
    '/:slug/manage/budgets/:id/paper-project',
    uploadRoute<{ Params: P }>({ ctx, permission: 'budgets.moderate', limits: PHOTO_UPLOADS, authorize: contestOf }),
    async (req, reply) => {
      const { c, contest } = await contestOf(req);
      const categories = await listCategories(ctx.db, contest.id);
      const f = readProjectForm(req.body, categories, req.lang, { paper: true, submit: true });
      const ph = await readPhotos(ctx, req, 0);
      if (ph.error) f.errors.photos = ph.error;
      if (now() >= contest.dates.votingFrom.getTime())
        f.errors.title = req.lang === 'uk' ? 'Голосування вже почалося: нові проєкти не приймаються' : 'Voting has started: no new projects';
      if (Object.keys(f.errors).length) return renderPaper(req, reply, c, contest, { values: f.values, errors: f.errors }, 400);
      await limit(req);
      const id = await createProjectWithPhotos(ctx.db, {
        contest,
        input: f.input,
        author: { userId: null, name: f.authorName },
        onPaper: true,
        submit: true,
        actorUserId: req.viewer!.id,
        photos: ph.photos,
        now: ctx.clock.now(),
      });
      return reply.redirect(`${manageBase(c, contest)}/projects/${id}`, 303);
    },
  );

  // ---------- paper ballots ----------

  const exampleCodes = async (contest: Contest) =>
    (await listProjects(ctx.db, contest.id, { statuses: ['admitted'] }))
      .slice(0, 2)
      .map((x) => x.code ?? '')
      .filter(Boolean);

  app.get<{ Params: P }>('/:slug/manage/budgets/:id/template.csv', async (req, reply) => {
    const { contest } = await contestOf(req);
    reply.header('content-disposition', `attachment; filename="paper-ballots-${contest.id}.csv"`);
    return reply.type('text/csv; charset=utf-8').send(templateCsv(await exampleCodes(contest)));
  });

  app.get<{ Params: P }>('/:slug/manage/budgets/:id/template.xlsx', async (req, reply) => {
    const { contest } = await contestOf(req);
    reply.header('content-disposition', `attachment; filename="paper-ballots-${contest.id}.xlsx"`);
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await templateXlsx(await exampleCodes(contest)));
  });

  const renderImports = async (req: FastifyRequest, reply: FastifyReply, c: Community, contest: Contest, error: string | null, status = 200) =>
    page(req, reply, c, async (p) => ImportsPage({ p, c, contest, imports: await listImports(ctx.db, contest.id), error }), status);

  app.get<{ Params: P }>('/:slug/manage/budgets/:id/imports', async (req, reply) => {
    const { c, contest } = await contestOf(req);
    return renderImports(req, reply, c, contest, null);
  });

  const importWindow = (req: FastifyRequest, contest: Contest) => {
    const phase = contestPhase(contest, ctx.clock.now());
    if ((phase !== 'voting' && phase !== 'counting') || contest.resultsPublishedAt) {
      throw new HttpError(
        409,
        'not_voting',
        req.lang === 'uk'
          ? 'Паперові бюлетені приймаються під час голосування й підрахунку, до оприлюднення результатів.'
          : 'Paper ballots are accepted during voting and counting, before results are published.',
      );
    }
  };

  const importUploads = uploadRoute<{ Params: P }>({
    ctx,
    permission: 'budgets.moderate',
    limits: FILE_UPLOAD,
    authorize: async (req) => importWindow(req, (await contestOf(req)).contest),
  });

  app.post<{ Params: P }>('/:slug/manage/budgets/:id/imports', importUploads, async (req, reply) => {
    const { c, contest } = await contestOf(req);
    importWindow(req, contest);
    const file = uploadsOf(req, 'file')[0];
    const uk = req.lang === 'uk';
    if (!file) return renderImports(req, reply, c, contest, uk ? 'Оберіть файл CSV або XLSX' : 'Choose a CSV or XLSX file', 400);
    if (file.tooLarge || !file.data)
      return renderImports(
        req,
        reply,
        c,
        contest,
        uk ? 'Файл завеликий: не більше 5 МБ. Розділіть його на частини.' : 'The file is too large: at most 5 MB. Split it.',
        413,
      );
    await limit(req, 60);
    let rows;
    try {
      rows = await parseBallotFile(file.data, file.filename);
    } catch (e) {
      if (e instanceof ImportFileError) return renderImports(req, reply, c, contest, e.text[req.lang], e.text.en.includes('too large') ? 413 : 400);
      throw e;
    }
    const report = await validateRows(ctx.db, { contest, territorialCodes: c.territorialCodes, secretKey: ctx.config.secretKey, rows, lang: req.lang });
    const id = await saveImport(ctx.db, {
      contest,
      filename: file.filename,
      file: file.data,
      rows: report.rows,
      summary: report.summary,
      actorUserId: req.viewer!.id,
      now: ctx.clock.now(),
    });
    return reply.redirect(`${manageBase(c, contest)}/imports/${id}`, 303);
  });

  type PI = P & { iid: string };
  const importOf = async (req: FastifyRequest<{ Params: PI }>) => {
    const { c, contest } = await contestOf(req);
    const imp = await byRouteId(req.params.iid, (id) => findImport(ctx.db, id));
    if (!imp || imp.contestId !== contest.id) throw notFound('Такого імпорту немає.');
    return { c, contest, imp };
  };

  app.get<{ Params: PI }>('/:slug/manage/budgets/:id/imports/:iid', async (req, reply) => {
    const { c, contest, imp } = await importOf(req);
    return page(req, reply, c, (p) => ImportReportPage({ p, c, contest, imp }));
  });

  app.post<{ Params: PI }>('/:slug/manage/budgets/:id/imports/:iid/confirm', { config: { permission: 'budgets.moderate' } }, async (req, reply) => {
    const { c, contest, imp } = await importOf(req);
    importWindow(req, contest);
    if (!participationOpen(c)) throw new CommunitySuspendedError(req.lang);
    const r = await confirmImport(ctx, ctx.db, { contest, importId: imp.id, actorUserId: req.viewer!.id, now: ctx.clock.now() });
    if (!r)
      throw new HttpError(
        409,
        'not_pending',
        req.lang === 'uk' ? 'Цей імпорт уже підтверджено або анульовано.' : 'This import is already confirmed or annulled.',
      );
    return reply.redirect(`${manageBase(c, contest)}/imports/${imp.id}`, 303);
  });

  app.post<{ Params: PI }>('/:slug/manage/budgets/:id/imports/:iid/annul', { config: { permission: 'budgets.moderate' } }, async (req, reply) => {
    const { c, contest, imp } = await importOf(req);
    const reason = field(req.body, 'reason').slice(0, 500);
    if (reason.length < 5)
      throw new HttpError(
        400,
        'reason',
        req.lang === 'uk' ? 'Вкажіть причину анулювання (щонайменше 5 символів).' : 'Give the reason for the annulment (at least 5 characters).',
      );
    if (contest.resultsPublishedAt) throw new HttpError(409, 'published', req.lang === 'uk' ? 'Результати вже оприлюднено.' : 'Results are already published.');
    const n = await annulImport(ctx, ctx.db, { contest, importId: imp.id, reason, actorUserId: req.viewer!.id, now: ctx.clock.now() });
    if (n === null)
      throw new HttpError(409, 'not_confirmed', req.lang === 'uk' ? 'Анулювати можна лише зарахований імпорт.' : 'Only a counted import can be annulled.');
    return reply.redirect(`${manageBase(c, contest)}/imports/${imp.id}`, 303);
  });

  app.get<{ Params: P }>('/:slug/manage/budgets/:id/rejects', async (req, reply) => {
    const { c, contest } = await contestOf(req);
    const [rejects, projects] = await Promise.all([listRejects(ctx.db, contest.id, 500), listProjects(ctx.db, contest.id)]);
    const codes = new Map(projects.map((x) => [x.id, x.code ?? `#${x.id}`]));
    return page(req, reply, c, (p) => RejectsPage({ p, c, contest, rejects, codes }));
  });

  // ---------- implementation ----------

  app.get<{ Params: PP }>('/:slug/manage/budgets/:id/implementation/:pid', async (req, reply) => {
    const { c, contest, x } = await projectOf(req);
    if (x.status !== 'admitted') throw notFound();
    return page(req, reply, c, (p) => ImplementationFormPage({ p, c, contest, project: x, form: { values: { status: x.implStatus }, errors: {} } }));
  });

  app.post<{ Params: PP }>(
    '/:slug/manage/budgets/:id/implementation/:pid',
    uploadRoute<{ Params: PP }>({ ctx, permission: 'budgets.moderate', limits: PHOTO_UPLOADS, authorize: projectOf }),
    async (req, reply) => {
      const { c, contest, x } = await projectOf(req);
      if (x.status !== 'admitted') throw notFound();
      const uk = req.lang === 'uk';
      const values = { status: field(req.body, 'status'), reason: field(req.body, 'reason'), body: field(req.body, 'body'), spent: field(req.body, 'spent') };
      const errors: Record<string, string> = {};
      const status = (['waiting', 'in_progress', 'done', 'not_done'] as const).find((s) => s === values.status);
      if (!status) errors.status = uk ? 'Оберіть статус' : 'Choose a status';
      if (status === 'not_done' && values.reason.length < 5) errors.reason = uk ? 'Вкажіть причину' : 'Give the reason';
      if (values.body.length < 5 || values.body.length > 3000)
        errors.body = uk ? 'Опишіть, що зроблено (5–3000 символів)' : 'Describe what was done (5–3000 characters)';
      const spent = values.spent ? parseMoney(values.spent) : 0;
      if (spent === null) errors.spent = uk ? 'Сума в гривнях' : 'An amount in hryvnias';
      const ph = await readPhotos(ctx, req, 0);
      if (ph.error) errors.photos = ph.error;
      if (Object.keys(errors).length || !status)
        return page(req, reply, c, (p) => ImplementationFormPage({ p, c, contest, project: x, form: { values, errors } }), 400);
      await limit(req);
      await reportImplementation(ctx, {
        project: x,
        status: status as ImplStatus,
        reason: values.reason || null,
        body: values.body,
        spent: spent ?? 0,
        photos: ph.photos,
        actorUserId: req.viewer!.id,
        slug: c.slug,
        now: ctx.clock.now(),
      });
      return reply.redirect(`/${c.slug}/budgets/${contest.id}/projects/${x.id}`, 303);
    },
  );

  // ---------- channels ----------

  const renderChannels = async (req: FastifyRequest, reply: FastifyReply, c: Community, form: FormState, newKey: string | null, status = 200) =>
    page(req, reply, c, async (p) => ChannelsPage({ p, c, channels: await listChannels(ctx.db, c.id), form, newKey }), status);

  app.get<{ Params: S }>('/:slug/manage/budgets/channels', async (req, reply) => {
    const c = await moderatorOf(req);
    return renderChannels(req, reply, c, { values: { kind: 'terminal' }, errors: {} }, null);
  });

  app.post<{ Params: S }>('/:slug/manage/budgets/channels', { config: { permission: 'budgets.moderate' } }, async (req, reply) => {
    const c = await moderatorOf(req);
    const values = { name: field(req.body, 'name'), kind: field(req.body, 'kind') };
    const errors: Record<string, string> = {};
    if (values.name.length < 3 || values.name.length > 100)
      errors.name = req.lang === 'uk' ? 'Назва — від 3 до 100 символів' : 'The name needs 3 to 100 characters';
    const kind = values.kind === 'chatbot' ? 'chatbot' : values.kind === 'terminal' ? 'terminal' : null;
    if (!kind) errors.kind = req.lang === 'uk' ? 'Оберіть вид' : 'Choose the kind';
    if (Object.keys(errors).length || !kind) return renderChannels(req, reply, c, { values, errors }, null, 400);
    await limit(req, 30);
    const { key } = await createChannel(ctx.db, {
      secretKey: ctx.config.secretKey,
      communityId: c.id,
      name: values.name,
      kind,
      actorUserId: req.viewer!.id,
      now: ctx.clock.now(),
    });
    reply.header('cache-control', 'no-store');
    return renderChannels(req, reply, c, { values: { kind: 'terminal' }, errors: {} }, key, 201);
  });

  app.post<{ Params: S & { chid: string } }>(
    '/:slug/manage/budgets/channels/:chid/revoke',
    { config: { permission: 'budgets.moderate' } },
    async (req, reply) => {
      const c = await moderatorOf(req);
      const channelId = idOr404(req.params.chid);
      await revokeChannel(ctx.db, { communityId: c.id, channelId, actorUserId: req.viewer!.id, now: ctx.clock.now() });
      return reply.redirect(`${manageBase(c)}/channels`, 303);
    },
  );

  // ---------- Pabulib analysis ----------

  app.get<{ Params: S }>('/:slug/manage/budgets/pabulib', async (req, reply) => {
    const c = await moderatorOf(req);
    return page(req, reply, c, (p) => PabulibPage({ p, c, error: null, result: null }));
  });

  app.post<{ Params: S }>(
    '/:slug/manage/budgets/pabulib',
    uploadRoute<{ Params: S }>({ ctx, permission: 'budgets.moderate', limits: FILE_UPLOAD, authorize: moderatorOf }),
    async (req, reply) => {
      const c = await moderatorOf(req);
      const file = uploadsOf(req, 'file')[0];
      const uk = req.lang === 'uk';
      const fail = (msg: string, status = 400) => page(req, reply, c, (p) => PabulibPage({ p, c, error: msg, result: null }), status);
      if (!file) return fail(uk ? 'Оберіть файл .pb' : 'Choose a .pb file');
      if (file.tooLarge || !file.data) return fail(uk ? 'Файл завеликий: не більше 10 МБ' : 'The file is too large: at most 10 MB', 413);
      await limit(req, 60);
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(file.data);
      } catch {
        return fail(uk ? 'Файл не в кодуванні UTF-8' : 'The file is not UTF-8');
      }
      try {
        const pb = parsePabulib(text);
        const rule = ruleFromPabulib(pb.meta.rule) ?? 'greedy';
        const threshold = pabulibThreshold(pb);
        const tally = runTally(pabulibElection(pb), rule, threshold !== undefined ? { threshold } : {});
        const names = new Map(pb.projects.map((x) => [x.id, x.fields.name ?? '']));
        return page(req, reply, c, (p) => PabulibPage({ p, c, error: null, result: { meta: { ...pb.meta }, tally, names } }));
      } catch (e) {
        if (e instanceof PabulibError || e instanceof TallyInputError) return fail(e.message);
        throw e;
      }
    },
  );
}
