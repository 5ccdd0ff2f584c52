/**
 * Checks that every figure of the statistics API, at every level (platform, each oblast, each community)
 * and for several month windows, equals a direct count of the rows behind it. The API reads counters
 * that triggers keep; this counts the rows themselves with plain SQL, so any change a test makes
 * through the app (a signature invalidated, an import annulled, an account deleted) is checked end to end.
 */
import assert from 'node:assert/strict';
import { sql, type RawBuilder } from 'kysely';
import type { TestApp } from './test-app.js';
import type { Db } from '../../src/core/db/database.js';

interface ApiReport {
  users: number;
  tools: {
    tool: string;
    stats: { figures: { key: string; value: number }[]; participants: number; monthly: { key: string; points: { month: string; value: number }[] }[] };
    top: { slug: string; value: number }[];
  }[];
}

export type Level = { name: string; url: (q: string) => string; where: (communityCol: string) => RawBuilder<unknown> };

const m = (col: string) => sql`to_char(${sql.ref(col)} at time zone 'Europe/Kyiv', 'YYYY-MM')`;

/**
 * Direct counts of one window and level: figure key → value, per tool; and monthly series and per-community
 * values. `db` is any connection to the platform's database (a test app's, or the browser journeys' own).
 */
export async function direct(db: Db, level: Level, from: string, to: string) {
  const within = (col: string) => sql`${m(col)} between ${from} and ${to}`;
  const one = async <T>(q: RawBuilder<T>) => (await q.execute(db)).rows[0]!;
  const rows = async <T>(q: RawBuilder<T>) => (await q.execute(db)).rows;
  const sig = sql`from petition_signatures s join communities c on c.id = s.community_id where s.invalidated_at is null and ${within('s.signed_at')} and ${level.where('s.community_id')}`;
  // Signatures count under the petitions the public sees (petitions.csv): not those awaiting moderation.
  const shown = sql`${sig} and not exists (select 1 from petitions p where p.id = s.petition_id and p.status = 'moderation')`;
  const pet = sql`from petitions p join communities c on c.id = p.community_id where p.published_at is not null and p.status not in ('moderation', 'rejected') and ${within('p.published_at')} and ${level.where('p.community_id')}`;
  const bal = (owner: RawBuilder<unknown>) =>
    sql`from budget_ballots b join budget_contests k on k.id = b.contest_id join communities c on c.id = b.community_id where ${owner} and ${within('b.cast_at')} and ${level.where('b.community_id')}`;
  const com = sql`from consultation_comments x join communities c on c.id = x.community_id where ${within('x.created_at')} and ${level.where('x.community_id')}`;
  const res = sql`from consultation_responses x join communities c on c.id = x.community_id where ${within('x.created_at')} and ${level.where('x.community_id')}`;
  const rep = sql`from oc_reports r join communities c on c.id = r.community_id where r.status <> 'new' and ${within('r.created_at')} and ${level.where('r.community_id')}`;
  const community = sql`k.owner = 'community'`;
  const school = sql`k.owner <> 'community'`;
  type N = { n: number };
  type Monthly = { m: string; n: number };
  type PerCommunity = { slug: string; n: number };

  const petitions = await one(sql<{ signatures: number; people: number; petitions: number; supported: number; answered: number }>`
    select (select count(*)::int ${shown}) as signatures, (select count(distinct s.person_key)::int ${sig}) as people,
      (select count(*)::int ${pet}) as petitions,
      (select count(*)::int ${pet} and p.answer_decision in ('supported', 'partially')) as supported,
      (select count(*)::int ${pet} and p.status = 'answered') as answered`);
  const budgets = await one(sql<Record<string, number>>`
    select (select count(*)::int ${bal(community)}) as ballots, (select count(distinct b.voter_key)::int ${bal(community)}) as people,
      ${sql.join(['web', 'terminal', 'chatbot', 'paper'].map((ch) => sql`(select count(*)::int ${bal(community)} and b.channel = ${ch}) as ${sql.ref(`ballots-${ch}`)}`))},
      (select count(*)::int ${bal(community)} and b.age between 14 and 17) as "ballots-age-14-17",
      (select count(*)::int ${bal(community)} and b.age between 18 and 35) as "ballots-age-18-35",
      (select count(*)::int ${bal(community)} and b.age between 36 and 59) as "ballots-age-36-59",
      (select count(*)::int ${bal(community)} and b.age >= 60) as "ballots-age-60+",
      (select count(*)::int ${bal(school)}) as votes`);
  const consultations = await one(sql<{ comments: number; responses: number; people: number }>`
    select (select count(*)::int ${com}) as comments, (select count(*)::int ${res}) as responses,
      (select count(distinct who)::int from (
        select x.identity as who ${res}
        union select coalesce(x.identity, 'comment:' || x.id::text) ${com}
        union select x.identity from consultation_stances x join communities c on c.id = x.community_id where ${within('x.updated_at')} and ${level.where('x.community_id')}
        union select x.identity from consultation_supports x join communities c on c.id = x.community_id where ${within('x.created_at')} and ${level.where('x.community_id')}
      ) p) as people`);
  const openCity = await one(sql<{ reports: number; resolved: number; people: number }>`
    select count(*)::int as reports, count(*) filter (where r.status = 'resolved')::int as resolved, count(distinct r.reporter_user_id)::int as people ${rep}`);
  return {
    figures: {
      petitions: { signatures: petitions.signatures, petitions: petitions.petitions, supported: petitions.supported, answered: petitions.answered },
      budgets: Object.fromEntries(Object.entries(budgets).filter(([k]) => k.startsWith('ballots'))),
      'school-budget': { votes: budgets.votes! },
      consultations: { comments: consultations.comments, responses: consultations.responses },
      'open-city': { reports: openCity.reports, resolved: openCity.resolved },
    } as Record<string, Record<string, number>>,
    participants: {
      petitions: petitions.people,
      budgets: budgets.people!,
      'school-budget': budgets.votes!,
      consultations: consultations.people,
      'open-city': openCity.people,
    } as Record<string, number>,
    monthly: {
      'petitions/signatures': await rows(sql<Monthly>`select ${m('s.signed_at')} as m, count(*)::int as n ${shown} group by 1 order by 1`),
      'petitions/petitions': await rows(sql<Monthly>`select ${m('p.published_at')} as m, count(*)::int as n ${pet} group by 1 order by 1`),
      'budgets/ballots': await rows(sql<Monthly>`select ${m('b.cast_at')} as m, count(*)::int as n ${bal(community)} group by 1 order by 1`),
      'school-budget/votes': await rows(sql<Monthly>`select ${m('b.cast_at')} as m, count(*)::int as n ${bal(school)} group by 1 order by 1`),
      'consultations/participation': await rows(
        sql<Monthly>`select m, count(*)::int as n from (select ${m('x.created_at')} as m ${com} union all select ${m('x.created_at')} ${res}) y group by 1 order by 1`,
      ),
      'open-city/reports': await rows(sql<Monthly>`select ${m('r.created_at')} as m, count(*)::int as n ${rep} group by 1 order by 1`),
    } as Record<string, Monthly[]>,
    perCommunity: {
      petitions: await rows(sql<PerCommunity>`select c.slug, count(*)::int as n ${shown} group by 1`),
      budgets: await rows(sql<PerCommunity>`select c.slug, count(*)::int as n ${bal(community)} group by 1`),
      'school-budget': await rows(sql<PerCommunity>`select c.slug, count(*)::int as n ${bal(school)} group by 1`),
      consultations: await rows(sql<PerCommunity>`select slug, count(*)::int as n from (select c.slug ${com} union all select c.slug ${res}) y group by 1`),
      'open-city': await rows(sql<PerCommunity>`select c.slug, count(*)::int as n ${rep} group by 1`),
    } as Record<string, PerCommunity[]>,
    users: (await one(sql<N>`select count(*)::int as n from users where deleted_at is null`)).n,
  };
}

