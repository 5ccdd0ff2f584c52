/**
 * Text messages (SMS), for now only the sign-in's phone code. Sent at once, not through a queue: the
 * person is waiting on the next page for the code, and a refusal must be shown to them there.
 *
 * With SMS_URL and SMS_TOKEN the message goes to an HTTP provider (one POST, see README «SMS»); without
 * them, in demo mode only, it is kept in the local outbox (`sms_outbox`, readable at /dev/sms). With
 * neither, no SMS can be sent, so the sign-in that needs one is not offered.
 */
import type { Db } from '../db/database.js';

/** The provider refused or did not answer. The message holds no phone number and no text. */
export class SmsError extends Error {}

export interface SmsSender {
  /** 'http': a provider; 'outbox': the demo outbox; 'none': no SMS can be sent. */
  readonly kind: 'http' | 'outbox' | 'none';
  /** `to` is a normalised number (+380…). */
  send(to: string, text: string): Promise<void>;
}

export interface SmsConfig {
  url: string | null;
  token: string | null;
  /** How long to wait for the provider, in milliseconds. */
  timeoutMs: number;
}

export function createSmsSender(db: Db, sms: SmsConfig, demo: boolean): SmsSender {
  if (sms.url && sms.token) return httpSmsSender(sms.url, sms.token, sms.timeoutMs);
  if (demo) return outboxSmsSender(db);
  return {
    kind: 'none',
    send: () => Promise.reject(new SmsError('no SMS provider is configured (SMS_URL, SMS_TOKEN)')),
  };
}

/** POST {to, text} as JSON with `Authorization: Bearer <token>`; any 2xx is accepted. */
function httpSmsSender(url: string, token: string, timeoutMs: number): SmsSender {
  return {
    kind: 'http',
    async send(to, text) {
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ to, text }),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        });
      } catch (e) {
        // The cause is the network's or the timeout's: its message names neither the number nor the text.
        const why = e instanceof Error && e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'the provider could not be reached';
        throw new SmsError(`SMS not sent: ${why}`);
      }
      // Drain the body so the connection is freed; what it says is the provider's, not ours to log.
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new SmsError(`SMS not sent: the provider answered ${res.status}`);
    },
  };
}

function outboxSmsSender(db: Db): SmsSender {
  return {
    kind: 'outbox',
    async send(to, text) {
      await db.insertInto('sms_outbox').values({ to_phone: to, body: text }).execute();
    },
  };
}
