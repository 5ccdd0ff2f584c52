/** A resident's pages: write to the council (/:slug/appeals/new) and read one's own appeal with its answer. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { communityOr404, idOr404, queryString, requireViewer } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { field } from '../../../core/http/form-parser.js';
import { HttpError } from '../../../core/http/errors.js';
import { pick } from '../../../core/i18n/index.js';
import { fullName } from '../../../core/users/viewer.js';
import type { FormState } from '../../../core/views/forms.js';
import { appealNotFound, canSee } from '../access.js';
import { parseAppealForm, nameError } from '../forms.js';
import { findAppeal } from '../repository.js';
import { appealPath, fileAppeal } from '../service.js';
import { AppealPage, NewAppealPage } from '../views/public.js';

type Slug = { Params: { slug: string } };
type SlugId = { Params: { slug: string; id: string } };

export function registerPublicRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const renderNew = async (req: FastifyRequest, reply: FastifyReply, c: Community, form: FormState, status = 200) =>
    sendHtml(reply, await NewAppealPage({ p: await pageCtx(ctx, req, c), c, form }), status);

  app.get<Slug>('/:slug/appeals/new', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireViewer(
      req,
      pick(
        {
          uk: 'Увійдіть, щоб звернутися до влади: анонімні звернення не розглядаються.',
          en: 'Sign in to write to the council: anonymous appeals are not considered.',
        },
        req.lang,
      ),
    );
    return renderNew(req, reply, c, { values: { email: v.email ?? '' }, errors: {} });
  });

  app.post<Slug>('/:slug/appeals', { config: { permission: 'appeals.file' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireViewer(req);
    const parsed = parseAppealForm(req.body, req.lang);
    // The name is the account's; an account without a full one (an e-mail sign-in) gives it in the form.
    const accountName = fullName(v);
    const name = nameError(accountName, req.lang) ? field(req.body, 'author_name').trim() : accountName;
    const noName = nameError(name, req.lang);
    if (noName) parsed.errors.author_name = noName;
    const values = { ...parsed.values, author_name: field(req.body, 'author_name') };
    if (!parsed.fields || noName) return renderNew(req, reply, c, { values, errors: parsed.errors }, 400);
    const r = await fileAppeal(ctx, {
      community: c,
      userId: v.id,
      channel: 'web',
      authorName: name,
      email: parsed.fields.email,
      lang: req.lang,
      topic: parsed.fields.topic,
      body: parsed.fields.body,
      rateKey: `user:${v.id}`,
      now: ctx.clock.now(),
    });
    if ('refusal' in r)
      throw new HttpError(
        429,
        'rate_limited',
        pick({ uk: 'Забагато звернень за добу. Спробуйте завтра.', en: 'Too many appeals in a day. Try tomorrow.' }, req.lang),
      );
    return reply.redirect(`${appealPath(c, r.id)}?done=filed`, 303);
  });

  app.get<SlugId>('/:slug/appeals/:id', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireViewer(req);
    const a = await findAppeal(ctx.db, c.id, idOr404(req.params.id));
    // Someone else's appeal is not found, whether it exists or not.
    if (!a || !canSee(v, c, a)) throw appealNotFound(req);
    const notice =
      queryString(req, 'done') === 'filed'
        ? pick(
            {
              uk: `Звернення №${a.number} отримано. Відповідь буде тут і листом.`,
              en: `Appeal No. ${a.number} received. The answer will be here and by e-mail.`,
            },
            req.lang,
          )
        : null;
    reply.header('cache-control', 'private, no-store');
    return sendHtml(reply, await AppealPage({ p: await pageCtx(ctx, req, c), c, a, now: ctx.clock.now(), notice }));
  });
}
