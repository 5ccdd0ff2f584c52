/** The moderator's pages of the chat-bot, at /:slug/manage/chatbot: connection, the reference tree, a preview. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { communityOr404, idOr404, queryString, routeId } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { field } from '../../../core/http/form-parser.js';
import { HttpError, notFound } from '../../../core/http/errors.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import { pick } from '../../../core/i18n/index.js';
import type { FormState } from '../../../core/views/forms.js';
import { requireBotManager } from '../access.js';
import { findSettings, listNodes } from '../repository.js';
import { createNode, editNode, moveNode, nodeOf, removeNode, saveBotSettings } from '../service.js';
import { nodeValues, parseNodeForm, parseSettingsForm } from '../forms.js';
import { referenceNode, referenceRoot, searchReply, type RefNode } from '../rules.js';
import { manageBase, ManageBotPage, NodeFormPage } from '../views/manage.js';

type Slug = { Params: { slug: string } };
type SlugId = { Params: { slug: string; id: string } };

const NOTICES = {
  saved: { uk: 'Налаштування збережено.', en: 'The settings are saved.' },
  node: { uk: 'Пункт довідника збережено.', en: 'The entry is saved.' },
  deleted: { uk: 'Пункт довідника видалено.', en: 'The entry is deleted.' },
};

export function registerManageRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const limitWrites = async (req: FastifyRequest, userId: number) => {
    const limit = await hitRateLimit(ctx.db, { key: `chatbot:manage:${userId}`, max: 300, windowSeconds: 3600 }, ctx.clock.now());
    if (!limit.allowed) throw new HttpError(429, 'rate_limited', pick({ uk: 'Забагато змін за годину.', en: 'Too many changes this hour.' }, req.lang));
  };

  const renderMain = async (req: FastifyRequest, reply: FastifyReply, c: Community, settingsForm: FormState, status = 200) => {
    const settings = await findSettings(ctx.db, c.id);
    const nodes = await listNodes(ctx.db, c.id);
    const query = queryString(req, 'q');
    const previewId = routeId(queryString(req, 'preview'));
    const previewNode = previewId === null ? undefined : nodes.find((n) => n.id === previewId);
    const previewReply = query
      ? searchReply(nodes, query, req.lang)
      : previewNode
        ? referenceNode(nodes, previewNode, req.lang)
        : referenceRoot(nodes, req.lang);
    const noticeKey = queryString(req, 'done');
    const notice = Object.hasOwn(NOTICES, noticeKey) ? pick(NOTICES[noticeKey as keyof typeof NOTICES], req.lang) : null;
    const p = await pageCtx(ctx, req, c);
    const status_ = { enabled: settings?.enabled ?? false, telegram: !!settings?.telegramTokenSealed, viber: !!settings?.viberTokenSealed };
    return sendHtml(reply, await ManageBotPage({ p, c, status: status_, settingsForm, notice, nodes, preview: { reply: previewReply, query } }), status);
  };

  const renderNode = async (req: FastifyRequest, reply: FastifyReply, c: Community, nodes: RefNode[], node: RefNode | null, form: FormState, status = 200) => {
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await NodeFormPage({ p, c, nodes, node, form }), status);
  };

  /** The entry of the URL, in this community; 404 for another community's (its id names nothing here). */
  const nodeOr404 = async (req: FastifyRequest<SlugId>, c: Community): Promise<RefNode> => {
    const node = await nodeOf(ctx, c, idOr404(req.params.id));
    if (!node) throw notFound(pick({ uk: 'Такого пункту довідника немає.', en: 'No such reference entry.' }, req.lang));
    return node;
  };

  app.get<Slug>('/:slug/manage/chatbot', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    requireBotManager(req, c);
    return renderMain(req, reply, c, { values: {}, errors: {} });
  });

  app.post<Slug>('/:slug/manage/chatbot/settings', { config: { permission: 'chatbot.configure' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireBotManager(req, c);
    await limitWrites(req, v.id);
    const form = parseSettingsForm(req.body, req.lang);
    // The typed tokens are never put back into the page, even with an error.
    if (Object.keys(form.errors).length) return renderMain(req, reply, c, { values: {}, errors: form.errors }, 400);
    const error = await saveBotSettings(ctx, {
      community: c,
      actorUserId: v.id,
      enabled: form.enabled,
      telegramToken: form.telegramToken,
      viberToken: form.viberToken,
      now: ctx.clock.now(),
    });
    if (error === 'telegram-refused') {
      const message = pick(
        { uk: 'Telegram не прийняв цей токен. Перевірте його в @BotFather.', en: 'Telegram refused this token. Check it with @BotFather.' },
        req.lang,
      );
      return renderMain(req, reply, c, { values: {}, errors: { telegram_token: message } }, 400);
    }
    if (error === 'viber-refused') {
      const message = pick(
        {
          uk: 'Viber не прийняв цей токен. Перевірте його в панелі бота на partners.viber.com.',
          en: 'Viber refused this token. Check it in the bot’s panel at partners.viber.com.',
        },
        req.lang,
      );
      return renderMain(req, reply, c, { values: {}, errors: { viber_token: message } }, 400);
    }
    return reply.redirect(`${manageBase(c)}?done=saved`, 303);
  });

  app.get<Slug>('/:slug/manage/chatbot/nodes/new', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    requireBotManager(req, c);
    const nodes = await listNodes(ctx.db, c.id);
    const parent = routeId(queryString(req, 'parent'));
    return renderNode(req, reply, c, nodes, null, {
      values: { parent: parent !== null && nodes.some((n) => n.id === parent) ? String(parent) : '' },
      errors: {},
    });
  });

  app.post<Slug>('/:slug/manage/chatbot/nodes', { config: { permission: 'chatbot.edit-reference' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireBotManager(req, c);
    await limitWrites(req, v.id);
    const nodes = await listNodes(ctx.db, c.id);
    const parsed = parseNodeForm(req.body, nodes, null, req.lang);
    if (!parsed.fields) return renderNode(req, reply, c, nodes, null, { values: parsed.values, errors: parsed.errors }, 400);
    const id = await createNode(ctx, { community: c, actorUserId: v.id, fields: parsed.fields, now: ctx.clock.now() });
    return reply.redirect(`${manageBase(c)}?done=node&preview=${id}#preview`, 303);
  });

  app.get<SlugId>('/:slug/manage/chatbot/nodes/:id', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    requireBotManager(req, c);
    const node = await nodeOr404(req, c);
    return renderNode(req, reply, c, await listNodes(ctx.db, c.id), node, { values: nodeValues(node), errors: {} });
  });

  app.post<SlugId>('/:slug/manage/chatbot/nodes/:id', { config: { permission: 'chatbot.edit-reference' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireBotManager(req, c);
    const node = await nodeOr404(req, c);
    await limitWrites(req, v.id);
    const nodes = await listNodes(ctx.db, c.id);
    const parsed = parseNodeForm(req.body, nodes, node, req.lang);
    if (!parsed.fields) return renderNode(req, reply, c, nodes, node, { values: parsed.values, errors: parsed.errors }, 400);
    await editNode(ctx, { community: c, actorUserId: v.id, node, fields: parsed.fields, now: ctx.clock.now() });
    return reply.redirect(`${manageBase(c)}?done=node&preview=${node.id}#preview`, 303);
  });

  app.post<SlugId>('/:slug/manage/chatbot/nodes/:id/move', { config: { permission: 'chatbot.edit-reference' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireBotManager(req, c);
    const node = await nodeOr404(req, c);
    const direction = field(req.body, 'direction');
    if (direction !== 'up' && direction !== 'down') throw new HttpError(400, 'bad_request', pick({ uk: 'Куди пересунути?', en: 'Move where?' }, req.lang));
    await limitWrites(req, v.id);
    await moveNode(ctx, { community: c, actorUserId: v.id, node, direction });
    return reply.redirect(`${manageBase(c)}#reference`, 303);
  });

  app.post<SlugId>('/:slug/manage/chatbot/nodes/:id/delete', { config: { permission: 'chatbot.edit-reference' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireBotManager(req, c);
    const node = await nodeOr404(req, c);
    await limitWrites(req, v.id);
    await removeNode(ctx, { community: c, actorUserId: v.id, node });
    return reply.redirect(`${manageBase(c)}?done=deleted#reference`, 303);
  });
}
