/** «Підключити громаду»: the public request form and the applicant's private status page. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { field, fields } from '../../../core/http/form-parser.js';
import { HttpError, notFound } from '../../../core/http/errors.js';
import { queryString } from '../../../core/http/route-helpers.js';
import { hitRateLimit, ipPrefix, rateLimitExhausted } from '../../../core/security/rate-limit.js';
import { sha256 } from '../../../core/sessions/sessions.js';
import { findCommunityById } from '../../../core/communities/communities-repository.js';
import type { FormState } from '../../../core/views/forms.js';
import type { Lang } from '../../../core/i18n/index.js';
import { fileMetas, findRequestByTokenHash, FILE_KINDS, type ConnectionRequest, type FileKind, type UploadedPdf } from '../repository.js';
import { isPdf, PDF_MAX_BYTES, TEXT_FIELDS, uploaded, validateRequestForm, type RawRequestForm } from '../rules.js';
import { uploadRoute, uploadsOf } from '../../../core/http/uploads.js';
import { resubmit, submitRequest, type Conflict } from '../service/requests.js';
import { ConnectPage, StatusPage } from '../views/connect-views.js';

function readForm(body: unknown): RawRequestForm {
  const raw = Object.fromEntries(TEXT_FIELDS.map((k) => [k, field(body, k)])) as Omit<RawRequestForm, 'tools'>;
  return { ...raw, tools: fields(body, 'tools') };
}

/** The files of the form, checked: a PDF by its first bytes, within the size limit. */
function readFiles(req: FastifyRequest, required: boolean, errors: Record<string, string>): Partial<Record<FileKind, UploadedPdf>> {
  const uk = req.lang === 'uk';
  const out: Partial<Record<FileKind, UploadedPdf>> = {};
  const what: Record<FileKind, { uk: string; en: string }> = {
    memorandum: { uk: 'підписаний меморандум', en: 'the signed memorandum' },
    letter: { uk: 'лист ради', en: 'the council letter' },
  };
  for (const kind of FILE_KINDS) {
    const data = uploaded(uploadsOf(req, kind));
    if (uploadsOf(req, kind).some((u) => u.tooLarge) || (data && data.length > PDF_MAX_BYTES)) {
      errors[kind] = uk
        ? `Файл завеликий: PDF має бути не більше ${PDF_MAX_BYTES / 1024 / 1024} МБ`
        : `The file is too large: the PDF must be at most ${PDF_MAX_BYTES / 1024 / 1024} MB`;
    } else if (!data) {
      if (required) errors[kind] = uk ? `Завантажте ${what[kind].uk} у форматі PDF` : `Upload ${what[kind].en} as a PDF`;
    } else if (!isPdf(data)) {
      errors[kind] = uk ? 'Файл має бути у форматі PDF' : 'The file must be a PDF';
    } else {
      out[kind] = { name: `${kind}.pdf`, data };
    }
  }
  return out;
}

function conflictMessage(c: Conflict, lang: Lang): string {
  if (c.kind === 'connected') {
    return lang === 'uk'
      ? `Громада «${c.name}» вже підключена до Віче. Другу заявку подати не можна; з питаннями звертайтеся до її модераторів.`
      : `${c.name} is already connected to Viche. A second request cannot be sent; ask its moderators.`;
  }
  return lang === 'uk'
    ? `Для громади «${c.name}» заявку вже подано, вона на розгляді. Стан заявки — за посиланням у листі, надісланому контактній особі.`
    : `A request for ${c.name} has already been sent and is under review. Its status is at the link in the letter to the contact person.`;
}

/** The stored request as the form's values, to correct it. */
function formOf(r: ConnectionRequest): FormState {
  return {
    values: {
      community: r.territorial_code,
      contact_name: r.contact_name,
      contact_position: r.contact_position,
      contact_email: r.contact_email,
      contact_phone: r.contact_phone,
      council_address: r.council_address,
      council_website: r.council_website,
      moderator_emails: r.moderator_emails.join('\n'),
      petition_threshold: r.petition_threshold === null ? '' : String(r.petition_threshold),
      petition_days: r.petition_days === null ? '' : String(r.petition_days),
      budget_total: r.budget_total === null ? '' : String(r.budget_total),
      budget_categories: r.budget_categories.join('\n'),
      budget_max_choices: r.budget_max_choices === null ? '' : String(r.budget_max_choices),
      budget_min_age: r.budget_min_age === null ? '' : String(r.budget_min_age),
    },
    errors: {},
  };
}

const TOKEN_RE = /^[A-Za-z0-9_-]{20,100}$/;

