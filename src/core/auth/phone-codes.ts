/**
 * The SMS step of the weaker sign-in: a one-time 6-digit code to the phone typed with the e-mail, made
 * once the e-mail's code was right. Kept only as a keyed hash; valid 10 minutes; 5 tries per code; and
 * limited per phone, per network and per day, so that the step can be neither guessed through nor used
 * to send text messages to strangers at our cost.
 */
import type { FastifyRequest } from 'fastify';
import type { CoreContext } from '../context.js';
import { sha256 } from '../sessions/sessions.js';
import { ipPrefix, type Limit } from '../security/rate-limit.js';
import { SmsError } from '../sms/sender.js';
import { limited, refuseIfGuessedOut } from './sign-in-kit.js';
import { insertHashedCode, newSixDigitCode } from '../security/one-time-code.js';

const PHONE_CODE_TTL_MS = 10 * 60_000;
export const PHONE_CODE_TRIES = 5;

/** Codes sent to one number: per hour, and per day. */
const SMS_PER_PHONE_HOUR = 5;
const SMS_PER_PHONE_DAY = 10;
/** Codes sent from one network (an IPv4 /24, an IPv6 /48): per hour, and per day. */
const SMS_PER_NETWORK_HOUR = 30;
const SMS_PER_NETWORK_DAY = 200;
/** Wrong codes per number per day, over all its codes (as for an e-mail address). */
const WRONG_PHONE_CODES_PER_DAY = 10;

export function wrongPhoneCodesLimit(phone: string): Limit {
  return { key: `signin:phone-wrong:${sha256(phone)}`, max: WRONG_PHONE_CODES_PER_DAY, windowSeconds: 86_400 };
}

export function refuseIfPhoneGuessedOut(ctx: CoreContext, req: FastifyRequest, phone: string): Promise<void> {
  return refuseIfGuessedOut(ctx, req, wrongPhoneCodesLimit(phone), { uk: 'цього номера', en: 'this number' });
}

/**
 * Counts one SMS against every limit; past any, a 429. Called before the e-mail's code is spent, so a
 * refusal here leaves that code usable once the limit has passed.
 */
export async function countSms(ctx: CoreContext, req: FastifyRequest, phone: string): Promise<void> {
  await refuseIfPhoneGuessedOut(ctx, req, phone);
  const net = ipPrefix(req.ip);
  const ph = sha256(phone);
  await limited(ctx, req, `signin:sms-network:${net}`, SMS_PER_NETWORK_HOUR, 3600);
  await limited(ctx, req, `signin:sms-network-day:${net}`, SMS_PER_NETWORK_DAY, 86_400);
  await limited(ctx, req, `signin:sms-phone:${ph}`, SMS_PER_PHONE_HOUR, 3600);
  await limited(ctx, req, `signin:sms-phone-day:${ph}`, SMS_PER_PHONE_DAY, 86_400);
}

function smsText(lang: 'uk' | 'en', code: string): string {
  return lang === 'uk'
    ? `Віче: код для входу ${code}. Дійсний 10 хв. Нікому його не повідомляйте.`
    : `Viche: your sign-in code is ${code}. Valid 10 min. Do not share it.`;
}

/**
 * Makes the phone's code for an e-mail code already spent, and sends it. Returns the code's id, or null
 * when the SMS could not be sent (the code is then withdrawn; the caller asks the person to try later).
 */
export async function sendPhoneCode(ctx: CoreContext, req: FastifyRequest, emailCodeId: number, phone: string): Promise<number | null> {
  const code = newSixDigitCode();
  const now = ctx.clock.now();
  const id = await ctx.db.transaction().execute((trx) =>
    insertHashedCode(ctx, trx, 'phone-code', code, (emptyHash) =>
      trx
        .insertInto('phone_codes')
        .values({
          email_code_id: emailCodeId,
          phone,
          code_hash: emptyHash,
          browser_hash: sha256(req.browserId),
          expires_at: new Date(now.getTime() + PHONE_CODE_TTL_MS),
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    ),
  );
  try {
    await ctx.sms.send(phone, smsText(req.lang, code));
  } catch (e) {
    if (!(e instanceof SmsError)) throw e;
    await ctx.db.updateTable('phone_codes').set({ used_at: now }).where('id', '=', id).execute();
    req.log.warn({ err: e.message }, 'sign-in SMS not sent');
    return null;
  }
  return id;
}
