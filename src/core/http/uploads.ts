/**
 * Multipart forms (files), one way for every module. Nothing of the body is read before the route has
 * said who may send it:
 *
 *  1. the session is read at onRequest, as for every request;
 *  2. the CSRF token is read from the form's first field, `_csrf`, which every form puts first (or from
 *     the X-CSRF-Token header); a form whose first part is anything else is refused (403) without
 *     reading further;
 *  3. the route's `authorize` runs (401, 403, 404 from the route's own rules) before any file;
 *  4. a declared length over the route's limit is refused with 413 (browsers always declare it);
 *  5. only then are the parts read: text fields into `req.body` (the shape urlencoded forms have, so
 *     field() works unchanged) and files into memory, each up to the route's per-file limit. A bigger
 *     file is cut off and flagged, never half-used, so the form can say «too large» next to the field.
 *
 * A machine client's route (Open311) has no browser and no CSRF token: its credential (an API key) is a
 * text field of the form. With `credentials: 'fields'`, steps 2–3 become: the declared length is checked,
 * the text fields before the first file are read (within the field limits) into `req.body`, and
 * `authorize` sees them before any file is read.
 *
 * A refusal while the body is still arriving closes the connection (`Connection: close`), so the server
 * stops reading instead of draining what was sent. The scope registers the parser once
 * (`registerMultipart`); every upload route passes `uploadRoute(...)` as its route options.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteGenericInterface } from 'fastify';
import multipart, { type Multipart } from '@fastify/multipart';
import { BROWSER_COOKIE, csrfTokenValid } from '../security/csrf.js';
import type { CoreContext } from '../context.js';
import { HttpError } from './errors.js';

export interface UploadLimits {
  /** Largest single file; a bigger one is flagged `tooLarge`. */
  fileBytes: number;
  /** Most file parts read; more is a 413. */
  files: number;
  /** Most text fields (default 60). */
  fields?: number;
  /** Largest text field (default 20 000 bytes). */
  fieldBytes?: number;
}

export interface Upload {
  field: string;
  filename: string;
  mimetype: string;
  data: Buffer | null;
  tooLarge: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by uploadRoute: this route reads multipart bodies itself, CSRF token first. */
    uploads?: UploadLimits;
  }
}

const uploads = new WeakMap<FastifyRequest, Upload[]>();

export function isMultipartRequest(req: FastifyRequest): boolean {
  return /^multipart\/form-data\b/i.test(String(req.headers['content-type'] ?? ''));
}

/**
 * What a whole body may weigh: every file at its limit, plus one file's worth more (so a file somewhat over
 * its limit still gets the form back with «too large» next to it), plus the text fields and part headers.
 */
export function bodyLimitOf(l: UploadLimits): number {
  return (l.files + 1) * (l.fileBytes + 2048) + (l.fields ?? 60) * ((l.fieldBytes ?? 20_000) + 512) + 4096;
}

export function csrfRefusal(lang: 'uk' | 'en'): HttpError {
  return new HttpError(
    403,
    'csrf',
    lang === 'uk'
      ? 'Форма застаріла або надіслана не з цього сайту. Поверніться, оновіть сторінку й спробуйте ще раз.'
      : 'The form has expired or was not sent from this site. Go back, reload the page and try again.',
  );
}

/** Registers the multipart parser in this scope: it only marks the request; nothing is read here. */
export async function registerMultipart(app: FastifyInstance): Promise<void> {
  await app.register(multipart, { throwFileSizeLimit: false });
  app.addHook('onSend', async (req, reply) => {
    // A refusal sent before the body was read: close, so the rest is not read (and drained) at all.
    if (isMultipartRequest(req) && !req.raw.complete) reply.header('connection', 'close');
  });
}

/**
 * Route options of an upload route. `authorize` gets the request before one byte of its body is read and
 * throws the route's refusal (it may repeat the handler's own checks: the handler stays the last word).
 */
export function uploadRoute<RG extends RouteGenericInterface = RouteGenericInterface>(o: {
  ctx: CoreContext;
  /** The permission key the route exercises (core/permissions/keys.ts). */
  permission: string;
  limits: UploadLimits;
  authorize: (req: FastifyRequest<RG>) => Promise<unknown>;
  /** 'csrf' (browser forms, the default): the token is the first part. 'fields': a key among the text fields before the first file. */
  credentials?: 'csrf' | 'fields';
}): { config: { uploads: UploadLimits; permission: string }; preHandler: (req: FastifyRequest<RG>, reply: FastifyReply) => Promise<void> } {
  return {
    config: { uploads: o.limits, permission: o.permission },
    preHandler: async (req) => {
      if (!isMultipartRequest(req)) return;
      if (o.credentials === 'fields') {
        checkDeclaredLength(req, o.limits);
        const form = await startFields(req, o.limits);
        await o.authorize(req);
        await readRest(req, o.limits, form);
        return;
      }
      const form = await startMultipart(o.ctx, req, o.limits);
      await o.authorize(req);
      await readRest(req, o.limits, form);
    },
  };
}

