/**
 * The school participatory budget. The education department (the tool's moderator, and the national
 * moderator) adds schools and invites their moderators; a school's own moderator — or the department —
 * runs that school's contest, projects and code sheets, and no other school's. Students vote without an
 * account: a one-time code from the sheet is their right to vote, so the voting routes are judged by the
 * code (a valid unused one, or one that does not exist), not by who is signed in.
 */
import { randomBytes } from 'node:crypto';
import { ALPHABET, checkCharOf, DATA_CHARS } from '../../../src/modules/school-budget/rules.js';
import { findBatch, findSchool, schoolContests, sheetCodes } from '../../../src/modules/school-budget/repository.js';
import { createBatch } from '../../../src/modules/school-budget/service.js';
import { findCommunityBySlug } from '../../../src/core/communities/communities-repository.js';
import type { Req } from '../support/actors.js';
import { defineModule } from '../support/matrix.js';
import { one } from '../support/fixtures.js';
import { sql } from 'kysely';
import { moderatorsOf, type Role, type SecretRole } from '../support/roles.js';

const DEPARTMENT = moderatorsOf('school-budget');
/** Lyceum No. 1 is the demo school moderator's school. */
const SCHOOL_STAFF: readonly Role[] = [...DEPARTMENT, 'school-moderator'];
const OWN = 'lyceum-1';

interface Fx {
  /** Lyceum No. 1 (voting now) and another school of Lviv (collecting projects). */
  contest: number;
  other: string;
  otherContest: number;
  /** A draft project of the lyceum's contest, if any; the sheets each allowed role may void. */
  draft: number;
  batches: Partial<Record<Role, number>>;
  /** Unused codes of the lyceum: one the moderators may void, one a student votes with. */
  codeToVoid: string;
  code: string;
  /** An unused code of the other school. */
  otherCode: string;
  /** A code of the right shape (and check character) that no sheet holds. */
  unknownCode: string;
  /** A project on the lyceum's ballot. */
  project: number;
}

const schoolForm = (o: Record<string, string> = {}) => ({
  slug: 'school-99',
  name: 'Середня школа № 99',
  kind: 'school',
  address: 'вул. Нова, 1',
  students: '500',
  gradeFrom: '1',
  gradeTo: '11',
  ...o,
});
const contestForm = (o: Record<string, string> = {}) => ({
  title: 'Шкільний бюджет',
  description: '',
  totalBudget: '50000',
  maxChoices: '3',
  gradeFrom: '5',
  gradeTo: '11',
  winnerRule: 'greedy',
  minVotes: '0',
  submissionFrom: '2030-01-01',
  submissionTo: '2030-01-14',
  votingFrom: '2030-01-21',
  votingTo: '2030-01-27',
  resultsFrom: '2030-01-28',
  ...o,
});
const projectForm = (o: Record<string, string> = {}) => ({
  title: 'Лавки у дворі',
  authorClass: '7-А',
  description: 'Лавки для перерв.',
  item_0: 'Лавка',
  qty_0: '2',
  price_0: '2000',
  contingency: '0',
  action: 'submit',
  ...o,
});

const manage = (school: string, contest?: number) => `/lviv/manage/school-budget/schools/${school}${contest ? `/contests/${contest}` : ''}`;
const withCode = (fx: Fx, secret: SecretRole, path: string, form: Record<string, string | string[]> = {}): Req => ({
  url: `/lviv/school-budget/${path}`,
  form: { code: secret === 'valid-secret' ? fx.code : fx.unknownCode, ...form },
});

