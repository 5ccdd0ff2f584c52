import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { queueMail } from '../../src/core/mail/mailer.js';
import { signInCodeMail } from '../../src/core/mail/templates.js';
import { runDueJobs } from '../../src/core/jobs/worker.js';
import type { Db } from '../../src/core/db/database.js';
import { completeSmsStep } from '../helpers/weak-sign-in.js';

// ---- A real SMTP receiver, and just enough MIME to read what it got. ----

interface Received {
  mailFrom: string;
  rcptTo: string[];
  raw: string;
}

interface MimePart {
  headers: Map<string, string>;
  body: string;
}

function splitHeaders(raw: string): MimePart {
  const sep = raw.indexOf('\r\n\r\n');
  const head = sep < 0 ? raw : raw.slice(0, sep);
  const body = sep < 0 ? '' : raw.slice(sep + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function qpBytes(s: string, underscoreIsSpace: boolean): Buffer {
  const input = Buffer.from(s, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const b = input[i]!;
    if (b === 0x3d /* = */) {
      if (input[i + 1] === 0x0d && input[i + 2] === 0x0a) {
        i += 2; // soft line break
        continue;
      }
      const hex = input.subarray(i + 1, i + 3).toString('ascii');
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        out.push(parseInt(hex, 16));
        i += 2;
        continue;
      }
    }
    out.push(underscoreIsSpace && b === 0x5f /* _ */ ? 0x20 : b);
  }
  return Buffer.from(out);
}

/** RFC 2047: "=?UTF-8?B?…?= =?UTF-8?Q?…?=" → text (whitespace between adjacent encoded words is dropped). */
function decodeHeader(value: string): string {
  const joined = value.replace(/\?=\s+=\?/g, '?==?');
  const bytes: Buffer[] = [];
  let last = 0;
  for (const m of joined.matchAll(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g)) {
    assert.match(m[1]!, /^utf-8$/i, 'headers are encoded as UTF-8');
    bytes.push(Buffer.from(joined.slice(last, m.index), 'utf8'));
    bytes.push(m[2]!.toUpperCase() === 'B' ? Buffer.from(m[3]!, 'base64') : qpBytes(m[3]!, true));
    last = m.index + m[0].length;
  }
  bytes.push(Buffer.from(joined.slice(last), 'utf8'));
  return Buffer.concat(bytes).toString('utf8');
}

function decodeBody(part: MimePart): string {
  const cte = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const charset = /charset="?([^";]+)"?/i.exec(part.headers.get('content-type') ?? '')?.[1] ?? 'utf-8';
  assert.match(charset, /^utf-8$/i);
  if (cte === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (cte === 'quoted-printable') return qpBytes(part.body, false).toString('utf8');
  return part.body;
}

/** The leaf parts of a message, by content type, decoded. */
function leafParts(part: MimePart): { type: string; text: string }[] {
  const type = (part.headers.get('content-type') ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = /boundary="?([^";]+)"?/i.exec(part.headers.get('content-type') ?? '')?.[1];
    assert.ok(boundary, 'a multipart message has a boundary');
    const chunks = part.body.split(`--${boundary}`);
    // chunks[0] is the preamble; the last starts with "--" (the closing delimiter).
    return chunks
      .slice(1)
      .filter((c) => !c.startsWith('--'))
      .flatMap((c) => leafParts(splitHeaders(c.replace(/^\r\n/, '').replace(/\r\n$/, ''))));
  }
  return [{ type: type.split(';')[0]!.trim(), text: decodeBody(part) }];
}

interface ParsedMail {
  to: string;
  from: string;
  subject: string;
  rawSubject: string;
  text: string;
  html: string;
}

