/**
 * The acts of connecting a community, each one transaction with its audit entry and its letters:
 * submit, correct and resubmit, ask for changes, accept (the community is created), decline.
 */
import { createHmac } from 'node:crypto';
import type { CoreContext } from '../../../core/context.js';
import { inTransaction } from '../../../core/db/transaction.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { queueMail } from '../../../core/mail/mailer.js';
import { randomToken, sha256 } from '../../../core/sessions/sessions.js';
import { invalidateCommunitySwitcher } from '../../../core/http/navigation.js';
import { findCommunityById } from '../../../core/communities/communities-repository.js';
import { isWithinTerritory, type Community } from '../../../core/communities/community.js';
import type { CommunityContacts } from '../../../core/db/schema.js';
import { TOOLS, isToolId } from '../../../core/tools.js';
import type { Lang } from '../../../core/i18n/index.js';
import type { CommunityConnection } from '../../../core/modules/manifest.js';
import {
  decide,
  findRequest,
  insertRequest,
  openRequestFor,
  resubmitRequest,
  saveFile,
  type ConnectionRequest,
  type FileKind,
  type RequestStatus,
  type RequestInput,
  type UploadedPdf,
} from '../repository.js';
import { acceptedMail, changesRequestedMail, declinedMail, moderatorInvitationMail, receivedMail } from './mails.js';
import { moderatorEmailsOf } from '../rules.js';
import { roleInvitationUrl } from '../../../core/users/email-confirmation.js';

/** The status link's token, rebuilt from the stored salt with the app's secret (see the migration). */
export function statusToken(ctx: CoreContext, salt: string): string {
  return createHmac('sha256', ctx.config.secretKey).update(`connection-status:${salt}`).digest('base64url');
}

export function statusUrl(ctx: CoreContext, r: Pick<ConnectionRequest, 'status_token_salt'>): string {
  return `${ctx.config.publicUrl}/connect/status/${statusToken(ctx, r.status_token_salt)}`;
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'code' in e && (e as { code: unknown }).code === '23505';
}

/** The connected (or suspended) community that already covers this code, if any. */
export async function connectedCommunityFor(ctx: CoreContext, code: string): Promise<{ slug: string; name: string; status: string } | null> {
  const rows = await ctx.db.selectFrom('communities').select(['slug', 'name_uk', 'status', 'territorial_codes']).execute();
  const hit = rows.find((r) => isWithinTerritory(code, r.territorial_codes));
  return hit ? { slug: hit.slug, name: hit.name_uk, status: hit.status } : null;
}

export type Conflict = { kind: 'connected'; name: string } | { kind: 'open'; name: string };

/** Why a request for this community cannot be taken now, or null. */
export async function requestConflict(ctx: CoreContext, input: RequestInput, exceptId: number | null): Promise<Conflict | null> {
  if (await connectedCommunityFor(ctx, input.territorialCode)) return { kind: 'connected', name: input.name.uk };
  if (await openRequestFor(ctx.db, input.territorialCode, exceptId)) return { kind: 'open', name: input.name.uk };
  return null;
}

export async function submitRequest(
  ctx: CoreContext,
  o: { input: RequestInput; files: Record<FileKind, UploadedPdf>; lang: Lang },
): Promise<{ ok: true; id: number; token: string } | { ok: false; conflict: Conflict }> {
  const conflict = await requestConflict(ctx, o.input, null);
  if (conflict) return { ok: false, conflict };
  const now = ctx.clock.now();
  const salt = randomToken(24);
  const token = statusToken(ctx, salt);
  try {
    const id = await inTransaction(ctx.db, async (trx) => {
      const requestId = await insertRequest(trx, o.input, { tokenSalt: salt, tokenHash: sha256(token), lang: o.lang, now });
      await saveFile(trx, requestId, 'memorandum', o.files.memorandum, now);
      await saveFile(trx, requestId, 'letter', o.files.letter, now);
      await recordAudit(trx, {
        communityId: null,
        actorUserId: null,
        action: 'connection.submitted',
        subjectType: 'connection_request',
        subjectId: requestId,
        after: { status: 'new', community: o.input.name.uk, territorialCode: o.input.territorialCode, tools: o.input.tools },
      });
      await queueMail(trx, o.input.contactEmail, receivedMail(o.lang, o.input.name[o.lang], `${ctx.config.publicUrl}/connect/status/${token}`), now);
      return requestId;
    });
    return { ok: true, id, token };
  } catch (e) {
    // Two requests for one community at the same moment: the partial unique index lets one through.
    if (isUniqueViolation(e)) return { ok: false, conflict: { kind: 'open', name: o.input.name.uk } };
    throw e;
  }
}

