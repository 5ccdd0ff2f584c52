/**
 * The item page as a route renders it (public, and again with a form's errors after a POST of the public or
 * the moderator's routes): everything it shows, read for this viewer.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { queryString } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { hiddenIds } from '../../../core/moderation/moderation-service.js';
import { tr } from '../../../core/views/page-context.js';
import type { Text } from '../../../core/i18n/index.js';
import {
  allResponses,
  countResponses,
  identityOf,
  listAttachments,
  listComments,
  listQuestions,
  listSections,
  responseOf,
  stanceTallies,
  stancePeople,
  stancesOf,
  supportedBy,
  type Item,
} from '../repository.js';
import { resultsVisible } from '../rules/model.js';
import { pollResults, type FormBody } from '../rules/poll.js';
import { pollSubject } from '../rules/log-acts.js';
import { loggedCount } from '../../../core/tlog/counts.js';
import type { LevelCounts } from '../rules/levels.js';
import { isModerator, participationFor } from '../access.js';
import { ItemPage } from '../views/item.js';
import type { CommentFormState } from '../views/parts.js';
import { followState } from '../../../core/follows/state.js';

export interface ItemRenderOptions {
  status?: number;
  pollValues?: FormBody;
  pollErrors?: Record<string, Text>;
  commentForm?: CommentFormState | null;
  flash?: string | null;
}

export async function renderItem(
  ctx: CoreContext,
  req: FastifyRequest,
  reply: FastifyReply,
  c: Community,
  item: Item,
  o: ItemRenderOptions = {},
): Promise<FastifyReply> {
  const viewer = req.viewer;
  const moderator = isModerator(viewer, c);
  const part = await participationFor(ctx, viewer, c, item);
  const identity = viewer ? await identityOf(ctx.db, viewer.id) : null;
  const showResults = resultsVisible(item.resultsVisibility, part.state, moderator);
  const [attachments, comments, questions, sections] = await Promise.all([
    listAttachments(ctx.db, item.id),
    listComments(ctx.db, item.id),
    item.kind === 'poll' ? listQuestions(ctx.db, item.id) : Promise.resolve([]),
    item.kind === 'act' ? listSections(ctx.db, item.id) : Promise.resolve([]),
  ]);
  const hidden = await hiddenIds(
    ctx.db,
    'consultation-comment',
    comments.map((x) => String(x.id)),
  );
  const supported = identity ? await supportedBy(ctx.db, item.id, identity) : new Set<number>();
  let results = null;
  let responses = 0;
  let levels: LevelCounts | null = null;
  let myResponse = null;
  let logged = null;
  if (item.kind === 'poll') {
    const byLevel = await countResponses(ctx.db, item.id);
    responses = byLevel.idgovua + byLevel.email;
    // Like the site's figure beside it: the answers of every level.
    const fromLog = await loggedCount(ctx.db, pollSubject(item.id));
    logged = { count: fromLog.all, checkpoint: fromLog.checkpoint };
    myResponse = identity ? await responseOf(ctx.db, item.id, identity) : null;
    if (showResults) {
      // Under the poll's rule: e-mail-level answers are counted only when it says so; shown by level either way.
      results = pollResults(questions, await allResponses(ctx.db, item.id), item.emailCounts).results;
      levels = byLevel;
    }
  }
  const tallies = item.kind === 'act' && showResults ? await stanceTallies(ctx.db, item.id, item.emailCounts) : null;
  if (item.kind === 'act' && showResults) levels = await stancePeople(ctx.db, item.id);
  const myStances = item.kind === 'act' && identity ? await stancesOf(ctx.db, item.id, identity) : new Map();
  const p = await pageCtx(ctx, req, c);
  const flash =
    o.flash ?? (queryString(req, 'done') === 'answered' ? tr(p, 'Дякуємо! Вашу відповідь зараховано.', 'Thank you! Your answer is counted.') : null);
  const html = await ItemPage({
    p,
    c,
    item,
    moderator,
    part,
    attachments,
    comments,
    hidden,
    supported,
    questions,
    myResponse,
    pollValues: o.pollValues ?? {},
    pollErrors: o.pollErrors ?? {},
    results,
    responses,
    logged,
    levels,
    sections,
    tallies,
    myStances,
    commentForm: o.commentForm ?? null,
    flash,
    follow: item.publishedAt ? await followState(ctx, req, c, 'consultations', String(item.id)) : null,
  });
  return sendHtml(reply, html, o.status ?? 200);
}
