/**
 * Being found and shared (issue #20, points 5 and 7): robots.txt names the sitemap; the sitemap index and a
 * community's sitemap are well-formed XML listing public petitions and reports, never one in moderation or
 * one a moderator hid; a petition page carries its own preview (Open Graph) with an absolute URL; /metrics
 * reports the job queue and the mail outbox as numbers. The school budget's public pages are in the sitemap, and a
 * page without a picture of its own is previewed with a PNG (messengers show no SVG).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import sharp from 'sharp';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { collectingPetition } from '../helpers/petitions.js';

const BASE = 'http://viche.test';
const parser = new XMLParser({ isArray: (name) => name === 'url' || name === 'sitemap' });

/** The content of `<meta property|name="key" content="…">` as the page writes it (still HTML-escaped). */
function meta(html: string, key: string): string | undefined {
  return new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`).exec(html)?.[1];
}

describe('robots.txt, sitemaps, link previews and queue metrics', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  test('robots.txt allows the public pages, keeps crawlers out of personal ones and names the sitemap', async () => {
    const res = await t.app.inject({ url: '/robots.txt' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    assert.match(res.body, /^User-agent: \*$/m);
    for (const path of ['/cabinet', '/auth/', '/dev/']) assert.match(res.body, new RegExp(`^Disallow: ${path}`, 'm'));
    assert.match(res.body, new RegExp(`^Sitemap: ${BASE}/sitemap\\.xml$`, 'm'));
  });

  test('the sitemap lists public petitions and reports with absolute URLs, not one in moderation nor a hidden report', async () => {
    const published = await collectingPetition(t, 'lviv', 'Петиція для пошуковиків');
    const moderated = await collectingPetition(t, 'lviv', 'Петиція на модерації');
    await sql`update petitions set status = 'moderation', published_at = null, collection_ends_at = null where id = ${moderated}`.execute(t.ctx.db);
    const lviv = await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow();
    const reports = await sql<{ id: number }>`select id from oc_reports where community_id = ${lviv.id} and status <> 'new' order by id limit 2`.execute(
      t.ctx.db,
    );
    assert.equal(reports.rows.length, 2, 'the demo has public reports in Lviv');
    const [shown, hidden] = reports.rows.map((r) => r.id);
    await sql`insert into hidden_content (subject_type, subject_id, community_id, reason) values ('open_city_report', ${String(hidden)}, ${lviv.id}, 'Образи')`.execute(
      t.ctx.db,
    );

    const index = await t.app.inject({ url: '/sitemap.xml' });
    assert.equal(index.statusCode, 200);
    assert.match(String(index.headers['content-type']), /^application\/xml/);
    assert.equal(XMLValidator.validate(index.body), true, 'the index is well-formed');
    const sitemaps = (parser.parse(index.body) as { sitemapindex: { sitemap: { loc: string }[] } }).sitemapindex.sitemap.map((s) => s.loc);
    assert.ok(sitemaps.includes(`${BASE}/lviv/sitemap.xml`), sitemaps.join(' '));

    const urls: { loc: string; lastmod?: string }[] = [];
    for (const loc of sitemaps) {
      const res = await t.app.inject({ url: loc.slice(BASE.length) });
      assert.equal(res.statusCode, 200, loc);
      assert.equal(XMLValidator.validate(res.body), true, `${loc} is well-formed`);
      urls.push(...((parser.parse(res.body) as { urlset: { url?: { loc: string; lastmod?: string }[] } }).urlset.url ?? []));
    }
    const locs = urls.map((u) => u.loc);
    assert.ok(
      locs.every((l) => l.startsWith(`${BASE}/`)),
      'absolute URLs',
    );
    assert.ok(locs.includes(`${BASE}/lviv`), 'the community home');
    assert.ok(locs.includes(`${BASE}/lviv/petitions`), 'a tool list');
    const petition = urls.find((u) => u.loc === `${BASE}/lviv/petitions/${published}`);
    assert.ok(petition, 'the published petition');
    assert.ok(petition.lastmod && !Number.isNaN(Date.parse(petition.lastmod)), 'with its date');
    assert.ok(!locs.includes(`${BASE}/lviv/petitions/${moderated}`), 'not the one in moderation');
    assert.ok(locs.includes(`${BASE}/lviv/open-city/reports/${shown}`), 'a public report');
    assert.ok(!locs.includes(`${BASE}/lviv/open-city/reports/${hidden}`), 'not the hidden report');
    assert.ok(
      locs.some((l) => /\/consultations\/\d+$/.test(l)),
      'consultation items',
    );
    assert.ok(
      locs.some((l) => /\/budgets\/\d+\/projects\/\d+$/.test(l)),
      'budget projects',
    );
    // The school budget: each school, its admitted projects, and results only once they are public.
    const school = `${BASE}/lviv/school-budget/schools/school-45`;
    assert.ok(locs.includes(school), 'a school page');
    const schoolProjects = await sql<{ id: number; status: string; published: boolean; contest: number; school: string }>`
      select p.id, p.status, k.results_published_at is not null as published, k.id as contest, s.slug as school
      from budget_projects p join budget_contests k on k.id = p.contest_id join school_schools s on k.owner = 'school:' || s.id`.execute(t.ctx.db);
    const admitted = schoolProjects.rows.filter((r) => r.status === 'admitted');
    assert.ok(admitted.length > 0 && admitted.length < schoolProjects.rows.length, 'the demo has admitted projects and others');
    for (const r of schoolProjects.rows) {
      const loc = `${BASE}/lviv/school-budget/schools/${r.school}/projects/${r.id}`;
      assert.equal(locs.includes(loc), r.status === 'admitted', `${loc} (${r.status})`);
      assert.equal(locs.includes(`${BASE}/lviv/school-budget/schools/${r.school}/results/${r.contest}`), r.published, `results of contest ${r.contest}`);
    }
  });

  test('a page without a picture of its own is previewed with a PNG of the logo, not an SVG', async () => {
    for (const path of ['/', '/lviv', '/lviv/petitions']) {
      const html = (await t.app.inject({ url: path })).body;
      assert.equal(meta(html, 'og:image'), `${BASE}/static/og-image.png`, `${path}: neither the SVG icon nor an SVG coat of arms`);
      assert.equal(meta(html, 'og:image:type'), 'image/png');
      assert.equal(meta(html, 'og:image:width'), '1200');
      assert.equal(meta(html, 'og:image:height'), '630');
    }
    const png = await t.app.inject({ url: '/static/og-image.png' });
    assert.equal(png.statusCode, 200);
    assert.equal(png.headers['content-type'], 'image/png');
    const info = await sharp(png.rawPayload).metadata();
    assert.deepEqual([info.format, info.width, info.height], ['png', 1200, 630], 'the size the page states');
    // A page with its own photo keeps it, without the fallback's size.
    const withPhoto = (
      await sql<{ project_id: number; contest_id: number }>`
      select ph.project_id, p.contest_id from budget_photos ph join budget_projects p on p.id = ph.project_id
      join communities c on c.id = p.community_id where c.slug = 'lviv' and p.status = 'admitted' and ph.update_id is null and p.contest_id in
        (select id from budget_contests where owner = 'community') limit 1`.execute(t.ctx.db)
    ).rows[0];
    assert.ok(withPhoto, 'the demo has a project with a photo');
    const page = (await t.app.inject({ url: `/lviv/budgets/${withPhoto.contest_id}/projects/${withPhoto.project_id}` })).body;
    assert.match(meta(page, 'og:image') ?? '', /\/lviv\/budgets\/photos\/\d+$/);
    assert.equal(meta(page, 'og:image:width'), undefined);
  });

  test('a petition page has its own preview: title, summary of its text and its absolute canonical URL', async () => {
    const id = await collectingPetition(t, 'lviv', 'Лавки <b>в</b> парку & "сквері"');
    await sql`update petitions set body = ${'<p>Просимо поставити лавки.</p>\n\n' + 'Дуже довгий текст. '.repeat(40)} where id = ${id}`.execute(t.ctx.db);
    const res = await t.app.inject({ url: `/lviv/petitions/${id}?from=feed` });
    assert.equal(res.statusCode, 200);
    assert.equal(meta(res.body, 'og:title'), 'Лавки &lt;b>в&lt;/b> парку &amp; &#34;сквері&#34;', 'escaped in full');
    assert.equal(meta(res.body, 'og:url'), `${BASE}/lviv/petitions/${id}`, 'absolute, without the query');
    assert.equal(meta(res.body, 'og:type'), 'website');
    assert.match(meta(res.body, 'og:image') ?? '', /^http:\/\/viche\.test\/\S+$/);
    assert.ok(meta(res.body, 'twitter:card'));
    const description = meta(res.body, 'og:description') ?? '';
    assert.match(description, /^Просимо поставити лавки\. Дуже довгий текст\./, 'markup stripped');
    assert.ok(!description.includes('&lt;p'), 'no markup, not even escaped');
    assert.ok([...description].length <= 200, `at most 200 characters: ${description.length}`);
    assert.equal(meta(res.body, 'description'), description);
    assert.ok(!res.body.includes('a@example.com'), 'no e-mail of the author');
  });

  test('metrics report the job queue and the mail outbox as numbers', async () => {
    const old = new Date(t.clock.now().getTime() - 600_000);
    await sql`insert into jobs (kind, payload, run_at) values ('seo-test.waiting', '{}', ${old})`.execute(t.ctx.db);
    await sql`insert into jobs (kind, payload, run_at, attempts, max_attempts) values ('seo-test.failed', '{}', ${old}, 3, 3)`.execute(t.ctx.db);
    await sql`insert into mail_outbox (to_address, subject, body_text, body_html, status) values ('x@example.com', 'S', 'T', '<p>T</p>', 'failed')`.execute(
      t.ctx.db,
    );
    const m = await t.app.inject({ url: '/metrics' });
    assert.equal(m.statusCode, 200);
    const value = (name: string): number => {
      const line = new RegExp(`^${name} (\\S+)$`, 'm').exec(m.body);
      assert.ok(line, `${name} in the metrics`);
      assert.match(m.body, new RegExp(`^# TYPE ${name} gauge$`, 'm'));
      return Number(line[1]);
    };
    assert.ok(value('viche_jobs_backlog') >= 1);
    assert.ok(value('viche_jobs_failed') >= 1);
    assert.ok(value('viche_jobs_oldest_due_age_seconds') >= 600);
    assert.ok(value('viche_mail_outbox_queued') >= 0);
    assert.ok(value('viche_mail_outbox_failed') >= 1, 'a letter whose every attempt failed');
  });
});
