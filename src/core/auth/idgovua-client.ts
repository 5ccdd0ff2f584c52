/**
 * Client for id.gov.ua (ІСЕІ). The same code talks to the real service and to our emulator; only
 * the base URL and the credentials differ.
 *
 * Error messages never carry personal data (names, РНОКПП, tokens), because they end up in logs.
 */
import { rnokppBirthDate, rnokppProblem } from '../identity/rnokpp.js';

export interface IdGovUaConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/**
 * Turns the raw get-user-info reply into a flat field record. In production the service can
 * envelope the reply to the client's certificate (the `cert` parameter), and this is the step that
 * decrypts it (idgovua-decoder.ts). `raw` is the parsed JSON body, or the body text when it is not JSON.
 */
export interface UserInfoDecoder {
  /** Base64 DER of the certificate to envelope the reply to, sent as `cert`; absent for plain replies. */
  readonly cert?: string;
  decode(raw: unknown): Record<string, unknown> | Promise<Record<string, unknown>>;
}

/** key_unusable: the envelope key or certificate cannot be loaded; decrypt_failed: a reply envelope cannot be opened. */
export type IdGovUaErrorCode = 'token_exchange_failed' | 'user_info_failed' | 'bad_response' | 'key_unusable' | 'decrypt_failed';

export class IdGovUaError extends Error {
  readonly code: IdGovUaErrorCode;
  constructor(code: IdGovUaErrorCode, message: string) {
    super(message);
    this.name = 'IdGovUaError';
    this.code = code;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Passthrough for unencrypted JSON replies: what the emulator sends, and what the real service
 * sends when no certificate is given. It does no decryption.
 */
export const plainUserInfoDecoder: UserInfoDecoder = {
  decode(raw: unknown): Record<string, unknown> {
    if (!isRecord(raw)) throw new IdGovUaError('bad_response', 'user info is not a JSON object');
    return raw;
  },
};

export interface IdGovUaPerson {
  lastName: string;
  firstName: string;
  patronymic: string;
  /** Null when drfocode is not a valid РНОКПП (people who refused one get a passport number there). */
  rnokpp: string | null;
  email: string | null;
  phone: string | null;
  /** The registered address, as text: residency is matched from it against the КАТОТТГ codifier. */
  address: string | null;
  /** YYYY-MM-DD from the УНЗР, else from the РНОКПП digits. */
  birthDate: string | null;
  authType: string | null;
}

export interface IdGovUaClient {
  authorizeUrl(state: string): string;
  exchangeCode(code: string): Promise<{ accessToken: string; userId: string; expiresIn: number }>;
  fetchPerson(accessToken: string, userId: string): Promise<IdGovUaPerson>;
}

const TIMEOUT_MS = 10_000;
const AUTH_TYPES = 'dig_sign,bank_id,diia_id';
/** What the real service returns; the registered address comes as text only (no КАТОТТГ code). */
const USER_INFO_FIELDS = 'lastname,givenname,middlename,drfocode,email,phone,address,unzr,auth_type';

/** Non-empty trimmed string, or null: the service sends empty strings for fields it lacks. */
function text(v: unknown): string | null {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

function isRealDate(value: string): boolean {
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}

function birthDateFrom(unzr: string | null, rnokpp: string | null): string | null {
  const m = unzr ? /^(\d{4})(\d{2})(\d{2})-\d{5}$/.exec(unzr) : null;
  if (m) {
    const date = `${m[1]}-${m[2]}-${m[3]}`;
    if (isRealDate(date)) return date;
  }
  return rnokpp ? rnokppBirthDate(rnokpp) : null;
}

async function readBody(res: Response): Promise<unknown> {
  const body = await res.text();
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

/** The OAuth error code (e.g. invalid_grant) is safe to log; the description may not be. */
function oauthError(body: unknown): string | null {
  return isRecord(body) && typeof body.error === 'string' && /^[a-z_]{1,64}$/.test(body.error) ? body.error : null;
}

export function createIdGovUaClient(cfg: IdGovUaConfig, decoder: UserInfoDecoder = plainUserInfoDecoder): IdGovUaClient {
  const base = cfg.baseUrl.replace(/\/+$/, '');

  async function post(path: string, params: Record<string, string>, failure: IdGovUaErrorCode): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (err) {
      const reason = err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : 'could not be reached';
      throw new IdGovUaError(failure, `id.gov.ua ${path} ${reason}`);
    }
    const body = await readBody(res).catch(() => {
      throw new IdGovUaError(failure, `id.gov.ua ${path} reply could not be read`);
    });
    const error = oauthError(body);
    if (!res.ok || error !== null) {
      throw new IdGovUaError(failure, `id.gov.ua ${path} answered ${res.status}${error ? ` (${error})` : ''}`);
    }
    return body;
  }

  return {
    authorizeUrl(state: string): string {
      const q = new URLSearchParams({
        response_type: 'code',
        client_id: cfg.clientId,
        auth_type: AUTH_TYPES,
        state,
        redirect_uri: cfg.redirectUri,
      });
      return `${base}/?${q.toString()}`;
    },

    async exchangeCode(code: string) {
      const body = await post(
        '/get-access-token',
        { grant_type: 'authorization_code', client_id: cfg.clientId, client_secret: cfg.clientSecret, code },
        'token_exchange_failed',
      );
      if (!isRecord(body)) throw new IdGovUaError('bad_response', 'token reply is not a JSON object');
      const accessToken = text(body.access_token);
      const userId = text(body.user_id);
      // expires_in may come as a string or a number.
      const expiresIn = Number(text(body.expires_in));
      if (accessToken === null || userId === null) {
        throw new IdGovUaError('bad_response', 'token reply lacks access_token or user_id');
      }
      if (!Number.isFinite(expiresIn) || expiresIn <= 0) {
        throw new IdGovUaError('bad_response', 'token reply has no valid expires_in');
      }
      return { accessToken, userId, expiresIn };
    },

    async fetchPerson(accessToken: string, userId: string): Promise<IdGovUaPerson> {
      const params = { access_token: accessToken, user_id: userId, fields: USER_INFO_FIELDS, ...(decoder.cert ? { cert: decoder.cert } : {}) };
      const raw = await post('/get-user-info', params, 'user_info_failed');
      const info = await decoder.decode(raw);
      const lastName = text(info.lastname);
      const firstName = text(info.givenname);
      if (lastName === null || firstName === null) {
        throw new IdGovUaError('bad_response', 'user info lacks lastname or givenname');
      }
      const drfocode = text(info.drfocode);
      const rnokpp = drfocode !== null && rnokppProblem(drfocode) === null ? drfocode : null;
      return {
        lastName,
        firstName,
        patronymic: text(info.middlename) ?? '',
        rnokpp,
        email: text(info.email),
        phone: text(info.phone),
        address: text(info.address),
        birthDate: birthDateFrom(text(info.unzr), rnokpp),
        authType: text(info.auth_type),
      };
    },
  };
}
