/**
 * What the system tests share: real app processes (`node --import tsx src/main.ts`, as `npm run dev`
 * starts it) on free ports, a fresh database for each run, people made directly in the database, and a
 * visitor that talks HTTP to any instance the way a browser does (cookies, CSRF token, no redirects
 * followed, so every 303 is seen).
 */
import { randomBytes } from 'node:crypto';
import { exited, signalGroup, sleep, spawnApp, waitForExit } from '../../helpers/processes.js';
import { sql } from 'kysely';
import { loadConfig, type Config } from '../../../src/core/config.js';
import { openMigratedDatabase } from '../../../src/core/bootstrap.js';
import type { CoreContext } from '../../../src/core/context.js';
import type { Database, Db } from '../../../src/core/db/database.js';
import { seedDemo } from '../../../src/core/demo/seed.js';
import { inTransaction } from '../../../src/core/db/transaction.js';
import { demoCommunities, demoSettlementCode } from '../../../src/core/demo/communities.js';
import { findCommunityBySlug } from '../../../src/core/communities/communities-repository.js';
import { loadViewer } from '../../../src/core/users/users-repository.js';
import { randomToken, sha256, SESSION_COOKIE, SESSION_DAYS } from '../../../src/core/sessions/sessions.js';
import { modules } from '../../../src/modules/index.js';
import { loadCategories, loadSettings } from '../../../src/modules/petitions/repository.js';
import { publishPetition, submitPetition } from '../../../src/modules/petitions/service.js';
import { addCategory, createContest, findContest, findProject, listCategories, reviewProject, saveProject } from '../../../src/modules/budgets/index.js';
import { OWNER } from '../../../src/modules/budgets/access.js';
import { createContext, createLogger } from '../../../src/server.js';
import { CookieJar } from '../../helpers/cookie-jar.js';

export { ROOT, sleep, freePorts, freshPostgresDatabase, type FreshDatabase } from '../../helpers/processes.js';

// ---- App processes ----

export interface AppProcess {
  name: string;
  url: string;
  /** The tail of what the process printed, for failure messages. */
  output(): string;
  /** SIGKILL at once, as a power cut or the OOM killer would: no graceful shutdown at all. */
  kill(): Promise<void>;
  /** SIGTERM (graceful: requests in flight finish, the database is closed), SIGKILL if it hangs. */
  stop(): Promise<void>;
}

export interface AppOptions {
  name: string;
  port: number;
  /** What the app reads from its environment; everything else that could leak in from ours is removed. */
  env: Record<string, string>;
  startTimeoutMs?: number;
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Variables of ours that must not reach the app unless a test sets them. */
const APP_VARIABLES = [
  'DATABASE_URL',
  'DATA_DIR',
  'SECRET_KEY',
  'DEMO',
  'SMTP_URL',
  'SMS_URL',
  'SMS_TOKEN',
  'IDGOVUA_BASE_URL',
  'EMULATOR_PORT',
  'PUBLIC_URL',
  'PORT',
  'HOST',
  'LOG_LEVEL',
];

export async function startAppProcess(opts: AppOptions): Promise<AppProcess> {
  const url = `http://127.0.0.1:${opts.port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of APP_VARIABLES) delete env[k];
  Object.assign(env, { PORT: String(opts.port), HOST: '127.0.0.1', PUBLIC_URL: url, LOG_LEVEL: 'warn', ...opts.env });
  // Its own process group, so that a kill reaches everything it started.
  const child = spawnApp(env, { keep: 6_000 });
  let gone = false;
  const kill = async () => {
    if (gone) return;
    gone = true;
    signalGroup(child.child, 'SIGKILL');
    await waitForExit(child.child, 10_000);
  };
  const stop = async () => {
    if (gone) return;
    gone = true;
    await child.stop(15_000);
  };
  const app: AppProcess = { name: opts.name, url, output: child.output, kill, stop };

  const deadline = Date.now() + (opts.startTimeoutMs ?? 120_000);
  try {
    while (!(await healthy(url))) {
      if (exited(child.child)) throw new Error(`${opts.name} exited during start (code ${String(child.child.exitCode)})`);
      if (Date.now() > deadline) throw new Error(`${opts.name} did not start within ${(opts.startTimeoutMs ?? 120_000) / 1000} s`);
      await sleep(200);
    }
  } catch (e) {
    await kill();
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- ${opts.name} output ---\n${child.output()}`);
  }
  return app;
}

// ---- The database, opened directly by the test ----

