/**
 * The authorization matrix: for each state-changing route, who may use it, and how to call it with
 * plausible values pointing at real demo objects of Lviv. Each module owns its entries in
 * test/hostile/matrix/<module>.ts; this file holds their shape and the runner.
 *
 * What counts as a refusal (the rule the whole matrix follows):
 *   - 401 or 403 — for everyone;
 *   - a 303 to /auth/sign-in — for the anonymous browser (forms that send a signed-out person to sign in);
 *   - 404 — only for the roles an entry names in `hiddenFrom`: the object itself is invisible to them
 *     (a draft, a report not yet accepted, someone else's draft project), so the answer does not even
 *     confirm that it exists;
 *   - for secrets (a link from an e-mail, a voting code): 404 for an unknown one, or what the entry
 *     documents in `refusedWith`.
 * An allowed role must get none of these (a 400/409/422 for an incomplete body or the object's state is
 * fine: it is not a refusal; a 404 is not, as it means the entry points at nothing), and nobody may ever
 * get a 5xx.
 *
 * Refused requests always carry a complete, valid body, so a missing check would let them succeed; all of
 * them run first, between two fingerprints of the whole database, which must be equal. In the same window
 * run two kinds of probes: `outOfScope` (an allowed role on an object outside its scope — another school,
 * another department's report — must be refused too) and the cross-community probes (a moderator of Bila
 * Tserkva, in /bila-tserkva/ pages where they have every right, sends the request that points at Lviv's
 * objects: whatever the status, nothing may change). Allowed roles then send `harmless` (an incomplete
 * body the route rejects after authorizing) where an entry has one, so that requests do not destroy what
 * later checks need; entries marked `last` run at the very end.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../../helpers/test-app.js';
import { signInAll, type Actors, type Req } from './actors.js';
import { changedTables, fingerprint } from './fingerprint.js';
import { appWithRoutes, type CollectedRoute } from './routes.js';
import { KEY_ROLES, SECRET_ROLES, ROLES, type KeyRole, type SecretRole, type Role } from './roles.js';

export interface MatrixContext {
  t: TestApp;
  actors: Actors;
}

interface EntryBase {
  /** "POST /:slug/petitions/:id/sign": the method and the route pattern, as the app registers it. */
  route: string;
  /** The permission key the route names (`config.permission`), declared in the module's manifest or the core's table. */
  permission: string;
  /** Why the entry is as it is, when that is not obvious. */
  note?: string;
  /** Run after every other entry of the module (it ends a session, or similar). */
  last?: boolean;
}

/** A route used from a browser session (cookies + CSRF token). */
export interface SessionEntry<F> extends EntryBase {
  auth?: 'session';
  allowed: readonly Role[];
  /** Refused roles that get 404 because the object is hidden from them. */
  hiddenFrom?: readonly Role[];
  /** A complete, valid request (refused roles always send this one). */
  request(fx: F, role: Role): Req;
  /** What allowed roles send instead: authorized, then rejected as incomplete, so nothing is destroyed. */
  harmless?(fx: F, role: Role): Req;
  /** The form names Lviv's objects by id (the path does not): try it from another community too. */
  objectsInForm?: boolean;
  /**
   * The same route, by a role the entry allows, on an object outside that role's scope (another school,
   * a report of another department): refused (401/403/404, or the documented `refusedWith`), nothing changed.
   */
  outOfScope?: readonly { role: Role; why: string; request(fx: F): Req; refusedWith?: readonly number[] }[];
}

/** A route of an API authenticated by a key (no cookies, no CSRF token). */
export interface KeyEntry<F> extends EntryBase {
  auth: 'api-key';
  allowed: readonly KeyRole[];
  request(fx: F, key: KeyRole): Req;
}

/** A route authorized by a secret the caller holds (a link from an e-mail, a one-time voting code). */
export interface SecretEntry<F> extends EntryBase {
  auth: 'secret';
  allowed: readonly SecretRole[];
  /** The statuses that refuse an unknown secret, when not 404, and why. */
  refusedWith?: { statuses: readonly number[]; why: string };
  request(fx: F, secret: SecretRole): Req;
  harmless?(fx: F, secret: SecretRole): Req;
}

export type Entry<F> = SessionEntry<F> | KeyEntry<F> | SecretEntry<F>;

export interface MatrixModule<F> {
  name: string;
  /** Finds or makes the demo objects the entries point at (through the database of the test app). */
  setup(c: MatrixContext): Promise<F>;
  entries: readonly Entry<F>[];
}

export type AnyModule = MatrixModule<unknown>;