export async function resubmit(
  ctx: CoreContext,
  r: ConnectionRequest,
  o: { input: RequestInput; files: Partial<Record<FileKind, UploadedPdf>> },
): Promise<{ ok: true } | { ok: false; conflict: Conflict | 'state' }> {
  const conflict = await requestConflict(ctx, o.input, r.id);
  if (conflict) return { ok: false, conflict };
  const now = ctx.clock.now();
  try {
    const done = await inTransaction(ctx.db, async (trx) => {
      if (!(await resubmitRequest(trx, r.id, o.input, now))) return false;
      for (const [kind, f] of Object.entries(o.files) as [FileKind, UploadedPdf][]) await saveFile(trx, r.id, kind, f, now);
      await recordAudit(trx, {
        communityId: null,
        actorUserId: null,
        action: 'connection.resubmitted',
        subjectType: 'connection_request',
        subjectId: r.id,
        before: { status: r.status, community: r.name_uk, tools: r.tools },
        after: { status: 'new', community: o.input.name.uk, tools: o.input.tools, replacedFiles: Object.keys(o.files) },
      });
      return true;
    });
    return done ? { ok: true } : { ok: false, conflict: 'state' };
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, conflict: { kind: 'open', name: o.input.name.uk } };
    throw e;
  }
}

/**
 * Sends a request back (changes asked) or closes it (declined): the status moves only from `from`, with
 * the audit entry naming the message under `key` and the letter that carries it to the contact person.
 */
async function answerRequest(
  ctx: CoreContext,
  actorId: number,
  id: number,
  o: {
    from: RequestStatus[];
    to: 'changes_requested' | 'declined';
    action: string;
    key: 'message' | 'reason';
    message: string;
    mail: typeof changesRequestedMail;
  },
): Promise<boolean> {
  const now = ctx.clock.now();
  return inTransaction(ctx.db, async (trx) => {
    const r = await findRequest(trx, id);
    if (!r || !(await decide(trx, id, o.from, o.to, { message: o.message, by: actorId, now }))) return false;
    await recordAudit(trx, {
      communityId: null,
      actorUserId: actorId,
      action: o.action,
      subjectType: 'connection_request',
      subjectId: id,
      before: { status: r.status },
      after: { status: o.to, [o.key]: o.message },
    });
    await queueMail(trx, r.contact_email, o.mail(r.lang, r.lang === 'uk' ? r.name_uk : r.name_en, o.message, statusUrl(ctx, r)), now);
    return true;
  });
}

export async function requestChanges(ctx: CoreContext, actorId: number, id: number, message: string): Promise<boolean> {
  return answerRequest(ctx, actorId, id, {
    from: ['new'],
    to: 'changes_requested',
    action: 'connection.changes-requested',
    key: 'message',
    message,
    mail: changesRequestedMail,
  });
}

export async function declineRequest(ctx: CoreContext, actorId: number, id: number, reason: string): Promise<boolean> {
  return answerRequest(ctx, actorId, id, {
    from: ['new', 'changes_requested'],
    to: 'declined',
    action: 'connection.declined',
    key: 'reason',
    message: reason,
    mail: declinedMail,
  });
}

export type AcceptOutcome = { ok: true; community: Community } | { ok: false; problem: 'state' | 'slug-taken' | 'connected' };

/**
 * One transaction: the community is created with the requested tools and id.gov.ua sign-in, its local
 * moderators are promised their roles by e-mail, the petition conditions become its petition settings,
 * the budget conditions become a draft of its first budget contest, the request is marked accepted, and
 * the letters are queued.
 */
