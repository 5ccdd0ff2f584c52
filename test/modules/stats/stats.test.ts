import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demoPerson, type TestApp } from '../../helpers/test-app.js';
import { assertStatsEqualRows } from '../../helpers/stats-rows.js';

interface Report {
  communities: number;
  users: number;
  tools: {
    tool: string;
    connectedCommunities: number;
    stats: { figures: { key: string; value: number }[]; participants: number; monthly: { key: string; points: { month: string; value: number }[] }[] };
    top: { slug: string; value: number }[];
  }[];
}

const fig = (r: Report, tool: string, key: string) => r.tools.find((x) => x.tool === tool)!.stats.figures.find((f) => f.key === key)!.value;

/** Parses our CSV (RFC 4180, BOM, apostrophe-guarded formulas) back into rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r') continue;
    else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

describe('statistics and open data add up to the rows behind them', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  test('platform petition figures equal direct counts of the rows', async () => {
    const r = (await t.browser().get('/api/v1/stats?from=2020-01&to=2029-12')).json() as Report;
    const direct = await sql<{
      petitions: number;
      signatures: number;
      people: number;
      answered: number;
      supported: number;
      users: number;
      communities: number;
    }>`
      select
        (select count(*)::int from petitions where status not in ('moderation', 'rejected')) as petitions,
        (select count(*)::int from petition_signatures s join petitions p on p.id = s.petition_id where s.invalidated_at is null and p.status <> 'moderation') as signatures,
        (select count(distinct person_key)::int from petition_signatures where invalidated_at is null) as people,
        (select count(*)::int from petitions where status = 'answered') as answered,
        (select count(*)::int from petitions where answer_decision in ('supported', 'partially') and status not in ('moderation', 'rejected')) as supported,
        (select count(*)::int from users where deleted_at is null) as users,
        (select count(*)::int from communities where status = 'connected') as communities`.execute(t.ctx.db);
    const d = direct.rows[0]!;
    assert.ok(d.signatures > 1000, 'the demo has thousands of signatures');
    assert.equal(fig(r, 'petitions', 'petitions'), d.petitions);
    assert.equal(fig(r, 'petitions', 'signatures'), d.signatures);
    assert.equal(fig(r, 'petitions', 'answered'), d.answered);
    assert.equal(fig(r, 'petitions', 'supported'), d.supported);
    assert.equal(r.tools.find((x) => x.tool === 'petitions')!.stats.participants, d.people);
    assert.equal(r.users, d.users);
    assert.equal(r.communities, d.communities);
    const monthlySum = r.tools
      .find((x) => x.tool === 'petitions')!
      .stats.monthly.find((m) => m.key === 'signatures')!
      .points.reduce((a, p) => a + p.value, 0);
    assert.equal(monthlySum, d.signatures, 'the monthly series adds up to the total');
    const perCommunity = await sql<{
      slug: string;
      n: number;
    }>`select c.slug, count(*)::int as n from petition_signatures s join communities c on c.id = s.community_id join petitions p on p.id = s.petition_id where s.invalidated_at is null and p.status <> 'moderation' and c.status = 'connected' group by c.slug order by n desc`.execute(
      t.ctx.db,
    );
    assert.deepEqual(
      r.tools.find((x) => x.tool === 'petitions')!.top.map((x) => [x.slug, x.value]),
      perCommunity.rows.map((x) => [x.slug, x.n]),
    );
  });

  test('consultation figures equal direct counts of the rows', async () => {
    const r = (await t.browser().get('/api/v1/stats?from=2020-01&to=2029-12')).json() as Report;
    const d = (
      await sql<{ polls: number; acts: number; consultations: number; comments: number; responses: number }>`
      select
        (select count(*)::int from consultation_items where published_at is not null and kind = 'poll') as polls,
        (select count(*)::int from consultation_items where published_at is not null and kind = 'act') as acts,
        (select count(*)::int from consultation_items where published_at is not null and kind = 'consultation') as consultations,
        (select count(*)::int from consultation_comments) as comments,
        (select count(*)::int from consultation_responses) as responses`.execute(t.ctx.db)
    ).rows[0]!;
    assert.ok(d.comments > 10 && d.polls > 0, 'the demo has consultations');
    for (const k of ['polls', 'acts', 'consultations', 'comments', 'responses'] as const) assert.equal(fig(r, 'consultations', k), d[k], k);
    const csv = parseCsv((await t.browser().get('/open-data/consultations.csv')).body);
    assert.equal(csv.length - 1, d.polls + d.acts + d.consultations);
  });

  test('Open City figures equal direct counts of the rows', async () => {
    const r = (await t.browser().get('/api/v1/stats?from=2020-01&to=2029-12')).json() as Report;
    const d = (
      await sql<{ reports: number; resolved: number }>`
      select count(*)::int as reports, count(*) filter (where status = 'resolved')::int as resolved
      from oc_reports where status <> 'new'`.execute(t.ctx.db)
    ).rows[0]!;
    assert.ok(d.reports >= 50, 'the demo has reports');
    assert.equal(fig(r, 'open-city', 'reports'), d.reports);
    assert.equal(fig(r, 'open-city', 'resolved'), d.resolved);
    const days = (
      await sql<{
        d: number;
      }>`select extract(epoch from (resolved_at - created_at)) / 86400.0 as d from oc_reports where status = 'resolved' and resolved_at is not null order by 1`.execute(
        t.ctx.db,
      )
    ).rows.map((x) => Number(x.d));
    const mid = days.length % 2 ? days[(days.length - 1) / 2]! : (days[days.length / 2 - 1]! + days[days.length / 2]!) / 2;
    assert.equal(fig(r, 'open-city', 'median-days'), Math.round(mid * 10) / 10);
    const csv = parseCsv((await t.browser().get('/open-data/open-city-reports.csv')).body);
    assert.equal(csv.length - 1, d.reports);
    assert.ok(!csv[0]!.some((h) => /reporter|email|phone/.test(h)), 'no personal data columns');
  });

  test('filters: an oblast narrows to its communities; a community page shows its own figures', async () => {
    const r = (await t.browser().get(`/api/v1/stats?oblast=${encodeURIComponent('Чернігівська')}&from=2020-01&to=2029-12`)).json() as Report;
    const direct = await sql<{
      n: number;
    }>`select count(*)::int as n from petition_signatures s join communities c on c.id = s.community_id join petitions p on p.id = s.petition_id where p.status <> 'moderation' and c.oblast_uk = 'Чернігівська' and s.invalidated_at is null`.execute(
      t.ctx.db,
    );
    assert.equal(fig(r, 'petitions', 'signatures'), direct.rows[0]!.n);
    assert.equal(r.communities, 2);
    const lviv = (await t.browser().get('/api/v1/communities/lviv/stats?from=2020-01&to=2029-12')).json() as Report;
    const dl = await sql<{
      n: number;
    }>`select count(*)::int as n from petition_signatures s join communities c on c.id = s.community_id join petitions p on p.id = s.petition_id where p.status <> 'moderation' and c.slug = 'lviv' and s.invalidated_at is null`.execute(
      t.ctx.db,
    );
    assert.equal(fig(lviv, 'petitions', 'signatures'), dl.rows[0]!.n);
    const page = await t.browser().get('/lviv/stats?from=2020-01&to=2029-12');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Статистика громади/);
    assert.match(page.body, /<svg[^>]*role="img"/);
    assert.match(page.body, /Показати таблицею/);
  });

  test('every figure, at every level and in several month windows, equals a direct count of its rows', async () => {
    await assertStatsEqualRows(t, 'demo data');
    // The check itself can fail: one counter off by one is caught.
    const drift = (d: number) => sql`update stats_counts set n = n + ${d} where (tool, metric, month, community_id, scope, dim, slot) = (
      select tool, metric, month, community_id, scope, dim, slot from stats_counts where tool = 'budgets' order by month desc limit 1)`;
    await drift(1).execute(t.ctx.db);
    await assert.rejects(assertStatsEqualRows(t, 'a drifted counter'), /budgets ballots/);
    await drift(-1).execute(t.ctx.db);
  });

  test('deleting an account that commented, signed and reported keeps every figure equal to its rows', async () => {
    // A demo resident of Lviv comments twice on an open consultation and signs a petition;
    // deleting the account turns the comments anonymous (one participant per comment), reports lose
    // their reporter, and the account stops counting as a user.
    const open = (
      await sql<{ id: number; slug: string; community_id: number }>`
      select i.id, c.slug, c.id as community_id from consultation_items i join communities c on c.id = i.community_id
      where c.slug = 'lviv' and i.kind = 'consultation' and i.published_at is not null and i.starts_at <= ${t.clock.now()} and i.ends_at > ${t.clock.now()}
      order by i.id limit 1`.execute(t.ctx.db)
    ).rows[0]!;
    const who = demoPerson((p) => p.lastName === 'Коваленко' && p.firstName === 'Олена');
    const petition = (
      await sql<{ id: number }>`
      select id from petitions where community_id = ${open.community_id} and status = 'collecting' and collection_ends_at > ${t.clock.now()} order by id limit 1`.execute(
        t.ctx.db,
      )
    ).rows[0]!;
    const b = t.browser();
    await b.signInAs(who.index);
    for (const body of ['Перший коментар перед видаленням', 'Другий коментар перед видаленням']) {
      const res = await b.post(`/${open.slug}/consultations/${open.id}/comments`, { body });
      assert.equal(res.statusCode, 303, res.body);
    }
    const signed = await b.post(`/${open.slug}/petitions/${petition.id}/sign`, {});
    assert.equal(signed.statusCode, 303);
    assert.doesNotMatch(String(signed.headers.location), /already|error/);
    await assertStatsEqualRows(t, 'after two comments and a signature');
    assert.equal((await b.post('/cabinet/delete', { confirm: 'on' })).statusCode, 303);
    await assertStatsEqualRows(t, 'after an account was deleted');
  });

  test('bad filters get a clear message, never a 500', async () => {
    const b = t.browser();
    const oblast = await b.get(`/stats?oblast=${encodeURIComponent('Атлантична')}`);
    assert.equal(oblast.statusCode, 400);
    assert.match(oblast.body, /Області «Атлантична» серед підключених громад немає/);
    const reversed = await b.get('/stats?from=2027-05&to=2026-01');
    assert.equal(reversed.statusCode, 400);
    assert.match(reversed.body, /Кінець періоду раніше за початок/);
    const junk = await b.get('/api/v1/stats?from=last-year');
    assert.equal(junk.statusCode, 400);
    assert.match((junk.json() as { error: { message: string } }).error.message, /РРРР-ММ/);
    assert.equal((await b.get('/api/v1/communities/atlantis/stats')).statusCode, 404);
  });

  test('signatures are defined once: /stats, the home page and the API equal the sum of petitions.csv, as its dictionary says', async () => {
    const b = t.browser();
    const moderated = await sql<{ n: number }>`
      select count(*)::int as n from petition_signatures s join petitions p on p.id = s.petition_id where p.status = 'moderation' and s.invalidated_at is null`.execute(
      t.ctx.db,
    );
    assert.ok(moderated.rows[0]!.n > 0, 'the demo has petitions awaiting moderation with their authors’ signatures');
    const number = (html: string, label: RegExp) => Number(html.match(label)![1]!.replace(/\D/g, ''));
    for (const [csvUrl, statsUrl, homeUrl] of [
      ['/open-data/petitions.csv', '/stats?from=2020-01&to=2029-12', '/'],
      ['/open-data/petitions.csv?community=lviv', '/lviv/stats?from=2020-01&to=2029-12', '/lviv'],
    ] as const) {
      const csv = parseCsv((await b.get(csvUrl)).body);
      const col = csv[0]!.indexOf('signature_count');
      const sum = csv.slice(1).reduce((a, r) => a + Number(r[col]), 0);
      assert.ok(
        csv.slice(1).some((r) => r[csv[0]!.indexOf('status')] === 'rejected'),
        'rejected petitions are in the file',
      );
      assert.equal(number((await b.get(statsUrl)).body, /Підписів:<\/span>\s*<strong>([\d\s\u00a0\u202f]+)</), sum, statsUrl);
      if (homeUrl === '/') assert.equal(number((await b.get(homeUrl)).body, /Підписів під петиціями:<\/span>\s*<strong>([\d\s\u00a0\u202f]+)</), sum);
    }
    const api = (await b.get('/api/v1/stats?from=2020-01&to=2029-12')).json() as Report;
    const all = parseCsv((await b.get('/open-data/petitions.csv')).body);
    assert.equal(
      fig(api, 'petitions', 'signatures'),
      all.slice(1).reduce((a, r) => a + Number(r[all[0]!.indexOf('signature_count')]), 0),
    );
    const dict = await b.get('/open-data/petitions');
    assert.match(dict.body, /Сума стовпця за весь час дорівнює показнику «Підписів» у \/stats/);
  });

  test('charts are drawn at their own size, so labels stay ≥ 12 px on a phone and the top value is not clipped', async () => {
    const page = (await t.browser().get('/stats?from=2025-01&to=2026-12')).body;
    const css = (await t.browser().get('/static/app.css')).body;
    const size = Number(css.match(/\.chart-svg \.bar-value, \.chart-svg \.bar-label \{ font-size: (\d+)px/)![1]);
    assert.ok(size >= 12, `chart labels are ${size}px`);
    assert.doesNotMatch(css, /\.chart-svg \{[^}]*width: 100%/, 'a viewBox stretched to the screen scales its labels down');
    const svgs = [...page.matchAll(/<svg viewBox="0 0 (\d+) (\d+)" width="(\d+)" height="(\d+)"[^>]*class="chart-svg">([\s\S]*?)<\/svg>/g)];
    assert.ok(svgs.length >= 5, 'every chart is drawn at its own size');
    for (const [, vw, vh, w, h, body] of svgs) {
      assert.equal(w, vw);
      assert.equal(h, vh);
      const texts = [...body!.matchAll(/<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</g)];
      assert.ok(texts.length > 0);
      for (const [, x, y, text] of texts) {
        assert.ok(Number(y) - size >= 0, `«${text}» is not clipped at the top (y=${y})`);
        assert.ok(Number(y) <= Number(vh), `«${text}» is not clipped at the bottom`);
        const half = (text!.length * size * 0.62) / 2;
        assert.ok(Number(x) - half >= 0 && Number(x) + half <= Number(vw), `«${text}» fits across`);
      }
    }
  });

  test('open data: every dataset parses back from CSV and JSON, and matches the API', async () => {
    const b = t.browser();
    const catalogue = await b.get('/open-data');
    assert.match(catalogue.body, /CC BY 4\.0/);
    const dict = await b.get('/open-data/petitions');
    assert.match(dict.body, /Словник даних/);
    assert.match(dict.body, /signature_count/);
    const json = (await b.get('/open-data/petitions.json?community=lviv')).json() as {
      rows: { id: number; status: string; signature_count: number }[];
      licence: string;
    };
    assert.equal(json.licence, 'CC-BY-4.0');
    const csv = parseCsv((await b.get('/open-data/petitions.csv?community=lviv')).body);
    const header = csv[0]!;
    assert.deepEqual(header.slice(0, 4), ['id', 'number', 'community', 'title']);
    assert.equal(csv.length - 1, json.rows.length);
    const api = (await b.get('/api/v1/communities/lviv/petitions')).json() as {
      items: { id: number; status: string; signatureCount: number }[];
      total: number;
    };
    assert.equal(json.rows.length, api.total);
    for (const item of api.items) {
      const row = json.rows.find((r) => r.id === item.id)!;
      assert.equal(row.status, item.status);
      assert.equal(row.signature_count, item.signatureCount);
      const line = csv.find((r) => r[0] === String(item.id))!;
      assert.equal(line[header.indexOf('signature_count')], String(item.signatureCount));
    }
    const communities = parseCsv((await b.get('/open-data/communities.csv')).body);
    assert.equal(communities.length - 1, (await sql<{ n: number }>`select count(*)::int as n from communities`.execute(t.ctx.db)).rows[0]!.n);
    assert.equal((await b.get('/open-data/nothing.csv')).statusCode, 404);
    assert.equal((await b.get('/open-data/petitions.csv?community=atlantis')).statusCode, 404);
  });
});