/** Keeps a module's fixture type while listing it among the others. */
export function defineModule<F>(m: MatrixModule<F>): AnyModule {
  return m as unknown as AnyModule;
}

type Caller = Role | KeyRole | SecretRole;

function callersOf(e: Entry<unknown>): readonly Caller[] {
  return e.auth === 'api-key' ? KEY_ROLES : e.auth === 'secret' ? SECRET_ROLES : ROLES;
}

function describeResponse(res: LightMyRequestResponse): string {
  const where = res.headers.location ? ` → ${String(res.headers.location)}` : '';
  return `${res.statusCode}${where}${res.statusCode >= 300 && res.statusCode < 400 ? '' : ` «${messageOf(res)}»`}`;
}

/** What a response says: the JSON error, or the page's lead paragraph (error pages), or its heading. */
export function messageOf(res: LightMyRequestResponse): string {
  if (String(res.headers['content-type'] ?? '').includes('json')) return res.body.slice(0, 200);
  const pick = (re: RegExp) =>
    re
      .exec(res.body)?.[1]
      ?.replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return (pick(/<p class="lead"[^>]*>([\s\S]*?)<\/p>/) || pick(/<h1[^>]*>([\s\S]*?)<\/h1>/) || res.body.slice(0, 120)).slice(0, 200);
}

function toSignIn(res: LightMyRequestResponse): boolean {
  return res.statusCode === 303 && String(res.headers.location ?? '').startsWith('/auth/sign-in');
}

/** Null when the response is what the matrix says; otherwise what is wrong. */
export function judge(e: Entry<unknown>, caller: Caller, allowed: boolean, res: LightMyRequestResponse): string | null {
  const s = res.statusCode;
  if (s >= 500) return `server error ${describeResponse(res)}`;
  const secret = e.auth === 'secret';
  if (allowed) {
    const refused = s === 401 || s === 403 || s === 404 || toSignIn(res);
    return refused ? `allowed, but refused: ${describeResponse(res)}` : null;
  }
  if (secret) {
    const ok = (e.refusedWith?.statuses ?? [404]).includes(s);
    return ok ? null : `not allowed, but got ${describeResponse(res)}`;
  }
  if (s === 401 || s === 403) return null;
  if (caller === 'anonymous' && toSignIn(res)) return null;
  if (s === 404 && e.auth !== 'api-key' && (e.hiddenFrom ?? []).includes(caller as Role)) return null;
  return `not allowed, but got ${describeResponse(res)}`;
}

async function perform(c: MatrixContext, e: Entry<unknown>, fx: unknown, caller: Caller, allowed: boolean): Promise<LightMyRequestResponse> {
  if (e.auth === 'api-key') return c.actors.anonymous.send(e.request(fx, caller as KeyRole), 'none');
  if (e.auth === 'secret') {
    const make = allowed && e.harmless ? e.harmless.bind(e) : e.request.bind(e);
    return c.actors.anonymous.send(make(fx, caller as SecretRole));
  }
  const make = allowed && e.harmless ? e.harmless.bind(e) : e.request.bind(e);
  return c.actors[caller as Role].send(make(fx, caller as Role));
}

const ELSEWHERE = 'bila-tserkva';

/**
 * Whether an entry points at an object of Lviv (by a path parameter besides the community, or by ids in
 * the form): then another community's moderator tries it through their own community's pages, where
 * they do have rights, and Lviv's object must stay untouched whatever the answer.
 */
function crossCommunity(e: Entry<unknown>): e is SessionEntry<unknown> {
  if (e.auth === 'api-key' || e.auth === 'secret' || !e.route.startsWith('POST /:slug/')) return false;
  return e.objectsInForm === true || /:(?!slug\b)\w+/.test(e.route.slice('POST /:slug/'.length));
}

export interface ModuleOutcome {
  failures: string[];
  /** One line per route: its permission key, each caller and the status it got (✗ refused, ✓ allowed). */
  table: string[];
}

export interface MatrixRun {
  /** The state-changing routes the app serves. */
  routes: CollectedRoute[];
  outcomes: Map<string, ModuleOutcome>;
}

/** A module ready to run: its fixtures made (or why they could not be), its entries for the served routes. */
export interface PreparedModule {
  m: AnyModule;
  fx: unknown;
  entries: readonly Entry<unknown>[];
  setupError: string | null;
}

export interface Prepared {
  t: TestApp;
  routes: CollectedRoute[];
  c: MatrixContext;
  modules: PreparedModule[];
}

