/**
 * Feeds (Atom, RSS) and calendars (.ics) of the public lists, through HTTP on the demo data: valid XML
 * with the expected entries, nothing that is not public, hostile titles kept well-formed, the alternate
 * links on every list page, and calendars whose times are the items' own.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { collectingPetition } from '../helpers/petitions.js';

interface Entry {
  title: string;
  id: string;
}

const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry' || name === 'item' });

/** Fetches a feed in both formats, checks each is well-formed XML, and returns the Atom entries' titles. */
async function feed(t: TestApp, path: string, query = ''): Promise<string[]> {
  const rss = await t.app.inject({ url: `${path}.rss${query}` });
  assert.equal(rss.statusCode, 200, `${path}.rss`);
  assert.match(String(rss.headers['content-type']), /^application\/rss\+xml; charset=utf-8/);
  assert.equal(XMLValidator.validate(rss.body), true, `${path}.rss is well-formed`);
  const rssDoc = parser.parse(rss.body) as { rss: { channel: { language: string; item?: { title: string }[] } } };
  assert.equal(rssDoc.rss.channel.language, 'uk');
  const atom = await t.app.inject({ url: `${path}.atom${query}` });
  assert.equal(atom.statusCode, 200, `${path}.atom`);
  assert.match(String(atom.headers['content-type']), /^application\/atom\+xml; charset=utf-8/);
  assert.match(String(atom.headers['cache-control']), /public, max-age=\d+/);
  assert.ok(atom.headers['etag']);
  assert.equal(XMLValidator.validate(atom.body), true, `${path}.atom is well-formed`);
  const doc = parser.parse(atom.body) as { feed: { entry?: { title: string | { '#text': string }; id: string }[] } };
  const entries = (doc.feed.entry ?? []).map((e): Entry => ({ title: typeof e.title === 'string' ? e.title : e.title['#text'], id: e.id }));
  assert.deepEqual(
    (rssDoc.rss.channel.item ?? []).map((i) => i.title),
    entries.map((e) => e.title),
    'RSS and Atom carry the same entries',
  );
  return entries.map((e) => e.title);
}

/** The page's alternate links (Atom and RSS) and its visible feed links point at the same feeds. */
function assertAlternates(html: string, feedPath: string): void {
  for (const [type, ext] of [
    ['application/atom+xml', 'atom'],
    ['application/rss+xml', 'rss'],
  ] as const) {
    const escaped = feedPath.replace(/[.?]/g, (m) => `\\${m}`);
    assert.match(html, new RegExp(`<link rel="alternate" type="${type.replace('+', '\\+')}" href="${escaped}\\.${ext}[^"]*"`), `${feedPath} ${type} in head`);
    assert.match(html, new RegExp(`<a href="${escaped}\\.${ext}[^"]*" type="${type.replace('+', '\\+')}"`), `${feedPath} visible ${ext} link`);
  }
}

/** The events of an .ics: UID, summary and DTSTART as written. */
function icsEvents(body: string): { uid: string; summary: string; start: string }[] {
  assert.match(body, /^BEGIN:VCALENDAR\r\n/);
  assert.match(body, /END:VCALENDAR\r\n?$/);
  const unfolded = body.replace(/\r\n[ \t]/g, '');
  return [...unfolded.matchAll(/BEGIN:VEVENT\r\n([\s\S]*?)END:VEVENT/g)].map((m) => {
    const field = (name: string) => new RegExp(`^${name}(?:;[^:]*)?:(.*)$`, 'm').exec(m[1]!)?.[1]?.trim() ?? '';
    return { uid: field('UID'), summary: field('SUMMARY'), start: field('DTSTART') };
  });
}

/** An instant as iCalendar's UTC form, 20270328T210000Z. */
function icsUtc(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

describe('feeds and calendars of the public lists', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  test('petitions: a published one is in, one awaiting moderation is not, one past its threshold appears as such', async () => {
    const fresh = await collectingPetition(t, 'lviv', 'Свіжа петиція про сквер');
    const hidden = await collectingPetition(t, 'lviv', 'Петиція чекає модерації');
    await sql`update petitions set status = 'moderation', published_at = null, collection_ends_at = null where id = ${hidden}`.execute(t.ctx.db);
    const enough = await collectingPetition(t, 'lviv', 'Петиція з підписами');
    await sql`update petitions set status = 'consideration', signature_count = 120, consideration_started_at = ${t.clock.now()} where id = ${enough}`.execute(t.ctx.db);
    const titles = await feed(t, '/lviv/petitions');
    assert.ok(titles.includes('Нова петиція: Свіжа петиція про сквер'), String(fresh));
    assert.ok(!titles.some((x) => x.includes('чекає модерації')));
    assert.ok(titles.includes('Петиція набрала потрібні підписи й передана на розгляд: Петиція з підписами'));
    assertAlternates((await t.app.inject({ url: '/lviv/petitions' })).body, '/lviv/petitions');
  });
});