export function registerConnectRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const renderForm = async (req: FastifyRequest, reply: FastifyReply, form: FormState, tools: string[], status = 200) => {
    const p = await pageCtx(ctx, req);
    const onPlatform = (await ctx.db.selectFrom('communities').select('territorial_codes').execute()).flatMap((r) => r.territorial_codes);
    return sendHtml(reply, await ConnectPage({ p, form, tools, onPlatform }), status);
  };

  app.get('/connect', async (req, reply) => renderForm(req, reply, { values: {}, errors: {} }, []));

  const connectLimit = (req: FastifyRequest) => ({ key: `connect:ip:${ipPrefix(req.ip)}`, max: 10, windowSeconds: 3600 });
  const tooManyRequests = (req: FastifyRequest) =>
    new HttpError(
      429,
      'rate_limited',
      req.lang === 'uk' ? 'Забагато заявок з вашої мережі за годину. Спробуйте пізніше.' : 'Too many requests from your network this hour. Try later.',
    );
  // Anyone may ask to connect a community; a network that has used up its requests sends no PDFs again.
  const connectUploads = uploadRoute({
    ctx,
    permission: 'admin.request',
    limits: { fileBytes: PDF_MAX_BYTES, files: FILE_KINDS.length },
    authorize: async (req) => {
      if (!(await rateLimitExhausted(ctx.db, connectLimit(req), ctx.clock.now())).allowed) throw tooManyRequests(req);
    },
  });

  app.post('/connect', connectUploads, async (req, reply) => {
    const raw = readForm(req.body);
    const { input, errors } = validateRequestForm(raw, req.lang);
    const files = readFiles(req, true, errors);
    const values: Record<string, string> = { ...raw, tools: '' };
    if (Object.keys(errors).length) return renderForm(req, reply, { values, errors }, raw.tools, 400);
    const limit = await hitRateLimit(ctx.db, connectLimit(req), ctx.clock.now());
    if (!limit.allowed) throw tooManyRequests(req);
    const outcome = await submitRequest(ctx, { input, files: { memorandum: files.memorandum!, letter: files.letter! }, lang: req.lang });
    if (!outcome.ok) return renderForm(req, reply, { values, errors: { community: conflictMessage(outcome.conflict, req.lang) } }, raw.tools, 409);
    return reply.redirect(`/connect/status/${outcome.token}?sent=1`, 303);
  });

  const requestOf = async (token: string): Promise<ConnectionRequest> => {
    const r = TOKEN_RE.test(token) ? await findRequestByTokenHash(ctx.db, sha256(token)) : null;
    if (!r) throw notFound('Заявку не знайдено. Перевірте посилання з листа.');
    return r;
  };

  const renderStatus = async (
    req: FastifyRequest,
    reply: FastifyReply,
    token: string,
    r: ConnectionRequest,
    o: { form: FormState | null; tools?: string[]; editing: boolean; status?: number },
  ) => {
    const [files, community] = await Promise.all([fileMetas(ctx.db, r.id), r.community_id ? findCommunityById(ctx.db, r.community_id) : null]);
    const p = await pageCtx(ctx, req);
    // A private page: never cached or indexed.
    reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow');
    const html = await StatusPage({
      p,
      r,
      files,
      token,
      justSent: queryString(req, 'sent') === '1',
      form: o.form,
      communitySlug: community?.slug ?? null,
      editing: o.editing,
      tools: o.tools ?? r.tools,
    });
    return sendHtml(reply, html, o.status ?? 200);
  };

  app.get<{ Params: { token: string } }>('/connect/status/:token', async (req, reply) => {
    const r = await requestOf(req.params.token);
    return renderStatus(req, reply, req.params.token, r, { form: null, editing: false });
  });

  app.get<{ Params: { token: string } }>('/connect/status/:token/edit', async (req, reply) => {
    const r = await requestOf(req.params.token);
    if (r.status !== 'changes_requested') return reply.redirect(`/connect/status/${req.params.token}`, 303);
    return renderStatus(req, reply, req.params.token, r, { form: formOf(r), editing: true });
  });

  // Only the holder of a request's secret link, while changes are asked for, may send new PDFs.
  const editUploads = uploadRoute<{ Params: { token: string } }>({
    ctx,
    permission: 'admin.request',
    limits: { fileBytes: PDF_MAX_BYTES, files: FILE_KINDS.length },
    authorize: async (req) => {
      const r = await requestOf(req.params.token);
      if (r.status !== 'changes_requested')
        throw new HttpError(
          409,
          'conflict',
          req.lang === 'uk'
            ? 'Цю заявку зараз не можна змінити: її вже розглядають або розглянули.'
            : 'This request cannot be changed now: it is under review or decided.',
        );
    },
  });

  app.post<{ Params: { token: string } }>('/connect/status/:token/edit', editUploads, async (req, reply) => {
    const token = req.params.token;
    const r = await requestOf(token);
    const uk = req.lang === 'uk';
    if (r.status !== 'changes_requested') {
      throw new HttpError(
        409,
        'conflict',
        uk ? 'Цю заявку зараз не можна змінити: її вже розглядають або розглянули.' : 'This request cannot be changed now: it is under review or decided.',
      );
    }
    const limit = await hitRateLimit(ctx.db, { key: `connect:edit:${r.id}`, max: 20, windowSeconds: 3600 }, ctx.clock.now());
    if (!limit.allowed)
      throw new HttpError(429, 'rate_limited', uk ? 'Забагато спроб за годину. Спробуйте пізніше.' : 'Too many attempts this hour. Try later.');
    // The community of a request is fixed: it is what the documents are about.
    const raw = { ...readForm(req.body), community: r.territorial_code };
    const { input, errors } = validateRequestForm(raw, req.lang);
    const files = readFiles(req, false, errors);
    const form = { values: { ...raw, tools: '' }, errors };
    if (Object.keys(errors).length) return renderStatus(req, reply, token, r, { form, tools: raw.tools, editing: true, status: 400 });
    const outcome = await resubmit(ctx, r, { input, files });
    if (!outcome.ok) {
      if (outcome.conflict === 'state') {
        throw new HttpError(
          409,
          'conflict',
          uk ? 'Цю заявку зараз не можна змінити: її вже розглядають або розглянули.' : 'This request cannot be changed now.',
        );
      }
      return renderStatus(req, reply, token, r, {
        form: { values: form.values, errors: { community: conflictMessage(outcome.conflict, req.lang) } },
        tools: raw.tools,
        editing: true,
        status: 409,
      });
    }
    return reply.redirect(`/connect/status/${token}`, 303);
  });
}
