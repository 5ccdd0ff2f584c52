/**
 * Loads e-DEM's volume into a migrated database with set-based SQL (INSERT … SELECT generate_series), not
 * row by row through the app: a million users in seconds rather than hours.
 *
 * What makes it fast on two cores:
 * - secondary indexes and unique constraints that no foreign key needs are dropped first and rebuilt
 *   from their own catalog definitions afterwards (a sort per index instead of millions of random
 *   B-tree inserts); primary keys stay, their ids arrive in order;
 * - foreign-key triggers are skipped (session_replication_role = replica) because every id is generated
 *   consistent by construction; without superuser rights the load keeps them and runs in one lane in
 *   dependency order;
 * - two connections load independent tables at once;
 * - the statistics counters, which triggers keep in the app, are recounted once at the end.
 *
 * Every row is shaped like the app's own: people are residents of their community (КАТОТТГ prefix), a
 * signature's person_key is the signer's identity_key, counters equal the rows behind them, statuses agree
 * with the dates, so the app's background ticks find nothing to catch up on.
 */
import pg from 'pg';
import { searchFold } from '../src/core/i18n/index.js';
import { DEFAULT_CATEGORIES } from '../src/modules/petitions/settings.js';
import { searchTextOf } from '../src/modules/petitions/rules.js';
import { communityUserRanges, type Volumes } from './volumes.js';

export const HOT_SLUG = 'misto';
const DAY = 86_400_000;

export interface Timing {
  table: string;
  rows: number;
  seconds: number;
}

export interface HotTargets {
  communityId: number;
  slug: string;
  /** The viral petition the app is driven against. */
  petitionId: number;
  /** Its twin, signed straight through SQL for the ceiling, so the two runs do not share a counter. */
  twinPetitionId: number;
  /** A third one for the ceiling without the counter update (its counter is recounted afterwards). */
  spareHotPetitionId: number;
  initialSignatures: number;
  /** User ids of people who have not signed either hot petition yet. */
  signPool: number[];
  /** The big city's live contest, when the budgets module is there. */
  contest: { id: number; projectIds: number[]; initialBallots: number; votePool: number[] } | null;
  /** Any resident of the big city, for the ceiling's user_id column. */
  someResident: (i: number) => number;
}

export interface LoadResult {
  timings: Timing[];
  /** Index and constraint rebuilds, per table. */
  indexTimings: Timing[];
  vacuumSeconds: number;
  totalSeconds: number;
  hot: HotTargets;
  rows: Record<string, number>;
  lanes: number;
  fkChecksSkipped: boolean;
}

type Log = (line: string) => void;

const OBLASTS: readonly [string, string][] = [
  ['Вінницька', 'Vinnytsia'],
  ['Волинська', 'Volyn'],
  ['Дніпропетровська', 'Dnipropetrovsk'],
  ['Донецька', 'Donetsk'],
  ['Житомирська', 'Zhytomyr'],
  ['Закарпатська', 'Zakarpattia'],
  ['Запорізька', 'Zaporizhzhia'],
  ['Івано-Франківська', 'Ivano-Frankivsk'],
  ['Київська', 'Kyiv'],
  ['Кіровоградська', 'Kirovohrad'],
  ['Луганська', 'Luhansk'],
  ['Львівська', 'Lviv'],
  ['Миколаївська', 'Mykolaiv'],
  ['Одеська', 'Odesa'],
  ['Полтавська', 'Poltava'],
  ['Рівненська', 'Rivne'],
  ['Сумська', 'Sumy'],
  ['Тернопільська', 'Ternopil'],
  ['Харківська', 'Kharkiv'],
  ['Херсонська', 'Kherson'],
  ['Хмельницька', 'Khmelnytskyi'],
  ['Черкаська', 'Cherkasy'],
  ['Чернівецька', 'Chernivtsi'],
  ['Чернігівська', 'Chernihiv'],
];

const PETITION_TITLES = [
  'Облаштувати безпечний пішохідний перехід біля школи',
  'Встановити нову зупинку громадського транспорту',
  'Відремонтувати дорогу та тротуари на вулиці Шевченка',
  'Створити велодоріжку від житлового масиву до центру',
  'Облаштувати укриття в кожному дитячому садку',
  'Висадити дерева та відновити сквер біля ринку',
  'Продовжити роботу нічних автобусних маршрутів',
  'Відкрити інклюзивний дитячий майданчик у парку',
];
const PETITION_BODY =
  'Просимо міську раду розглянути питання та вжити заходів. Мешканці мікрорайону щодня стикаються з цією проблемою: ' +
  'діти йдуть до школи без безпечного переходу, літні люди не можуть дістатися до поліклініки, а звернення до комунальних ' +
  'служб залишаються без відповіді. Пропонуємо передбачити кошти в бюджеті громади на наступний рік, провести громадське ' +
  'обговорення проєкту та звітувати про виконання щокварталу. Готові долучитися до робочої групи та допомогти з підготовкою ' +
  'технічного завдання. Дякуємо за розгляд!';
const HOT_TITLE = 'Зберегти історичний парк від забудови';

/** Runs one statement, returning the number of rows it touched. */
async function run(c: pg.Client, text: string, params: unknown[] = []): Promise<number> {
  const r = await c.query(text, params);
  return r.rowCount ?? 0;
}

async function tableExists(c: pg.Client, name: string): Promise<boolean> {
  const r = await c.query<{ t: string | null }>('select to_regclass($1)::text as t', [`public.${name}`]);
  return r.rows[0]?.t != null;
}