export async function acceptRequest(ctx: CoreContext, actorId: number, id: number, slug: string): Promise<AcceptOutcome> {
  const now = ctx.clock.now();
  try {
    const outcome = await inTransaction(ctx.db, async (trx): Promise<AcceptOutcome> => {
      const r = await findRequest(trx, id);
      if (!r || r.status !== 'new') return { ok: false, problem: 'state' };
      if (await trx.selectFrom('communities').select('id').where('slug', '=', slug).executeTakeFirst()) return { ok: false, problem: 'slug-taken' };
      const others = await trx.selectFrom('communities').select('territorial_codes').execute();
      if (others.some((o) => isWithinTerritory(r.territorial_code, o.territorial_codes))) return { ok: false, problem: 'connected' };
      const tools = r.tools.filter(isToolId);
      const contacts: CommunityContacts = {
        ...(r.council_address ? { address: r.council_address } : {}),
        ...(r.council_website ? { website: r.council_website } : {}),
      };
      const row = await trx
        .insertInto('communities')
        .values({
          slug,
          name_uk: r.name_uk,
          name_en: r.name_en,
          oblast_uk: r.oblast_uk,
          oblast_en: r.oblast_en,
          raion_uk: r.raion_uk,
          raion_en: r.raion_en,
          territorial_codes: [r.territorial_code],
          population: r.population,
          coat_of_arms_url: null,
          contacts: JSON.stringify(contacts),
          enabled_tools: tools,
          sign_in_policy: 'idgovua',
          status: 'connected',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const community = (await findCommunityById(trx, row.id))!;
      if (!(await decide(trx, id, ['new'], 'accepted', { message: null, by: actorId, now, communityId: community.id }))) return { ok: false, problem: 'state' };

      const moderators = moderatorEmailsOf(r);
      const moderated = tools.filter((t) => TOOLS[t].moderated);
      for (const email of moderators) {
        // The council's people named in the request also administer the community (its profile and
        // sign-in policy): the national moderator grants that by accepting; later by the community's page.
        await trx
          .insertInto('role_grants_pending')
          .values({ email, role: 'community_admin', community_id: community.id, tool: null, scope: null })
          .onConflict((oc) => oc.doNothing())
          .execute();
        for (const tool of moderated) {
          await trx
            .insertInto('role_grants_pending')
            .values({ email, role: 'moderator', community_id: community.id, tool, scope: null })
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
      }

      // Each module sets up its part (the petition settings, a draft of the first budget contest) in
      // this transaction; what it reports goes into the audit entry.
      const connection: CommunityConnection = {
        community,
        tools,
        conditions: {
          petitions:
            r.petition_threshold !== null && r.petition_days !== null ? { signatureThreshold: r.petition_threshold, collectionDays: r.petition_days } : null,
          budget:
            r.budget_total !== null && r.budget_max_choices !== null
              ? { total: r.budget_total, categories: r.budget_categories, maxChoices: r.budget_max_choices, minAge: r.budget_min_age }
              : null,
        },
        actorUserId: actorId,
        now,
      };
      const facts: Record<string, unknown> = {};
      for (const m of ctx.modules) {
        if (m.onCommunityConnected) Object.assign(facts, await m.onCommunityConnected(trx, connection));
      }

      await recordAudit(trx, {
        communityId: null,
        actorUserId: actorId,
        action: 'connection.accepted',
        subjectType: 'connection_request',
        subjectId: id,
        before: { status: r.status },
        after: { status: 'accepted', communityId: community.id, slug },
      });
      await recordAudit(trx, {
        communityId: community.id,
        actorUserId: actorId,
        action: 'community.created',
        subjectType: 'community',
        subjectId: community.id,
        before: null,
        after: {
          slug,
          name: r.name_uk,
          territorialCode: r.territorial_code,
          tools,
          signInPolicy: 'idgovua',
          moderators: moderated.length > 0 ? moderators : [],
          petitionSettings: facts.petitionSettings ?? null,
          budget:
            r.budget_total === null
              ? null
              : {
                  total: r.budget_total,
                  categories: r.budget_categories,
                  maxChoices: r.budget_max_choices,
                  minAge: r.budget_min_age,
                  firstContestId: facts.firstContestId ?? null,
                },
          fromRequest: id,
        },
      });

      const lang = r.lang;
      const name = lang === 'uk' ? r.name_uk : r.name_en;
      const communityUrl = `${ctx.config.publicUrl}/${slug}`;
      const signInUrl = roleInvitationUrl(ctx.config.publicUrl, `/${slug}/manage`);
      const toolNames = tools.map((t) => TOOLS[t].name[lang]);
      await queueMail(
        trx,
        r.contact_email,
        acceptedMail(lang, { community: name, communityUrl, signInUrl, moderators: moderated.length > 0 ? moderators : [], tools: toolNames }),
        now,
      );
      for (const email of moderated.length > 0 ? moderators : []) {
        if (email !== r.contact_email) await queueMail(trx, email, moderatorInvitationMail(lang, { community: name, signInUrl }), now);
      }
      return { ok: true, community };
    });
    if (outcome.ok) invalidateCommunitySwitcher(ctx);
    return outcome;
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, problem: 'slug-taken' };
    throw e;
  }
}