/** Month windows worth checking: everything, the first, middle and last month with activity, two spans. */
async function windows(t: TestApp): Promise<[string, string][]> {
  const months = (
    await sql<{ m: string }>`
      select distinct m from (
        select ${m('signed_at')} as m from petition_signatures union select ${m('cast_at')} from budget_ballots
        union select ${m('created_at')} from consultation_comments union select ${m('created_at')} from oc_reports
      ) x order by 1`.execute(t.ctx.db)
  ).rows.map((r) => r.m);
  const at = (f: number) => months[Math.floor(f * (months.length - 1))]!;
  const out: [string, string][] = [['2020-01', '2029-12']];
  if (!months.length) return out;
  for (const f of [0, 0.5, 1]) out.push([at(f), at(f)]);
  out.push([at(0.25), at(0.75)], [at(0.5), at(1)]);
  return out;
}

export async function assertStatsEqualRows(t: TestApp, context: string): Promise<void> {
  const oblasts = (await sql<{ o: string }>`select distinct oblast_uk as o from communities where status = 'connected' order by 1`.execute(t.ctx.db)).rows.map(
    (r) => r.o,
  );
  const slugs = (await sql<{ slug: string; id: number }>`select slug, id from communities order by id`.execute(t.ctx.db)).rows;
  const levels: Level[] = [
    { name: 'platform', url: (q) => `/api/v1/stats?${q}`, where: () => sql`true` },
    ...oblasts.map((o) => ({
      name: `oblast ${o}`,
      url: (q: string) => `/api/v1/stats?oblast=${encodeURIComponent(o)}&${q}`,
      where: () => sql`c.oblast_uk = ${o}`,
    })),
    ...slugs.map((c) => ({
      name: `community ${c.slug}`,
      url: (q: string) => `/api/v1/communities/${c.slug}/stats?${q}`,
      where: (col: string) => sql`${sql.ref(col)} = ${c.id}`,
    })),
  ];
  let checked = 0;
  const connected = new Set((await sql<{ slug: string }>`select slug from communities where status = 'connected'`.execute(t.ctx.db)).rows.map((r) => r.slug));
  for (const [from, to] of await windows(t)) {
    for (const level of levels) {
      const res = await t.browser().get(level.url(`from=${from}&to=${to}`));
      assert.equal(res.statusCode, 200, `${context}: ${level.name} ${from}..${to}: ${res.body}`);
      const api = res.json() as ApiReport;
      const d = await direct(t.ctx.db, level, from, to);
      const where = `${context}: ${level.name}, ${from}..${to}`;
      assert.equal(api.users, d.users, `${where}: users`);
      for (const [tool, figures] of Object.entries(d.figures)) {
        const report = api.tools.find((x) => x.tool === tool);
        assert.ok(report, `${where}: ${tool} is reported`);
        for (const [key, value] of Object.entries(figures)) {
          assert.equal(report.stats.figures.find((f) => f.key === key)?.value, value, `${where}: ${tool} ${key}`);
        }
        assert.equal(report.stats.participants, d.participants[tool], `${where}: ${tool} participants`);
        // Rankings list connected communities only, as the home page does (issue #21, point 8).
        const per = new Map(d.perCommunity[tool]!.filter((r) => connected.has(r.slug)).map((r) => [r.slug, r.n]));
        for (const x of report.top) assert.equal(x.value, per.get(x.slug), `${where}: ${tool} top ${x.slug}`);
        assert.deepEqual(
          report.top.map((x) => x.value),
          [...per.values()].sort((a, b) => b - a).slice(0, 10),
          `${where}: ${tool} top values`,
        );
      }
      for (const [path, points] of Object.entries(d.monthly)) {
        const [tool, key] = path.split('/') as [string, string];
        const series = api.tools.find((x) => x.tool === tool)!.stats.monthly.find((s) => s.key === key);
        assert.ok(series, `${where}: ${path} series`);
        assert.deepEqual(
          series.points.filter((p) => p.value !== 0),
          points.map((p) => ({ month: p.m, value: p.n })),
          `${where}: ${path} by month`,
        );
      }
      checked++;
    }
  }
  assert.ok(checked > levels.length, `${context}: several windows checked`);
}
