/** The transparency log as the tests read it: its entries, what waits, a sequencing round, a page's receipt. */
import { sql } from 'kysely';
import { createTestApp, type TestApp, type TestBrowser } from './test-app.js';
import { sequenceNow } from '../../src/core/tlog/sequencer.js';
import { logSigner } from '../../src/core/tlog/keys.js';
import { parseActEntry, type ParsedAct } from '../../src/core/tlog/acts.js';
import { Discrepancy, NotPublished, type Fetcher } from '../../src/verify/log.js';

export interface LoggedEntry {
  text: string;
  act: ParsedAct;
  /** base64 */
  leaf: string;
}

/** Every sequenced entry, in log order. */
export async function logEntries(t: TestApp): Promise<LoggedEntry[]> {
  return (await t.ctx.db.selectFrom('tlog_entries').select(['entry', 'leaf_hash']).orderBy('idx').execute()).map((r) => ({
    text: Buffer.from(r.entry).toString('utf8'),
    act: parseActEntry(r.entry)!,
    leaf: Buffer.from(r.leaf_hash).toString('base64'),
  }));
}

/** How many appended entries wait for the sequencer. */
export async function pendingLogEntries(t: TestApp): Promise<number> {
  return (await sql<{ n: number }>`select count(*)::int as n from tlog_pending`.execute(t.ctx.db)).rows[0]!.n;
}

/** One sequencing round, as the worker runs each second. */
export function sequenceLog(t: TestApp): ReturnType<typeof sequenceNow> {
  return sequenceNow(t.ctx.db, logSigner(t.ctx.config));
}

/** The verifier's view of the app: its public HTTP surface, in process, with the statuses httpFetcher gives. */
export function appFetcher(t: TestApp): Fetcher {
  return async (path) => {
    const r = await t.app.inject({ method: 'GET', url: path });
    if (r.statusCode === 404) throw new NotPublished(path);
    if (r.statusCode !== 200) throw new Discrepancy(`${path}: HTTP ${r.statusCode}`);
    return r.rawPayload;
  };
}

/** The receipt number a page shows after one's own act (NaN where it shows none). */
export function receiptNumberOn(html: string): number {
  return Number(/Квитанція журналу прозорості <strong>№ (\d+)<\/strong>/.exec(html)?.[1] ?? NaN);
}

/** The app of the tlog and verifier tests: the clock at 12 March 2027, 08:00 UTC, and Корюківка, where they hold their contests and polls. */
export async function koriukivkaTestApp(): Promise<{ t: TestApp; community: number }> {
  const t = await createTestApp({ seedModules: false, now: new Date('2027-03-12T08:00:00Z') });
  const community = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'koriukivka').executeTakeFirstOrThrow()).id;
  return { t, community };
}

/** A web ballot in a Корюківка contest, confirmed as the ballot page does. */
export function voteIn(b: TestBrowser, contestId: number, projects: readonly number[]): ReturnType<TestBrowser['post']> {
  return b.post(`/koriukivka/budgets/${contestId}/vote/confirm`, { project: projects.map(String) });
}

/** A draft act's one section «Стаття 1»; its id. */
export async function insertSection(t: TestApp, community: number, itemId: number): Promise<number> {
  return (
    await sql<{ id: number }>`
      insert into consultation_sections (community_id, item_id, position, heading, body) values (${community}, ${itemId}, 1, 'Стаття 1', 'Текст')
      returning id`.execute(t.ctx.db)
  ).rows[0]!.id;
}
