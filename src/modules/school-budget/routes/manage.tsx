/**
 * The moderators' routes. The education department (the tool's local moderator) adds and edits schools and
 * invites their moderators; a school moderator — or the department acting for the school — sets up the
 * contest, enters projects, makes, prints and voids codes and publishes results. Every route asks the
 * policy first; every write is rate-limited and audited.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { field } from '../../../core/http/form-parser.js';
import { HttpError, forbidden, notFound } from '../../../core/http/errors.js';
import { queryString, byRouteId } from '../../../core/http/route-helpers.js';
import type { FormState } from '../../../core/views/forms.js';
import {
  ballotTotals,
  ContestFrozenError,
  contestPhase,
  correctionProblem,
  correctResults,
  extendVoting,
  extensionProblemText,
  frozenContestFields,
  frozenFieldText,
  hasBallots,
  listExtensions,
  votingStarted,
  findProject,
  listPhotoIds,
  listProjects,
  publishResults,
  type Contest,
  type ProjectInput,
  PHOTO_UPLOADS,
  readPhotos,
  endOfKyivDate,
  withFrozenValues,
} from '../../budgets/index.js';
import { uploadRoute } from '../../../core/http/uploads.js';
import { canManageTool, currentContest, currentContests, ownSchoolSlugs, schoolCommunity, schoolOr404 } from '../access.js';
import {
  authorClasses,
  codeTotals,
  findBatch,
  findSchool,
  listBatches,
  listSchools,
  schoolCategory,
  schoolModerators,
  sheetCodes,
  type School,
} from '../repository.js';
import {
  createBatch,
  createSchool,
  createSchoolContest,
  enterSchoolProject,
  inviteSchoolModeratorByMail,
  updateSchool,
  updateSchoolContest,
  voidBatch,
  voidOneCode,
} from '../service.js';
import {
  contestDefaults,
  contestValues,
  keepUnchangedSchoolDates,
  readBatchForm,
  schoolFormField,
  schoolFrozenFields,
  readInviteForm,
  readSchoolContestForm,
  readSchoolForm,
  readSchoolProjectForm,
  type SchoolProjectInput,
} from '../forms.js';
import { qrPath, qrSymbol } from '../../../core/views/qr.js';
import { sheetPdf } from '../views/sheet-pdf.js';
import { manageContestUrl, manageSchoolUrl, manageUrl, pub } from '../views/parts.js';
import { SchoolFormPage, SchoolManagePage, ToolIndexPage, type ProgressRow } from '../views/manage-schools.js';
import { ContestFormPage, ProjectFormPage } from '../views/manage-contest.js';
import { PrintSheetPage } from '../views/print-sheet.js';
import { schoolManageKit, type S, type SC, type SS } from './manage-kit.js';
import { roleInvitationUrl } from '../../../core/users/email-confirmation.js';

/** Slips on one printed part of a sheet: ten A4 pages. */
const PRINT_PART = 100;

