/**
 * Every count a page shows next to a noun agrees with it in Ukrainian («1 учасник», «3 учасники»,
 * «5 учасників», «11 учасників», «21 учасник»): the views build such phrases with the core `plural`
 * helper, never a number before a fixed word. This renders the demo's main pages over HTTP and reads their
 * visible text for a number followed by a form of a counted noun that does not fit it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { pluralForm } from '../../src/core/i18n/index.js';

/** The nouns pages count: [one, few, many]. Some share a form («1 звернення», «2 звернення»). */
const NOUNS: [string, string, string][] = [
  ['учасник', 'учасники', 'учасників'],
  ['підпис', 'підписи', 'підписів'],
  ['голос', 'голоси', 'голосів'],
  ['звернення', 'звернення', 'звернень'],
  ['проєкт', 'проєкти', 'проєктів'],
  ['петиція', 'петиції', 'петицій'],
  ['коментар', 'коментарі', 'коментарів'],
  ['бюлетень', 'бюлетені', 'бюлетенів'],
  ['громада', 'громади', 'громад'],
  ['користувач', 'користувачі', 'користувачів'],
  ['відповідь', 'відповіді', 'відповідей'],
  ['конкурс', 'конкурси', 'конкурсів'],
];
const FORM_INDEX = { one: 0, few: 1, many: 2 } as const;

/** The text a reader sees: no scripts, styles or tags; entities decoded; a tag boundary reads as a space. */
function visibleText(html: string): string {
  return (
    html
      .replace(/<(script|style|svg)\b[\s\S]*?<\/\1>/gi, ' ')
      // A block's edge ends a phrase: a table cell's number does not run into the next cell's word.
      .replace(/<\/?(li|td|th|tr|p|div|h[1-6]|dt|dd|figcaption|caption|section|ul|ol|table|label|option|summary)\b[^>]*>/gi, ' ¶ ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&nbsp;|&#160;/g, ' ')
      .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
      .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/[\u00a0\u202f]/g, ' ')
      .replace(/\s+/g, ' ')
  );
}

const WORDS = [...new Set(NOUNS.flat())].sort((a, b) => b.length - a.length);
// A number (thousands grouped by a space) right before a noun; the noun in any case of its first letter.
// «до 3 проєктів», «не більше 5 голосів» take the genitive whatever the number: those are left alone.
const GENITIVE_BEFORE = '(?<!(?:^|[^\\p{L}])(?:до|з|із|від|понад|більше|менше|близько|щонайменше) )';
const COUNTED = new RegExp(`${GENITIVE_BEFORE}(?<![\\d.,:/–-])((?:\\d{1,3}(?: \\d{3})+)|\\d+) (${WORDS.join('|')})(?![\\p{L}ʼ'])`, 'giu');

/** «N noun» phrases whose noun is not the form N takes. */
export function pluralMismatches(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(COUNTED)) {
    const n = Number(m[1]!.replace(/ /g, ''));
    const word = m[2]!.toLowerCase();
    const fits = NOUNS.some((forms) => forms[FORM_INDEX[pluralForm(n, 'uk')]] === word);
    if (!fits) out.push(m[0]);
  }
  return out;
}

describe('counts next to nouns agree with them on every main page', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  test('the check itself tells right forms from wrong ones', () => {
    assert.deepEqual(pluralMismatches('1 учасників, 703 учасників, 101 учасників, 2 петицій, 12 підписи, 5 звернення'), [
      '1 учасників',
      '703 учасників',
      '101 учасників',
      '2 петицій',
      '12 підписи',
      '5 звернення',
    ]);
    assert.deepEqual(pluralMismatches('1 учасник, 703 учасники, 111 учасників, 13 118 підписів, 2 звернення, 21 звернення, 4 громади'), []);
    assert.deepEqual(pluralMismatches('до 3 проєктів, не більше 2 голосів, з 500 підписів'), []);
  });

  test('each «most active communities» column is headed by what it counts', async () => {
    const body = (await t.browser().get('/stats?from=2020-01&to=2029-12')).body;
    const heading = (tool: string) => new RegExp(`id="tool-${tool}"[\\s\\S]*?<th scope="col">Громада</th><th scope="col">([^<]*)</th>`).exec(body)?.[1];
    assert.equal(heading('budgets'), 'Бюлетені за період');
    assert.equal(heading('open-city'), 'Звернення за період');
    assert.equal(heading('petitions'), 'Підписи за період');
  });

  test('the demo pages', async () => {
    const db = t.ctx.db;
    const ids = async (q: ReturnType<typeof sql<{ id: number }>>) => (await q.execute(db)).rows.map((r) => r.id);
    const slugs = (await sql<{ slug: string }>`select slug from communities order by id`.execute(db)).rows.map((r) => r.slug);
    const urls = ['/', '/stats', '/connect', '/open-data', '/transparency'];
    for (const s of slugs)
      urls.push(`/${s}`, `/${s}/stats`, `/${s}/petitions`, `/${s}/budgets`, `/${s}/consultations`, `/${s}/open-city`, `/${s}/school-budget`);
    for (const id of await ids(sql`select p.id from petitions p where status <> 'moderation' order by id`))
      urls.push(
        `/${(await sql<{ slug: string }>`select c.slug from communities c join petitions p on p.community_id = c.id where p.id = ${id}`.execute(db)).rows[0]!.slug}/petitions/${id}`,
      );
    const rows = async (q: ReturnType<typeof sql<{ slug: string; id: number }>>) => (await q.execute(db)).rows;
    for (const r of await rows(
      sql`select c.slug, k.id from budget_contests k join communities c on c.id = k.community_id where k.owner = 'community' and k.published`,
    ))
      urls.push(`/${r.slug}/budgets/${r.id}`, `/${r.slug}/budgets/${r.id}/results`);
    for (const r of await rows(sql`select c.slug, i.id from consultation_items i join communities c on c.id = i.community_id where i.published_at is not null`))
      urls.push(`/${r.slug}/consultations/${r.id}`);
    for (const r of await rows(
      sql`select c.slug, x.id from oc_reports x join communities c on c.id = x.community_id where x.status <> 'new' order by x.id limit 20`,
    ))
      urls.push(`/${r.slug}/open-city/reports/${r.id}`);
    const found: string[] = [];
    let pages = 0;
    for (const url of urls) {
      const res = await t.browser().get(url);
      if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/html')) continue;
      pages++;
      for (const m of pluralMismatches(visibleText(res.body))) found.push(`${url}: «${m}»`);
    }
    assert.ok(pages > 30, `rendered ${pages} pages`);
    assert.deepEqual([...new Set(found)], []);
  });
});
