/**
 * The participatory budget. Proposing, supporting and voting follow the contest's eligibility (Lviv:
 * id.gov.ua, residents only, from 16), so the national moderator (Kyiv) and other communities' people are
 * refused; commenting is open to anyone signed in; editing a project is its author's alone (others do not
 * even see a draft); running the contest is the budget moderator's (and the national one's). Voting
 * terminals use the channel API with their key.
 */
import { sql } from 'kysely';
import { kyivDateOf } from '../../../src/core/calendar/index.js';
import { demoCommunities, demoSettlementCode } from '../../../src/core/demo/communities.js';
import { makeRnokpp } from '../../../src/core/identity/rnokpp.js';
import { createChannel, revokeChannel } from '../../../src/modules/budgets/service/channels.js';
import type { Req } from '../support/actors.js';
import { defineModule } from '../support/matrix.js';
import { communityId, one } from '../support/fixtures.js';
import { budgetContestForm, budgetProjectForm } from '../../helpers/budget-forms.js';
import { EVERYONE, LVIV_RESIDENTS, SIGNED_IN, moderatorsOf, type KeyRole } from '../support/roles.js';

const MODERATORS = moderatorsOf('budgets');
const lvivDemo = demoCommunities.find((c) => c.slug === 'lviv')!;

interface Fx {
  /** A contest set up for the matrix, in its submission phase, with category A. */
  open: number;
  category: number;
  /** The resident's draft; a submitted project (in review); one collecting support. */
  draft: number;
  submitted: number;
  supporting: number;
  /** Lviv's demo contest, voting now: an admitted project, a counted paper import, one waiting. */
  voting: number;
  admitted: number;
  counted: number;
  pending: number;
  /** A channel to revoke through the page, and the API keys of each kind. */
  channel: number;
  keys: Record<Exclude<KeyRole, 'no-key'>, string>;
}

const contestForm = (today: string) => budgetContestForm(today, { title: 'Бюджет для перевірки прав', description: 'Конкурс тестового набору' });

const projectForm = (category: number, action: 'draft' | 'submit') => budgetProjectForm(category, { price: '10 000', action });

const idFrom = (location: unknown, re: RegExp, what: string): number => {
  const m = re.exec(String(location ?? ''));
  if (!m) throw new Error(`fixture: could not make ${what} (went to ${String(location)})`);
  return Number(m[1]);
};

const ballot = (fx: Fx, key: KeyRole): Req => ({
  url: `/api/v1/channels/contests/${fx.voting}/ballots`,
  headers: { ...(key === 'no-key' ? {} : { authorization: `Bearer ${fx.keys[key]}` }), 'idempotency-key': `authz-${key}-${Date.now()}` },
  json: { rnokpp: makeRnokpp('1990-05-05', 4242), birthDate: '1990-05-05', territorialCode: demoSettlementCode(lvivDemo), projectIds: [fx.admitted] },
});