export interface Direct {
  ctx: CoreContext;
  db: Db;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

/** Opens (migrating) the database the app processes use, with their secret, from the test process. */
export async function openDirect(where: { databaseUrl: string | null; dataDir: string | null; secretKey: string }): Promise<Direct> {
  const config = loadConfig({
    DEMO: '0',
    SECRET_KEY: where.secretKey,
    LOG_LEVEL: 'silent',
    ...(where.databaseUrl ? { DATABASE_URL: where.databaseUrl } : {}),
    ...(where.dataDir ? { DATA_DIR: where.dataDir } : {}),
  });
  const database = await openMigratedDatabase(config, modules);
  const ctx = createContext({ config, database, logger: createLogger(config) });
  return { ctx, db: database.db, database, config, close: () => database.close() };
}

/** Communities and the demo people's roles only: the tests bring their own petitions. */
export async function seedCommunities(d: Direct): Promise<void> {
  await seedDemo(d.ctx, { modules: false });
}

export interface Person {
  userId: number;
  name: string;
  /** The session cookie's value. */
  session: string;
}

/**
 * Identity-level residents of one community with live sessions, made directly in the database: the rows
 * `browserForNewPerson` makes (and `createSession` would), but in one statement each, since hundreds of
 * round trips, let alone commits, would dominate the run on PGlite.
 */
export async function makePeople(d: Pick<Direct, 'db'>, slug: string, count: number, tag: string): Promise<Person[]> {
  const community = demoCommunities.find((c) => c.slug === slug);
  if (!community) throw new Error(`no demo community ${slug}`);
  const now = new Date();
  return inTransaction(d.db, async (trx) => {
    const users = await trx
      .insertInto('users')
      .values(
        Array.from({ length: count }, (_, i) => ({
          identity_key: `test:${randomBytes(12).toString('hex')}`,
          verification_level: 'idgovua' as const,
          auth_type: 'diia_id',
          last_name: `${tag}${i}`,
          first_name: 'Тест',
          patronymic: '',
          email: null,
          phone: null,
          birth_date: '1980-01-01',
          territorial_code: demoSettlementCode(community),
          last_sign_in_at: now,
        })),
      )
      .returning(['id', 'last_name'])
      .execute();
    const people = users.map((u) => ({ userId: u.id, name: `${u.last_name} Тест`, session: randomToken() }));
    await trx
      .insertInto('sessions')
      .values(people.map((p) => ({ id_hash: sha256(p.session), user_id: p.userId, expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000) })))
      .execute();
    // In the order asked for, whatever order the rows came back in.
    return people.sort((a, b) => Number(a.name.slice(tag.length).split(' ')[0]) - Number(b.name.slice(tag.length).split(' ')[0]));
  });
}

/** A petition submitted by `authorId` and published, collecting toward `threshold`. */
export async function openPetition(
  d: Pick<Direct, 'ctx' | 'db'>,
  a: { slug: string; authorId: number; moderatorId: number; threshold: number; title: string; email: string },
): Promise<number> {
  const community = await findCommunityBySlug(d.db, a.slug);
  const viewer = await loadViewer(d.db, a.authorId);
  if (!community || !viewer) throw new Error('no community or author');
  const settings = { ...(await loadSettings(d.db, community)), signatureThreshold: a.threshold };
  const [category] = await loadCategories(d.db, community.id);
  const id = await submitPetition(d.ctx, {
    community,
    viewer,
    settings,
    input: { title: a.title, body: 'Текст петиції для системної перевірки.', categoryId: category!.id, email: a.email },
    ip: '127.0.0.1',
  });
  if ((await publishPetition(d.ctx, { petitionId: id, community, moderatorId: a.moderatorId })) !== 'done') throw new Error('not published');
  return id;
}

/** The stored count and the rows behind it. */
export async function petitionCounts(db: Db, id: number): Promise<{ shown: number; rows: number; status: string }> {
  const r = await sql<{ shown: number; rows: number; status: string }>`
    select (select coalesce(sum(counted), 0)::int from petition_signature_slots where petition_id = petitions.id) as shown, status,
      (select count(*)::int from petition_signatures where petition_id = ${id} and invalidated_at is null) as rows
    from petitions where id = ${id}`.execute(db);
  return r.rows[0]!;
}

/**
 * A participatory-budget contest of the community in its voting phase (for three weeks from a day ago),
 * with one category and `projects` projects admitted to the ballot, made through the budget engine as
 * the moderator's forms would. At most two choices per ballot; residents from 16 vote.
 */