interface Started {
  it: AsyncIterator<Multipart>;
  pending: Multipart | null;
  /** Text fields already read (credentials: 'fields'). */
  body?: Record<string, string | string[]>;
}

function partsOf(req: FastifyRequest, l: UploadLimits): AsyncIterator<Multipart> {
  const parts = req.parts({
    limits: { fileSize: l.fileBytes, files: l.files, fields: l.fields ?? 60, fieldSize: l.fieldBytes ?? 20_000, parts: l.files + (l.fields ?? 60) },
  });
  return parts[Symbol.asyncIterator]();
}

function checkDeclaredLength(req: FastifyRequest, l: UploadLimits): void {
  const declared = Number(req.headers['content-length']);
  if (!Number.isFinite(declared))
    throw new HttpError(411, 'length_required', req.lang === 'uk' ? 'Потрібна довжина запиту (Content-Length).' : 'Content-Length is required.');
  if (declared > bodyLimitOf(l)) throw tooBig(req, l);
}

function addField(body: Record<string, string | string[]>, name: string, value: string): void {
  const prev = body[name];
  body[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
}

/** Reads the text fields up to the first file part, into req.body, for `authorize` to see. */
async function startFields(req: FastifyRequest, l: UploadLimits): Promise<Started> {
  const it = partsOf(req, l);
  const body: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  let pending: Multipart | null = null;
  try {
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      if (next.value.type === 'file') {
        pending = next.value;
        break;
      }
      if (typeof next.value.value === 'string') addField(body, next.value.fieldname, next.value.value);
    }
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw tooBig(req, l);
    throw e;
  }
  req.body = body;
  return { it, pending, body };
}

const tooBig = (req: FastifyRequest, l: UploadLimits) => {
  const mb = Math.ceil(bodyLimitOf(l) / 1048576);
  return new HttpError(413, 'too_large', req.lang === 'uk' ? `Надіслано забагато даних: не більше ${mb} МБ разом.` : `Too much data: at most ${mb} MB in all.`);
};

/** Reads the first part only, and checks the CSRF token it carries. */
async function startMultipart(ctx: CoreContext, req: FastifyRequest, l: UploadLimits): Promise<Started> {
  const it = partsOf(req, l);
  const headerToken = req.headers['x-csrf-token'];
  const first = await it.next();
  const firstPart = first.done ? null : first.value;
  if (!csrfTokenValid(ctx.config.secretKey, req.cookies[BROWSER_COOKIE], headerToken)) {
    if (
      !firstPart ||
      firstPart.type !== 'field' ||
      firstPart.fieldname !== '_csrf' ||
      !csrfTokenValid(ctx.config.secretKey, req.cookies[BROWSER_COOKIE], firstPart.value)
    ) {
      throw csrfRefusal(req.lang);
    }
  }
  return { it, pending: firstPart };
}

/** Reads the rest of an authorized form: fields into req.body, files (within their limit) into memory. */
async function readRest(req: FastifyRequest, l: UploadLimits, started: Started): Promise<void> {
  checkDeclaredLength(req, l);
  const { it } = started;
  let pending = started.pending;

  const body: Record<string, string | string[]> = started.body ?? (Object.create(null) as Record<string, string | string[]>);
  const files: Upload[] = [];
  try {
    while (pending) {
      const part = pending;
      if (part.type === 'file') {
        const chunks: Buffer[] = [];
        for await (const chunk of part.file) chunks.push(chunk as Buffer);
        const tooLarge = part.file.truncated;
        // An empty file input still sends a part with no name and no bytes.
        const size = chunks.reduce((n, c) => n + c.length, 0);
        if (part.filename || size > 0 || tooLarge) {
          files.push({
            field: part.fieldname,
            filename: (part.filename || '').slice(0, 120),
            mimetype: part.mimetype,
            data: tooLarge ? null : Buffer.concat(chunks),
            tooLarge,
          });
        }
      } else if (typeof part.value === 'string') {
        addField(body, part.fieldname, part.value);
      }
      const next = await it.next();
      pending = next.done ? null : next.value;
    }
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw tooBig(req, l);
    throw e;
  }
  req.body = body;
  uploads.set(req, files);
}

/** The files this request sent in one field (none when the form was not multipart). */
export function uploadsOf(req: FastifyRequest, field: string): Upload[] {
  return (uploads.get(req) ?? []).filter((u) => u.field === field);
}