export default defineModule<Fx>({
  name: 'budgets',
  async setup({ t, actors }) {
    const db = t.ctx.db;
    const lviv = await communityId(t, 'lviv');
    const moderator = actors['budgets-moderator'];
    const made = await moderator.send({ url: '/lviv/manage/budgets/new', form: contestForm(kyivDateOf(t.clock.now())) });
    const open = idFrom(made.headers.location, /budgets\/(\d+)$/, 'a contest');
    const cat = await moderator.send({
      url: `/lviv/manage/budgets/${open}/categories`,
      form: { code: 'A', name: 'Малі проєкти', budget: '600 000', minCost: '10 000', maxCost: '400 000' },
    });
    if (cat.statusCode !== 303) throw new Error(`fixture: category not added: ${cat.statusCode}`);
    const category = (await one(t, 'category', sql<{ id: number }>`select id from budget_categories where contest_id = ${open}`)).id;
    const propose = async (action: 'draft' | 'submit') => {
      const res = await actors.resident.send({ url: `/lviv/budgets/${open}/projects/new`, form: projectForm(category, action), files: [] });
      return idFrom(res.headers.location, /projects\/(\d+)/, `a ${action} project (${res.statusCode})`);
    };
    const draft = await propose('draft');
    const submitted = await propose('submit');
    const supporting = await propose('submit');
    // Collecting support, with more supporters needed than the matrix brings, so it stays collecting.
    await sql`update budget_projects set status = 'support' where id = ${supporting}`.execute(db);
    await sql`update budget_contests set supporters_needed = 1000 where id = ${open}`.execute(db);

    const voting = (
      await one(
        t,
        'voting contest',
        sql<{ id: number }>`select id from budget_contests where community_id = ${lviv} and owner = 'community' and id <> ${open} order by id limit 1`,
      )
    ).id;
    const admitted = (
      await one(
        t,
        'admitted project',
        sql<{ id: number }>`select id from budget_projects where contest_id = ${voting} and status = 'admitted' order by id limit 1`,
      )
    ).id;
    const counted = (
      await one(
        t,
        'counted import',
        sql<{ id: number }>`select id from budget_imports where contest_id = ${voting} and status = 'confirmed' order by id limit 1`,
      )
    ).id;
    const pending = (
      await one(
        t,
        'pending import',
        sql<{ id: number }>`insert into budget_imports (community_id, contest_id, status, filename, file_sha256, rows, summary, created_by, created_at)
          values (${lviv}, ${voting}, 'pending', 'dilnytsia-9.csv', 'authz', '[]', ${JSON.stringify({ rows: 0, ok: 0, errors: 0, duplicates: 0, counted: 0 })}, ${moderator.userId}, ${t.clock.now()}) returning id`,
      )
    ).id;
    const now = t.clock.now();
    const channel = async (slug: string, name: string) =>
      createChannel(db, { secretKey: t.ctx.config.secretKey, communityId: await communityId(t, slug), name, kind: 'terminal', actorUserId: null, now });
    const valid = await channel('lviv', 'Термінал ЦНАП');
    const revoked = await channel('lviv', 'Старий термінал');
    await revokeChannel(db, { communityId: lviv, channelId: revoked.id, actorUserId: null, now });
    const foreign = await channel('bila-tserkva', 'Термінал Білої Церкви');
    const toRevoke = await channel('lviv', 'Термінал бібліотеки');
    return {
      open,
      category,
      draft,
      submitted,
      supporting,
      voting,
      admitted,
      counted,
      pending,
      channel: toRevoke.id,
      keys: { 'valid-key': valid.key, 'revoked-key': revoked.key, 'foreign-key': foreign.key },
    };
  },
  entries: [
    {
      route: 'POST /:slug/budgets/:id/projects/new',
      permission: 'budgets.propose',
      allowed: LVIV_RESIDENTS,
      request: (fx) => ({ url: `/lviv/budgets/${fx.open}/projects/new`, form: projectForm(fx.category, 'submit'), files: [] }),
      harmless: (fx) => ({ url: `/lviv/budgets/${fx.open}/projects/new`, form: { ...projectForm(fx.category, 'submit'), title: '' }, files: [] }),
    },
    {
      route: 'POST /:slug/budgets/:id/projects/:pid/edit',
      permission: 'budgets.propose',
      allowed: ['resident'],
      hiddenFrom: EVERYONE.filter((r) => r !== 'resident'),
      note: 'Only the author edits a project; to anyone else the route answers as if there were no such project.',
      request: (fx) => ({ url: `/lviv/budgets/${fx.open}/projects/${fx.draft}/edit`, form: projectForm(fx.category, 'draft'), files: [] }),
      harmless: (fx) => ({ url: `/lviv/budgets/${fx.open}/projects/${fx.draft}/edit`, form: { ...projectForm(fx.category, 'draft'), title: '' }, files: [] }),
    },
    {
      route: 'POST /:slug/budgets/:id/projects/:pid/support',
      permission: 'budgets.propose',
      allowed: LVIV_RESIDENTS,
      request: (fx) => ({ url: `/lviv/budgets/${fx.open}/projects/${fx.supporting}/support` }),
    },
    {
      route: 'POST /:slug/budgets/:id/projects/:pid/comments',
      permission: 'budgets.comment',
      allowed: SIGNED_IN,
      note: 'Anyone signed in may comment (the contest’s residency and age rules are for proposing and voting).',
      request: (fx) => ({ url: `/lviv/budgets/${fx.open}/projects/${fx.submitted}/comments`, form: { body: 'Гарна ідея.' } }),
      harmless: (fx) => ({ url: `/lviv/budgets/${fx.open}/projects/${fx.submitted}/comments`, form: { body: '' } }),
    },
    {
      route: 'POST /:slug/budgets/:id/vote',
      permission: 'budgets.vote',
      allowed: LVIV_RESIDENTS,
      request: (fx) => ({ url: `/lviv/budgets/${fx.voting}/vote`, form: { project: [String(fx.admitted)] } }),
    },
    {
      route: 'POST /:slug/budgets/:id/vote/change',
      permission: 'budgets.vote',
      allowed: EVERYONE,
      note: 'Only shows the ballot again with the choices made (nothing is stored); someone who may not vote sees why instead of the ballot.',
      request: (fx) => ({ url: `/lviv/budgets/${fx.voting}/vote/change`, form: { project: [String(fx.admitted)], step: '0' } }),
    },
    {
      route: 'POST /:slug/budgets/:id/vote/confirm',
      permission: 'budgets.vote',
      allowed: LVIV_RESIDENTS,
      request: (fx) => ({ url: `/lviv/budgets/${fx.voting}/vote/confirm`, form: { project: [String(fx.admitted)] } }),
    },
    {
      route: 'POST /:slug/manage/budgets/new',
      permission: 'budgets.moderate',
      allowed: MODERATORS,
      request: () => ({ url: '/lviv/manage/budgets/new', form: contestForm('2030-01-01') }),
      harmless: () => ({ url: '/lviv/manage/budgets/new', form: { ...contestForm('2030-01-01'), title: '' } }),
    },
    {
      route: 'POST /:slug/manage/budgets/:id/edit',
      permission: 'budgets.moderate',
      allowed: MODERATORS,
      request: (fx) => ({ url: `/lviv/manage/budgets/${fx.open}/edit`, form: { ...contestForm('2030-01-01'), title: 'Перейменовано' } }),
      harmless: (fx) => ({ url: `/lviv/manage/budgets/${fx.open}/edit`, form: { ...contestForm('2030-01-01'), title: '' } }),
    },
    {
      route: 'POST /:slug/manage/budgets/:id/categories',
      permission: 'budgets.moderate',
      allowed: MODERATORS,
      request: (fx) => ({
        url: `/lviv/manage/budgets/${fx.open}/categories`,
        form: { code: 'B', name: 'Великі проєкти', budget: '400 000', minCost: '100 000', maxCost: '400 000' },
      }),
      harmless: (fx) => ({ url: `/lviv/manage/budgets/${fx.open}/categories`, form: { code: '', name: '' } }),
    },
    {
      route: 'POST /:slug/manage/budgets/:id/publish-results',
      permission: 'budgets.moderate',
      allowed: MODERATORS,
      note: 'Voting is still open in the demo contest, so the moderator is told «only after voting» (409).',
      request: (fx) => ({ url: `/lviv/manage/budgets/${fx.voting}/publish-results` }),
    },
    {
      route: 'POST /:slug/manage/budgets/:id/extend',
      permission: 'budgets.moderate',
      allowed: MODERATORS,
      note: 'Extending the voting contest, with a reason everyone sees; moderators send it without a date (400).',
      request: (fx) => ({
        url: `/lviv/manage/budgets/${fx.voting}/extend`,
        form: { newVotingTo: '2099-01-01', extendReason: 'Перевірка прав: продовження голосування.' },
      }),
      harmless: (fx) => ({ url: `/lviv/manage/budgets/${fx.voting}/extend`, form: { newVotingTo: '', extendReason: '' } }),
    },
    {
      route: 'POST /:slug/manage/budgets/:id/results-corrections',
      permission: 'budgets.moderate',
      allowed: MODERATORS,
      note: 'A correction needs published results and a public reason; moderators send it without a reason (400/409).',
      request: (fx) => ({
        url: `/lviv/manage/budgets/${fx.voting}/results-corrections`,
        form: { correctionReason: 'Перевірка прав: виправлення результатів.' },
      }),
      harmless: (fx) => ({ url: `/lviv/manage/budgets/${fx.voting}/results-corrections`, form: { correctionReason: '' } }),
    },
    {
      route: 'POST /:slug/manage/budgets/:id/projects/:pid',
      permission: 'budgets.moderate',
      allowed: MODERATORS,
      request: (fx) => ({
        url: `/lviv/manage/budgets/${fx.open}/projects/${fx.submitted}`,
        form: { decision: 'admitted', note: '', correctedCost: '', costNote: '' },
      }),
      harmless: (fx) => ({ url: `/lviv/manage/budgets/${fx.open}/projects/${fx.submitted}`, form: { decision: '' } }),
    },
    {
      route: 'POST /:slug/manage/budgets/:id/paper-project',
      permission: 'budgets.moderate',
      allowed: MODERATORS,
      request: (fx) => ({
        url: `/lviv/manage/budgets/${fx.open}/paper-project`,
        form: { ...projectForm(fx.category, 'submit'), authorName: 'Шевчук Андрій' },
        files: [],
      }),
      harmless: (fx) => ({ url: `/lviv/manage/budgets/${fx.open}/paper-project`, form: { title: '' }, files: [] }),
    },
    {
      route: 'POST /:slug/manage/budgets/:id/imports',
      permission: 'budgets.moderate',
      allowed: MODERATORS,
      request: (fx) => ({
        url: `/lviv/manage/budgets/${fx.voting}/imports`,
        files: [
          {
            name: 'file',
            filename: 'dilnytsia.csv',
            type: 'text/csv',
            data: Buffer.from('Номер бюлетеня;Пункт голосування;Дата голосування;РНОКПП;ПІБ;Дата народження;КАТОТТГ адреси;Коди проєктів\n'),
          },
        ],
      }),
      harmless: (fx) => ({ url: `/lviv/manage/budgets/${fx.voting}/imports`, files: [] }),
    },
    {
      route: 'POST /:slug/manage/budgets/:id/imports/:iid/confirm',
      permission: 'budgets.moderate',
      allowed: MODERATORS,
      note: 'The first moderator counts the import; the next is told it is already counted (409).',
      request: (fx) => ({ url: `/lviv/manage/budgets/${fx.voting}/imports/${fx.pending}/confirm` }),
    },
    {
      route: 'POST /:slug/manage/budgets/:id/imports/:iid/annul',
      permission: 'budgets.moderate',
      allowed: MODERATORS,
      request: (fx) => ({ url: `/lviv/manage/budgets/${fx.voting}/imports/${fx.counted}/annul`, form: { reason: 'Бюлетені з іншої дільниці.' } }),
      harmless: (fx) => ({ url: `/lviv/manage/budgets/${fx.voting}/imports/${fx.counted}/annul`, form: { reason: '' } }),
    },
    {
      route: 'POST /:slug/manage/budgets/:id/implementation/:pid',
      permission: 'budgets.moderate',
      allowed: MODERATORS,
      request: (fx) => ({
        url: `/lviv/manage/budgets/${fx.voting}/implementation/${fx.admitted}`,
        form: { status: 'in_progress', reason: '', body: 'Підписано договір.', spent: '0' },
        files: [],
      }),
      harmless: (fx) => ({ url: `/lviv/manage/budgets/${fx.voting}/implementation/${fx.admitted}`, form: { status: '' }, files: [] }),
    },
    {
      route: 'POST /:slug/manage/budgets/channels',
      permission: 'budgets.moderate',
      allowed: MODERATORS,
      request: () => ({ url: '/lviv/manage/budgets/channels', form: { name: 'Термінал у школі', kind: 'terminal' } }),
      harmless: () => ({ url: '/lviv/manage/budgets/channels', form: { name: '', kind: '' } }),
    },
    {
      route: 'POST /:slug/manage/budgets/channels/:chid/revoke',
      permission: 'budgets.moderate',
      allowed: MODERATORS,
      request: (fx) => ({ url: `/lviv/manage/budgets/channels/${fx.channel}/revoke` }),
    },
    {
      route: 'POST /:slug/manage/budgets/pabulib',
      permission: 'budgets.moderate',
      allowed: MODERATORS,
      request: () => ({
        url: '/lviv/manage/budgets/pabulib',
        files: [{ name: 'file', filename: 'x.pb', type: 'text/plain', data: Buffer.from('META\nkey;value\n') }],
      }),
      harmless: () => ({ url: '/lviv/manage/budgets/pabulib', files: [] }),
    },
    {
      route: 'POST /api/v1/channels/contests/:id/ballots',
      permission: 'budgets.channel',
      auth: 'api-key',
      allowed: ['valid-key'],
      note: 'A terminal’s key works only for its own community’s contests and stops working once revoked.',
      request: ballot,
    },
  ],
});