export async function openVotingContest(
  d: Pick<Direct, 'db'>,
  a: { slug: string; title: string; projects: number },
): Promise<{ contestId: number; projectIds: number[] }> {
  const community = await findCommunityBySlug(d.db, a.slug);
  if (!community) throw new Error(`no community ${a.slug}`);
  const now = new Date();
  const at = (days: number) => new Date(now.getTime() + days * 86_400_000);
  const contestId = await createContest(d.db, {
    communityId: community.id,
    owner: OWNER,
    actorUserId: null,
    now: at(-40),
    input: {
      title: a.title,
      description: 'Конкурс для системної перевірки.',
      totalBudget: 100_000_000_00,
      dates: {
        submissionFrom: at(-40),
        submissionTo: at(-30),
        supportTo: null,
        reviewTo: at(-2),
        votingFrom: at(-1),
        votingTo: at(20),
        resultsFrom: at(25),
        implementationFrom: at(30),
      },
      supportersNeeded: 0,
      eligibility: { allowEmail: false, residentsOnly: true, minAge: 16 },
      ballot: { mode: 'approval', maxPerCategory: 2, maxTotal: null },
      winnerRule: 'greedy',
      minVotes: 0,
      publicCounts: true,
      published: true,
    },
  });
  const contest = (await findContest(d.db, contestId))!;
  await addCategory(d.db, {
    contest,
    actorUserId: null,
    now: at(-40),
    input: { code: 'A', name: 'Усі проєкти', budget: 100_000_000_00, minCost: 1_00, maxCost: 10_000_000_00 },
  });
  const [category] = await listCategories(d.db, contestId);
  const projectIds: number[] = [];
  for (let i = 0; i < a.projects; i++) {
    const id = await saveProject(d.db, {
      contest,
      projectId: null,
      input: {
        categoryId: category!.id,
        title: `Проєкт для перевірки № ${i + 1}`,
        problem: 'Проблема, яку відчувають мешканці.',
        solution: 'Рішення, яке пропонують мешканці.',
        location: 'вул. Центральна, 1',
        lat: null,
        lng: null,
        beneficiaries: 'Мешканці',
        items: [{ item: 'Роботи', qtyMilli: 1000, unitPrice: 100_000_00 }],
        contingencyBp: 0,
        authorEmail: null,
        authorPhone: null,
      },
      author: { userId: null, name: 'Автор Тест' },
      onPaper: true,
      submit: true,
      actorUserId: null,
      now: at(-35),
    });
    if (
      !(await reviewProject(d.db, {
        project: (await findProject(d.db, id))!,
        category: category!,
        decision: 'admitted',
        note: null,
        correctedCost: null,
        costNote: null,
        actorUserId: null,
        now: at(-3),
      }))
    )
      throw new Error('not admitted');
    projectIds.push(id);
  }
  return { contestId, projectIds };
}

/** A contest's ballots as stored: rows, choices per project, rejected duplicates, distinct voters. */
export async function ballotCounts(db: Db, contestId: number): Promise<{ ballots: number; voters: number; choices: Record<number, number>; rejects: number }> {
  const b = await sql<{ ballots: number; voters: number; rejects: number }>`
    select count(*)::int as ballots, count(distinct voter_key)::int as voters,
      (select count(*)::int from budget_ballot_rejects where contest_id = ${contestId}) as rejects
    from budget_ballots where contest_id = ${contestId}`.execute(db);
  const c = await sql<{
    project_id: number;
    n: number;
  }>`select project_id, count(*)::int as n from budget_ballot_choices where contest_id = ${contestId} group by project_id`.execute(db);
  return { ...b.rows[0]!, choices: Object.fromEntries(c.rows.map((r) => [r.project_id, r.n])) };
}

/** The votes a project page shows while counts are public («N голосів» among its figures). */
export function shownVotes(html: string): number | null {
  // «<strong>1 024</strong> <span>голоси</span>»: digits grouped by spaces, the noun in its plural form.
  const m = /<strong>([\d\s\u00a0\u202f]+)<\/strong>\s*<span>голос(?:и|ів)?<\/span>/.exec(html);
  return m ? Number(m[1]!.replace(/\D/g, '')) : null;
}

// ---- A visitor over real HTTP ----

export interface Reply {
  status: number;
  location: string | null;
  body: string;
}

/** One person's browser: their session cookie, the browser cookie the app gives, the CSRF token. */
export class Visitor {
  readonly jar = new CookieJar();
  private token = '';
  constructor(readonly person: Person) {
    this.jar.store(`${SESSION_COOKIE}=${person.session}; Path=/`);
  }

  async get(base: string, path: string, timeoutMs = 60_000): Promise<Reply> {
    const res = await fetch(base + path, { headers: { cookie: this.jar.header() }, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    this.jar.store(res.headers.getSetCookie());
    return { status: res.status, location: res.headers.get('location'), body: await res.text() };
  }

  /** Reads the browser cookie and the token from a real page of that instance. */
  async fetchCsrf(base: string): Promise<void> {
    const page = await this.get(base, '/about');
    const m = /<meta name="csrf-token" content="([^"]+)"/.exec(page.body);
    if (page.status !== 200 || !m) throw new Error(`no CSRF token on ${base}/about (${page.status})`);
    this.token = m[1]!;
  }

  async post(base: string, path: string, form: Record<string, string> = {}, timeoutMs = 60_000): Promise<Reply> {
    const body = new URLSearchParams({ _csrf: this.token, ...form });
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { cookie: this.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    this.jar.store(res.headers.getSetCookie());
    return { status: res.status, location: res.headers.get('location'), body: await res.text() };
  }
}

/** Runs `fn` over `items` with at most `limit` at once. */
export async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!, i);
      }
    }),
  );
  return results;
}

/** The count a petition page shows in its progress line, «N з M підписів» (digits only). */
export function shownCount(html: string): number | null {
  const m = /<p class="progress-label">([\d\s\u00a0\u202f]+) з [\d\s\u00a0\u202f]+ підписів<\/p>/.exec(html);
  return m ? Number(m[1]!.replace(/\D/g, '')) : null;
}
