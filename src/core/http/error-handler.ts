/**
 * Turns every error into a page (or JSON under /api and /open311) with the right status and a clear
 * message; never a stack trace, never personal data in the log.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../context.js';
import { ErrorPage } from '../views/error-page.js';
import { HttpError, statusOfError } from './errors.js';
import { pageCtx, sendHtml } from './request-context.js';

function wantsJson(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/') || req.url.startsWith('/healthz') || req.url.startsWith('/log/proof/');
}

function describe(req: FastifyRequest, status: number, err: FastifyError | HttpError | null): { code: string; message: string } {
  const uk = req.lang !== 'en';
  if (err instanceof HttpError) return { code: err.code, message: err.message };
  if (status === 404) return { code: 'not_found', message: uk ? 'Такої сторінки немає або її прибрали.' : 'There is no such page, or it was removed.' };
  if (status === 413)
    return {
      code: 'payload_too_large',
      message: uk ? 'Надіслано забагато даних. Зменште обсяг і спробуйте ще раз.' : 'Too much data was sent. Make it smaller and try again.',
    };
  if (status === 415) return { code: 'unsupported_media_type', message: uk ? 'Непідтримуваний формат даних.' : 'Unsupported data format.' };
  if (status === 429)
    return { code: 'rate_limited', message: uk ? 'Забагато спроб. Зачекайте трохи й спробуйте знову.' : 'Too many attempts. Wait a little and try again.' };
  if (status === 400) return { code: 'bad_request', message: uk ? 'Запит має неправильний формат.' : 'The request is malformed.' };
  if (status < 500 && err) return { code: err.code ?? 'error', message: err.message };
  return { code: 'internal', message: uk ? 'Сталася помилка на сервері.' : 'A server error occurred.' };
}

export async function renderError(
  ctx: CoreContext,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  err: FastifyError | HttpError | null,
): Promise<FastifyReply> {
  const { code, message } = describe(req, status, err);
  if (wantsJson(req)) return reply.status(status).type('application/json; charset=utf-8').send({ error: { code, message } });
  let page: PromiseLike<unknown> | unknown;
  try {
    page = await ErrorPage({ ctx: await pageCtx(ctx, req), status, message });
  } catch {
    // The database itself may be what failed: fall back to a page that needs nothing.
    page = `<!doctype html><html lang="uk"><meta charset="utf-8"><title>Помилка — Віче</title><h1>Щось пішло не так</h1><p>${status}</p></html>`;
  }
  return sendHtml(reply, String(page), status);
}

export function installErrorHandlers(app: FastifyInstance, ctx: CoreContext): void {
  app.setErrorHandler(async (err: FastifyError | HttpError, req, reply) => {
    let status = err instanceof HttpError ? err.statusCode : statusOfError(err);
    if ('validation' in err && err.validation) status = 400;
    if (status >= 500) req.log.error({ err: { message: err.message, stack: err.stack, code: err.code } }, 'request failed');
    if (status === 429) reply.header('retry-after', '60');
    // Pages that need a signed-in person send them to sign in and back.
    if (status === 401 && !wantsJson(req) && req.method === 'GET') {
      return reply.redirect(`/auth/sign-in?return=${encodeURIComponent(req.url)}`, 303);
    }
    return renderError(ctx, req, reply, status, status >= 500 ? null : err);
  });
  app.setNotFoundHandler(async (req, reply) => renderError(ctx, req, reply, 404, null));
}
