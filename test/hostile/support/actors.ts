/**
 * One signed-in browser per role, reused for every request of a test app, each from its own network
 * address (so per-network limits of one role never count another's requests). Requests go through
 * app.inject exactly as a browser sends them: cookies, a form (urlencoded or multipart) and the CSRF
 * token — the browser's own, none, or another browser's.
 */
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { demoPeople } from '../../../src/core/demo/people.js';
import { BROWSER_COOKIE } from '../../../src/core/security/csrf.js';
import type { TestApp, TestBrowser } from '../../helpers/test-app.js';
import type { FilePart } from '../../helpers/uploads.js';
import { PLAYED_BY, ROLES, type Role } from './roles.js';

/** One request of the matrix. A request with `files` (even an empty list) is sent as multipart/form-data. */
export interface Req {
  url: string;
  method?: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  form?: Record<string, string | string[]>;
  files?: FilePart[];
  /** A JSON body (the APIs); no CSRF field is added to it. */
  json?: unknown;
  headers?: Record<string, string>;
  /** Sent as text/plain (what a cross-site form with enctype="text/plain" can send), not urlencoded. */
  textPlain?: boolean;
}

/** Which CSRF token goes with a form: the browser's own, none at all, or one another browser was given. */
export type CsrfMode = 'own' | 'none' | 'foreign';

export class Actor {
  private token: string | null = null;
  constructor(
    readonly role: Role,
    private readonly t: TestApp,
    readonly browser: TestBrowser,
    readonly ip: string,
    /** The user's id; null for the anonymous browser. */
    readonly userId: number | null,
    private readonly foreignToken: () => Promise<string>,
  ) {}

  async csrfToken(): Promise<string> {
    this.token ??= await this.browser.csrfToken();
    return this.token;
  }

  async send(req: Req, csrf: CsrfMode = 'own'): Promise<LightMyRequestResponse> {
    // The token first: reading it gives a new browser its cookie, which the request must then carry.
    const token = csrf === 'own' ? await this.csrfToken() : csrf === 'foreign' ? await this.foreignToken() : null;
    if (csrf !== 'own' && !this.browser.jar.get(BROWSER_COOKIE)) await this.csrfToken();
    const headers: Record<string, string> = { cookie: this.browser.jar.header(), ...req.headers };
    let payload: string | Buffer | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(req.json);
    } else if (req.files) {
      const fd = new FormData();
      if (token) fd.append('_csrf', token);
      for (const [k, v] of Object.entries(req.form ?? {})) for (const x of [v].flat()) fd.append(k, x);
      for (const f of req.files) fd.append(f.name, new Blob([new Uint8Array(f.data)], { type: f.type }), f.filename);
      const encoded = new Response(fd);
      headers['content-type'] = encoded.headers.get('content-type')!;
      payload = Buffer.from(await encoded.arrayBuffer());
    } else if (req.textPlain) {
      const lines = token ? [`_csrf=${token}`] : [];
      for (const [k, v] of Object.entries(req.form ?? {})) for (const x of [v].flat()) lines.push(`${k}=${x}`);
      headers['content-type'] = 'text/plain';
      payload = lines.join('\r\n');
    } else {
      const body = new URLSearchParams();
      if (token) body.append('_csrf', token);
      for (const [k, v] of Object.entries(req.form ?? {})) for (const x of [v].flat()) body.append(k, x);
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = body.toString();
    }
    const res = await this.t.app.inject({ method: req.method ?? 'POST', url: req.url, remoteAddress: this.ip, headers, payload });
    this.browser.jar.store(res.headers['set-cookie']);
    return res;
  }
}

export type Actors = Record<Role, Actor>;

async function userIdOf(t: TestApp, p: { lastName: string; firstName: string; birthDate: string }): Promise<number> {
  const r = await sql<{
    id: number;
  }>`select id from users where last_name = ${p.lastName} and first_name = ${p.firstName} and birth_date = ${p.birthDate}::date`.execute(t.ctx.db);
  if (!r.rows[0]) throw new Error(`${p.lastName} ${p.firstName} did not get an account by signing in`);
  return r.rows[0].id;
}

/** Signs every role in through the id.gov.ua emulator (roles are handed over on the first sign-in). */
export async function signInAll(t: TestApp): Promise<Actors> {
  // Another browser's token: valid for that browser, worthless with anyone else's cookie.
  const stranger = t.browser();
  let strangerToken: string | null = null;
  const foreignToken = async () => (strangerToken ??= await stranger.csrfToken());
  const out: Partial<Actors> = {};
  for (const [i, role] of ROLES.entries()) {
    const browser = t.browser();
    const ip = `10.77.${i + 1}.10`;
    if (role === 'anonymous') {
      out[role] = new Actor(role, t, browser, ip, null, foreignToken);
      continue;
    }
    const index = demoPeople.findIndex(PLAYED_BY[role]);
    if (index < 0) throw new Error(`no demo person plays ${role}`);
    const back = await browser.signInAs(index);
    if (back.statusCode !== 303) throw new Error(`${role} could not sign in: ${back.statusCode} ${back.body.slice(0, 200)}`);
    out[role] = new Actor(role, t, browser, ip, await userIdOf(t, demoPeople[index]!), foreignToken);
  }
  return out as Actors;
}
