/**
 * Emulator of id.gov.ua (ІСЕІ), the state integrated electronic identification system.
 *
 * It speaks the same OAuth2-like protocol as the real service (authorize page → code → token →
 * user info), so the app's client code is identical for both and only the base URL and the
 * credentials differ. It is for tests and demonstrations only: state is kept in memory, and any
 * absolute http(s) redirect_uri is accepted, whereas the real service only redirects to addresses
 * registered for the client.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { DemoPerson, DemoRole } from '../core/demo/people.js';

import { createUserInfoEnveloper, type EnvelopeIdentity } from './envelope.js';
import { TYPED_FIELDS, typedValues, validateTyped, type FieldErrors, type TypedField, type TypedValues } from './typed-person.js';

export interface EmulatorOptions {
  clients: { clientId: string; clientSecret: string }[];
  people: readonly DemoPerson[];
  /** Injectable clock so tests can make codes and tokens expire. */
  now?: () => Date;
  /** How long an authorization code stays usable; default 5 minutes. */
  codeTtlMs?: number;
  /** Access-token lifetime in seconds; default 3600. */
  tokenTtlS?: number;
  /** With it, a get-user-info request that carries `cert` is answered enveloped to that certificate. */
  envelope?: EnvelopeIdentity;
}

// ---------------------------------------------------------------------------------------------
// Protocol state
// ---------------------------------------------------------------------------------------------

const AUTH_TYPES = {
  dig_sign: { uk: 'КЕП', en: 'Qualified electronic signature' },
  bank_id: { uk: 'BankID', en: 'BankID of the National Bank' },
  diia_id: { uk: 'Дія.Підпис', en: 'Diia.Signature' },
} as const;
export type AuthType = keyof typeof AUTH_TYPES;
const ALL_AUTH_TYPES = Object.keys(AUTH_TYPES) as AuthType[];

function isAuthType(v: string): v is AuthType {
  return Object.prototype.hasOwnProperty.call(AUTH_TYPES, v);
}

/** What the emulator knows about the person who signed in: the same for demo and typed persons. */
export interface Identity {
  lastName: string;
  firstName: string;
  patronymic: string;
  rnokpp: string;
  birthDate: string;
  /** The registered address as text: the real service returns no КАТОТТГ code, and neither do we. */
  address: string;
  email: string;
  phone: string;
}

interface Grant {
  clientId: string;
  identity: Identity;
  authType: AuthType;
}

interface CodeRecord extends Grant {
  redirectUri: string;
  expiresAt: number;
}

interface TokenRecord extends Grant {
  userId: string;
  expiresAt: number;
}

/** Refresh tokens live longer than access tokens, as in OAuth2; a day is plenty for a test tool. */
const REFRESH_TTL_MS = 24 * 3600 * 1000;

/** ≥128 bits of randomness, so codes and tokens cannot be guessed even in a shared demo. */
function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison so the secret check does not leak through timing. */
function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * УНЗР (record number in the demographic register): YYYYMMDD-NNNNN. The five digits are derived
 * from the РНОКПП so the same person always gets the same number.
 */
function makeUnzr(identity: Identity): string {
  const hash = createHash('sha256').update(`unzr:${identity.rnokpp}`).digest();
  const five = String(hash.readUInt32BE(0) % 100_000).padStart(5, '0');
  return `${identity.birthDate.replaceAll('-', '')}-${five}`;
}

/** The user-info record as the real service names its fields. */
function userInfoRecord(grant: Grant): Record<string, string> {
  const p = grant.identity;
  return {
    lastname: p.lastName,
    givenname: p.firstName,
    middlename: p.patronymic,
    drfocode: p.rnokpp,
    email: p.email,
    phone: p.phone,
    address: p.address,
    unzr: makeUnzr(p),
    auth_type: grant.authType,
  };
}

// ---------------------------------------------------------------------------------------------
// Request helpers
// ---------------------------------------------------------------------------------------------

/**
 * Merges query-string and body parameters (body wins). The real service accepts its parameters
 * either way, so clients written against either style work. A Map avoids prototype-key surprises.
 */
function collectParams(req: FastifyRequest): Map<string, string> {
  const out = new Map<string, string>();
  for (const source of [req.query, req.body]) {
    if (!source || typeof source !== 'object' || Array.isArray(source)) continue;
    for (const [k, v] of Object.entries(source)) {
      if (typeof v === 'string') out.set(k, v);
      else if (typeof v === 'number') out.set(k, String(v));
    }
  }
  return out;
}

