/**
 * Two real app processes on one PostgreSQL, as behind a load balancer: both start at once (migrations
 * and the demo seed race), 500 people sign one petition twice each across both instances, 500 people
 * cast a budget ballot twice each across both, and the workers of both race for the same scheduled
 * transition and its letter.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import {
  ballotCounts,
  freePorts,
  freshPostgresDatabase,
  inParallel,
  makePeople,
  openDirect,
  openPetition,
  openVotingContest,
  petitionCounts,
  shownCount,
  shownVotes,
  sleep,
  startAppProcess,
  Visitor,
  type AppProcess,
  type Direct,
  type FreshDatabase,
} from './support/platform.js';

const adminUrl = process.env.DATABASE_URL;
const SLUG = 'bila-tserkva';
const PEOPLE = 500;

/** A local SMTP server that only counts what it is given, by recipient. */
class CountingSmtp {
  readonly received: string[][] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        this.received.push(session.envelope.rcptTo.map((a) => a.address));
        callback();
      });
    },
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    return (this.server.server.address() as AddressInfo).port;
  }

  to(address: string): number {
    return this.received.filter((r) => r.includes(address)).length;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('two app instances on one PostgreSQL', { skip: adminUrl ? false : 'needs DATABASE_URL: several instances share a PostgreSQL server' }, () => {
  let pgdb: FreshDatabase | null = null;
  let smtp: CountingSmtp | null = null;
  let direct: Direct | null = null;
  const apps: AppProcess[] = [];
  const secretKey = randomBytes(24).toString('hex');

  before(
    async () => {
      pgdb = await freshPostgresDatabase(adminUrl!, 'multi');
      smtp = new CountingSmtp();
      const smtpPort = await smtp.start();
      const [portA, portB] = (await freePorts(2)) as [number, number];
      const env = {
        DATABASE_URL: pgdb.url,
        SECRET_KEY: secretKey,
        // DEMO=1 runs the migrations and the whole demo seed in both at once: that race is under test too.
        DEMO: '1',
        // A real id.gov.ua address (unused here) keeps the demo emulator from starting.
        IDGOVUA_BASE_URL: 'http://127.0.0.1:9',
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      };
      const started = await Promise.allSettled([
        startAppProcess({ name: 'instance A', port: portA, env }),
        startAppProcess({ name: 'instance B', port: portB, env }),
      ]);
      for (const s of started) if (s.status === 'fulfilled') apps.push(s.value);
      const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      direct = await openDirect({ databaseUrl: pgdb.url, dataDir: null, secretKey });
    },
    { timeout: 150_000 },
  );

  after(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await direct?.close();
    await smtp?.close();
    await pgdb?.drop();
  });

  test('starting together seeds the demo once', { timeout: 10_000 }, async () => {
    const db = direct!.db;
    const communities = await sql<{
      n: number;
      distinct_slugs: number;
    }>`select count(*)::int as n, count(distinct slug)::int as distinct_slugs from communities`.execute(db);
    assert.equal(communities.rows[0]!.n, communities.rows[0]!.distinct_slugs);
    // Every demo petition exists once per community (the demo inserts them only where none exist).
    const dupes = await sql<{ n: number }>`
      select count(*)::int as n from (select community_id, title from petitions group by 1, 2 having count(*) > 1) d`.execute(db);
    assert.equal(dupes.rows[0]!.n, 0, 'no demo petition was inserted twice');
  });

  test('1000 signing attempts by 500 people across both instances: exactly 500 signatures, shown as 500', { timeout: 120_000 }, async () => {
    const d = direct!;
    const [a, b] = apps as [AppProcess, AppProcess];
    const people = await makePeople(d, SLUG, PEOPLE, 'Паралельна');
    // The author is one of the 500: their own signature is the first, their attempts find it.
    const id = await openPetition(d, {
      slug: SLUG,
      authorId: people[0]!.userId,
      moderatorId: people[0]!.userId,
      threshold: 1000,
      title: 'Петиція під навантаженням двох екземплярів',
      email: `multi.${randomBytes(4).toString('hex')}@example.com`,
    });
    const visitors = people.map((p) => new Visitor(p));
    // Each browser gets its cookie and token from one instance and uses them on both: the instances
    // share nothing but the database and the secret.
    await inParallel(visitors, 32, (v, i) => v.fetchCsrf(i % 2 === 0 ? a.url : b.url));

    const attempts = visitors.flatMap((v, i) => [
      { v, base: i % 2 === 0 ? a.url : b.url },
      { v, base: i % 2 === 0 ? b.url : a.url },
    ]);
    const replies = await Promise.all(attempts.map(({ v, base }) => v.post(base, `/${SLUG}/petitions/${id}/sign`)));

    const statuses = new Map<number, number>();
    for (const r of replies) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    assert.deepEqual([...statuses], [[303, 1000]], `every attempt is answered with a redirect\n${a.output()}\n${b.output()}`);
    const signed = replies.filter((r) => r.location === `/${SLUG}/petitions/${id}`).length;
    const already = replies.filter((r) => r.location === `/${SLUG}/petitions/${id}?already=1`).length;
    // 499 people sign once and are told "already" once; the author is told "already" twice.
    assert.equal(signed, PEOPLE - 1);
    assert.equal(already, PEOPLE + 1);

    assert.deepEqual(await petitionCounts(d.db, id), { shown: PEOPLE, rows: PEOPLE, status: 'collecting' });
    const distinctSigners = await sql<{ n: number }>`select count(distinct user_id)::int as n from petition_signatures where petition_id = ${id}`.execute(d.db);
    assert.equal(distinctSigners.rows[0]!.n, PEOPLE);
    for (const app of apps) {
      const page = await visitors[1]!.get(app.url, `/${SLUG}/petitions/${id}`);
      assert.equal(page.status, 200);
      assert.equal(shownCount(page.body), PEOPLE, `${app.name} shows the count`);
      const api = await fetch(`${app.url}/api/v1/petitions/${id}`);
      assert.equal(((await api.json()) as { signatureCount: number }).signatureCount, PEOPLE);
    }
  });

  test('1000 ballot attempts by 500 people across both instances: exactly 500 ballots, shown as 500 votes', { timeout: 120_000 }, async () => {
    const d = direct!;
    const [a, b] = apps as [AppProcess, AppProcess];
    const people = await makePeople(d, SLUG, PEOPLE, 'Виборець');
    const { contestId, projectIds } = await openVotingContest(d, { slug: SLUG, title: 'Бюджет під навантаженням двох екземплярів', projects: 2 });
    const [first, second] = projectIds as [number, number];
    const base = `/${SLUG}/budgets/${contestId}`;
    const visitors = people.map((p) => new Visitor(p));
    await inParallel(visitors, 32, (v, i) => v.fetchCsrf(i % 2 === 0 ? a.url : b.url));

    // Each person's two attempts choose differently and go to different instances at once: whichever
    // commits first is the ballot, the other is told it was already cast.
    const attempts = visitors.flatMap((v, i) => [
      { v, base: i % 2 === 0 ? a.url : b.url, project: first },
      { v, base: i % 2 === 0 ? b.url : a.url, project: second },
    ]);
    const replies = await Promise.all(attempts.map(({ v, base: url, project }) => v.post(url, `${base}/vote/confirm`, { project: String(project) })));

    const accepted = replies.filter((r) => r.status === 303 && r.location === `${base}/vote/receipt`).length;
    const duplicate = replies.filter((r) => r.status === 200 && r.body.includes('Ви вже проголосували')).length;
    const others = replies.filter(
      (r) => !(r.status === 303 && r.location === `${base}/vote/receipt`) && !(r.status === 200 && r.body.includes('Ви вже проголосували')),
    );
    assert.deepEqual(
      others.map((r) => `${r.status} ${r.location} ${r.body.slice(0, 200)}`),
      [],
      `every attempt is a ballot or «already voted»\n${a.output()}\n${b.output()}`,
    );
    assert.equal(accepted, PEOPLE, 'one accepted ballot per person');
    assert.equal(duplicate, PEOPLE, 'one «already voted» per person');

    const counts = await ballotCounts(d.db, contestId);
    assert.equal(counts.ballots, PEOPLE);
    assert.equal(counts.voters, PEOPLE);
    assert.equal((counts.choices[first] ?? 0) + (counts.choices[second] ?? 0), PEOPLE, 'each ballot holds its one choice');
    assert.equal(counts.rejects, PEOPLE, 'every second attempt is kept as a rejected duplicate');
    for (const app of apps) {
      for (const project of projectIds) {
        const page = await visitors[0]!.get(app.url, `${base}/projects/${project}`);
        assert.equal(page.status, 200);
        assert.equal(shownVotes(page.body), counts.choices[project] ?? 0, `${app.name} shows the votes of project ${project}`);
      }
    }
  });

  test('a collection term that ended is closed once, and its letter is sent once, by one of the two workers', { timeout: 90_000 }, async () => {
    const d = direct!;
    const [author, moderator] = await makePeople(d, SLUG, 2, 'Термін');
    const email = `failed.${randomBytes(4).toString('hex')}@example.com`;
    const id = await openPetition(d, {
      slug: SLUG,
      authorId: author!.userId,
      moderatorId: moderator!.userId,
      threshold: 1000,
      title: 'Петиція, термін якої минув',
      email,
    });
    const published = await d.db.selectFrom('mail_outbox').select('id').where('to_address', '=', email).execute();
    assert.equal(published.length, 1, 'the letter about publication');
    // Both workers tick every 2 s; the term ends now.
    await sql`update petitions set collection_ends_at = now() - interval '1 minute' where id = ${id}`.execute(d.db);

    const deadline = Date.now() + 60_000;
    let letters: { id: number; status: string }[] = [];
    while (Date.now() < deadline) {
      letters = await d.db.selectFrom('mail_outbox').select(['id', 'status']).where('to_address', '=', email).orderBy('id').execute();
      if (letters.length >= 2 && letters.every((l) => l.status === 'sent')) break;
      await sleep(500);
    }
    assert.equal(letters.length, 2, 'the publication letter and the letter that collection ended');
    assert.ok(
      letters.every((l) => l.status === 'sent'),
      `both sent: ${JSON.stringify(letters)}`,
    );
    // Several more ticks of both workers: nothing happens twice.
    await sleep(5_000);

    const audit = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where subject_type = 'petition' and subject_id = ${String(id)} and action = 'petition.failed'`.execute(d.db);
    assert.equal(audit.rows[0]!.n, 1, 'one petition.failed entry');
    assert.equal((await petitionCounts(d.db, id)).status, 'failed');
    const outbox = await d.db.selectFrom('mail_outbox').select(['id', 'attempts']).where('to_address', '=', email).execute();
    assert.equal(outbox.length, 2, 'no second letter was queued');
    for (const letter of outbox) {
      const jobs = await sql<{ attempts: number; done: boolean }>`
        select attempts, done_at is not null as done from jobs where kind = 'mail.deliver' and (payload->>'outboxId')::int = ${letter.id}`.execute(d.db);
      assert.deepEqual(jobs.rows, [{ attempts: 1, done: true }], 'one delivery job, run once');
      assert.equal(letter.attempts, 1, 'one delivery attempt recorded on the letter');
    }
    assert.equal(smtp!.to(email), 2, 'the SMTP server received each letter once');
  });
});
