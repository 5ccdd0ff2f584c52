/**
 * Sends one fuzz case to the app in-process (app.inject) as a given browser would — its cookies, its
 * CSRF token, a network address — in the encoding the case asks for, and judges the answer: never a 5xx,
 * and every 4xx says in words what went wrong (a page of the site with a message, or JSON / XML with one).
 */
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp, TestBrowser } from '../../helpers/test-app.js';
import type { Encoding, FormValue } from './nasty.js';

export interface Sent {
  method: 'GET' | 'POST';
  url: string;
  form?: Record<string, FormValue>;
  /** A JSON body sent as it is (the JSON APIs), or a raw payload with its type. */
  json?: unknown;
  raw?: { payload: string | Buffer; contentType: string | null };
  files?: { name: string; filename: string; type: string; data: Buffer }[];
  encoding?: Encoding;
  headers?: Record<string, string>;
  ip?: string;
}

/** What the fuzz runs saw: the number of cases and their statuses, printed at the end. */
export const tally = { cases: 0, statuses: new Map<number, number>() };

export class FuzzClient {
  private token = '';
  constructor(
    private readonly t: TestApp,
    readonly browser: TestBrowser,
  ) {}

  async init(): Promise<this> {
    this.token = await this.browser.csrfToken();
    return this;
  }

  async send(s: Sent): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { cookie: this.browser.jar.header(), ...s.headers };
    let payload: string | Buffer | undefined;
    if (s.raw) {
      payload = s.raw.payload;
      if (s.raw.contentType) headers['content-type'] = s.raw.contentType;
    } else if (s.json !== undefined) {
      payload = JSON.stringify(s.json);
      headers['content-type'] = 'application/json';
    } else if (s.method === 'POST') {
      const enc = await this.encode({ _csrf: this.token, ...(s.form ?? {}) }, s.encoding ?? 'form', s.files ?? []);
      payload = enc.payload;
      if (enc.contentType) headers['content-type'] = enc.contentType;
    }
    const res = await this.t.app.inject({ method: s.method, url: s.url, headers, payload, remoteAddress: s.ip ?? '127.0.0.1' });
    tally.cases++;
    tally.statuses.set(res.statusCode, (tally.statuses.get(res.statusCode) ?? 0) + 1);
    return res;
  }

  private async encode(
    form: Record<string, FormValue>,
    encoding: Encoding,
    files: NonNullable<Sent['files']>,
  ): Promise<{ payload: string | Buffer; contentType: string | null }> {
    const pairs: [string, string][] = Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x]));
    const urlencoded = () => {
      const q = new URLSearchParams();
      for (const [k, v] of pairs) q.append(k, v);
      return q.toString();
    };
    switch (encoding) {
      case 'form':
        if (files.length === 0) return { payload: urlencoded(), contentType: 'application/x-www-form-urlencoded' };
        return this.multipart(pairs, files);
      case 'multipart':
        return this.multipart(pairs, files);
      case 'json':
        return { payload: JSON.stringify(form), contentType: 'application/json' };
      case 'bad-json':
        return { payload: `{"_csrf":"${this.token}","x":[1,2,{"y":`, contentType: 'application/json' };
      case 'bad-multipart':
        return {
          payload: `--XyZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${this.token}\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n=1+1;2\r\n--Xy`,
          contentType: 'multipart/form-data; boundary=XyZ',
        };
      case 'bad-percent':
        return { payload: `${urlencoded()}&%E0%A4%A=%ZZ&title=%C0%AF%FF`, contentType: 'application/x-www-form-urlencoded' };
      case 'text':
        return { payload: urlencoded(), contentType: 'text/plain' };
      case 'no-type':
        return { payload: urlencoded(), contentType: null };
    }
  }

  private async multipart(pairs: [string, string][], files: NonNullable<Sent['files']>): Promise<{ payload: Buffer; contentType: string }> {
    const fd = new FormData();
    for (const [k, v] of pairs) fd.append(k, v);
    for (const f of files) fd.append(f.name, new Blob([new Uint8Array(f.data)], { type: f.type }), f.filename);
    const encoded = new Response(fd);
    return { payload: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! };
  }
}

const textOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Null when the answer is acceptable; otherwise what is wrong with it. */
export function problemWith(res: LightMyRequestResponse): string | null {
  const status = res.statusCode;
  if (status >= 500) return `server error ${status}: ${res.body.slice(0, 300)}`;
  if (status < 400) return null;
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('json')) {
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      return `${status} with a JSON type but no JSON: ${res.body.slice(0, 200)}`;
    }
    const fromApi = (body as { error?: { message?: unknown } } | null)?.error?.message;
    const fromOpen311 = Array.isArray(body) ? (body[0] as { description?: unknown } | undefined)?.description : undefined;
    const message = fromApi ?? fromOpen311 ?? (body as { message?: unknown } | null)?.message;
    return typeof message === 'string' && message.trim().length >= 5 ? null : `${status} JSON without a message: ${res.body.slice(0, 200)}`;
  }
  if (type.includes('xml')) {
    const d = /<description>([^<]{5,})<\/description>/.exec(res.body);
    return d ? null : `${status} XML without a description: ${res.body.slice(0, 200)}`;
  }
  if (type.includes('html')) {
    if (!/<title>[^<]*Віче<\/title>/.test(res.body)) return `${status} HTML that is not a page of the site: ${res.body.slice(0, 200)}`;
    const messages = [
      /<p class="lead">([\s\S]*?)<\/p>/,
      /<div class="error-summary"[^>]*>\s*<h2[^>]*>[\s\S]*?<\/h2>([\s\S]*?)<\/div>/,
      /<[a-z]+ [^>]*class="(?:error-message|field-error)"[^>]*>([\s\S]*?)<\/[a-z]+>/,
    ]
      .map((re) => re.exec(res.body)?.[1])
      .filter((m): m is string => m !== undefined)
      .map(textOf);
    return messages.some((m) => m.length >= 5)
      ? null
      : `${status} page without a human message: ${textOf(res.body.slice(res.body.indexOf('<main'))).slice(0, 300)}`;
  }
  return `${status} of type «${type}» carries no readable message: ${res.body.slice(0, 200)}`;
}
