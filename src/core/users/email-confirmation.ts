/**
 * A signed-in person proves that an e-mail address is theirs with a one-time code sent to it; the roles
 * promised to that address are then theirs. This is the only way a role invited by e-mail reaches an
 * id.gov.ua account: the address id.gov.ua reports is whatever the person once typed there.
 */
import { sql } from 'kysely';
import type { CoreContext } from '../context.js';
import type { Lang } from '../i18n/index.js';
import { inTransaction } from '../db/transaction.js';
import { queueMail } from '../mail/mailer.js';
import { emailConfirmationMail } from '../mail/templates.js';
import { recordAudit } from '../audit/audit-log.js';
import { hitRateLimit, type LimitResult } from '../security/rate-limit.js';
import { claimGrantsOfConfirmedEmail } from './users-repository.js';
import type { RoleGrant } from './viewer.js';
import { codeMatches, insertHashedCode, newSixDigitCode } from '../security/one-time-code.js';

const CODE_TTL_MS = 10 * 60_000;
export const CONFIRMATION_TRIES = 5;
/** Codes one account may ask for in an hour: each costs a letter to someone's inbox. */
const CODES_PER_HOUR = 5;

/** Where an invitation by e-mail leads: sign in, confirm the address, then the page the role opens. */
export function roleInvitationUrl(publicUrl: string, after: string): string {
  return `${publicUrl}/auth/sign-in?return=${encodeURIComponent(`/cabinet/email?return=${encodeURIComponent(after)}`)}`;
}

export type ConfirmationRequest = { ok: true; id: number } | { ok: false; retryAfterSeconds: number };

/** Sends a code to `email` for the account `userId`. */
export async function requestEmailConfirmation(ctx: CoreContext, a: { userId: number; email: string; lang: Lang }): Promise<ConfirmationRequest> {
  const now = ctx.clock.now();
  const limit: LimitResult = await hitRateLimit(ctx.db, { key: `email-confirm:user:${a.userId}`, max: CODES_PER_HOUR, windowSeconds: 3600 }, now);
  if (!limit.allowed) return { ok: false, retryAfterSeconds: limit.retryAfterSeconds };
  const code = newSixDigitCode();
  const id = await inTransaction(ctx.db, async (trx) => {
    const id = await insertHashedCode(ctx, trx, 'email-confirmation', code, (emptyHash) =>
      trx
        .insertInto('email_confirmations')
        .values({ user_id: a.userId, email: a.email.toLowerCase(), code_hash: emptyHash, expires_at: new Date(now.getTime() + CODE_TTL_MS) })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    await queueMail(trx, a.email, emailConfirmationMail(a.lang, code), now);
    return id;
  });
  return { ok: true, id };
}

export type ConfirmationResult =
  | { ok: true; email: string; claimed: RoleGrant[] }
  | { ok: false; problem: 'unknown' | 'used' | 'expired' | 'tries' }
  | { ok: false; problem: 'wrong'; triesLeft: number };

/** Checks a code of the account's own request; on success the address is the account's and its roles are handed over. */
export async function confirmEmail(ctx: CoreContext, a: { userId: number; id: number; code: string }): Promise<ConfirmationResult> {
  const now = ctx.clock.now();
  const row = await ctx.db.selectFrom('email_confirmations').selectAll().where('id', '=', a.id).where('user_id', '=', a.userId).executeTakeFirst();
  if (!row) return { ok: false, problem: 'unknown' };
  if (row.used_at) return { ok: false, problem: 'used' };
  if (row.expires_at.getTime() <= now.getTime()) return { ok: false, problem: 'expired' };
  // Count the try before comparing, so parallel guesses cannot exceed the limit.
  const counted = await sql<{ attempts: number }>`
    update email_confirmations set attempts = attempts + 1
    where id = ${row.id} and attempts < ${CONFIRMATION_TRIES} and used_at is null
    returning attempts`.execute(ctx.db);
  const attempts = counted.rows[0]?.attempts;
  if (attempts === undefined) return { ok: false, problem: 'tries' };
  if (!codeMatches(ctx, 'email-confirmation', row.id, a.code, row.code_hash)) return { ok: false, problem: 'wrong', triesLeft: CONFIRMATION_TRIES - attempts };
  return inTransaction(ctx.db, async (trx): Promise<ConfirmationResult> => {
    const used = await sql`update email_confirmations set used_at = ${now} where id = ${row.id} and used_at is null returning id`.execute(trx);
    if (used.rows.length === 0) return { ok: false, problem: 'used' };
    await trx.updateTable('users').set({ email: row.email }).where('id', '=', a.userId).execute();
    const claimed = await claimGrantsOfConfirmedEmail(trx, a.userId, row.email);
    // The audit names the roles handed over, not the address (personal data stays out of the log).
    for (const g of claimed) {
      await recordAudit(trx, {
        communityId: g.communityId,
        actorUserId: a.userId,
        action: 'role.claimed-by-confirmed-email',
        subjectType: 'user',
        subjectId: a.userId,
        after: { role: g.role, tool: g.tool, scope: g.scope },
      });
    }
    return { ok: true, email: row.email, claimed };
  });
}
