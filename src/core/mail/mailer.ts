/**
 * Mail goes through the outbox table, written in the same transaction as the change that causes it, so
 * no message is lost or sent for a change that was rolled back. A job delivers it over SMTP (SMTP_URL);
 * without SMTP the outbox is the destination, readable at /dev/mail in demo mode.
 */
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type { Selectable } from 'kysely';
import type { MailOutboxTable } from '../db/schema.js';
import type { Db } from '../db/database.js';
import { enqueueJob } from '../jobs/queue.js';
import type { MailContent } from './templates.js';

export const MAIL_DELIVER_JOB = 'mail.deliver';
/** How often a letter is tried before it counts as failed (for /metrics). */
export const MAIL_MAX_ATTEMPTS = 8;

/** `now` is when the delivery job becomes due: pass `ctx.clock.now()`, so that the worker (which claims by
 * the same clock) sees it as due at once, in tests with a manual clock too. */
export async function queueMail(db: Db, to: string, content: MailContent, now: Date = new Date()): Promise<void> {
  const row = await db
    .insertInto('mail_outbox')
    .values({
      to_address: to,
      subject: content.subject,
      body_text: content.text,
      body_html: content.html,
      list_unsubscribe: content.listUnsubscribe ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueueJob(db, MAIL_DELIVER_JOB, { outboxId: row.id }, { runAt: now, dedupeKey: `mail:${row.id}`, maxAttempts: MAIL_MAX_ATTEMPTS });
}

export interface MailTransport {
  /** null: no SMTP configured; messages stay in the outbox. */
  transporter: Transporter | null;
  from: string;
}

export function createMailTransport(smtpUrl: string | null, from: string): MailTransport {
  return { transporter: smtpUrl ? nodemailer.createTransport(smtpUrl) : null, from };
}

/**
 * What nodemailer is given for a letter of the outbox. A letter about what the person follows carries the
 * one-click unsubscribe of RFC 8058: `List-Unsubscribe: <url>` (nodemailer's `list` option writes it) and
 * `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, so a mail client can unsubscribe with one POST.
 */
export function outboxMailOptions(msg: Selectable<MailOutboxTable>, from: string): SendMailOptions {
  return {
    from,
    to: msg.to_address,
    subject: msg.subject,
    text: msg.body_text,
    html: msg.body_html,
    ...(msg.list_unsubscribe ? { list: { unsubscribe: msg.list_unsubscribe }, headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } } : {}),
  };
}

export async function deliverOutboxMessage(db: Db, transport: MailTransport, outboxId: number, now: Date): Promise<void> {
  const msg = await db.selectFrom('mail_outbox').selectAll().where('id', '=', outboxId).executeTakeFirst();
  if (!msg || msg.status === 'sent') return;
  if (!transport.transporter) return; // stays pending in the local outbox
  try {
    await transport.transporter.sendMail(outboxMailOptions(msg, transport.from));
  } catch (e) {
    await db
      .updateTable('mail_outbox')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: e instanceof Error ? e.message.slice(0, 300) : 'error' }))
      .where('id', '=', outboxId)
      .execute();
    throw e;
  }
  await db
    .updateTable('mail_outbox')
    .set((eb) => ({ status: 'sent', sent_at: now, attempts: eb('attempts', '+', 1), last_error: null }))
    .where('id', '=', outboxId)
    .execute();
}