interface AuthorizeRequest {
  clientId: string;
  state: string;
  redirectUri: string;
  authTypes: AuthType[];
  /** The original values, carried unchanged in every form's hidden fields. */
  raw: { response_type: string; client_id: string; auth_type: string; state: string; redirect_uri: string };
}

type Checked = { ok: true; request: AuthorizeRequest } | { ok: false; problems: string[] };

function checkAuthorizeParams(p: Map<string, string>, knownClient: (id: string) => boolean): Checked {
  const raw = {
    response_type: p.get('response_type') ?? '',
    client_id: p.get('client_id') ?? '',
    auth_type: p.get('auth_type') ?? '',
    state: p.get('state') ?? '',
    redirect_uri: p.get('redirect_uri') ?? '',
  };
  const problems: string[] = [];
  if (raw.response_type !== 'code') {
    problems.push(
      raw.response_type === ''
        ? 'Відсутній параметр response_type (має бути «code»).'
        : `Параметр response_type має бути «code», отримано «${raw.response_type}».`,
    );
  }
  if (raw.client_id === '') problems.push('Відсутній параметр client_id.');
  else if (!knownClient(raw.client_id)) problems.push(`Невідомий client_id «${raw.client_id}».`);
  if (raw.state === '') problems.push('Відсутній параметр state.');
  if (raw.redirect_uri === '') {
    problems.push('Відсутній параметр redirect_uri.');
  } else if (!isAbsoluteHttpUrl(raw.redirect_uri)) {
    problems.push(`Параметр redirect_uri має бути абсолютною адресою http(s) без фрагмента (#), отримано «${raw.redirect_uri}».`);
  }
  // auth_type is optional: without it every method is offered, as a lenient test tool should.
  let authTypes = ALL_AUTH_TYPES;
  if (raw.auth_type !== '') {
    const asked = raw.auth_type
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const unknown = asked.filter((s) => !isAuthType(s));
    if (unknown.length > 0) {
      problems.push(`Невідомий спосіб входу в auth_type: ${unknown.map((u) => `«${u}»`).join(', ')} (можливі: ${ALL_AUTH_TYPES.join(', ')}).`);
    }
    authTypes = ALL_AUTH_TYPES.filter((t) => asked.includes(t));
    if (authTypes.length === 0 && unknown.length === 0) problems.push('Параметр auth_type не містить жодного способу входу.');
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, request: { clientId: raw.client_id, state: raw.state, redirectUri: raw.redirect_uri, authTypes, raw } };
}

function isAbsoluteHttpUrl(value: string): boolean {
  if (value.includes('#')) return false;
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.host !== '';
  } catch {
    return false;
  }
}

/** Appends parameters without re-serialising the redirect_uri, so the client gets back exactly what it sent. */
function withParams(redirectUri: string, params: Record<string, string>): string {
  return redirectUri + (redirectUri.includes('?') ? '&' : '?') + new URLSearchParams(params).toString();
}

// ---------------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------------

