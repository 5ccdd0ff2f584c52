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
import { formatKyivDate } from '../../src/core/calendar/index.js';

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
  const again = await t.app.inject({ url: `${path}.atom${query}`, headers: { 'if-none-match': String(atom.headers['etag']) } });
  assert.equal(again.statusCode, 304, 'an unchanged feed is not sent again');
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
  assert.match(body, /\r\nEND:VCALENDAR\r\n$/);
  const unfolded = body.replace(/\r\n[ \t]/g, '');
  return [...unfolded.matchAll(/BEGIN:VEVENT\r\n([\s\S]*?)END:VEVENT/g)].map((m) => {
    const field = (name: string) => new RegExp(`^${name}(?:;[^:]*)?:(.*)$`, 'm').exec(m[1]!)?.[1]?.trim() ?? '';
    return { uid: field('UID'), summary: field('SUMMARY'), start: field('DTSTART') };
  });
}

/** An instant as iCalendar's UTC form, 20270328T210000Z. */
function icsUtc(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
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
    await sql`update petitions set status = 'consideration', consideration_started_at = ${t.clock.now()} where id = ${enough}`.execute(t.ctx.db);
    await sql`delete from petition_signature_slots where petition_id = ${enough}`.execute(t.ctx.db);
    await sql`insert into petition_signature_slots (petition_id, slot, counted) values (${enough}, 0, 120)`.execute(t.ctx.db);
    const titles = await feed(t, '/lviv/petitions');
    assert.ok(titles.includes('Нова петиція: Свіжа петиція про сквер'), String(fresh));
    assert.ok(!titles.some((x) => x.includes('чекає модерації')));
    assert.ok(titles.includes('Петиція набрала потрібні підписи й передана на розгляд: Петиція з підписами'));
    await sql`update petitions set status = 'answered', answered_at = ${new Date(t.clock.now().getTime() + 1000)}, answer_text = 'Підтримано',
      answer_decision = 'supported' where id = ${enough}`.execute(t.ctx.db);
    const later = await feed(t, '/lviv/petitions');
    assert.equal(later[0], 'Відповідь на петицію: Петиція з підписами', 'the newest event first');
    assert.ok(later.includes('Петиція набрала потрібні підписи й передана на розгляд: Петиція з підписами'), 'earlier events stay');
    assertAlternates((await t.app.inject({ url: '/lviv/petitions' })).body, '/lviv/petitions');
  });

  test('content negotiation: a feed reader asking for a list gets its feed; a browser gets the page', async () => {
    for (const [accept, ext] of [
      ['application/atom+xml', 'atom'],
      ['application/rss+xml, application/xml;q=0.9', 'rss'],
    ] as const) {
      const res = await t.app.inject({ url: '/lviv/open-city?category=roads', headers: { accept } });
      assert.equal(res.statusCode, 303, accept);
      assert.equal(res.headers.location, `/lviv/open-city.${ext}?category=roads`);
    }
    const page = await t.app.inject({ url: '/lviv/petitions', headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(String(page.headers.vary), /Accept/i);
  });

  test('hostile titles (markup, ampersands, control characters, a CDATA end) keep every feed well-formed and inert', async () => {
    const hostile = '<script>alert(1)</script> & Co \u0001\u000b\u001f ]]> "лапки" \ud800';
    const hostileId = await collectingPetition(t, 'lviv', hostile);
    const c = await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow();
    await sql`insert into notices (community_id, author_name, body, created_at) values (${c.id}, 'Автор', ${hostile}, ${t.clock.now()})`.execute(t.ctx.db);
    for (const path of ['/lviv/petitions', '/lviv/notices']) {
      const titles = await feed(t, path);
      assert.ok(
        titles.some((x) => x.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co')),
        `${path}: the title is escaped text`,
      );
      for (const ext of ['atom', 'rss']) {
        const body = (await t.app.inject({ url: `${path}.${ext}` })).body;
        assert.ok(!body.includes('<script>'), `${path}.${ext}: no live markup`);
        assert.doesNotMatch(body, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/, `${path}.${ext}: no control characters`);
      }
    }
    const ics = (await t.app.inject({ url: `/lviv/petitions/${hostileId}/calendar.ics` })).body;
    assert.equal(icsEvents(ics).length, 1);
    assert.doesNotMatch(ics, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/, 'no control characters in the calendar');
    assert.match(icsEvents(ics)[0]!.summary, /<script>alert\(1\)<\/script> & Co/, 'a calendar is text: escaped by its own rules, not HTML');
  });

  test('notices: a notice a moderator hid is not in the feed', async () => {
    const c = await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow();
    const shown = await sql<{ id: number }>`insert into notices (community_id, author_name, body, created_at)
      values (${c.id}, 'Автор', 'Толока в парку в суботу', ${t.clock.now()}) returning id`.execute(t.ctx.db);
    const hidden = await sql<{ id: number }>`insert into notices (community_id, author_name, body, created_at)
      values (${c.id}, 'Автор', 'Приховане оголошення', ${t.clock.now()}) returning id`.execute(t.ctx.db);
    await sql`insert into hidden_content (subject_type, subject_id, community_id, reason) values ('notice', ${String(hidden.rows[0]!.id)}, ${c.id}, 'spam')`.execute(
      t.ctx.db,
    );
    const titles = await feed(t, '/lviv/notices');
    assert.ok(titles.includes('Толока в парку в суботу'), String(shown.rows[0]!.id));
    assert.ok(!titles.includes('Приховане оголошення'));
    assertAlternates((await t.app.inject({ url: '/lviv/notices' })).body, '/lviv/notices');
  });

  test('consultations and polls: published ones in, drafts out; the alternate links keep the list filter', async () => {
    const items = await sql<{ id: number; title: string; published: boolean }>`
      select id, title, published_at is not null as published from consultation_items
      where community_id = (select id from communities where slug = 'lviv')`.execute(t.ctx.db);
    const titles = await feed(t, '/lviv/consultations');
    const published = items.rows.filter((i) => i.published);
    assert.ok(published.length > 0, 'the demo has published consultations');
    for (const i of published.slice(0, 3))
      assert.ok(
        titles.some((x) => x.endsWith(`: ${i.title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}`)),
        i.title,
      );
    const draft = await sql<{ id: number }>`insert into consultation_items (community_id, kind, title, description, category, starts_at, ends_at, search_text)
      values ((select id from communities where slug = 'lviv'), 'poll', 'Чернетка опитування', '', 'other', ${t.clock.now()}, ${new Date(t.clock.now().getTime() + 864e5)}, '')
      returning id`.execute(t.ctx.db);
    assert.ok(!(await feed(t, '/lviv/consultations')).some((x) => x.includes('Чернетка опитування')));
    assert.equal((await t.app.inject({ url: `/lviv/consultations/${draft.rows[0]!.id}/calendar.ics` })).statusCode, 404, 'a draft has no calendar');
    const polls = await feed(t, '/lviv/consultations', '?kind=poll');
    assert.ok(
      polls.every((x) => x.startsWith('Опитування: ') || x.startsWith('Підсумки: ')),
      polls.join('\n'),
    );
    assertAlternates((await t.app.inject({ url: '/lviv/consultations?kind=poll' })).body, '/lviv/consultations');
    assert.match((await t.app.inject({ url: '/lviv/consultations?kind=poll' })).body, /href="\/lviv\/consultations\.atom\?kind=poll"/);
  });

  test('budgets: contest phases and submitted projects, drafts out', async () => {
    const titles = await feed(t, '/lviv/budgets');
    const projects = await sql<{ title: string; status: string }>`
      select p.title, p.status from budget_projects p join budget_contests k on k.id = p.contest_id
      where k.community_id = (select id from communities where slug = 'lviv') and k.published and k.owner = 'community'`.execute(t.ctx.db);
    const shown = projects.rows.filter((x) => ['support', 'review', 'admitted', 'rejected'].includes(x.status));
    assert.ok(shown.length > 0, 'the demo has projects');
    assert.ok(titles.some((x) => x.startsWith('Новий проєкт громадського бюджету: ')));
    for (const x of projects.rows.filter((x) => x.status === 'draft')) assert.ok(!titles.includes(`Новий проєкт громадського бюджету: ${x.title}`), x.title);
    assert.ok(
      titles.some((x) => x.startsWith('Початок подання проєктів: ')),
      'a phase that has begun',
    );
    assertAlternates((await t.app.inject({ url: '/lviv/budgets' })).body, '/lviv/budgets');
  });

  test('open city: public reports in, hidden and unmoderated ones out; the category filter is honoured', async () => {
    const reports = await sql<{ id: number; title: string; status: string; code: string }>`
      select r.id, r.title, r.status, c.code from oc_reports r join oc_categories c on c.id = r.category_id
      where r.community_id = (select id from communities where slug = 'lviv') order by r.created_at desc, r.id desc`.execute(t.ctx.db);
    const visible = reports.rows.filter((r) => r.status !== 'new');
    assert.ok(visible.length > 1, 'the demo has public reports');
    const [hide] = visible;
    await sql`insert into hidden_content (subject_type, subject_id, community_id, reason)
      values ('open_city_report', ${String(hide!.id)}, (select id from communities where slug = 'lviv'), 'personal data')`.execute(t.ctx.db);
    const titles = await feed(t, '/lviv/open-city');
    assert.ok(!titles.some((x) => x.includes(`№${hide!.id}. `)), 'the hidden report is left out');
    for (const r of reports.rows.filter((r) => r.status === 'new')) assert.ok(!titles.some((x) => x.includes(`№${r.id}. `)), `unmoderated №${r.id}`);
    assert.ok(
      titles.some((x) => x.includes(`№${visible[1]!.id}. `)),
      `№${visible[1]!.id} in ${titles.join('\n')}`,
    );
    const code = visible[1]!.code;
    const filtered = await feed(t, '/lviv/open-city', `?category=${code}`);
    const inCategory = new Set(reports.rows.filter((r) => r.code === code).map((r) => r.id));
    for (const x of filtered) assert.ok(inCategory.has(Number(/№(\d+)\./.exec(x)![1])), x);
    const page = (await t.app.inject({ url: `/lviv/open-city?category=${code}` })).body;
    assertAlternates(page, '/lviv/open-city');
    assert.ok(page.includes(`href="/lviv/open-city.atom?category=${code}"`), 'the page links the filtered feed');
  });

  test("a contest calendar: one event per date, at the contest's instants, with stable UIDs", async () => {
    const k = await sql<{ id: number; submission_from: Date; voting_from: Date; voting_to: Date; results_from: Date }>`
      select id, submission_from, voting_from, voting_to, results_from from budget_contests
      where community_id = (select id from communities where slug = 'lviv') and published and owner = 'community' order by id limit 1`.execute(t.ctx.db);
    const contest = k.rows[0]!;
    const res = await t.app.inject({ url: `/lviv/budgets/${contest.id}/calendar.ics` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/calendar; charset=utf-8');
    const events = icsEvents(res.body);
    const byKey = new Map(events.map((e) => [e.uid.replace(/@.*$/, ''), e]));
    assert.equal(byKey.get(`budget-contest-${contest.id}-submission-opens`)?.start, icsUtc(new Date(contest.submission_from)));
    assert.equal(byKey.get(`budget-contest-${contest.id}-voting-opens`)?.start, icsUtc(new Date(contest.voting_from)));
    assert.equal(byKey.get(`budget-contest-${contest.id}-voting-closes`)?.start, icsUtc(new Date(contest.voting_to)));
    assert.equal(byKey.get(`budget-contest-${contest.id}-results`)?.start, icsUtc(new Date(contest.results_from)));
    // The page shows the same days in Kyiv time as the calendar's instants fall on.
    const page = (await t.app.inject({ url: `/lviv/budgets/${contest.id}` })).body;
    assert.ok(page.includes(formatKyivDate(new Date(contest.voting_from), 'uk')));
    assert.ok(page.includes(`href="/lviv/budgets/${contest.id}/calendar.ics"`), 'linked from the contest page');
    assert.deepEqual(icsEvents((await t.app.inject({ url: `/lviv/budgets/${contest.id}/calendar.ics` })).body), events, 'the same UIDs every time');
    for (const url of ['/lviv/budgets/999999/calendar.ics', '/lviv/budgets/abc/calendar.ics', '/nowhere/budgets/1/calendar.ics'])
      assert.equal((await t.app.inject({ url })).statusCode, 404, url);
  });

  test('a petition calendar: the end of collection; unknown or unmoderated petitions are 404', async () => {
    const id = await collectingPetition(t, 'lviv', 'Петиція з терміном', 20);
    const row = (await sql<{ collection_ends_at: Date }>`select collection_ends_at from petitions where id = ${id}`.execute(t.ctx.db)).rows[0]!;
    const res = await t.app.inject({ url: `/lviv/petitions/${id}/calendar.ics` });
    assert.equal(res.statusCode, 200);
    const [event] = icsEvents(res.body);
    assert.equal(event?.uid, `petition-${id}-collection-ends@${new URL(t.ctx.config.publicUrl).hostname}`);
    assert.equal(event?.start, icsUtc(new Date(row.collection_ends_at)));
    assert.ok((await t.app.inject({ url: `/lviv/petitions/${id}` })).body.includes(`href="/lviv/petitions/${id}/calendar.ics"`));
    await sql`update petitions set status = 'moderation' where id = ${id}`.execute(t.ctx.db);
    assert.equal((await t.app.inject({ url: `/lviv/petitions/${id}/calendar.ics` })).statusCode, 404);
    assert.equal((await t.app.inject({ url: '/lviv/petitions/999999/calendar.ics' })).statusCode, 404);
  });

  test('a consultation calendar and the community calendar of upcoming deadlines', async () => {
    const item = await sql<{ id: number; starts_at: Date; ends_at: Date }>`
      select id, starts_at, ends_at from consultation_items where community_id = (select id from communities where slug = 'lviv')
      and published_at is not null and closed_at is null order by id limit 1`.execute(t.ctx.db);
    const i = item.rows[0]!;
    const events = icsEvents((await t.app.inject({ url: `/lviv/consultations/${i.id}/calendar.ics` })).body);
    assert.deepEqual(
      events.map((e) => e.start),
      [icsUtc(new Date(i.starts_at)), icsUtc(new Date(i.ends_at))],
    );
    const petition = await collectingPetition(t, 'lviv', 'Петиція в календарі громади', 10);
    const res = await t.app.inject({ url: '/lviv/calendar.ics' });
    assert.equal(res.statusCode, 200);
    const all = icsEvents(res.body);
    assert.ok(all.some((e) => e.uid === `petition-${petition}-collection-ends@${new URL(t.ctx.config.publicUrl).hostname}`));
    const now = icsUtc(t.clock.now());
    assert.ok(
      all.every((e) => e.start > now),
      'only what is ahead',
    );
    assert.ok((await t.app.inject({ url: '/lviv' })).body.includes('href="/lviv/calendar.ics"'));
    assert.equal((await t.app.inject({ url: '/nowhere/calendar.ics' })).statusCode, 404);
  });
});