/** Session settings of a loading connection; false when foreign-key triggers could not be skipped. */
async function prepareLoader(c: pg.Client): Promise<boolean> {
  await run(c, 'set synchronous_commit = off');
  await run(c, "set maintenance_work_mem = '512MB'");
  await run(c, "set work_mem = '64MB'");
  try {
    await run(c, 'set session_replication_role = replica');
    return true;
  } catch {
    return false;
  }
}

interface Dropped {
  table: string;
  name: string;
  /** The statement that brings it back, from the catalog. */
  recreate: string;
}

/**
 * Drops the secondary indexes and the unique constraints no foreign key depends on, returning how to
 * recreate each: the definitions come from the catalog, so they match the app's migrations exactly.
 */
async function dropSecondaryIndexes(c: pg.Client, tables: string[]): Promise<Dropped[]> {
  const constraints = await c.query<{ tbl: string; name: string; def: string }>(
    `select con.conrelid::regclass::text as tbl, con.conname as name, pg_get_constraintdef(con.oid) as def
     from pg_constraint con
     where con.contype = 'u' and con.conrelid = any($1::regclass[])
       and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.conindid = con.conindid)`,
    [tables],
  );
  const indexes = await c.query<{ tbl: string; name: string; def: string }>(
    `select i.indrelid::regclass::text as tbl, i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
     from pg_index i
     where i.indrelid = any($1::regclass[]) and not i.indisprimary
       and not exists (select 1 from pg_constraint con where con.conindid = i.indexrelid)`,
    [tables],
  );
  const out: Dropped[] = [];
  for (const k of constraints.rows) {
    await run(c, `alter table ${k.tbl} drop constraint ${k.name}`);
    out.push({ table: k.tbl, name: k.name, recreate: `alter table ${k.tbl} add constraint ${k.name} ${k.def}` });
  }
  for (const i of indexes.rows) {
    await run(c, `drop index ${i.name}`);
    out.push({ table: i.tbl, name: i.name, recreate: i.def });
  }
  return out;
}

/** Runs tasks on the given connections, each taking the next task when it is free. */
async function inLanes<T>(clients: pg.Client[], tasks: T[], work: (c: pg.Client, t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    clients.map(async (c) => {
      while (next < tasks.length) {
        const t = tasks[next++]!;
        await work(c, t);
      }
    }),
  );
}

function fmt(n: number): string {
  return n.toLocaleString('en-US').replace(/,/g, ' ');
}

interface ContestPlan {
  id: number;
  communityId: number;
  current: boolean;
  ballots: number;
  voterOffset: number;
  ballotBase: number;
  projects: number;
  projectBase: number;
  submissionFrom: Date;
  submissionTo: Date;
  reviewTo: Date;
  votingFrom: Date;
  votingTo: Date;
  resultsFrom: Date;
  implementationFrom: Date;
}

/** Contests, their projects and ballots laid out in JS: a few hundred rows, every id known in advance. */
function planContests(v: Volumes, ranges: ReturnType<typeof communityUserRanges>, now: Date): ContestPlan[] {
  const budgetRanges = ranges.slice(0, v.budgetCommunities);
  const k = v.contestsPerCommunity;
  const residents = budgetRanges.reduce((s, r) => s + r.users, 0);
  // Past contests at this turnout, this year's live one at 30 % of it (voting is under way).
  const turnout = Math.min(0.95, v.ballots / (residents * (k - 0.7)));
  const count = budgetRanges.length * k;
  const perContest = Math.floor(v.budgetProjects / count);
  if (perContest < 4) throw new Error('volumes: fewer than 4 budget projects per contest');
  const extra = v.budgetProjects % count;
  const out: ContestPlan[] = [];
  let ballotBase = 0;
  let projectBase = 0;
  for (const r of budgetRanges) {
    for (let y = 0; y < k; y++) {
      const id = out.length + 1;
      const current = y === k - 1;
      const yearsAgo = k - 1 - y;
      const at = (days: number) => new Date(now.getTime() + days * DAY - yearsAgo * 365 * DAY);
      let ballots = Math.round(turnout * r.users * (current ? 0.3 : 1));
      if (current && r.communityId === 1) ballots = Math.min(ballots, r.users - v.votePool);
      const projects = perContest + (out.length < extra ? 1 : 0);
      out.push({
        id,
        communityId: r.communityId,
        current,
        ballots,
        voterOffset: current && r.communityId === 1 ? 0 : (id * 7919) % r.users,
        ballotBase,
        projects,
        projectBase,
        submissionFrom: at(-120),
        submissionTo: at(-90),
        reviewTo: at(-30),
        votingFrom: at(-10),
        votingTo: at(20),
        resultsFrom: at(21),
        implementationFrom: at(60),
      });
      ballotBase += ballots;
      projectBase += projects;
    }
  }
  return out;
}

/** Admitted projects of a contest: every tenth one was rejected at review. */
function admittedIndex(a: number): number {
  return a + Math.floor(a / 9);
}

