/**
 * What a newcomer stumbles on (issue #21), on a phone of 360 × 740, with one platform for the file:
 *
 * - every page of a demo community (its home, each tool's list, items of each list and a page under each
 *   item), signed out and signed in: the content starts within the first 200 px, nothing scrolls
 *   sideways and axe finds no violation;
 * - a non-resident (a Lviv resident in Kramatorsk) and an under-age person (15, in Lviv): no action is
 *   offered that then leads to a refusal (each link followed, each form sent, none answers 401 or 403),
 *   and the reason is shown in place of the button;
 * - /stats: each figure, under its label, equals a direct count of the rows in the database.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { startE2e } from './support/e2e.js';
import { checkA11y, checkNoSideScroll, recordOnFailure } from './support/browser.js';
import { checkContentTop, PHONE_360 } from './support/phone.js';
import { signInAt } from './support/sign-in.js';
import { direct } from '../helpers/stats-rows.js';

const RESIDENT = 'Коваленко Олена Петрівна';
const UNDER_AGE = 'Коваленко Софія Андріївна';
const NOT_RESIDENT_TEXT = 'Брати участь можуть лише мешканці цієї громади';
const TOO_YOUNG_TEXT = 'Ви ще не досягли віку, з якого можна брати участь';
/** Items opened from each list, and pages opened under each item: enough to see every kind of page. */
const ITEMS_PER_LIST = 3;
const PAGES_PER_ITEM = 1;
const PHONE = { viewport: PHONE_360 };

/** Addresses that act or download rather than show a page. */
const ACTION_PATH = /\/(new|vote|sign|support|answer|ballot|propose|complain|follow|unfollow|edit)(\/|$)/;
const DOWNLOAD = /\.(csv|xlsx|json|pdf|ics|rss|xml|zip|png|jpe?g|svg)$|\/(feed|print|export|photos)(\/|$)/;
/** Links whose words invite an act. */
const ACTION_TEXT =
  /^(Створити|Підписати|Голосувати|Проголосувати|Подати|Повідомити|Відповісти|Взяти участь|Прокоментувати|Запропонувати|Підтримати|Написати|Додати)/;

