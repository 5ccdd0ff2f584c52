/** Who may see and do what with consultations: built on the core's policy, in one place. */
import { pluralWord } from '../../core/i18n/index.js';
import type { FastifyRequest } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import { HttpError, forbidden, notFound } from '../../core/http/errors.js';
import { requireViewer, routeId } from '../../core/http/route-helpers.js';
import { isToolModerator, type ParticipationRefusal } from '../../core/permissions/policy.js';
import { participationOf } from '../../core/permissions/participation.js';
import { refusalText } from '../../core/permissions/refusal-text.js';
import type { Viewer } from '../../core/users/viewer.js';
import { findItem, type Item } from './repository.js';
import { stateOf, type State } from './rules/model.js';
import { EMAIL_COUNTS_TEXT } from './rules/levels.js';

export const TOOL = 'consultations';

export function isModerator(v: Viewer | null, c: Community): boolean {
  return isToolModerator(v, c.id, TOOL);
}

export function requireModerator(req: FastifyRequest, c: Community): Viewer {
  const v = requireViewer(req);
  if (!isModerator(v, c)) {
    throw forbidden(
      req.lang === 'uk' ? 'Це може робити лише модератор консультацій цієї громади.' : 'Only a consultations moderator of this community may do this.',
    );
  }
  return v;
}

export function parseId(raw: string): number {
  return routeId(raw) ?? 0;
}

/** An item of this community the viewer may see: drafts only for moderators, everything else for all. */
export async function itemOr404(ctx: CoreContext, req: FastifyRequest, c: Community, rawId: string): Promise<Item> {
  const item = await findItem(ctx.db, c.id, parseId(rawId));
  if (!item || (!item.publishedAt && !isModerator(req.viewer, c))) {
    throw notFound(req.lang === 'uk' ? 'Такої консультації немає.' : 'There is no such consultation.');
  }
  return item;
}

export interface Participation {
  refusal: ParticipationRefusal | null;
  blockReason: string | null;
  state: State;
}

export async function participationFor(ctx: CoreContext, viewer: Viewer | null, c: Community, item: Item): Promise<Participation> {
  const { refusal, blockReason } = await participationOf(ctx, viewer, c, {
    allowEmail: item.allowEmail,
    residentsOnly: item.residentsOnly,
    minAge: item.minAge,
  });
  return { refusal, blockReason, state: stateOf(item, ctx.clock.now()) };
}

/** For every resident act: the person may take part, and the item is open now. */
export async function requireParticipation(ctx: CoreContext, req: FastifyRequest, c: Community, item: Item): Promise<Viewer> {
  const p = await participationFor(ctx, req.viewer, c, item);
  const uk = req.lang === 'uk';
  if (p.refusal === 'signed-out') throw new HttpError(401, 'unauthorized', refusalText(p.refusal, req.lang, null));
  if (p.refusal) throw new HttpError(403, p.refusal, refusalText(p.refusal, req.lang, p.blockReason));
  if (p.state !== 'active') {
    throw new HttpError(
      409,
      'not_active',
      p.state === 'scheduled'
        ? uk
          ? 'Обговорення ще не почалося.'
          : 'The discussion has not started yet.'
        : p.state === 'draft'
          ? uk
            ? 'Це чернетка: участь відкриється після публікації.'
            : 'This is a draft: participation opens once it is published.'
          : uk
            ? 'Час участі вийшов: обговорення завершено.'
            : 'Time is up: the discussion has ended.',
    );
  }
  return req.viewer!;
}

export function rulesText(item: Item, c: Community, lang: 'uk' | 'en'): string[] {
  const uk = lang === 'uk';
  const lines: string[] = [];
  lines.push(
    item.allowEmail && c.signInPolicy === 'idgovua_or_email'
      ? uk
        ? 'Вхід через id.gov.ua або поштою з телефоном'
        : 'Sign in with id.gov.ua or by e-mail with a phone'
      : uk
        ? 'Лише вхід через id.gov.ua'
        : 'id.gov.ua sign-in only',
  );
  lines.push(
    item.residentsOnly ? (uk ? 'Лише мешканці громади' : 'Residents of the community only') : uk ? 'Будь-хто, не лише мешканці' : 'Anyone, not only residents',
  );
  if (item.minAge !== null)
    lines.push(
      uk ? `З ${item.minAge} ${pluralWord(item.minAge, { uk: ['року', 'років', 'років'], en: ['year', 'years'] }, 'uk')}` : `Aged ${item.minAge} and over`,
    );
  // Whether e-mail-level answers count: said wherever they may come, and wherever the rule leaves them out.
  if (item.kind !== 'consultation' && ((item.allowEmail && c.signInPolicy === 'idgovua_or_email') || !item.emailCounts))
    lines.push(EMAIL_COUNTS_TEXT[item.emailCounts ? 'counts' : 'not'][lang]);
  lines.push(
    // A poll is not a discussion (issue #21): each kind names itself.
    item.resultsVisibility === 'during'
      ? item.kind === 'poll'
        ? uk
          ? 'Результати видно під час опитування'
          : 'Results are shown while the poll runs'
        : uk
          ? 'Результати видно під час обговорення'
          : 'Results are shown during the discussion'
      : uk
        ? 'Результати — лише після завершення'
        : 'Results only after the end',
  );
  return lines;
}