export async function loadVolumes(opts: { url: string; volumes: Volumes; now: Date; tools: string[]; log: Log }): Promise<LoadResult> {
  const { volumes: v, now, log } = opts;
  const t0 = performance.now();
  const ranges = communityUserRanges(v);
  const big = ranges[0]!;
  const main = new pg.Client({ connectionString: opts.url });
  await main.connect();
  const clients: pg.Client[] = [main];
  try {
    const fkChecksSkipped = await prepareLoader(main);
    const has = {
      budgets: await tableExists(main, 'budget_ballots'),
      consultations: await tableExists(main, 'consultation_responses'),
      openCity: await tableExists(main, 'oc_reports'),
    };
    const lanes = fkChecksSkipped ? 2 : 1;
    if (!fkChecksSkipped) log('  (no superuser rights: foreign-key checks stay on, loading in one lane)');
    if (lanes === 2) {
      const second = new pg.Client({ connectionString: opts.url });
      await second.connect();
      clients.push(second);
      await prepareLoader(second);
    }

    const timings: Timing[] = [];
    const timed = async (c: pg.Client, table: string, text: string, params: unknown[] = []) => {
      const s = performance.now();
      const rows = await run(c, text, params);
      const t = { table, rows, seconds: (performance.now() - s) / 1000 };
      timings.push(t);
      log(`  ${table.padEnd(28, '.')} ${fmt(rows).padStart(11)} rows ${t.seconds.toFixed(1).padStart(7)} s`);
    };

    // ---- Helpers every lane uses: the user ranges and the functions that derive a person from an id ----
    await run(main, 'create schema bench');
    await run(main, 'create table bench.community_users (community_id int primary key, first_user int not null, n_users int not null)');
    await run(main, 'insert into bench.community_users select * from unnest($1::int[], $2::int[], $3::int[])', [
      ranges.map((r) => r.communityId),
      ranges.map((r) => r.firstUser),
      ranges.map((r) => r.users),
    ]);
    const lastNames = [
      'Шевченко',
      'Коваленко',
      'Бондаренко',
      'Ткаченко',
      'Кравченко',
      'Олійник',
      'Шевчук',
      'Поліщук',
      'Бойко',
      'Мельник',
      'Лисенко',
      'Мороз',
      'Павленко',
      'Савченко',
      'Руденко',
      'Гончаренко',
    ];
    const firstNames = [
      'Олена',
      'Андрій',
      'Ірина',
      'Тарас',
      'Марія',
      'Богдан',
      'Оксана',
      'Дмитро',
      'Наталія',
      'Сергій',
      'Юлія',
      'Олександр',
      'Тетяна',
      'Василь',
      'Софія',
      'Михайло',
    ];
    const patronymics = ['Іванівна', 'Петрович', 'Василівна', 'Миколайович', 'Олегівна', 'Степанович', 'Андріївна', 'Юрійович'];
    const arr = (xs: string[]) => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]`;
    // SQL functions are inlined by the planner, so deriving a person costs little per row.
    await run(
      main,
      `create function bench.person_key(u int) returns text language sql immutable as $$ select encode(sha256(('bench-user-' || u)::bytea), 'hex') $$`,
    );
    await run(main, `create function bench.last_name(u int) returns text language sql immutable as $$ select (${arr(lastNames)})[1 + u % 16] $$`);
    await run(main, `create function bench.first_name(u int) returns text language sql immutable as $$ select (${arr(firstNames)})[1 + (u / 16) % 16] $$`);
    await run(main, `create function bench.patronymic(u int) returns text language sql immutable as $$ select (${arr(patronymics)})[1 + (u / 256) % 8] $$`);
    await run(
      main,
      `create function bench.full_name(u int) returns text language sql immutable as $$ select bench.last_name(u) || ' ' || bench.first_name(u) || ' ' || bench.patronymic(u) $$`,
    );
    await run(
      main,
      `create function bench.user_created(u int) returns timestamptz language sql immutable as $$ select timestamptz '2020-01-01 00:00:00+00' + u * interval '1 minute' $$`,
    );
    await run(
      main,
      `create function bench.ip_prefix(u int) returns text language sql immutable as $$ select '127.' || (u % 256) || '.' || ((u / 256) % 256) || '.0/24' $$`,
    );
    // Community shares of petitions, consultations and reports: the big city 10 %, regional centres 30 %.
    await run(
      main,
      `create function bench.community_of(i int, total int) returns int language sql immutable as $$
         select case when i <= total / 10 then 1
                     when i <= total / 10 + total * 3 / 10 then 2 + (i % ${v.midCities})
                     else 2 + ${v.midCities} + (i % ${v.communities - 1 - v.midCities}) end $$`,
    );

    // ---- Small tables, before anything that points at them ----
    const toolsAll = opts.tools;
    const toolsNoBudget = toolsAll.filter((t) => t !== 'budgets');
    await timed(
      main,
      'communities',
      `insert into communities (id, slug, name_uk, name_en, oblast_uk, oblast_en, raion_uk, raion_en, territorial_codes, population, enabled_tools, created_at)
       overriding system value
       select r.community_id,
         case when r.community_id = 1 then '${HOT_SLUG}' else 'hromada-' || r.community_id end,
         case when r.community_id = 1 then 'Місто' else 'Громада ' || r.community_id end,
         case when r.community_id = 1 then 'City' else 'Community ' || r.community_id end,
         ($1::text[])[1 + (r.community_id - 1) % 24], ($2::text[])[1 + (r.community_id - 1) % 24],
         'Район ' || (1 + r.community_id % 7), 'Raion ' || (1 + r.community_id % 7),
         array['UA' || lpad(r.community_id::text, 7, '0') || '0000000000'],
         r.n_users * 4,
         case when r.community_id <= $3 then $4::text[] else $5::text[] end,
         $6::timestamptz - interval '4 years'
       from bench.community_users r`,
      [OBLASTS.map((o) => o[0]), OBLASTS.map((o) => o[1]), v.budgetCommunities, toolsAll, toolsNoBudget, now],
    );
    await timed(
      main,
      'petition_categories',
      `insert into petition_categories (id, community_id, name_uk, name_en, position) overriding system value
       select (c.id - 1) * ${DEFAULT_CATEGORIES.length} + k + 1, c.id, ($1::text[])[k + 1], ($2::text[])[k + 1], k
       from communities c, generate_series(0, ${DEFAULT_CATEGORIES.length - 1}) k`,
      [DEFAULT_CATEGORIES.map((x) => x.uk), DEFAULT_CATEGORIES.map((x) => x.en)],
    );
    if (has.openCity) {
      // One department and three categories a community; the app adds its defaults only where none exist.
      await timed(
        main,
        'oc_settings',
        `insert into oc_settings (community_id, territory, center_lat, center_lng)
         select id, '[]', case when id = 1 then 50.45 else 45.5 + (id * 37 % 60) / 10.0 end,
           case when id = 1 then 30.52 else 23.0 + (id * 53 % 160) / 10.0 end from communities`,
      );
      await timed(
        main,
        'oc_departments',
        `insert into oc_departments (id, community_id, key, name_uk, name_en) overriding system value
         select id, id, 'zhkh', 'Департамент житлово-комунального господарства', 'Housing and utilities' from communities`,
      );
      await timed(
        main,
        'oc_categories',
        `insert into oc_categories (id, community_id, parent_id, code, name_uk, name_en, department_id, term_days, sort) overriding system value
         select (id - 1) * 3 + 1, id, null, 'blagoustrii', 'Благоустрій', 'Public spaces', id, 30, 0 from communities
         union all select (id - 1) * 3 + 2, id, (id - 1) * 3 + 1, 'yamy', 'Ями на дорозі', 'Potholes', id, 15, 1 from communities
         union all select (id - 1) * 3 + 3, id, (id - 1) * 3 + 1, 'osvitlennia', 'Вуличне освітлення', 'Street lighting', id, 30, 2 from communities`,
      );
    }

    const bigTables = ['users', 'petitions', 'petition_signatures'];
    if (has.consultations) bigTables.push('consultation_items', 'consultation_responses', 'consultation_comments');
    if (has.openCity) bigTables.push('oc_reports');
    if (has.budgets) bigTables.push('budget_projects', 'budget_ballots', 'budget_ballot_choices');
    const dropped = await dropSecondaryIndexes(main, bigTables);

    // ---- The big tables, as groups that can run side by side ----
    const P = v.petitions;
    const hotId = P + 1;
    const twinId = P + 2;
    const spareId = P + 3;
    const contests = has.budgets ? planContests(v, ranges, now) : [];

    const users = async (c: pg.Client) => {
      await timed(
        c,
        'users',
        `insert into users (id, identity_key, verification_level, auth_type, last_name, first_name, patronymic, birth_date, territorial_code, created_at, last_sign_in_at)
         overriding system value
         select u, bench.person_key(u), 'idgovua', 'bank_id', bench.last_name(u), bench.first_name(u), bench.patronymic(u),
           date '1950-01-01' + (u::bigint * 7919 % 20000)::int,
           'UA' || lpad(r.community_id::text, 7, '0') || lpad(u::text, 10, '0'),
           bench.user_created(u), bench.user_created(u)
         from bench.community_users r, generate_series(r.first_user, r.first_user + r.n_users - 1) u`,
      );
    };

    const petitions = async (c: pg.Client) => {
      await run(c, 'select setseed(0.2027)');
      await run(
        c,
        `create table bench.petition_plan (id int primary key, community_id int not null, submitted_at timestamptz not null,
           w float8 not null, hot boolean not null default false, status text, threshold int, n int, off int)`,
      );
      await run(
        c,
        `insert into bench.petition_plan (id, community_id, submitted_at, w)
         select i, bench.community_of(i, $1), $2::timestamptz - (($1 - i + 1)::float8 / $1) * interval '1095 days', random() ^ 8
         from generate_series(1, $1) i`,
        [P, now],
      );
      // The hot petition and its twins: collecting, a threshold nobody reaches, already viral.
      await run(
        c,
        `insert into bench.petition_plan (id, community_id, submitted_at, w, hot, status, threshold, n, off)
         select id, 1, $2::timestamptz - interval '5 days', 0, true, 'collecting', 1000000, $3, 0 from unnest($1::int[]) id`,
        [[hotId, twinId, spareId], now, v.hotInitialSignatures],
      );
      await run(
        c,
        `update bench.petition_plan set
           threshold = case when community_id = 1 then 500 when community_id <= ${1 + v.midCities} then 200 else 50 end,
           status = case when submitted_at > $1::timestamptz - interval '2 days' then 'moderation'
                         when id % 20 = 0 then 'rejected'
                         when submitted_at + interval '92 days' > $1::timestamptz then 'collecting'
                         else 'ended' end
         where not hot`,
        [now],
      );
      const fixed = await c.query<{ n: number }>(`select count(*)::int as n from bench.petition_plan where status in ('moderation', 'rejected')`);
      const spread = v.signatures - 3 * v.hotInitialSignatures - (fixed.rows[0]?.n ?? 0);
      await run(
        c,
        `with s as (select sum(w) as total from bench.petition_plan where not hot and status not in ('moderation', 'rejected'))
         update bench.petition_plan p set
           n = case when p.status in ('moderation', 'rejected') then 1
                    else greatest(1, least(r.n_users, round(p.w * $1::float8 / s.total)::int)) end,
           off = ((p.id::bigint * 7919) % r.n_users)::int
         from s, bench.community_users r
         where r.community_id = p.community_id and not p.hot`,
        [spread],
      );
      // A collecting petition that had reached its threshold would have moved to consideration already.
      await run(c, `update bench.petition_plan set n = least(n, threshold - 1) where status = 'collecting' and not hot`);
      // That cap (and rounding) leaves the total short: the petitions whose collection ended make it up.
      await run(
        c,
        `with d as (select $1::float8 - sum(n) as deficit from bench.petition_plan where not hot),
              e as (select sum(n)::float8 as total from bench.petition_plan where status = 'ended')
         update bench.petition_plan p set n = least(r.n_users, greatest(1, p.n + round(p.n * d.deficit / e.total)::int))
         from d, e, bench.community_users r
         where p.status = 'ended' and r.community_id = p.community_id`,
        [v.signatures - 3 * v.hotInitialSignatures],
      );
      await run(
        c,
        `update bench.petition_plan set status = case
           when n >= threshold then case when submitted_at + interval '152 days' < $1::timestamptz then 'answered' else 'consideration' end
           else 'failed' end
         where status = 'ended'`,
        [now],
      );
      const titleWords = PETITION_TITLES.map((t) => searchTextOf(t, '').trimEnd());
      const bodyWords = searchTextOf(PETITION_BODY, '').trim();
      await timed(
        c,
        'petitions',
        `insert into petitions (id, community_id, author_user_id, author_name, author_email, title, body, search_text, category_id, status,
           signature_threshold, collection_days, continue_after_threshold, consideration_working_days,
           submitted_at, moderation_due_at, published_at, collection_ends_at, rejected_at, rejection_reason,
           consideration_started_at, consideration_due_at, failed_at, answered_at, answer_text, answer_decision,
           answer_official_name, answer_official_position)
         overriding system value
         select p.id, p.community_id, a.u, bench.full_name(a.u), 'author' || p.id || '@bench.example',
           case when p.hot then $3 else ($1::text[])[1 + p.id % ${PETITION_TITLES.length}] || ' (№' || p.id || ')' end,
           $4,
           case when p.hot then $5 else ($2::text[])[1 + p.id % ${PETITION_TITLES.length}] || ' ' || p.id end || ' ' || $6 || ' ',
           (p.community_id - 1) * ${DEFAULT_CATEGORIES.length} + 1 + p.id % ${DEFAULT_CATEGORIES.length},
           p.status,
           p.threshold, 90, false, 10,
           p.submitted_at, p.submitted_at + interval '2 days',
           case when p.status not in ('moderation', 'rejected') then p.submitted_at + interval '2 days' end,
           case when p.status not in ('moderation', 'rejected') then p.submitted_at + interval '92 days' end,
           case when p.status = 'rejected' then p.submitted_at + interval '1 day' end,
           case when p.status = 'rejected' then 'competence' end,
           case when p.status in ('consideration', 'answered') then p.submitted_at + interval '92 days' end,
           case when p.status in ('consideration', 'answered') then p.submitted_at + interval '106 days' end,
           case when p.status = 'failed' then p.submitted_at + interval '92 days' end,
           case when p.status = 'answered' then p.submitted_at + interval '102 days' end,
           case when p.status = 'answered' then 'Рада розглянула петицію на засіданні та ухвалила рішення.' end,
           case when p.status = 'answered' then (array['supported', 'not_supported', 'partially'])[1 + p.id % 3] end,
           case when p.status = 'answered' then 'Петренко Іван Васильович' end,
           case when p.status = 'answered' then 'Міський голова' end
         from bench.petition_plan p
         join bench.community_users r on r.community_id = p.community_id
         cross join lateral (select r.first_user + p.off as u) a`,
        [PETITION_TITLES, titleWords, HOT_TITLE, PETITION_BODY, searchTextOf(HOT_TITLE, '').trimEnd(), bodyWords],
      );
      await timed(
        c,
        'petition_signatures',
        `insert into petition_signatures (community_id, petition_id, person_key, user_id, signer_name, signed_at, ip_prefix, account_created_at)
         select p.community_id, p.id, bench.person_key(x.u), x.u, bench.full_name(x.u),
           case when p.status in ('moderation', 'rejected') then p.submitted_at
                else p.submitted_at + interval '2 days'
                     + (k::float8 / p.n) * least(interval '90 days', $1::timestamptz - (p.submitted_at + interval '2 days')) end,
           bench.ip_prefix(x.u), bench.user_created(x.u)
         from bench.petition_plan p
         join bench.community_users r on r.community_id = p.community_id
         cross join lateral generate_series(0, p.n - 1) k
         cross join lateral (select r.first_user + ((p.off + k) % r.n_users) as u) x`,
        [now],
      );
      // Each petition's count, in slot 0 of its counter slots (issue #19), equal to its rows.
      await timed(
        c,
        'petition_signature_slots',
        `insert into petition_signature_slots (petition_id, slot, counted) select id, 0, n from bench.petition_plan where n > 0`,
      );
    };

    const consultations = async (c: pg.Client) => {
      const N = v.consultations;
      await run(c, 'select setseed(0.2028)');
      await run(
        c,
        `create table bench.item_plan as
         select i as id, bench.community_of(i, $1) as community_id,
           case when i % 10 < 5 then 'poll' when i % 10 < 9 then 'consultation' else 'act' end as kind,
           $2::timestamptz - (($1 - i + 1)::float8 / $1) * interval '1095 days' as starts_at,
           random() ^ 4 as w, 0 as n, 0 as off
         from generate_series(1, $1) i`,
        [N, now],
      );
      // Responses go to polls, comments to consultations and draft acts, each by its share of the weight.
      await run(
        c,
        `with s as (select kind = 'poll' as poll, sum(w) as total from bench.item_plan group by 1)
         update bench.item_plan p set
           n = least(r.n_users, round(p.w * (case when p.kind = 'poll' then $1::float8 else $2::float8 end) / s.total)::int),
           off = ((p.id::bigint * 104729) % r.n_users)::int
         from s, bench.community_users r
         where r.community_id = p.community_id and s.poll = (p.kind = 'poll')`,
        [v.pollResponses, v.comments],
      );
      const titles = [
        'Концепція розвитку громадського транспорту',
        'Правила благоустрою території громади',
        'Програма підтримки ветеранів',
        'Стратегія розвитку громади до 2030 року',
        'Схема розміщення тимчасових споруд',
      ];
      await timed(
        c,
        'consultation_items',
        `insert into consultation_items (id, community_id, kind, title, description, search_text, category, starts_at, ends_at, published_at,
           act_text, created_at, updated_at)
         overriding system value
         select p.id, p.community_id, p.kind, ($1::text[])[1 + p.id % ${titles.length}] || ' (№' || p.id || ')',
           'Запрошуємо мешканців висловити думку щодо документа. Результати буде враховано під час ухвалення рішення.',
           ($2::text[])[1 + p.id % ${titles.length}] || ' ' || p.id,
           ($3::text[])[1 + p.id % 11], p.starts_at, p.starts_at + interval '30 days', p.starts_at,
           case when p.kind = 'act' then 'Стаття 1. Загальні положення. Стаття 2. Порядок застосування.' end,
           p.starts_at - interval '2 days', p.starts_at
         from bench.item_plan p`,
        [
          titles,
          titles.map((t) => searchFold(`${t} Запрошуємо мешканців висловити думку щодо документа`)),
          ['governance', 'urban', 'transport', 'education', 'health', 'social', 'culture', 'environment', 'economy', 'digital', 'other'],
        ],
      );
      await timed(
        c,
        'consultation_questions',
        `insert into consultation_questions (id, community_id, item_id, position, type, text) overriding system value
         select id, community_id, id, 0, 'single', 'Чи підтримуєте ви запропоноване рішення?' from bench.item_plan where kind = 'poll'`,
      );
      await timed(
        c,
        'consultation_options',
        `insert into consultation_options (id, community_id, question_id, position, label) overriding system value
         select (p.id - 1) * 4 + k + 1, p.community_id, p.id, k, ($1::text[])[k + 1]
         from bench.item_plan p, generate_series(0, 3) k where p.kind = 'poll'`,
        [['Так', 'Скоріше так', 'Скоріше ні', 'Ні']],
      );
      await timed(
        c,
        'consultation_responses',
        `insert into consultation_responses (community_id, item_id, identity, user_id, answers, created_at)
         select p.community_id, p.id, bench.person_key(x.u), x.u,
           jsonb_build_object(p.id::text, jsonb_build_object('type', 'single', 'optionId', (p.id - 1) * 4 + 1 + x.u % 4, 'other', null)),
           p.starts_at + (k::float8 / p.n) * least(interval '30 days', $1::timestamptz - p.starts_at)
         from bench.item_plan p
         join bench.community_users r on r.community_id = p.community_id
         cross join lateral generate_series(0, p.n - 1) k
         cross join lateral (select r.first_user + ((p.off + k) % r.n_users) as u) x
         where p.kind = 'poll'`,
        [now],
      );
      await timed(
        c,
        'consultation_comments',
        `insert into consultation_comments (community_id, item_id, author_user_id, author_name, body, created_at)
         select p.community_id, p.id, x.u, bench.full_name(x.u),
           'Пропоную доповнити документ пунктом про звітування перед мешканцями щопівроку.',
           p.starts_at + (k::float8 / p.n) * least(interval '30 days', $1::timestamptz - p.starts_at)
         from bench.item_plan p
         join bench.community_users r on r.community_id = p.community_id
         cross join lateral generate_series(0, p.n - 1) k
         cross join lateral (select r.first_user + ((p.off + k) % r.n_users) as u) x
         where p.kind <> 'poll'`,
        [now],
      );
    };

    const openCity = async (c: pg.Client) => {
      const R = v.openCityReports;
      await timed(
        c,
        'oc_reports',
        `insert into oc_reports (id, community_id, category_id, department_id, status, title, description, address, lat, lng,
           reporter_user_id, reporter_name, show_name, source, token, created_at, updated_at, deadline_at, resolved_at, asked_at)
         overriding system value
         select g.i, g.c, (g.c - 1) * 3 + 2 + g.i % 2, g.c, g.status,
           case when g.i % 2 = 0 then 'Яма на проїжджій частині' else 'Не працює вуличний ліхтар' end || ' №' || g.i,
           'Проблема існує вже кілька тижнів, просимо усунути.',
           'вул. Шевченка, ' || (1 + g.i % 200),
           s.center_lat + ((g.i * 13) % 200 - 100) / 2000.0, s.center_lng + ((g.i * 17) % 200 - 100) / 2000.0,
           r.first_user + ((g.i::bigint * 7919) % r.n_users)::int, bench.full_name(r.first_user + ((g.i::bigint * 7919) % r.n_users)::int),
           g.i % 3 = 0, 'web', 'bench' || lpad(g.i::text, 10, '0'),
           g.created, g.created + interval '3 days', g.created + interval '30 days',
           case when g.status = 'resolved' then g.created + interval '12 days' end,
           -- Reports open for four weeks were asked about already: the app's tick has nothing to catch up on.
           case when g.status in ('accepted', 'in_progress') and g.created < $2::timestamptz - interval '28 days' then g.created + interval '28 days' end
         from (
           select i, bench.community_of(i, $1) as c,
             $2::timestamptz - (($1 - i + 1)::float8 / $1) * interval '1095 days' as created,
             case when $2::timestamptz - (($1 - i + 1)::float8 / $1) * interval '1095 days' > $2::timestamptz - interval '3 days' then 'new'
                  else (array['resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved',
                              'in_progress', 'in_progress', 'in_progress', 'accepted', 'accepted', 'rejected', 'rejected', 'not_resolved', 'duplicate', 'not_competent'])[1 + i % 20] end as status
           from generate_series(1, $1) i
         ) g
         join bench.community_users r on r.community_id = g.c
         join oc_settings s on s.community_id = g.c`,
        [R, now],
      );
    };

    const budgets = async (c: pg.Client) => {
      await run(
        c,
        `create table bench.contest_plan (id int primary key, community_id int, current boolean, n int, off int, ballot_base bigint,
           ppc int, nadm int, project_base int, submission_from timestamptz, submission_to timestamptz, review_to timestamptz,
           voting_from timestamptz, voting_to timestamptz, results_from timestamptz, implementation_from timestamptz)`,
      );
      await run(
        c,
        `insert into bench.contest_plan select * from unnest($1::int[], $2::int[], $3::boolean[], $4::int[], $5::int[], $6::bigint[], $7::int[], $8::int[], $9::int[],
           $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[], $14::timestamptz[], $15::timestamptz[], $16::timestamptz[])`,
        [
          contests.map((x) => x.id),
          contests.map((x) => x.communityId),
          contests.map((x) => x.current),
          contests.map((x) => x.ballots),
          contests.map((x) => x.voterOffset),
          contests.map((x) => x.ballotBase),
          contests.map((x) => x.projects),
          contests.map((x) => x.projects - Math.floor(x.projects / 10)),
          contests.map((x) => x.projectBase),
          contests.map((x) => x.submissionFrom),
          contests.map((x) => x.submissionTo),
          contests.map((x) => x.reviewTo),
          contests.map((x) => x.votingFrom),
          contests.map((x) => x.votingTo),
          contests.map((x) => x.resultsFrom),
          contests.map((x) => x.implementationFrom),
        ],
      );
      await timed(
        c,
        'budget_contests',
        `insert into budget_contests (id, community_id, title, description, total_budget, submission_from, submission_to, review_to,
           voting_from, voting_to, results_from, implementation_from, allow_email, residents_only, ballot_mode, max_total, winner_rule,
           public_counts, published, results_published_at, created_at)
         overriding system value
         select id, community_id, 'Громадський бюджет ' || extract(year from voting_from), 'Конкурс проєктів громадського бюджету.',
           1000000000, submission_from, submission_to, review_to, voting_from, voting_to, results_from, implementation_from,
           false, true, 'approval', 5, 'greedy', true, true, case when not current then results_from end, submission_from - interval '30 days'
         from bench.contest_plan`,
      );
      await timed(
        c,
        'budget_categories',
        `insert into budget_categories (id, community_id, contest_id, code, name, budget, min_cost, max_cost, position) overriding system value
         select (p.id - 1) * 3 + k + 1, p.community_id, p.id, chr(65 + k), ($1::text[])[k + 1], 333333333, 0, 333333333, k
         from bench.contest_plan p, generate_series(0, 2) k`,
        [['Малі проєкти', 'Великі проєкти', 'Освіта']],
      );
      await timed(
        c,
        'budget_projects',
        `insert into budget_projects (id, community_id, contest_id, category_id, code, title, problem, solution, location, cost, status,
           author_user_id, author_name, submitted_at, created_at, updated_at)
         overriding system value
         select p.project_base + q + 1, p.community_id, p.id, (p.id - 1) * 3 + 1 + q % 3, chr(65 + q % 3) || '-' || (q + 1),
           ($1::text[])[1 + q % 5] || ' №' || (q + 1),
           'Територія потребує оновлення.', 'Облаштувати простір для мешканців.', 'вул. Соборна, ' || (q + 1),
           (100000 + (q::bigint * 7919) % 900000) * 100,
           case when q % 10 = 9 then 'rejected' else 'admitted' end,
           r.first_user + ((q::bigint * 104729 + p.id) % r.n_users)::int, bench.full_name(r.first_user + ((q::bigint * 104729 + p.id) % r.n_users)::int),
           p.submission_from + interval '5 days', p.submission_from + interval '5 days', p.review_to
         from bench.contest_plan p
         join bench.community_users r on r.community_id = p.community_id
         cross join lateral generate_series(0, p.ppc - 1) q`,
        [['Сучасний дитячий майданчик', 'Оновлення шкільного спортзалу', 'Сквер для відпочинку', 'Велопарковки біля ЦНАП', 'Обладнання для бібліотеки']],
      );
      await timed(
        c,
        'budget_ballots',
        `insert into budget_ballots (id, community_id, contest_id, voter_key, channel, receipt, cast_at)
         overriding system value
         select p.ballot_base + k + 1, p.community_id, p.id, bench.person_key(x.u), 'web', 'B' || (p.ballot_base + k + 1),
           p.voting_from + (k::float8 / p.n) * (least(p.voting_to, $1::timestamptz) - p.voting_from)
         from bench.contest_plan p
         join bench.community_users r on r.community_id = p.community_id
         cross join lateral generate_series(0, p.n - 1) k
         cross join lateral (select r.first_user + ((p.off + k) % r.n_users) as u) x`,
        [now],
      );
      // One to three admitted projects a ballot; the j-th admitted project of a contest is q = a + a / 9.
      await timed(
        c,
        'budget_ballot_choices',
        `insert into budget_ballot_choices (ballot_id, community_id, contest_id, category_id, project_id)
         select p.ballot_base + k + 1, p.community_id, p.id, (p.id - 1) * 3 + 1 + q.q % 3, p.project_base + q.q + 1
         from bench.contest_plan p
         cross join lateral generate_series(0, p.n - 1) k
         cross join lateral generate_series(0, k % 3) j
         cross join lateral (select ((k::bigint * 2654435761 + j) % p.nadm)::int as a) a
         cross join lateral (select a.a + a.a / 9 as q) q`,
      );
    };

    type Group = { name: string; run: (c: pg.Client) => Promise<void> };
    // Users first: in one lane (foreign keys checked) everything else points at them.
    const groups: Group[] = [
      { name: 'users', run: users },
      { name: 'petitions', run: petitions },
    ];
    if (has.budgets) groups.push({ name: 'budgets', run: budgets });
    if (has.consultations) groups.push({ name: 'consultations', run: consultations });
    if (has.openCity) groups.push({ name: 'open city', run: openCity });
    await inLanes(clients, groups, async (c, g) => g.run(c));

    // ---- Indexes back, biggest tables first so the two lanes finish together ----
    log('  rebuilding indexes and constraints …');
    const sizes = new Map(
      (
        await main.query<{ t: string; n: number }>(`select relname as t, pg_relation_size(oid)::float8 as n from pg_class where relname = any($1)`, [bigTables])
      ).rows.map((r) => [r.t, r.n]),
    );
    const ordered = [...dropped].sort((a, b) => (sizes.get(b.table) ?? 0) - (sizes.get(a.table) ?? 0));
    const perTable = new Map<string, number>();
    await inLanes(clients, ordered, async (c, d) => {
      const s = performance.now();
      await run(c, d.recreate);
      perTable.set(d.table, (perTable.get(d.table) ?? 0) + (performance.now() - s) / 1000);
    });
    const indexTimings = [...perTable].map(([table, seconds]) => ({ table, rows: dropped.filter((d) => d.table === table).length, seconds }));
    for (const t of indexTimings) log(`  ${`${t.table} (${t.rows} idx)`.padEnd(28, '.')} ${''.padStart(16)} ${t.seconds.toFixed(1).padStart(7)} s`);

    // Identity sequences continue after the ids we chose, so the app's own inserts do not collide.
    const identities = await main.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns where table_schema = 'public' and is_identity = 'YES'`,
    );
    for (const col of identities.rows) {
      await run(
        main,
        `select setval(pg_get_serial_sequence('public.${col.table_name}', '${col.column_name}'), greatest(1, (select max(${col.column_name}) from public.${col.table_name})))`,
      );
    }
    await run(main, 'drop schema bench cascade');

    // The statistics counters (src/core/stats-counters) are kept by triggers, which the load skipped:
    // each tool's backfill recounts them from the rows, as its migration did.
    const c0 = performance.now();
    const backfills = (await main.query<{ name: string }>(`select proname as name from pg_proc where proname like 'stats\\_backfill\\_%' order by 1`)).rows.map(
      (r) => r.name,
    );
    await inLanes(clients, backfills, async (c, f) => {
      await run(c, `select ${f}()`);
    });
    log(`  ${'statistics counters'.padEnd(28, '.')} ${''.padStart(16)} ${((performance.now() - c0) / 1000).toFixed(1).padStart(7)} s`);

    // A production database has been vacuumed by autovacuum long ago: visibility map and statistics set.
    log('  vacuum analyze …');
    const v0 = performance.now();
    await inLanes(clients, bigTables, async (c, t) => {
      await run(c, `vacuum (analyze) ${t}`);
    });
    await run(main, 'analyze');
    try {
      await run(main, 'checkpoint');
    } catch {
      // Not allowed without rights; the first runs then share the disk with a checkpoint.
    }
    const vacuumSeconds = (performance.now() - v0) / 1000;
    log(`  ${'vacuum analyze, checkpoint'.padEnd(28, '.')} ${''.padStart(16)} ${vacuumSeconds.toFixed(1).padStart(7)} s`);

    const counted: Record<string, number> = {};
    for (const t of ['communities', ...bigTables]) {
      counted[t] = (await main.query<{ n: number }>(`select count(*)::int as n from ${t}`)).rows[0]?.n ?? 0;
    }

    const signStart = big.firstUser + v.hotInitialSignatures;
    const signCount = Math.min(v.signPool, big.users - v.hotInitialSignatures);
    const hotContest = contests.find((x) => x.current && x.communityId === 1) ?? null;
    const hot: HotTargets = {
      communityId: 1,
      slug: HOT_SLUG,
      petitionId: hotId,
      twinPetitionId: twinId,
      spareHotPetitionId: spareId,
      initialSignatures: v.hotInitialSignatures,
      signPool: Array.from({ length: signCount }, (_, i) => signStart + i),
      contest: hotContest
        ? {
            id: hotContest.id,
            initialBallots: hotContest.ballots,
            projectIds: Array.from(
              { length: hotContest.projects - Math.floor(hotContest.projects / 10) },
              (_, a) => hotContest.projectBase + admittedIndex(a) + 1,
            ),
            votePool: Array.from({ length: Math.min(v.votePool, big.users - hotContest.ballots) }, (_, i) => big.firstUser + hotContest.ballots + i),
          }
        : null,
      someResident: (i) => big.firstUser + (i % big.users),
    };
    return {
      timings,
      indexTimings,
      vacuumSeconds,
      totalSeconds: (performance.now() - t0) / 1000,
      hot,
      rows: counted,
      lanes,
      fkChecksSkipped,
    };
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}
