/**
 * One seeded platform for the hostile-input tests, and what they aim at in Lviv: signed-in people with
 * each role, a petition collecting signatures, a consultation, a poll and a draft act that are open, a
 * budget contest in voting (the demo's) and one taking projects (made here), a channel API key, an
 * Open311 key, an Open City report. Whatever can be made through the public surface is made that way.
 */
import { sql, type RawBuilder } from 'kysely';
import { createTestApp, demoPerson, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { budgetContestForm } from '../../helpers/budget-forms.js';
import { kyivDateOf } from '../../../src/core/calendar/index.js';
import type { DemoPerson } from '../../../src/core/demo/people.js';

export interface PollQuestionFixture {
  id: number;
  type: string;
  options: number[];
}

export interface Fixtures {
  t: TestApp;
  communityId: number;
  anon: TestBrowser;
  /** Коваленко Олена, a resident of Lviv. */
  resident: TestBrowser;
  /** Литвин Максим, who lives in Odesa: a resident of no demo community. */
  outsider: TestBrowser;
  budgetModerator: TestBrowser;
  openCityModerator: TestBrowser;
  petitionsModerator: TestBrowser;
  consultationsModerator: TestBrowser;
  petitionId: number;
  consultationId: number;
  /** A comment by the resident on the open consultation. */
  commentId: number;
  poll: { id: number; questions: PollQuestionFixture[] };
  act: { id: number; sectionIds: number[] };
  voting: { id: number; categoryIds: number[]; projectIds: number[] };
  submission: { id: number; categoryId: number };
  channelKey: string;
  open311Key: string;
  serviceCodes: string[];
  reportId: number;
}

async function signedIn(t: TestApp, pred: (p: DemoPerson) => boolean): Promise<TestBrowser> {
  const b = t.browser();
  const r = await b.signInAs(demoPerson(pred).index);
  if (r.statusCode !== 303) throw new Error(`sign-in failed: ${r.statusCode}`);
  return b;
}

async function one<T>(t: TestApp, what: string, q: RawBuilder<T>): Promise<T> {
  const r = await q.execute(t.ctx.db);
  if (!r.rows[0]) throw new Error(`fixture: no ${what} in the demo data`);
  return r.rows[0];
}

const moderatorOf = (tool: string) => (p: DemoPerson) => p.roles.some((r) => r.kind === 'moderator' && r.community === 'lviv' && r.tool === tool);

/** A contest taking projects now, in Lviv, set up as the moderator does it; returns its id and category. */
export async function openSubmissionContest(t: TestApp, moderator: TestBrowser, title: string): Promise<{ id: number; categoryId: number }> {
  const today = kyivDateOf(t.clock.now());
  const made = await moderator.post('/lviv/manage/budgets/new', budgetContestForm(today, { title, description: 'Подання триває' }));
  if (made.statusCode !== 303) throw new Error(`contest: ${made.statusCode} ${made.body.slice(0, 500)}`);
  const id = Number(/budgets\/(\d+)$/.exec(String(made.headers.location))![1]);
  const cat = await moderator.post(`/lviv/manage/budgets/${id}/categories`, {
    code: 'A',
    name: 'Усі проєкти',
    budget: '1 000 000',
    minCost: '1',
    maxCost: '1 000 000',
  });
  if (cat.statusCode !== 303) throw new Error(`category: ${cat.statusCode}`);
  const categoryId = (await one(t, 'category', sql<{ id: number }>`select id from budget_categories where contest_id = ${id}`)).id;
  return { id, categoryId };
}

export async function hostileFixtures(): Promise<Fixtures> {
  const t = await createTestApp();
  const communityId = (await one(t, 'Lviv', sql<{ id: number }>`select id from communities where slug = 'lviv'`)).id;
  const resident = await signedIn(t, (p) => p.firstName === 'Олена' && p.lastName === 'Коваленко');
  const outsider = await signedIn(t, (p) => p.lastName === 'Литвин');
  const budgetModerator = await signedIn(t, moderatorOf('budgets'));
  const openCityModerator = await signedIn(t, moderatorOf('open-city'));
  const petitionsModerator = await signedIn(t, moderatorOf('petitions'));
  const consultationsModerator = await signedIn(t, moderatorOf('consultations'));

  const petitionId = (
    await one(
      t,
      'collecting petition',
      sql<{ id: number }>`select id from petitions where community_id = ${communityId} and status = 'collecting' order by id limit 1`,
    )
  ).id;
  const open = async (kind: string) =>
    (
      await one(
        t,
        `open ${kind}`,
        sql<{ id: number }>`
      select id from consultation_items where community_id = ${communityId} and kind = ${kind} and published_at is not null and closed_at is null
        and starts_at <= ${t.clock.now()} and ends_at > ${t.clock.now()} order by id limit 1`,
      )
    ).id;
  const consultationId = await open('consultation');
  const pollId = await open('poll');
  const actId = await open('act');
  const comment = await resident.post(`/lviv/consultations/${consultationId}/comments`, { body: 'Коментар, на який відповідатимуть' });
  if (comment.statusCode !== 303) throw new Error(`comment: ${comment.statusCode}`);
  const commentId = Number(/comment-(\d+)/.exec(String(comment.headers.location))![1]);
  const questions = await sql<PollQuestionFixture>`
    select q.id, q.type, coalesce(array_agg(o.id order by o.position) filter (where o.id is not null), '{}') as options
    from consultation_questions q left join consultation_options o on o.question_id = q.id
    where q.item_id = ${pollId} group by q.id, q.type, q.position order by q.position`.execute(t.ctx.db);
  const sections = await sql<{ id: number }>`select id from consultation_sections where item_id = ${actId} order by id`.execute(t.ctx.db);

  const votingId = (
    await one(
      t,
      'contest in voting',
      sql<{
        id: number;
      }>`select id from budget_contests where community_id = ${communityId} and voting_from <= ${t.clock.now()} and voting_to > ${t.clock.now()} order by id limit 1`,
    )
  ).id;
  const categoryIds = (await sql<{ id: number }>`select id from budget_categories where contest_id = ${votingId} order by id`.execute(t.ctx.db)).rows.map(
    (r) => r.id,
  );
  const projectIds = (
    await sql<{ id: number }>`select id from budget_projects where contest_id = ${votingId} and status = 'admitted' order by id`.execute(t.ctx.db)
  ).rows.map((r) => r.id);
  const submission = await openSubmissionContest(t, budgetModerator, 'Конкурс для ворожих перевірок');

  const channel = await budgetModerator.post('/lviv/manage/budgets/channels', { name: 'Термінал для перевірок', kind: 'terminal' });
  const channelKey = /<code class="budget-key">(vbc_[^<]+)<\/code>/.exec(channel.body)?.[1];
  const keyPage = await openCityModerator.post('/lviv/open-city/manage/keys', { name: 'Бот для перевірок' });
  const open311Key = /(oc_[A-Za-z0-9_-]{20,})/.exec(keyPage.body)?.[1];
  if (!channelKey || !open311Key) throw new Error('no API keys');
  const serviceCodes = (
    await sql<{ code: string }>`select code from oc_categories where community_id = ${communityId} and parent_id is not null order by id`.execute(t.ctx.db)
  ).rows.map((r) => r.code);
  const reportId = (
    await one(
      t,
      'report in progress',
      sql<{ id: number }>`select id from oc_reports where community_id = ${communityId} and status = 'in_progress' order by id limit 1`,
    )
  ).id;

  return {
    t,
    communityId,
    anon: t.browser(),
    resident,
    outsider,
    budgetModerator,
    openCityModerator,
    petitionsModerator,
    consultationsModerator,
    petitionId,
    consultationId,
    commentId,
    poll: { id: pollId, questions: questions.rows },
    act: { id: actId, sectionIds: sections.rows.map((r) => r.id) },
    voting: { id: votingId, categoryIds, projectIds },
    submission,
    channelKey,
    open311Key,
    serviceCodes,
    reportId,
  };
}

/** Forget every rate-limit window: the fuzz runs send thousands of requests as a few people. */
export async function resetRateLimits(t: TestApp): Promise<void> {
  await sql`delete from rate_limits`.execute(t.ctx.db);
}