export default defineModule<Fx>({
  name: 'school-budget',
  async setup({ t, actors }) {
    const db = t.ctx.db;
    const lviv = (await findCommunityBySlug(db, 'lviv'))!;
    const lyceum = await findSchool(db, lviv.id, OWN);
    if (!lyceum) throw new Error(`no demo school ${OWN}`);
    const contest = (await schoolContests(db, lyceum))[0];
    if (!contest) throw new Error(`${OWN} has no contest`);
    const other = await one(
      t,
      'another school of Lviv',
      sql<{ slug: string }>`select slug from school_schools where community_id = ${lviv.id} and slug <> ${OWN} order by slug limit 1`,
    );
    const otherSchool = (await findSchool(db, lviv.id, other.slug))!;
    const otherContest = (await schoolContests(db, otherSchool))[0];
    if (!otherContest) throw new Error(`${other.slug} has no contest`);
    const project = (
      await one(
        t,
        'project on the lyceum’s ballot',
        sql<{ id: number }>`select id from budget_projects where contest_id = ${contest.id} and status = 'admitted' order by id limit 1`,
      )
    ).id;
    const draft = await sql<{
      id: number;
    }>`select id from budget_projects where contest_id = ${contest.id} order by (status = 'draft') desc, id limit 1`.execute(db);
    const now = t.clock.now();
    const batch = async (size: number) =>
      createBatch(db, {
        secretKey: t.ctx.config.secretKey,
        school: lyceum,
        contest,
        classLabel: '11-Б',
        size,
        actorUserId: actors['school-moderator'].userId,
        now,
      });
    const batches: Fx['batches'] = {};
    for (const role of SCHOOL_STAFF) batches[role] = await batch(2);
    const codesOf = async (id: number) => sheetCodes(db, t.ctx.config.secretKey, (await findBatch(db, contest.id, id))!);
    const [toVoid, toVote] = await codesOf(await batch(2));
    const otherBatch = await createBatch(db, {
      secretKey: t.ctx.config.secretKey,
      school: otherSchool,
      contest: otherContest,
      classLabel: '5-А',
      size: 1,
      actorUserId: null,
      now,
    });
    const [otherCode] = await sheetCodes(db, t.ctx.config.secretKey, (await findBatch(db, otherContest.id, otherBatch))!);
    const data = Array.from(randomBytes(DATA_CHARS), (b) => ALPHABET[b % 32]).join('');
    return {
      contest: contest.id,
      other: other.slug,
      otherContest: otherContest.id,
      draft: draft.rows[0]?.id ?? 0,
      batches,
      codeToVoid: toVoid!.code,
      code: toVote!.code,
      unknownCode: data + checkCharOf(data),
      project,
      otherCode: otherCode!.code,
    };
  },
  entries: [
    {
      route: 'POST /:slug/manage/school-budget/schools/new',
      permission: 'school-budget.moderate',
      allowed: DEPARTMENT,
      request: () => ({ url: '/lviv/manage/school-budget/schools/new', form: schoolForm() }),
      harmless: () => ({ url: '/lviv/manage/school-budget/schools/new', form: schoolForm({ name: '' }) }),
    },
    {
      route: 'POST /:slug/manage/school-budget/schools/:school/edit',
      permission: 'school-budget.moderate',
      allowed: DEPARTMENT,
      note: 'A school moderator runs the school’s contest but does not change the school itself.',
      request: () => ({ url: `${manage(OWN)}/edit`, form: schoolForm({ name: 'Ліцей № 1 (перейменовано)' }) }),
      harmless: () => ({ url: `${manage(OWN)}/edit`, form: schoolForm({ name: '' }) }),
    },
    {
      route: 'POST /:slug/manage/school-budget/schools/:school/moderators',
      permission: 'school-budget.moderate',
      allowed: DEPARTMENT,
      request: () => ({ url: `${manage(OWN)}/moderators`, form: { email: 'new.teacher@example.com' } }),
      harmless: () => ({ url: `${manage(OWN)}/moderators`, form: { email: '' } }),
    },
    {
      route: 'POST /:slug/manage/school-budget/schools/:school/contests/new',
      permission: 'school-budget.school',
      allowed: SCHOOL_STAFF,
      note: 'The lyceum is voting now, so a new contest is refused as «still running» (409), after the right is checked.',
      request: () => ({ url: `${manage(OWN)}/contests/new`, form: contestForm() }),
      outOfScope: [
        { role: 'school-moderator', why: 'another school’s contest', request: (fx) => ({ url: `${manage(fx.other)}/contests/new`, form: contestForm() }) },
      ],
    },
    {
      route: 'POST /:slug/manage/school-budget/schools/:school/contests/:cid/edit',
      permission: 'school-budget.school',
      allowed: SCHOOL_STAFF,
      request: (fx) => ({ url: `${manage(OWN, fx.contest)}/edit`, form: contestForm({ title: 'Перейменовано' }) }),
      harmless: (fx) => ({ url: `${manage(OWN, fx.contest)}/edit`, form: contestForm({ title: '' }) }),
      outOfScope: [
        {
          role: 'school-moderator',
          why: 'another school’s contest',
          request: (fx) => ({ url: `${manage(fx.other, fx.otherContest)}/edit`, form: contestForm({ title: 'Чуже' }) }),
        },
      ],
    },
    {
      route: 'POST /:slug/manage/school-budget/schools/:school/contests/:cid/publish-results',
      permission: 'school-budget.school',
      allowed: SCHOOL_STAFF,
      note: 'Voting is still open at the lyceum: «only after voting» (409).',
      request: (fx) => ({ url: `${manage(OWN, fx.contest)}/publish-results` }),
      outOfScope: [
        { role: 'school-moderator', why: 'another school’s contest', request: (fx) => ({ url: `${manage(fx.other, fx.otherContest)}/publish-results` }) },
      ],
    },
    {
      route: 'POST /:slug/manage/school-budget/schools/:school/contests/:cid/extend',
      permission: 'school-budget.school',
      allowed: SCHOOL_STAFF,
      note: 'Extending voting with a public reason; staff send it without a date (400).',
      request: (fx) => ({
        url: `${manage(OWN, fx.contest)}/extend`,
        form: { newVotingTo: '2099-01-01', extendReason: 'Перевірка прав: продовження голосування.' },
      }),
      harmless: (fx) => ({ url: `${manage(OWN, fx.contest)}/extend`, form: { newVotingTo: '', extendReason: '' } }),
      outOfScope: [
        {
          role: 'school-moderator',
          why: 'another school’s contest',
          request: (fx) => ({
            url: `${manage(fx.other, fx.otherContest)}/extend`,
            form: { newVotingTo: '2099-01-01', extendReason: 'Перевірка прав: продовження голосування.' },
          }),
        },
      ],
    },
    {
      route: 'POST /:slug/manage/school-budget/schools/:school/contests/:cid/results-corrections',
      permission: 'school-budget.school',
      allowed: SCHOOL_STAFF,
      note: 'A correction needs published results and a public reason; staff send it without a reason (400/409).',
      request: (fx) => ({ url: `${manage(OWN, fx.contest)}/results-corrections`, form: { correctionReason: 'Перевірка прав: виправлення результатів.' } }),
      harmless: (fx) => ({ url: `${manage(OWN, fx.contest)}/results-corrections`, form: { correctionReason: '' } }),
      outOfScope: [
        {
          role: 'school-moderator',
          why: 'another school’s contest',
          request: (fx) => ({
            url: `${manage(fx.other, fx.otherContest)}/results-corrections`,
            form: { correctionReason: 'Перевірка прав: виправлення результатів.' },
          }),
        },
      ],
    },
    {
      route: 'POST /:slug/manage/school-budget/schools/:school/contests/:cid/projects/new',
      permission: 'school-budget.school',
      allowed: SCHOOL_STAFF,
      note: 'The lyceum’s ballot is fixed once voting started (409); the other school is collecting projects.',
      request: (fx) => ({ url: `${manage(OWN, fx.contest)}/projects/new`, form: projectForm(), files: [] }),
      outOfScope: [
        {
          role: 'school-moderator',
          why: 'another school’s projects',
          request: (fx) => ({ url: `${manage(fx.other, fx.otherContest)}/projects/new`, form: projectForm(), files: [] }),
        },
      ],
    },
    {
      route: 'POST /:slug/manage/school-budget/schools/:school/contests/:cid/projects/:pid/edit',
      permission: 'school-budget.school',
      allowed: SCHOOL_STAFF,
      request: (fx) => ({ url: `${manage(OWN, fx.contest)}/projects/${fx.draft}/edit`, form: projectForm(), files: [] }),
    },
    {
      route: 'POST /:slug/manage/school-budget/schools/:school/contests/:cid/codes',
      permission: 'school-budget.school',
      allowed: SCHOOL_STAFF,
      request: (fx) => ({ url: `${manage(OWN, fx.contest)}/codes`, form: { count: '25', classLabel: '8-В' } }),
      harmless: (fx) => ({ url: `${manage(OWN, fx.contest)}/codes`, form: { count: '', classLabel: '' } }),
      outOfScope: [
        {
          role: 'school-moderator',
          why: 'another school’s codes',
          request: (fx) => ({ url: `${manage(fx.other, fx.otherContest)}/codes`, form: { count: '25', classLabel: '8-В' } }),
        },
      ],
    },
    {
      route: 'POST /:slug/manage/school-budget/schools/:school/contests/:cid/codes/:bid/void',
      permission: 'school-budget.school',
      allowed: SCHOOL_STAFF,
      request: (fx, role) => ({ url: `${manage(OWN, fx.contest)}/codes/${fx.batches[role] ?? fx.batches['school-moderator']}/void` }),
    },
    {
      route: 'POST /:slug/manage/school-budget/schools/:school/contests/:cid/codes/void-one',
      permission: 'school-budget.school',
      allowed: SCHOOL_STAFF,
      request: (fx) => ({ url: `${manage(OWN, fx.contest)}/codes/void-one`, form: { code: fx.codeToVoid } }),
      harmless: (fx) => ({ url: `${manage(OWN, fx.contest)}/codes/void-one`, form: { code: '' } }),
      outOfScope: [
        {
          role: 'school-moderator',
          why: 'another school’s code, through their own school’s page (answered as «no such code»)',
          refusedWith: [400],
          request: (fx) => ({ url: `${manage(OWN, fx.contest)}/codes/void-one`, form: { code: fx.otherCode } }),
        },
      ],
    },
    {
      route: 'POST /:slug/school-budget/vote',
      permission: 'school-budget.vote',
      auth: 'secret',
      allowed: ['valid-secret'],
      refusedWith: { statuses: [400], why: 'a code no sheet holds is «not found» (400, counted against guessing)' },
      request: (fx, secret) => withCode(fx, secret, 'vote'),
    },
    {
      route: 'POST /:slug/school-budget/schools/:school/vote',
      permission: 'school-budget.vote',
      auth: 'secret',
      allowed: ['valid-secret'],
      refusedWith: { statuses: [400], why: 'a code no sheet holds is «not found» (400, counted against guessing)' },
      request: (fx, secret) => withCode(fx, secret, `schools/${OWN}/vote`),
    },
    {
      route: 'POST /:slug/school-budget/ballot',
      permission: 'school-budget.vote',
      auth: 'secret',
      allowed: ['valid-secret'],
      refusedWith: { statuses: [400], why: 'a code no sheet holds is «not found» (400)' },
      request: (fx, secret) => withCode(fx, secret, 'ballot', { project: [String(fx.project)] }),
    },
    {
      route: 'POST /:slug/school-budget/ballot/change',
      permission: 'school-budget.vote',
      auth: 'secret',
      allowed: ['valid-secret'],
      refusedWith: { statuses: [400], why: 'a code no sheet holds is «not found» (400)' },
      request: (fx, secret) => withCode(fx, secret, 'ballot/change'),
    },
    {
      route: 'POST /:slug/school-budget/ballot/confirm',
      permission: 'school-budget.vote',
      auth: 'secret',
      allowed: ['valid-secret'],
      refusedWith: { statuses: [400], why: 'a code no sheet holds is «not found» (400)' },
      request: (fx, secret) => withCode(fx, secret, 'ballot/confirm', { project: [String(fx.project)] }),
    },
  ],
});