export function registerSchoolManageRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const { page, uk, signedIn, departmentOf, schoolOf, contestOf, limit, now } = schoolManageKit(ctx);

  // ---------- the department: schools ----------

  app.get<{ Params: S }>('/:slug/manage/school-budget', async (req, reply) => {
    const c = await schoolCommunity(ctx, req.params.slug);
    signedIn(req);
    if (!canManageTool(req.viewer, c)) {
      // A school moderator's way in is their school.
      const own = ownSchoolSlugs(req.viewer, c);
      if (own.length) return reply.redirect(`${manageUrl(c)}/schools/${own[0]}`, 303);
      throw forbidden(uk(req) ? 'Це може лише модератор шкільного бюджету громади.' : 'Only the community’s school budget moderator may do this.');
    }
    const t = now();
    const schools = await listSchools(ctx.db, c.id);
    const current = await currentContests(ctx, schools);
    const codes = await codeTotals(
      ctx.db,
      current.flatMap((r) => (r.contest ? [r.contest.id] : [])),
    );
    const rows: ProgressRow[] = [];
    for (const { school, contest } of current) {
      const [projects, totals, moderators] = await Promise.all([
        contest ? listProjects(ctx.db, contest.id, { statuses: ['admitted'] }) : [],
        contest ? ballotTotals(ctx.db, contest.id) : null,
        schoolModerators(ctx.db, school),
      ]);
      rows.push({
        school,
        contest,
        phase: contest ? contestPhase(contest, t) : null,
        projects: projects.length,
        votes: totals?.ballots ?? 0,
        codes: contest ? codes.get(contest.id) : undefined,
        moderators,
      });
    }
    return page(req, reply, c, (p) => ToolIndexPage({ p, c, rows }));
  });

  const schoolDefaults = { kind: '', gradeFrom: '1', gradeTo: '11' };

  app.get<{ Params: S }>('/:slug/manage/school-budget/schools/new', async (req, reply) => {
    const c = await departmentOf(req);
    return page(req, reply, c, (p) =>
      SchoolFormPage({
        p,
        c,
        school: null,
        form: { values: schoolDefaults, errors: {} },
        moderators: null,
        inviteForm: { values: {}, errors: {} },
        invited: null,
      }),
    );
  });

  app.post<{ Params: S }>('/:slug/manage/school-budget/schools/new', { config: { permission: 'school-budget.moderate' } }, async (req, reply) => {
    const c = await departmentOf(req);
    const f = readSchoolForm(req.body, req.lang, { withSlug: true });
    if (f.input && (await findSchool(ctx.db, c.id, f.slug)))
      f.errors.slug = uk(req) ? 'Така адреса вже є в цій громаді' : 'This address is taken in this community';
    if (!f.input || Object.keys(f.errors).length)
      return page(
        req,
        reply,
        c,
        (p) =>
          SchoolFormPage({
            p,
            c,
            school: null,
            form: { values: f.values, errors: f.errors },
            moderators: null,
            inviteForm: { values: {}, errors: {} },
            invited: null,
          }),
        400,
      );
    await limit(req);
    await createSchool(ctx.db, { communityId: c.id, slug: f.slug, input: f.input, actorUserId: req.viewer!.id, now: now() });
    return reply.redirect(`${manageUrl(c)}/schools/${f.slug}/edit`, 303);
  });

  const schoolValues = (s: School) => ({
    name: s.name,
    kind: s.kind,
    address: s.address,
    students: String(s.students),
    gradeFrom: String(s.gradeFrom),
    gradeTo: String(s.gradeTo),
  });

  const renderSchoolForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    c: Community,
    school: School,
    form: FormState,
    inviteForm: FormState,
    invited: string | null,
    status = 200,
  ) => {
    const moderators = await schoolModerators(ctx.db, school);
    return page(req, reply, c, (p) => SchoolFormPage({ p, c, school, form, moderators, inviteForm, invited }), status);
  };

  app.get<{ Params: SS }>('/:slug/manage/school-budget/schools/:school/edit', async (req, reply) => {
    const c = await departmentOf(req);
    const school = await schoolOr404(ctx, c, req.params.school);
    return renderSchoolForm(req, reply, c, school, { values: schoolValues(school), errors: {} }, { values: {}, errors: {} }, null);
  });

  app.post<{ Params: SS }>('/:slug/manage/school-budget/schools/:school/edit', { config: { permission: 'school-budget.moderate' } }, async (req, reply) => {
    const c = await departmentOf(req);
    const school = await schoolOr404(ctx, c, req.params.school);
    const f = readSchoolForm(req.body, req.lang, { withSlug: false });
    if (!f.input) return renderSchoolForm(req, reply, c, school, { values: f.values, errors: f.errors }, { values: {}, errors: {} }, null, 400);
    await limit(req);
    await updateSchool(ctx.db, { school, input: f.input, actorUserId: req.viewer!.id, now: now() });
    return reply.redirect(manageUrl(c), 303);
  });

  app.post<{ Params: SS }>(
    '/:slug/manage/school-budget/schools/:school/moderators',
    { config: { permission: 'school-budget.moderate' } },
    async (req, reply) => {
      const c = await departmentOf(req);
      const school = await schoolOr404(ctx, c, req.params.school);
      const f = readInviteForm(req.body, req.lang);
      if (!f.email)
        return renderSchoolForm(req, reply, c, school, { values: schoolValues(school), errors: {} }, { values: f.values, errors: f.errors }, null, 400);
      await limit(req, 60);
      const email = f.email;
      const signInUrl = roleInvitationUrl(ctx.config.publicUrl, `${manageUrl(c)}/schools/${school.slug}`);
      const fresh = await inviteSchoolModeratorByMail(ctx.db, { school, communityName: c.name.uk, email, signInUrl, actorUserId: req.viewer!.id, now: now() });
      return renderSchoolForm(
        req,
        reply,
        c,
        school,
        { values: schoolValues(school), errors: {} },
        fresh ? { values: {}, errors: {} } : { values: f.values, errors: { email: uk(req) ? 'Цю адресу вже запрошено' : 'This address is already invited' } },
        fresh ? email : null,
        fresh ? 200 : 409,
      );
    },
  );

  // ---------- a school ----------

  const renderSchool = async (
    req: FastifyRequest,
    reply: FastifyReply,
    c: Community,
    school: School,
    forms: { batch?: FormState; void?: FormState; extend?: FormState; correction?: FormState; notice?: string | null } = {},
    status = 200,
  ) => {
    const contest = await currentContest(ctx, school);
    const [projects, batches, codes, totals, extensions] = await Promise.all([
      contest ? listProjects(ctx.db, contest.id, { statuses: ['admitted', 'draft'] }) : [],
      contest ? listBatches(ctx.db, contest.id) : [],
      contest ? codeTotals(ctx.db, [contest.id]) : new Map(),
      contest ? ballotTotals(ctx.db, contest.id) : null,
      contest ? listExtensions(ctx.db, contest.id) : [],
    ]);
    const classes = await authorClasses(
      ctx.db,
      projects.map((x) => x.id),
    );
    return page(
      req,
      reply,
      c,
      (p) =>
        SchoolManagePage({
          p,
          c,
          school,
          contest,
          phase: contest ? contestPhase(contest, now()) : null,
          projects,
          classes,
          batches,
          codes: contest ? codes.get(contest.id) : undefined,
          ballots: totals?.ballots ?? 0,
          toolModerator: canManageTool(req.viewer, c),
          batchForm: forms.batch ?? { values: {}, errors: {} },
          voidForm: forms.void ?? { values: {}, errors: {} },
          notice: forms.notice ?? null,
          now: now(),
          extensions,
          extendForm: forms.extend ?? { values: {}, errors: {} },
          correctionForm: forms.correction ?? { values: {}, errors: {} },
        }),
      status,
    );
  };

  app.get<{ Params: SS }>('/:slug/manage/school-budget/schools/:school', async (req, reply) => {
    const { c, school } = await schoolOf(req);
    return renderSchool(req, reply, c, school);
  });

  // ---------- the contest ----------

  app.get<{ Params: SS }>('/:slug/manage/school-budget/schools/:school/contests/new', async (req, reply) => {
    const { c, school } = await schoolOf(req);
    return page(req, reply, c, (p) => ContestFormPage({ p, c, school, contest: null, form: { values: contestDefaults(school, now()), errors: {} } }));
  });

  app.post<{ Params: SS }>(
    '/:slug/manage/school-budget/schools/:school/contests/new',
    { config: { permission: 'school-budget.school' } },
    async (req, reply) => {
      const { c, school } = await schoolOf(req);
      const latest = await currentContest(ctx, school);
      if (latest && now().getTime() < latest.dates.votingTo.getTime()) {
        throw new HttpError(
          409,
          'contest_open',
          uk(req)
            ? 'Конкурс закладу ще триває: новий можна оголосити після завершення голосування.'
            : 'The school’s contest is still running: a new one can start after voting ends.',
        );
      }
      const f = readSchoolContestForm(req.body, req.lang, school);
      if (!f.input || !f.grades)
        return page(req, reply, c, (p) => ContestFormPage({ p, c, school, contest: null, form: { values: f.values, errors: f.errors } }), 400);
      await limit(req);
      await createSchoolContest(ctx.db, { school, input: f.input, grades: f.grades, actorUserId: req.viewer!.id, now: now() });
      return reply.redirect(manageSchoolUrl(c, school), 303);
    },
  );

  /** The form fields no edit may change now (the engine's frozen rules, and the grades once voting started). */
  const frozenNow = async (contest: Contest) => {
    const ballots = await hasBallots(ctx.db, contest.id);
    return schoolFrozenFields(frozenContestFields(contest, now(), ballots), votingStarted(contest, now(), ballots));
  };

  app.get<{ Params: SC }>('/:slug/manage/school-budget/schools/:school/contests/:cid/edit', async (req, reply) => {
    const { c, school, contest, grades } = await contestOf(req);
    const frozen = await frozenNow(contest);
    return page(req, reply, c, (p) => ContestFormPage({ p, c, school, contest, form: { values: contestValues(contest, grades), errors: {} }, frozen }));
  });

  app.post<{ Params: SC }>(
    '/:slug/manage/school-budget/schools/:school/contests/:cid/edit',
    { config: { permission: 'school-budget.school' } },
    async (req, reply) => {
      const { c, school, contest, grades } = await contestOf(req);
      const frozen = await frozenNow(contest);
      const f = readSchoolContestForm(req.body, req.lang, school);
      const values = withFrozenValues(f.values, contestValues(contest, grades), frozen);
      if (!f.input || !f.grades) return page(req, reply, c, (p) => ContestFormPage({ p, c, school, contest, form: { values, errors: f.errors }, frozen }), 400);
      await limit(req);
      // The engine refuses frozen rules (who votes, the ballot, the budget, the count, the dates) once voting has started.
      try {
        await updateSchoolContest(ctx, ctx.db, {
          contest,
          input: keepUnchangedSchoolDates(f.input, contest, f.values),
          grades: f.grades,
          actorUserId: req.viewer!.id,
          now: now(),
        });
      } catch (e) {
        if (!(e instanceof ContestFrozenError)) throw e;
        const errors = Object.fromEntries(e.fields.map((k) => [schoolFormField(k), frozenFieldText(req.lang)]));
        return page(req, reply, c, (p) => ContestFormPage({ p, c, school, contest, form: { values, errors }, frozen }), 409);
      }
      return reply.redirect(manageSchoolUrl(c, school), 303);
    },
  );

  app.post<{ Params: SC }>(
    '/:slug/manage/school-budget/schools/:school/contests/:cid/publish-results',
    { config: { permission: 'school-budget.school' } },
    async (req, reply) => {
      const { c, school, contest } = await contestOf(req);
      if (now() < contest.dates.votingTo)
        throw new HttpError(
          409,
          'voting_open',
          uk(req) ? 'Результати можна оприлюднити лише після завершення голосування.' : 'Results can be published only after voting ends.',
        );
      await limit(req);
      // Publication is one-way: published results are never published again (nor hidden); a correction explains a change.
      if (!(await publishResults(ctx.db, { contest, actorUserId: req.viewer!.id, now: now() }))) {
        throw new HttpError(
          409,
          'already_published',
          uk(req)
            ? 'Результати вже оприлюднено: їх можна лише виправити з поясненням.'
            : 'Results are already published: they can only be corrected, with an explanation.',
        );
      }
      return reply.redirect(`${pub(c)}/schools/${school.slug}/results/${contest.id}`, 303);
    },
  );

  app.post<{ Params: SC }>(
    '/:slug/manage/school-budget/schools/:school/contests/:cid/extend',
    { config: { permission: 'school-budget.school' } },
    async (req, reply) => {
      const { c, school, contest } = await contestOf(req);
      const values = { newVotingTo: field(req.body, 'newVotingTo'), extendReason: field(req.body, 'extendReason') };
      const newEnd = endOfKyivDate(values.newVotingTo);
      if (!newEnd) return renderSchool(req, reply, c, school, { extend: { values, errors: { newVotingTo: uk(req) ? 'Вкажіть дату' : 'Give a date' } } }, 400);
      await limit(req);
      const problem = await extendVoting(ctx, ctx.db, { contest, newEnd, reason: values.extendReason, actorUserId: req.viewer!.id, now: now() });
      if (problem) {
        const fieldName = problem === 'reason' ? 'extendReason' : 'newVotingTo';
        return renderSchool(
          req,
          reply,
          c,
          school,
          { extend: { values, errors: { [fieldName]: extensionProblemText(problem, req.lang) } } },
          problem === 'reason' ? 400 : 409,
        );
      }
      return reply.redirect(manageSchoolUrl(c, school), 303);
    },
  );

  app.post<{ Params: SC }>(
    '/:slug/manage/school-budget/schools/:school/contests/:cid/results-corrections',
    { config: { permission: 'school-budget.school' } },
    async (req, reply) => {
      const { c, school, contest } = await contestOf(req);
      const values = { correctionReason: field(req.body, 'correctionReason') };
      const problem = correctionProblem(contest, values.correctionReason, req.lang);
      if (problem)
        return renderSchool(req, reply, c, school, { correction: { values, errors: { correctionReason: problem } } }, contest.resultsPublishedAt ? 400 : 409);
      await limit(req);
      await correctResults(ctx.db, { contest, reason: values.correctionReason, actorUserId: req.viewer!.id, now: now() });
      return reply.redirect(`${pub(c)}/schools/${school.slug}/results/${contest.id}`, 303);
    },
  );

  // ---------- projects ----------

  const beforeVoting = (req: FastifyRequest, contest: Contest) => {
    if (now() >= contest.dates.votingFrom)
      throw new HttpError(
        409,
        'voting_started',
        uk(req) ? 'Голосування вже почалося: бюлетень не змінюється.' : 'Voting has started: the ballot no longer changes.',
      );
  };

  const toProjectInput = (school: School, categoryId: number, i: SchoolProjectInput): ProjectInput => ({
    categoryId,
    title: i.title,
    problem: '',
    solution: i.description,
    location: school.address,
    lat: null,
    lng: null,
    beneficiaries: '',
    items: i.items,
    contingencyBp: i.contingencyBp,
    authorEmail: null,
    authorPhone: null,
  });

  const renderProjectForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    c: Community,
    school: School,
    contest: Contest,
    form: FormState,
    projectId: number | null,
    status = 200,
  ) => {
    const photos = projectId ? (await listPhotoIds(ctx.db, projectId)).length : 0;
    const action = projectId ? `${manageContestUrl(c, school, contest)}/projects/${projectId}/edit` : `${manageContestUrl(c, school, contest)}/projects/new`;
    return page(req, reply, c, (p) => ProjectFormPage({ p, c, school, contest, form, action, editing: projectId !== null, photosCount: photos }), status);
  };

  /** Saves the project (new or a draft) and, with «put on the ballot», admits it, all in one transaction. */
  const saveSchoolProject = async (req: FastifyRequest<{ Params: SC }>, reply: FastifyReply, projectId: number | null) => {
    const { c, school, contest, grades } = await contestOf(req);
    beforeVoting(req, contest);
    const category = await schoolCategory(ctx.db, contest);
    if (!category) throw notFound();
    const admit = field(req.body, 'action') !== 'draft';
    const f = readSchoolProjectForm(req.body, req.lang, { budget: contest.totalBudget, grades, submit: admit });
    const existing = projectId ? (await listPhotoIds(ctx.db, projectId)).length : 0;
    const ph = await readPhotos(ctx, req, existing);
    if (ph.error) f.errors.photos = ph.error;
    if (Object.keys(f.errors).length) return renderProjectForm(req, reply, c, school, contest, { values: f.values, errors: f.errors }, projectId, 400);
    await limit(req);
    const id = await enterSchoolProject(ctx.db, {
      contest,
      school,
      category,
      projectId,
      input: toProjectInput(school, category.id, f.input),
      authorClass: f.input.authorClass,
      admit,
      photos: ph.photos,
      actorUserId: req.viewer!.id,
      now: now(),
    });
    return reply.redirect(admit ? manageSchoolUrl(c, school) : `${manageContestUrl(c, school, contest)}/projects/${id}/edit`, 303);
  };

  app.get<{ Params: SC }>('/:slug/manage/school-budget/schools/:school/contests/:cid/projects/new', async (req, reply) => {
    const { c, school, contest } = await contestOf(req);
    beforeVoting(req, contest);
    return renderProjectForm(req, reply, c, school, contest, { values: { contingency: '0' }, errors: {} }, null);
  });

  app.post<{ Params: SC }>(
    '/:slug/manage/school-budget/schools/:school/contests/:cid/projects/new',
    uploadRoute<{ Params: SC }>({ ctx, permission: 'school-budget.school', limits: PHOTO_UPLOADS, authorize: contestOf }),
    (req, reply) => saveSchoolProject(req, reply, null),
  );

  const draftOf = async (req: FastifyRequest<{ Params: SC & { pid: string } }>, contest: Contest) => {
    const x = await byRouteId(req.params.pid, (id) => findProject(ctx.db, id));
    if (!x || x.contestId !== contest.id) throw notFound('Такого проєкту немає.');
    if (x.status !== 'draft')
      throw new HttpError(409, 'not_draft', uk(req) ? 'Проєкт уже в бюлетені: його не змінюють.' : 'The project is on the ballot: it no longer changes.');
    return x;
  };

  app.get<{ Params: SC & { pid: string } }>('/:slug/manage/school-budget/schools/:school/contests/:cid/projects/:pid/edit', async (req, reply) => {
    const { c, school, contest } = await contestOf(req);
    const x = await draftOf(req, contest);
    const classes = await authorClasses(ctx.db, [x.id]);
    const values: Record<string, string> = {
      title: x.title,
      authorClass: classes.get(x.id) ?? x.authorName,
      description: x.solution,
      contingency: String(x.contingencyBp / 100).replace('.', ','),
    };
    x.costItems.forEach((i, k) => {
      values[`item_${k}`] = i.item;
      values[`qty_${k}`] = String(i.qtyMilli / 1000).replace('.', ',');
      values[`price_${k}`] = (i.unitPrice / 100).toFixed(2).replace('.', ',');
    });
    return renderProjectForm(req, reply, c, school, contest, { values, errors: {} }, x.id);
  });

  const editUploads = uploadRoute<{ Params: SC & { pid: string } }>({
    ctx,
    permission: 'school-budget.school',
    limits: PHOTO_UPLOADS,
    authorize: async (req) => draftOf(req, (await contestOf(req)).contest),
  });

  app.post<{ Params: SC & { pid: string } }>(
    '/:slug/manage/school-budget/schools/:school/contests/:cid/projects/:pid/edit',
    editUploads,
    async (req, reply) => {
      const { contest } = await contestOf(req);
      const x = await draftOf(req, contest);
      return saveSchoolProject(req, reply, x.id);
    },
  );

  // ---------- codes ----------

  app.post<{ Params: SC }>(
    '/:slug/manage/school-budget/schools/:school/contests/:cid/codes',
    { config: { permission: 'school-budget.school' } },
    async (req, reply) => {
      const { c, school, contest, grades } = await contestOf(req);
      const f = readBatchForm(req.body, req.lang, grades);
      if (now() >= contest.dates.votingTo)
        f.errors.count = uk(req) ? 'Голосування завершено: нові коди не потрібні' : 'Voting is over: no new codes are needed';
      if (f.size === null || Object.keys(f.errors).length) return renderSchool(req, reply, c, school, { batch: { values: f.values, errors: f.errors } }, 400);
      await limit(req, 60);
      const id = await createBatch(ctx.db, {
        secretKey: ctx.config.secretKey,
        school,
        contest,
        classLabel: f.classLabel,
        size: f.size,
        actorUserId: req.viewer!.id,
        now: now(),
      });
      return reply.redirect(`${manageContestUrl(c, school, contest)}/codes/${id}/print`, 303);
    },
  );

  const batchOf = async (req: FastifyRequest<{ Params: SC & { bid: string } }>) => {
    const loaded = await contestOf(req);
    const batch = await byRouteId(req.params.bid, (id) => findBatch(ctx.db, loaded.contest.id, id));
    if (!batch) throw notFound('Такого аркуша немає.');
    if (batch.voidedAt)
      throw new HttpError(
        410,
        'voided',
        uk(req)
          ? 'Невикористані коди цього аркуша анульовано: друкувати його вже не можна.'
          : 'The unused codes of this sheet are voided: it can no longer be printed.',
      );
    return { ...loaded, batch };
  };

  const slipLink = (c: Community, code: string) => `${ctx.config.publicUrl}${pub(c)}/v/${code}`;
  const voteUrl = (c: Community) => `${ctx.config.publicUrl.replace(/^https?:\/\//, '')}${pub(c)}/vote`;

  app.get<{ Params: SC & { bid: string } }>('/:slug/manage/school-budget/schools/:school/contests/:cid/codes/:bid/print', async (req, reply) => {
    const { c, school, contest, batch } = await batchOf(req);
    // A big sheet prints in parts of PRINT_PART slips (a page of 2 000 QR codes would weigh megabytes); the PDF has them all.
    const parts = Math.max(1, Math.ceil(batch.size / PRINT_PART));
    const rawPart = queryString(req, 'part');
    const part = /^\d{1,4}$/.test(rawPart) ? Math.min(Math.max(1, Number(rawPart)), parts) : 1;
    const codes = (await sheetCodes(ctx.db, ctx.config.secretKey, batch)).slice((part - 1) * PRINT_PART, part * PRINT_PART);
    const slips = codes.map((x) => {
      const link = slipLink(c, x.code);
      const symbol = qrSymbol(link);
      return { position: x.position, code: x.code, link, path: qrPath(symbol), side: symbol.size + 8, voided: x.voided };
    });
    // The sheet holds live codes: never cached, never stored by a proxy.
    reply.header('cache-control', 'no-store');
    const printHref = `${manageContestUrl(c, school, contest)}/codes/${batch.id}/print`;
    return page(req, reply, c, (p) =>
      PrintSheetPage({
        p,
        c,
        school,
        contest,
        batch,
        slips,
        voteUrl: voteUrl(c),
        pdfHref: `${manageContestUrl(c, school, contest)}/codes/${batch.id}/sheet.pdf`,
        part: { n: part, of: parts, href: (k: number) => `${printHref}?part=${k}` },
      }),
    );
  });

  app.get<{ Params: SC & { bid: string } }>('/:slug/manage/school-budget/schools/:school/contests/:cid/codes/:bid/sheet.pdf', async (req, reply) => {
    const { c, school, contest, batch } = await batchOf(req);
    const codes = await sheetCodes(ctx.db, ctx.config.secretKey, batch);
    const pdf = await sheetPdf({
      schoolName: school.name,
      contestTitle: contest.title,
      classLabel: batch.classLabel,
      batchId: batch.number,
      voteUrl: voteUrl(c),
      slips: codes.map((x) => ({ code: x.code, link: slipLink(c, x.code), voided: x.voided })),
    });
    reply.header('cache-control', 'no-store');
    reply.header('content-disposition', `attachment; filename="codes-${school.slug}-${batch.id}.pdf"`);
    return reply.type('application/pdf').send(pdf);
  });

  app.post<{ Params: SC & { bid: string } }>(
    '/:slug/manage/school-budget/schools/:school/contests/:cid/codes/:bid/void',
    { config: { permission: 'school-budget.school' } },
    async (req, reply) => {
      const { c, school, batch } = await batchOf(req);
      await limit(req, 60);
      const n = await voidBatch(ctx.db, { communityId: c.id, batch, actorUserId: req.viewer!.id, now: now() });
      return renderSchool(req, reply, c, school, {
        notice: uk(req) ? `Анульовано невикористаних кодів аркуша № ${batch.number}: ${n}.` : `Unused codes of sheet No. ${batch.number} voided: ${n}.`,
      });
    },
  );

  app.post<{ Params: SC }>(
    '/:slug/manage/school-budget/schools/:school/contests/:cid/codes/void-one',
    { config: { permission: 'school-budget.school' } },
    async (req, reply) => {
      const { c, school, contest } = await contestOf(req);
      const raw = field(req.body, 'code');
      await limit(req, 120);
      const out = await voidOneCode(ctx.db, { secretKey: ctx.config.secretKey, contest, raw, actorUserId: req.viewer!.id, now: now() });
      const l = uk(req);
      const msg: Record<typeof out, string> = {
        voided: l ? 'Код анульовано: ним більше не можна проголосувати.' : 'The code is voided: it can no longer be used to vote.',
        used: l
          ? 'Цим кодом уже проголосували; використаний код анулювати не можна.'
          : 'This code has already been used to vote; a used code cannot be voided.',
        'already-void': l ? 'Цей код уже анульовано.' : 'This code is already voided.',
        unknown: l ? 'Такого коду в цьому конкурсі немає.' : 'There is no such code in this contest.',
        format: l ? 'Код має 14 знаків, як на аркуші: 7K3M-9QXP-2HZD-4T.' : 'A code has 14 characters, as on the sheet: 7K3M-9QXP-2HZD-4T.',
        check: l ? 'У коді помилка: перевірте кожен знак.' : 'The code has a typo: check every character.',
      };
      if (out === 'voided') return renderSchool(req, reply, c, school, { notice: msg.voided });
      return renderSchool(
        req,
        reply,
        c,
        school,
        { void: { values: { code: raw.slice(0, 40) }, errors: { code: msg[out] } } },
        out === 'used' || out === 'already-void' ? 409 : 400,
      );
    },
  );
}