/** One fresh app, every role signed in, every module's fixtures. The caller closes `t`. */
export async function prepare(modules: readonly AnyModule[]): Promise<Prepared> {
  const { t, routes } = await appWithRoutes();
  try {
    const c: MatrixContext = { t, actors: await signInAll(t) };
    const existing = new Set(routes.map((r) => r.key));
    const out: PreparedModule[] = [];
    for (const m of modules) {
      // A module whose fixtures cannot be made fails on its own; the others still run.
      try {
        out.push({ m, fx: await m.setup(c), entries: m.entries.filter((e) => existing.has(e.route)), setupError: null });
      } catch (e) {
        out.push({ m, fx: null, entries: [], setupError: `setting up the fixtures failed: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    return { t, routes, c, modules: out };
  } catch (e) {
    await t.close();
    throw e;
  }
}

/**
 * Runs every module's entries against one fresh app (one app keeps the run short; the modules' requests
 * are made not to disturb each other): all fixtures, then every refused caller of every module (each
 * module's batch between two fingerprints), then every allowed caller, then the entries marked `last`.
 */
export async function runMatrix(modules: readonly AnyModule[]): Promise<MatrixRun> {
  const { t, routes, c, modules: plan } = await prepare(modules);
  try {
    const failures = new Map(plan.map((p) => [p.m.name, p.setupError ? [p.setupError] : []]));
    const cells = new Map<string, string[]>();
    const record = (p: PreparedModule, e: Entry<unknown>, caller: Caller, allowed: boolean, res: LightMyRequestResponse) => {
      const list = cells.get(e.route) ?? [];
      list.push(`${caller} ${allowed ? '✓' : '✗'}${res.statusCode}`);
      cells.set(e.route, list);
      const wrong = judge(e, caller, allowed, res);
      if (wrong) failures.get(p.m.name)!.push(`${e.route} × ${caller}: ${wrong}`);
    };

    for (const p of plan) {
      const before = await fingerprint(t.ctx.db);
      for (const e of p.entries) {
        for (const caller of callersOf(e).filter((x) => !(e.allowed as readonly Caller[]).includes(x))) {
          record(p, e, caller, false, await perform(c, e, p.fx, caller, false));
        }
      }
      for (const e of p.entries) {
        if (e.auth === 'api-key' || e.auth === 'secret') continue;
        for (const probe of e.outOfScope ?? []) {
          const res = await c.actors[probe.role].send(probe.request(p.fx));
          const list = cells.get(e.route) ?? [];
          list.push(`${probe.role}@out-of-scope ✗${res.statusCode}`);
          cells.set(e.route, list);
          if (!(probe.refusedWith ?? [401, 403, 404]).includes(res.statusCode))
            failures.get(p.m.name)!.push(`${e.route} × ${probe.role} out of scope (${probe.why}): not refused, got ${describeResponse(res)}`);
        }
      }
      const changed = changedTables(before, await fingerprint(t.ctx.db));
      if (changed.length) failures.get(p.m.name)!.push(`refused requests changed stored data: ${changed.join(', ')}`);

      // Another community's moderator, in their own community's pages, pointing at Lviv's objects.
      const probes = p.entries.filter(crossCommunity);
      const beforeProbes = await fingerprint(t.ctx.db);
      for (const e of probes) {
        const req = e.request(p.fx, 'moderator-elsewhere');
        const res = await c.actors['moderator-elsewhere'].send({ ...req, url: req.url.replace(/^\/lviv\//, `/${ELSEWHERE}/`) });
        const list = cells.get(e.route) ?? [];
        list.push(`moderator-elsewhere@${ELSEWHERE} ${res.statusCode}`);
        cells.set(e.route, list);
        if (res.statusCode >= 500) failures.get(p.m.name)!.push(`${e.route} × moderator-elsewhere in /${ELSEWHERE}/: server error ${describeResponse(res)}`);
      }
      const leaked = changedTables(beforeProbes, await fingerprint(t.ctx.db));
      if (leaked.length) {
        failures
          .get(p.m.name)!
          .push(`Lviv's objects changed through /${ELSEWHERE}/ pages (${leaked.join(', ')}) by one of: ${probes.map((e) => e.route).join('; ')}`);
      }
    }
    for (const last of [false, true]) {
      for (const p of plan) {
        for (const e of p.entries.filter((x) => !!x.last === last)) {
          for (const caller of e.allowed as readonly Caller[]) record(p, e, caller, true, await perform(c, e, p.fx, caller, true));
        }
      }
    }
    return {
      routes,
      outcomes: new Map(
        plan.map((p) => [
          p.m.name,
          { failures: failures.get(p.m.name)!, table: p.entries.map((e) => `${e.route} [${e.permission}]: ${(cells.get(e.route) ?? []).join(', ')}`) },
        ]),
      ),
    };
  } finally {
    await t.close();
  }
}