describe('a newcomer on a phone: the header, offered actions and the statistics', { timeout: 1_200_000 }, () => {
  const { platform, newPage } = startE2e();

  /** Same-site paths of the links in the page's main content (no query, no fragment). */
  async function mainLinks(page: Page): Promise<{ path: string; text: string }[]> {
    const links = await page
      .locator('main a[href]')
      .evaluateAll((as) => as.map((a) => ({ href: (a as HTMLAnchorElement).href, text: (a.textContent ?? '').trim().replace(/\s+/g, ' ') })));
    const out: { path: string; text: string }[] = [];
    for (const l of links) {
      const u = new URL(l.href);
      if (u.origin !== new URL(platform.url).origin) continue;
      out.push({ path: u.pathname + u.search, text: l.text });
    }
    return out;
  }

  /** Pages under `prefix` that show something (not an act, a download or a filtered list), in page order. */
  async function pagesUnder(page: Page, prefix: string, max: number): Promise<string[]> {
    const found: string[] = [];
    for (const { path } of await mainLinks(page)) {
      if (!path.startsWith(`${prefix}/`) || path.includes('?') || ACTION_PATH.test(path) || DOWNLOAD.test(path)) continue;
      if (!found.includes(path)) found.push(path);
      if (found.length === max) break;
    }
    return found;
  }

  /** Opens `path`; true when it is an HTML page of ours answered with 200 where it was asked (not sent to sign in). */
  async function open(page: Page, path: string): Promise<boolean> {
    const res = await page.goto(`${platform.url}${path}`);
    const here = new URL(page.url());
    return res?.status() === 200 && (res.headers()['content-type'] ?? '').startsWith('text/html') && here.pathname + here.search === path;
  }

  /** The community's pages as the person sees them: home, every tool of its menu, items and a page under each. */
  async function communityPages(page: Page, slug: string): Promise<string[]> {
    assert.ok(await open(page, `/${slug}`), `/${slug} opens`);
    const tools = await page
      .locator('nav[aria-label="Інструменти громади"] a[href]')
      .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    assert.ok(tools.length >= 5, `the community's menu lists its tools: ${tools.join(', ')}`);
    const pages = [`/${slug}`];
    for (const list of [...new Set(tools)]) {
      if (!(await open(page, list))) continue;
      pages.push(list);
      for (const item of await pagesUnder(page, list, ITEMS_PER_LIST)) {
        if (!(await open(page, item))) continue;
        pages.push(item);
        for (const under of await pagesUnder(page, item, PAGES_PER_ITEM)) pages.push(under);
      }
    }
    return [...new Set(pages)];
  }

  /** Every community page: 200, content within 200 px at 360 × 740, no sideways scrolling, no axe violation. */
  /**
   * The Open City map's markers crowd each other at a phone's zoom (axe: target-size); what they show is
   * the list beside them, which is scanned. As in phone-and-weight.test.ts, the map itself is left out.
   */
  const MAP = ['#oc-map'];

  async function passCommunity(page: Page, slug: string, who: string): Promise<number> {
    const pages = await communityPages(page, slug);
    const problems: string[] = [];
    for (const path of pages) {
      const label = `${path} (${who})`;
      if (!(await open(page, path))) {
        problems.push(`${label}: not a page`);
        continue;
      }
      await page.locator('h1').first().waitFor();
      // The platform's header, or the community website's own (its brand is the community's name).
      assert.ok(await page.locator('.site-header .community-name, .cs-header .cs-brand').count(), `${label}: the header names the community`);
      for (const check of [() => checkContentTop(page, label), () => checkNoSideScroll(page, label), () => checkA11y(page, label, MAP)]) {
        try {
          await check();
        } catch (e) {
          problems.push(e instanceof Error ? e.message : String(e));
        }
      }
    }
    assert.equal(problems.length, 0, problems.join('\n\n'));
    return pages.length;
  }

  test('every page of a demo community, signed out and signed in: the header leaves the page, axe finds nothing', async (t) => {
    const { context, page } = await newPage(PHONE);
    try {
      await recordOnFailure(t.name, page, async () => {
        const out = await passCommunity(page, 'lviv', 'signed out');
        assert.ok(out >= 20, `${out} pages signed out`);
        await signInAt(page, platform, RESIDENT, '/lviv');
        const inside = await passCommunity(page, 'lviv', 'signed in');
        assert.ok(inside >= 20, `${inside} pages signed in`);
      });
    } finally {
      await context.close();
    }
  });

  /**
   * On every page of the community, as `person`: each action link is followed and each form in the main
   * content is sent (text fields filled); none may answer with a refusal (401, 403). Returns the pages that
   * show the person's reason instead, with the names of the links and buttons they still offer.
   */
  async function noOfferedRefusal(person: string, slug: string, reason: string): Promise<Map<string, string[]>> {
    const { context, page } = await newPage(PHONE);
    const problems: string[] = [];
    const reasons = new Map<string, string[]>();
    try {
      await recordOnFailure(`offered actions (${person})`, page, async () => {
        await signInAt(page, platform, person, `/${slug}`);
        const probe = await context.newPage();
        probe.on('dialog', (d) => void d.accept());
        const tried = new Set<string>();
        const shape = (path: string) => path.replace(/\d+/g, 'N');
        for (const path of await communityPages(page, slug)) {
          if (!(await open(page, path))) continue;
          const main = (await page.locator('main').textContent()) ?? '';
          if (main.includes(reason)) {
            // What the page still offers beside the reason: its links' and buttons' names.
            const offered = await page.locator('main a, main button').evaluateAll((els) => els.map((el) => (el.textContent ?? '').trim().replace(/\s+/g, ' ')));
            reasons.set(path, offered);
          }
          for (const link of await mainLinks(page)) {
            const target = link.path.split('?')[0]!;
            if (!target.startsWith(`/${slug}/`) || !(ACTION_PATH.test(target) || ACTION_TEXT.test(link.text))) continue;
            const key = `GET ${shape(target)} ${link.text}`;
            if (tried.has(key)) continue;
            tried.add(key);
            // Through the context's own cookies, without rendering: a calendar or a file is not a page.
            const status = (await context.request.get(`${platform.url}${link.path}`)).status();
            if (status === 401 || status === 403) problems.push(`${path}: «${link.text}» (${link.path}) is offered, then refused with ${status}`);
          }
          const forms = await page.locator('main form').evaluateAll((fs) =>
            fs.map((f) => {
              const form = f as HTMLFormElement;
              const button = form.querySelector('button[type="submit"], button:not([type]), input[type="submit"]');
              return {
                post: form.method.toLowerCase() === 'post',
                action: new URL(form.action).pathname,
                text: (button?.textContent ?? (button as HTMLInputElement | null)?.value ?? '').trim().replace(/\s+/g, ' '),
              };
            }),
          );
          for (const [i, f] of forms.entries()) {
            if (!f.post || !f.action.startsWith(`/${slug}/`)) continue;
            const key = `POST ${shape(f.action)} ${f.text}`;
            if (tried.has(key)) continue;
            tried.add(key);
            await probe.goto(`${platform.url}${path}`);
            const sent = probe.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest());
            await probe
              .locator('main form')
              .nth(i)
              .evaluate((el) => {
                const form = el as HTMLFormElement;
                form.noValidate = true;
                for (const field of Array.from(form.querySelectorAll('textarea, input[type="text"], input:not([type])'))) {
                  const input = field as HTMLInputElement;
                  if (!input.value) input.value = 'Перевірка: чи не відмовить сервер після пропозиції.';
                }
                const button = form.querySelector('button[type="submit"], button:not([type]), input[type="submit"]') as HTMLButtonElement | null;
                form.requestSubmit(button ?? undefined);
              });
            const status = (await sent).status();
            await probe.waitForLoadState();
            if (status === 401 || status === 403) problems.push(`${path}: «${f.text}» (POST ${f.action}) is offered, then refused with ${status}`);
          }
        }
        assert.ok(tried.size > 5, `actions tried: ${[...tried].join('; ')}`);
        assert.equal(problems.length, 0, problems.join('\n'));
      });
    } finally {
      await context.close();
    }
    return reasons;
  }

  test('a non-resident is offered nothing that is then refused, and reads why instead', async () => {
    const reasons = await noOfferedRefusal(RESIDENT, 'kramatorsk', NOT_RESIDENT_TEXT);
    // The list says why there is no «Створити петицію» (issue #21, point 3).
    assert.ok(reasons.has('/kramatorsk/petitions'), `the reason is shown on: ${[...reasons.keys()].join(', ')}`);
    assert.ok(!reasons.get('/kramatorsk/petitions')!.includes('Створити петицію'), 'no «Створити петицію» for a non-resident');
    assert.ok(!reasons.get('/kramatorsk/budgets')?.includes('Подати проєкт'), 'no «Подати проєкт» for a non-resident');
  });

  test('an under-age person is offered nothing that is then refused, and reads why instead', async () => {
    const reasons = await noOfferedRefusal(UNDER_AGE, 'lviv', TOO_YOUNG_TEXT);
    // Lviv's contest votes from 16: its page says so in place of «Голосувати».
    const contest = [...reasons.keys()].find((p) => /^\/lviv\/budgets\/\d+$/.test(p));
    assert.ok(contest, `the contest says why: ${[...reasons.keys()].join(', ')}`);
    assert.ok(!reasons.get(contest)!.includes('Голосувати'), 'no «Голосувати» for the under-age person');
  });

  test('/stats: every figure under its label equals a direct count of the rows', async (t) => {
    const { context, page } = await newPage(PHONE);
    type Shown = { head: string[]; tools: { id: string; figures: string[]; tables: { caption: string; head: string[]; rows: string[][] }[] }[] };
    let shown: Shown | undefined;
    try {
      await recordOnFailure(t.name, page, async () => {
        assert.ok(await open(page, '/stats?from=2020-01&to=2029-12'), '/stats opens');
        await checkNoSideScroll(page, 'platform statistics');
        await checkA11y(page, 'platform statistics');
        // tsx names the helpers below with `__name(…)`, which the page lacks (see support/phone.ts).
        await page.evaluate('globalThis.__name ??= (f) => f');
        shown = await page.evaluate(() => {
          const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();
          const lis = (root: Element) => Array.from(root.querySelectorAll('ul.stat-figures > li')).map(text);
          const head = Array.from(document.querySelectorAll('main ul.stat-figures'))
            .filter((u) => !u.closest('section[id^="tool-"]'))
            .flatMap((u) => Array.from(u.children).map(text));
          const tools = Array.from(document.querySelectorAll('main section[id^="tool-"]')).map((s) => ({
            id: s.id.slice('tool-'.length),
            figures: lis(s),
            tables: Array.from(s.querySelectorAll('table')).map((tb) => ({
              caption: tb.caption ? text(tb.caption) : '',
              head: Array.from(tb.querySelectorAll('thead th')).map(text),
              rows: Array.from(tb.querySelectorAll('tbody tr')).map((tr) => Array.from(tr.children).map(text)),
            })),
          }));
          return { head, tools };
        });
      });
    } finally {
      await context.close();
    }
    assert.ok(shown);
    // Read last: on the embedded database this stops the platform.
    const counted = await platform.readDatabase(async (db) => ({
      d: await direct(db, { name: 'platform', url: () => '', where: () => sql`true` }, '2020-01', '2029-12'),
      connected: (await sql<{ n: number }>`select count(*)::int as n from communities where status = 'connected'`.execute(db)).rows[0]!.n,
      names: new Map((await sql<{ slug: string; name: string }>`select slug, name_uk as name from communities`.execute(db)).rows.map((r) => [r.name, r.slug])),
    }));
    const { d, connected, names } = counted;
    const num = (s: string) => Number(s.replace(/[^\d]/g, ''));
    /** The value of «Label: N» among the figures. */
    const labelled = (figures: string[], label: string) => {
      const f = figures.find((x) => x.startsWith(`${label}:`));
      assert.ok(f, `«${label}» is shown among: ${figures.join(' | ')}`);
      return num(f.slice(label.length + 1));
    };
    /** The value of «N noun» among the figures, the noun in any of its forms. */
    const countOf = (figures: string[], noun: RegExp) => {
      const f = figures.find((x) => new RegExp(`^[\\d\\s]+ ${noun.source}$`, 'u').test(x));
      assert.ok(f, `«N ${noun.source}» is shown among: ${figures.join(' | ')}`);
      return num(f.replace(noun, ''));
    };
    assert.equal(countOf(shown.head, /підключен\S+ громад\S*/), connected, 'connected communities');
    assert.equal(countOf(shown.head, /користувач\S* платформи/), d.users, 'platform users');
    const tool = (id: string) => {
      const x = shown!.tools.find((s) => s.id === id);
      assert.ok(x, `the ${id} section is shown`);
      return x;
    };
    const participants = /учасник\S*/;
    const expectations: [string, [string, number][], string][] = [
      [
        'petitions',
        [
          ['Петицій', d.figures.petitions!.petitions!],
          ['Підписів', d.figures.petitions!.signatures!],
          ['Підтримано (повністю чи частково)', d.figures.petitions!.supported!],
          ['З відповіддю', d.figures.petitions!.answered!],
        ],
        'Підписи за період',
      ],
      [
        'consultations',
        [
          ['Коментарів', d.figures.consultations!.comments!],
          ['Відповідей на опитування', d.figures.consultations!.responses!],
        ],
        'Коментарі та відповіді за період',
      ],
      ['budgets', [['Бюлетенів', d.figures.budgets!.ballots!]], 'Бюлетені за період'],
      ['school-budget', [['Голосів учнів', d.figures['school-budget']!.votes!]], 'Голоси учнів за період'],
      [
        'open-city',
        [
          ['Звернень', d.figures['open-city']!.reports!],
          ['Вирішено', d.figures['open-city']!.resolved!],
        ],
        'Звернення за період',
      ],
    ];
    for (const [id, figures, column] of expectations) {
      const s = tool(id);
      for (const [label, value] of figures) assert.equal(labelled(s.figures, label), value, `${id}: «${label}»`);
      assert.equal(countOf(s.figures, participants), d.participants[id], `${id}: participants`);
      // «Найактивніші громади»: the column says what it counts, and each community's value is its count.
      const top = s.tables.find((x) => x.caption === 'Найактивніші громади');
      assert.ok(top, `${id}: the most active communities are shown`);
      assert.deepEqual(top.head, ['Громада', column], `${id}: the ranking's column`);
      const per = new Map(d.perCommunity[id]!.map((r) => [r.slug, r.n]));
      for (const [name, value] of top.rows) assert.equal(num(value!), per.get(names.get(name!)!), `${id}: ${name}`);
    }
    // Open City's «З них вирішено» by month adds up to the resolved reports, not to all of them.
    const resolved = tool('open-city').tables.find((x) => x.head[1] === 'З них вирішено');
    assert.ok(resolved, 'the resolved reports by month are shown as a table');
    assert.equal(
      resolved.rows.reduce((sum, r) => sum + num(r[1]!), 0),
      d.figures['open-city']!.resolved,
      '«З них вирішено» by month',
    );
  });
});