export function escapeHtml(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#f4f5f7}
.banner{background:#ffd500;color:#1b1b1b;padding:.75rem 1rem;border-bottom:3px solid #1b1b1b}
.banner strong{display:block}
main{max-width:52rem;margin:0 auto;padding:1rem}
h1,h2,h3{margin:.5rem 0 0;line-height:1.25}
.en{margin:0 0 .75rem;color:#555;font-size:.875rem}
section{background:#fff;border:1px solid #d0d4d9;border-radius:6px;padding:1rem;margin:1rem 0}
.people{list-style:none;margin:0;padding:0;display:grid;gap:.75rem;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr))}
.people li{border:1px solid #d0d4d9;border-radius:6px;padding:.75rem}
.people p{margin:.25rem 0}
.methods{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.5rem}
label{display:block;font-weight:600;margin-top:.75rem}
.hint{display:block;font-weight:400;color:#555;font-size:.875rem}
input,select{width:100%;max-width:30rem;padding:.5rem;font:inherit;border:2px solid #1b1b1b;border-radius:4px}
input[aria-invalid=true],select[aria-invalid=true]{border-color:#b00020}
.field-error{display:block;color:#b00020;font-weight:600}
button{font:inherit;padding:.5rem 1rem;border-radius:4px;border:2px solid #005ea5;background:#005ea5;color:#fff;cursor:pointer;min-height:2.75rem}
button.secondary{background:#fff;color:#005ea5}
button.danger{background:#fff;color:#b00020;border-color:#b00020}
button:focus-visible,input:focus-visible,select:focus-visible,a:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
.error-summary{border:3px solid #b00020;background:#fff;padding:1rem;margin:1rem 0}
.error-summary a{color:#b00020;font-weight:600}
code{word-break:break-all}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="uk">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<div class="banner" role="note"><strong>Емулятор id.gov.ua — лише для тестування та демонстрації</strong><span lang="en">id.gov.ua emulator — for testing and demonstration only</span></div>
<main>
${body}
</main>
</body>
</html>`;
}

function errorPage(problems: string[]): string {
  return layout(
    'Помилка запиту — емулятор id.gov.ua',
    `<h1>Неправильний запит на автентифікацію</h1>
<p class="en" lang="en">Invalid authentication request</p>
<div class="error-summary" role="alert">
<ul>${problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>
</div>
<p>Сервіс, що вас сюди направив, передав неправильні параметри. Повернення до нього неможливе.</p>`,
  );
}

function hiddenFields(r: AuthorizeRequest): string {
  return Object.entries(r.raw)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
}

function yearsWord(n: number): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return 'рік';
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return 'роки';
  return 'років';
}

function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

function roleText(r: DemoRole): string {
  switch (r.kind) {
    case 'national-moderator':
      return 'Національний модератор';
    case 'moderator':
      return `Модератор інструменту «${r.tool}» (${r.community})`;
    case 'school-moderator':
      return `Шкільний модератор: ${r.school} (${r.community})`;
    case 'executor':
      return `Виконавець: ${r.department} (${r.community})`;
    case 'community-admin':
      return `Адміністратор громади (${r.community})`;
    case 'editor':
      return `Редактор сайту громади (${r.community})`;
  }
}

function fullName(p: { lastName: string; firstName: string; patronymic: string }): string {
  return `${p.lastName} ${p.firstName} ${p.patronymic}`;
}

interface FieldSpec {
  name: Exclude<TypedField, 'method'>;
  uk: string;
  en: string;
  hint?: string;
  type?: string;
  autocomplete?: string;
  inputmode?: string;
  optional?: boolean;
}

const FIELD_SPECS: FieldSpec[] = [
  { name: 'lastName', uk: 'Прізвище', en: 'Last name', autocomplete: 'family-name' },
  { name: 'firstName', uk: 'Ім’я', en: 'First name', autocomplete: 'given-name' },
  { name: 'patronymic', uk: 'По батькові', en: 'Patronymic', autocomplete: 'additional-name' },
  {
    name: 'rnokpp',
    uk: 'РНОКПП (ідентифікаційний код)',
    en: 'Taxpayer number',
    hint: '10 цифр; перші п’ять кодують дату народження',
    inputmode: 'numeric',
    autocomplete: 'off',
  },
  { name: 'birthDate', uk: 'Дата народження', en: 'Birth date', hint: 'РРРР-ММ-ДД, має збігатися з РНОКПП', type: 'date', autocomplete: 'bday' },
  {
    name: 'address',
    uk: 'Зареєстроване місце проживання',
    en: 'Registered address',
    hint: 'Як у реєстрі, наприклад: Львівська обл., м. Львів, вул. Зелена, буд. 12, кв. 5',
    autocomplete: 'street-address',
  },
  { name: 'email', uk: 'Електронна пошта (необов’язково)', en: 'E-mail (optional)', type: 'email', autocomplete: 'email', optional: true },
  { name: 'phone', uk: 'Телефон (необов’язково)', en: 'Phone (optional)', type: 'tel', hint: 'Наприклад +380671112233', autocomplete: 'tel', optional: true },
];

function describedBy(name: string, hasHint: boolean, hasError: boolean): string {
  const ids = [hasHint ? `${name}-hint` : '', hasError ? `${name}-error` : ''].filter((s) => s !== '');
  return ids.length > 0 ? ` aria-describedby="${ids.join(' ')}"` : '';
}

function typedForm(r: AuthorizeRequest, values: TypedValues, errors: FieldErrors, today: string): string {
  const fields = FIELD_SPECS.map((f) => {
    const err = errors[f.name];
    return `<label for="${f.name}">${escapeHtml(f.uk)} <span class="hint" lang="en">${escapeHtml(f.en)}</span></label>
${f.hint ? `<span class="hint" id="${f.name}-hint">${escapeHtml(f.hint)}</span>` : ''}
${err ? `<span class="field-error" id="${f.name}-error">${escapeHtml(err)}</span>` : ''}
<input id="${f.name}" name="${f.name}" type="${f.type ?? 'text'}" value="${escapeHtml(values[f.name])}"${
      f.autocomplete ? ` autocomplete="${f.autocomplete}"` : ''
    }${f.inputmode ? ` inputmode="${f.inputmode}"` : ''}${f.type === 'date' ? ` max="${today}"` : ''}${f.optional ? '' : ' required'}${
      err ? ' aria-invalid="true"' : ''
    }${describedBy(f.name, Boolean(f.hint), Boolean(err))}>`;
  }).join('\n');
  const methodErr = errors.method;
  const options = r.authTypes.map((a) => `<option value="${a}"${values.method === a ? ' selected' : ''}>${escapeHtml(AUTH_TYPES[a].uk)}</option>`).join('');
  return `<form method="post" action="authorize" novalidate>
${hiddenFields(r)}
<input type="hidden" name="typed" value="1">
${fields}
<label for="method">Спосіб входу <span class="hint" lang="en">Sign-in method</span></label>
${methodErr ? `<span class="field-error" id="method-error">${escapeHtml(methodErr)}</span>` : ''}
<select id="method" name="method" required${methodErr ? ' aria-invalid="true" aria-describedby="method-error"' : ''}>${options}</select>
<p><button type="submit">Увійти як ця особа</button></p>
</form>`;
}

function errorSummary(errors: FieldErrors): string {
  const items = TYPED_FIELDS.filter((f) => errors[f] !== undefined)
    .map((f) => `<li><a href="#${f}">${escapeHtml(errors[f] ?? '')}</a></li>`)
    .join('');
  return `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" id="error-summary">
<h2 id="error-summary-title">Виправте помилки у формі</h2>
<p class="en" lang="en">Please correct the errors in the form</p>
<ul>${items}</ul>
</div>`;
}

function authorizePage(r: AuthorizeRequest, people: readonly DemoPerson[], today: string, typed: TypedValues, errors: FieldErrors): string {
  const hasErrors = Object.keys(errors).length > 0;
  const cards = people
    .map((p, i) => {
      const name = fullName(p);
      const age = ageOn(p.birthDate, today);
      const roles = p.roles.length > 0 ? p.roles.map(roleText).join('; ') : 'без ролей';
      const buttons = r.authTypes
        .map(
          (a) =>
            `<button type="submit" name="method" value="${a}" class="secondary" aria-label="${escapeHtml(`Увійти як ${name} через ${AUTH_TYPES[a].uk}`)}">${escapeHtml(AUTH_TYPES[a].uk)}</button>`,
        )
        .join('');
      return `<li><form method="post" action="authorize" aria-labelledby="person-${i}-name">
${hiddenFields(r)}
<input type="hidden" name="person" value="${i}">
<h3 id="person-${i}-name">${escapeHtml(name)}</h3>
<p>${age} ${yearsWord(age)} · ${escapeHtml(p.address)}</p>
<p><strong>${escapeHtml(p.note.uk)}</strong> <span lang="en" class="hint">${escapeHtml(p.note.en)}</span></p>
<p>Ролі: ${escapeHtml(roles)}</p>
<div class="methods"><span>Увійти через:</span>${buttons}</div>
</form></li>`;
    })
    .join('\n');

  return layout(
    `${hasErrors ? 'Помилка: ' : ''}Вхід — емулятор id.gov.ua`,
    `<h1>Вхід через id.gov.ua</h1>
<p class="en" lang="en">Sign in with id.gov.ua</p>
${hasErrors ? errorSummary(errors) : ''}
<p>Сервіс <code>${escapeHtml(r.clientId)}</code> просить підтвердити вашу особу. Після входу вас буде переспрямовано на <code>${escapeHtml(r.redirectUri)}</code>.</p>
<section aria-labelledby="demo-title">
<h2 id="demo-title">Оберіть демо-особу</h2>
<p class="en" lang="en">Pick a demo person</p>
<ul class="people">
${cards}
</ul>
</section>
<section aria-labelledby="typed-title">
<h2 id="typed-title">Або введіть дані особи</h2>
<p class="en" lang="en">Or type a person's details</p>
${typedForm(r, typed, errors, today)}
</section>
<section aria-labelledby="deny-title">
<h2 id="deny-title">Відмова від надання даних</h2>
<p class="en" lang="en">Refuse consent</p>
<form method="post" action="authorize">
${hiddenFields(r)}
<input type="hidden" name="deny" value="1">
<p>Сервіс не отримає ваших даних.</p>
<button type="submit" class="danger">Відмовитися</button>
</form>
</section>`,
  );
}

function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return (
    reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      // No form-action directive: Chromium applies it to the redirect after the form post too,
      // and redirect_uri can be any client address.
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
      .header('referrer-policy', 'no-referrer')
      .header('x-content-type-options', 'nosniff')
      .send(html)
  );
}

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------

export function buildEmulator(opts: EmulatorOptions): FastifyInstance {
  const now = opts.now ?? (() => new Date());
  const codeTtlMs = opts.codeTtlMs ?? 5 * 60 * 1000;
  const tokenTtlS = opts.tokenTtlS ?? 3600;
  const clients = new Map(opts.clients.map((c) => [c.clientId, c.clientSecret]));
  const codes = new Map<string, CodeRecord>();
  const accessTokens = new Map<string, TokenRecord>();
  const refreshTokens = new Map<string, Grant & { expiresAt: number }>();

  const app = Fastify({ logger: false });
  const enveloper = opts.envelope ? createUserInfoEnveloper(opts.envelope) : null;

  // A tiny parser instead of a plugin: single values per key are all the protocol uses.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
  });

  const today = () => now().toISOString().slice(0, 10);

  // Expired entries are swept on each write so a long-running demo does not grow without bound.
  function sweep(): void {
    const t = now().getTime();
    for (const map of [codes, accessTokens, refreshTokens] as Map<string, { expiresAt: number }>[]) {
      for (const [k, v] of map) if (v.expiresAt <= t) map.delete(k);
    }
  }

  function authenticateClient(p: Map<string, string>): string | null {
    const id = p.get('client_id') ?? '';
    const secret = clients.get(id);
    if (secret === undefined) return null;
    return sameSecret(secret, p.get('client_secret') ?? '') ? id : null;
  }

  function issueTokens(grant: Grant): Record<string, string> {
    sweep();
    const t = now().getTime();
    const accessToken = randomToken();
    const refreshToken = randomToken();
    // A fresh opaque user_id per sign-in: the real one is also an opaque handle for get-user-info.
    const userId = randomBytes(16).toString('hex');
    accessTokens.set(accessToken, { ...grant, userId, expiresAt: t + tokenTtlS * 1000 });
    refreshTokens.set(refreshToken, { ...grant, expiresAt: t + REFRESH_TTL_MS });
    return {
      access_token: accessToken,
      token_type: 'bearer',
      // A string on purpose: the real service may send it that way, and clients must cope.
      expires_in: String(tokenTtlS),
      refresh_token: refreshToken,
      user_id: userId,
    };
  }

  app.get('/', async (req, reply) => {
    const checked = checkAuthorizeParams(collectParams(req), (id) => clients.has(id));
    if (!checked.ok) return sendHtml(reply, 400, errorPage(checked.problems));
    const empty = typedValues(new Map());
    empty.method = checked.request.authTypes[0] ?? '';
    return sendHtml(reply, 200, authorizePage(checked.request, opts.people, today(), empty, {}));
  });

  app.post('/authorize', async (req, reply) => {
    const p = collectParams(req);
    const checked = checkAuthorizeParams(p, (id) => clients.has(id));
    if (!checked.ok) return sendHtml(reply, 400, errorPage(checked.problems));
    const r = checked.request;

    if (p.has('deny')) {
      return reply.redirect(
        withParams(r.redirectUri, {
          error: 'access_denied',
          error_description: 'Користувач відмовився надати згоду на передачу даних',
          state: r.state,
        }),
        302,
      );
    }

    let identity: Identity;
    let authType: AuthType;
    const personParam = p.get('person');
    if (personParam !== undefined) {
      const index = /^\d+$/.test(personParam) ? Number(personParam) : -1;
      const person = opts.people[index];
      const method = p.get('method') ?? r.authTypes[0] ?? '';
      const chosen = r.authTypes.find((a) => a === method);
      if (!person) return sendHtml(reply, 400, errorPage([`Немає демо-особи з номером «${personParam}».`]));
      if (!chosen) return sendHtml(reply, 400, errorPage([`Спосіб входу «${method}» не дозволено цим запитом.`]));
      const { lastName, firstName, patronymic, rnokpp, birthDate, address, email, phone } = person;
      identity = { lastName, firstName, patronymic, rnokpp, birthDate, address, email, phone };
      authType = chosen;
    } else {
      const values = typedValues(p);
      const result = validateTyped(values, r.authTypes, today());
      if ('errors' in result) return sendHtml(reply, 400, authorizePage(r, opts.people, today(), values, result.errors));
      identity = result.identity;
      authType = result.authType;
    }

    sweep();
    const code = randomToken();
    codes.set(code, { clientId: r.clientId, redirectUri: r.redirectUri, identity, authType, expiresAt: now().getTime() + codeTtlMs });
    return reply.redirect(withParams(r.redirectUri, { code, state: r.state }), 302);
  });

  app.post('/get-access-token', async (req, reply) => {
    const p = collectParams(req);
    const clientId = authenticateClient(p);
    if (clientId === null) {
      return reply.code(401).send({ error: 'invalid_client', error_description: 'Unknown client_id or wrong client_secret' });
    }
    const grantType = p.get('grant_type');
    const t = now().getTime();

    if (grantType === 'authorization_code') {
      const code = p.get('code') ?? '';
      const record = codes.get(code);
      // Consumed on any attempt by an authenticated client: a code is single-use whatever the outcome.
      if (record) codes.delete(code);
      if (!record || record.expiresAt <= t || record.clientId !== clientId) {
        return reply.code(400).send({ error: 'invalid_grant', error_description: 'The code is unknown, already used, expired or issued to another client' });
      }
      const redirectUri = p.get('redirect_uri');
      if (redirectUri !== undefined && redirectUri !== record.redirectUri) {
        return reply.code(400).send({ error: 'invalid_grant', error_description: 'redirect_uri does not match the one the code was issued for' });
      }
      return reply.send(issueTokens({ clientId, identity: record.identity, authType: record.authType }));
    }

    if (grantType === 'refresh_token') {
      const token = p.get('refresh_token') ?? '';
      const record = refreshTokens.get(token);
      if (!record || record.expiresAt <= t || record.clientId !== clientId) {
        return reply.code(400).send({ error: 'invalid_grant', error_description: 'The refresh token is unknown, expired or issued to another client' });
      }
      // Rotated: each refresh token works once, which also lets tests see reuse being refused.
      refreshTokens.delete(token);
      return reply.send(issueTokens({ clientId, identity: record.identity, authType: record.authType }));
    }

    return reply.code(400).send({
      error: 'unsupported_grant_type',
      error_description: 'grant_type must be authorization_code or refresh_token',
    });
  });

  app.post('/get-user-info', async (req, reply) => {
    const p = collectParams(req);
    const record = accessTokens.get(p.get('access_token') ?? '');
    if (!record || record.expiresAt <= now().getTime() || record.userId !== p.get('user_id')) {
      return reply.code(401).send({ error: 'invalid_token', error_description: 'The access token is unknown or expired, or user_id does not match it' });
    }
    const full = userInfoRecord(record);
    const fieldsParam = p.get('fields');
    const wanted = fieldsParam === undefined || fieldsParam.trim() === '' ? null : new Set(fieldsParam.split(',').map((f) => f.trim()));
    const info = wanted === null ? full : Object.fromEntries(Object.entries(full).filter(([k]) => wanted.has(k)));
    const cert = p.get('cert');
    // Without an identity of its own the emulator answers plain JSON even to a `cert`, as it always did.
    if (enveloper === null || cert === undefined || cert === '') return reply.send(info);
    const encryptedUserInfo = await enveloper.envelope(JSON.stringify(info), cert);
    if (encryptedUserInfo === null) {
      return reply.code(400).send({ error: 'invalid_request', error_description: 'cert is not a DSTU 4145 key-agreement certificate' });
    }
    return reply.send({ encryptedUserInfo });
  });

  return app;
}