function parseMail(raw: string): ParsedMail {
  const top = splitHeaders(raw);
  const parts = leafParts(top);
  const text = parts.filter((p) => p.type === 'text/plain');
  const html = parts.filter((p) => p.type === 'text/html');
  assert.equal(text.length, 1, 'one plain-text part');
  assert.equal(html.length, 1, 'one HTML part');
  return {
    to: decodeHeader(top.headers.get('to') ?? ''),
    from: decodeHeader(top.headers.get('from') ?? ''),
    rawSubject: top.headers.get('subject') ?? '',
    subject: decodeHeader(top.headers.get('subject') ?? ''),
    text: text[0]!.text,
    html: html[0]!.text,
  };
}

class SmtpReceiver {
  readonly received: Received[] = [];
  /** When set, RCPT TO is refused with this temporary failure. */
  refuse: string | null = null;
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo: (_address, _session, callback) => {
      if (!this.refuse) return callback();
      const err: Error & { responseCode?: number } = new Error(this.refuse);
      err.responseCode = 450;
      return callback(err);
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        this.received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((a) => a.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    return (this.server.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  to(address: string): Received[] {
    return this.received.filter((r) => r.rcptTo.includes(address));
  }
}

async function outboxFor(db: Db, to: string) {
  return db.selectFrom('mail_outbox').selectAll().where('to_address', '=', to).orderBy('id').execute();
}

async function mailJob(db: Db, outboxId: number) {
  const r = await sql<{ attempts: number; run_at: Date; done_at: Date | null; last_error: string | null; locked_until: Date | null }>`
    select attempts, run_at, done_at, last_error, locked_until from jobs where kind = 'mail.deliver' and (payload->>'outboxId')::int = ${outboxId}`.execute(db);
  assert.equal(r.rows.length, 1, 'one delivery job per message');
  return r.rows[0]!;
}

async function count(db: Db, table: 'jobs' | 'mail_outbox'): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
  return r.rows[0]!.n;
}

describe('mail over a real SMTP server', () => {
  let t: TestApp;
  let smtp: SmtpReceiver;
  before(async () => {
    smtp = new SmtpReceiver();
    const port = await smtp.start();
    t = await createTestApp({ seedModules: false, config: { smtpUrl: `smtp://127.0.0.1:${port}` } });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  test('a queued message is delivered once, to its address, with the Ukrainian subject and text', async () => {
    const to = 'olena.kovalenko@example.com';
    await t.ctx.db.transaction().execute(async (trx) => queueMail(trx, to, signInCodeMail('uk', '123456'), t.clock.now()));
    const [row] = await outboxFor(t.ctx.db, to);
    assert.ok(row);
    assert.equal(row.status, 'pending');
    assert.equal(smtp.to(to).length, 0, 'nothing is sent before the job runs');

    assert.equal(await runDueJobs(t.ctx), 1, 'only the one delivery job is due');
    const got = smtp.to(to);
    assert.equal(got.length, 1);
    assert.deepEqual(got[0]!.rcptTo, [to]);
    assert.equal(got[0]!.mailFrom, 'noreply@viche.example');
    const mail = parseMail(got[0]!.raw);
    assert.match(mail.rawSubject, /^=\?utf-8\?[BQ]\?/i, 'a Cyrillic subject travels RFC 2047-encoded');
    assert.equal(mail.subject, 'Код для входу у Віче: 123456');
    assert.equal(mail.to, to);
    assert.equal(mail.from, 'Віче <noreply@viche.example>');
    assert.match(mail.text, /^Ваш код для входу: 123456\r?\n/);
    assert.ok(mail.text.includes('Код дійсний 10 хвилин. Якщо ви не намагалися увійти, просто проігноруйте цей лист.'));
    assert.ok(mail.html.includes('<p>Ваш код для входу: 123456</p>'));

    const [sent] = await outboxFor(t.ctx.db, to);
    assert.equal(sent!.status, 'sent');
    assert.equal(sent!.sent_at?.getTime(), t.clock.now().getTime());
    assert.equal(sent!.attempts, 1);
    assert.equal(sent!.last_error, null);
    assert.equal((await mailJob(t.ctx.db, row.id)).done_at?.getTime(), t.clock.now().getTime());

    assert.equal(await runDueJobs(t.ctx), 0, 'nothing left to run');
    assert.equal(smtp.to(to).length, 1, 'still exactly one message');
  });

  test('an English template has English text', async () => {
    const to = 'john.smith@example.com';
    await queueMail(t.ctx.db, to, signInCodeMail('en', '654321'), t.clock.now());
    await runDueJobs(t.ctx);
    const got = smtp.to(to);
    assert.equal(got.length, 1);
    const mail = parseMail(got[0]!.raw);
    assert.equal(mail.subject, 'Your Viche sign-in code: 654321');
    assert.match(mail.text, /^Your sign-in code: 654321\r?\n/);
    assert.ok(mail.text.includes('The code is valid for 10 minutes.'));
    assert.ok(!/Ваш код|Код дійсний/.test(mail.text), 'no Ukrainian sentences');
    assert.ok(mail.html.includes('<p>Your sign-in code: 654321</p>'));
  });

  test('a second run of a delivery job (e.g. after a lost lease) does not send the message again', async () => {
    const to = 'twice@example.com';
    await queueMail(t.ctx.db, to, signInCodeMail('uk', '111111'), t.clock.now());
    await runDueJobs(t.ctx);
    assert.equal(smtp.to(to).length, 1);
    const [row] = await outboxFor(t.ctx.db, to);
    // The same message handed to the worker again, as a re-run of its job would.
    await t.ctx.db
      .insertInto('jobs')
      .values({ kind: 'mail.deliver', payload: JSON.stringify({ outboxId: row!.id }), run_at: t.clock.now() })
      .execute();
    assert.equal(await runDueJobs(t.ctx), 1);
    assert.equal(smtp.to(to).length, 1);
  });

  test('a refusing server: the job is retried later, the message stays pending, then goes through', async () => {
    const to = 'refused.then.fine@example.com';
    smtp.refuse = 'Mailbox temporarily unavailable';
    try {
      await queueMail(t.ctx.db, to, signInCodeMail('uk', '222333'), t.clock.now());
      const t0 = t.clock.now();
      assert.equal(await runDueJobs(t.ctx), 1);
      assert.equal(smtp.to(to).length, 0);
      const [row] = await outboxFor(t.ctx.db, to);
      assert.equal(row!.status, 'pending');
      assert.equal(row!.attempts, 1);
      assert.match(row!.last_error ?? '', /Mailbox temporarily unavailable/);
      const job = await mailJob(t.ctx.db, row!.id);
      assert.equal(job.done_at, null);
      assert.equal(job.attempts, 1);
      assert.equal(job.locked_until, null);
      assert.equal(job.run_at.getTime(), t0.getTime() + 30_000, 'retried after a 30 s back-off');
      assert.match(job.last_error ?? '', /450/);

      assert.equal(await runDueJobs(t.ctx), 0, 'not retried before the back-off ends');
      t.clock.advance(31_000);
      assert.equal(await runDueJobs(t.ctx), 1);
      assert.equal(smtp.to(to).length, 0, 'still refused: no message');
      const again = await mailJob(t.ctx.db, row!.id);
      assert.equal(again.attempts, 2);
      assert.equal(again.run_at.getTime(), t.clock.now().getTime() + 60_000, 'the back-off grows');
      assert.equal((await outboxFor(t.ctx.db, to))[0]!.attempts, 2);

      smtp.refuse = null;
      t.clock.advance(61_000);
      assert.equal(await runDueJobs(t.ctx), 1);
      const got = smtp.to(to);
      assert.equal(got.length, 1);
      assert.equal(parseMail(got[0]!.raw).subject, 'Код для входу у Віче: 222333');
      const [sent] = await outboxFor(t.ctx.db, to);
      assert.equal(sent!.status, 'sent');
      assert.equal(sent!.attempts, 3);
      assert.equal(sent!.last_error, null);
      const done = await mailJob(t.ctx.db, row!.id);
      assert.equal(done.done_at?.getTime(), t.clock.now().getTime());
      assert.equal(done.attempts, 3);
    } finally {
      smtp.refuse = null;
    }
  });

  test('a transaction that rolls back leaves no message and no job', async () => {
    const to = 'rolled.back@example.com';
    const jobsBefore = await count(t.ctx.db, 'jobs');
    const outboxBefore = await count(t.ctx.db, 'mail_outbox');
    await assert.rejects(
      t.ctx.db.transaction().execute(async (trx) => {
        await queueMail(trx, to, signInCodeMail('uk', '999999'), t.clock.now());
        assert.equal((await outboxFor(trx, to)).length, 1, 'visible inside the transaction');
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    assert.equal((await outboxFor(t.ctx.db, to)).length, 0);
    assert.equal(await count(t.ctx.db, 'mail_outbox'), outboxBefore);
    assert.equal(await count(t.ctx.db, 'jobs'), jobsBefore);
    await runDueJobs(t.ctx);
    assert.equal(smtp.to(to).length, 0);
  });

  test('e-mail sign-in: the code arrives by SMTP and signs the browser in at the weaker level', async () => {
    const email = 'mykola.koriukivka@example.com';
    const b = t.browser();
    const form = await b.get('/auth/email?return=/koriukivka');
    assert.equal(form.statusCode, 200);
    const sent = await b.post('/auth/email', { return: '/koriukivka', email, phone: '+380 67 123 45 67' });
    assert.equal(sent.statusCode, 303);
    const verifyUrl = String(sent.headers.location);
    assert.match(verifyUrl, /^\/auth\/email\/verify\?id=\d+$/);
    const id = verifyUrl.split('=')[1]!;

    await runDueJobs(t.ctx);
    const got = smtp.to(email);
    assert.equal(got.length, 1);
    const mail = parseMail(got[0]!.raw);
    const subjectCode = /^Код для входу у Віче: (\d{6})$/.exec(mail.subject)?.[1];
    const bodyCode = /Ваш код для входу: (\d{6})/.exec(mail.text)?.[1];
    assert.ok(subjectCode);
    assert.equal(bodyCode, subjectCode);

    assert.equal((await b.get(verifyUrl)).statusCode, 200);
    const res = await completeSmsStep(t, b, await b.post('/auth/email/verify', { id, code: bodyCode }));
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/koriukivka');
    assert.ok(b.jar.get('viche_session'));
    const cabinet = await b.get('/cabinet');
    assert.equal(cabinet.statusCode, 200);
    assert.ok(cabinet.body.includes('Ел. пошта й телефон (слабший рівень)'));
    assert.ok(cabinet.body.includes(email));
    assert.ok(cabinet.body.includes('+380671234567'));
  });

  test('/dev/mail lists the outbox in demo mode, filtered by recipient', async () => {
    const page = await t.browser().get('/dev/mail');
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('Локальна поштова скринька'));
    assert.ok(page.body.includes('SMTP налаштовано: листи також надсилаються.'));
    assert.ok(page.body.includes('Код для входу у Віче: 123456'));
    assert.ok(page.body.includes('Your Viche sign-in code: 654321'));
    assert.ok(page.body.includes('olena.kovalenko@example.com'));
    const filtered = await t.browser().get(`/dev/mail?to=${encodeURIComponent('John.Smith@example.com')}`);
    assert.equal(filtered.statusCode, 200);
    assert.ok(filtered.body.includes('Your Viche sign-in code: 654321'));
    assert.ok(!filtered.body.includes('Код для входу у Віче: 123456'));
  });
});

describe('/dev/mail outside demo mode', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ seed: false, config: { demo: false } });
  });
  after(async () => t.close());

  test('is not there (404), even with messages in the outbox', async () => {
    await queueMail(t.ctx.db, 'someone@example.com', signInCodeMail('uk', '123456'), t.clock.now());
    assert.equal((await outboxFor(t.ctx.db, 'someone@example.com')).length, 1);
    const res = await t.browser().get('/dev/mail');
    assert.equal(res.statusCode, 404);
    assert.ok(!res.body.includes('Код для входу у Віче'));
  });
});
