/**
 * Keyboard only: from the public home page a resident signs in through the id.gov.ua emulator, signs a
 * petition, and (another resident) votes in the participatory budget (ballot → review → receipt),
 * using nothing but Tab, Shift+Tab, Enter and Space. No click, no fill: after the first address is
 * typed into the browser, every step is a key. On each control that matters focus must be visible
 * (an outline or a shadow drawn by the page) and on screen; every page of ours is scanned with axe.
 * A laptop-sized window: the phone layout is covered by every other journey.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startE2e } from './support/e2e.js';
import { checkA11y } from './support/browser.js';
import { activate, tabTo } from './support/keyboard.js';

const LVIV = 'Львівська міська територіальна громада';
const SIGNER = 'Шевчук Андрій Іванович';
const VOTER = 'Коваленко Олена Петрівна';
/** A demo petition of Lviv that is collecting signatures. */
const PETITION = 'Облаштувати безпечний пішохідний перехід біля школи № 5';
const LAPTOP = { viewport: { width: 1280, height: 800 } };

describe('keyboard only', { timeout: 600_000 }, () => {
  const { platform, newPage } = startE2e();

  /** Pages that look the same to both residents (home, community page, sign-in) are scanned once. */
  const scanned = new Set<string>();
  async function ours(page: Page, label: string, sameForEveryone = false): Promise<void> {
    assert.ok(page.url().startsWith(platform.url), `«${label}» should be on our site, got ${page.url()}`);
    if (sameForEveryone && scanned.has(label)) return;
    await checkA11y(page, label);
    scanned.add(label);
  }

  const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

  /**
   * Home → Lviv → «Увійти» → «Увійти через id.gov.ua» → the person's Дія.Підпис button → back on the
   * community page, signed in. The first Tab on the home page reaches the skip link, which shows focus.
   */
  async function signInByKeyboard(page: Page, person: string): Promise<void> {
    await page.goto(`${platform.url}/`);
    await h1(page, 'Віче: електронна демократія для громад');
    await ours(page, 'home', true);
    await tabTo(page, 'Перейти до основного вмісту');
    await activate(page, LVIV);
    await h1(page, LVIV);
    await ours(page, 'community page', true);

    await activate(page, 'Увійти');
    await h1(page, 'Вхід до Віче');
    await ours(page, 'sign-in', true);
    await activate(page, 'Увійти через id.gov.ua');
    await h1(page, 'Вхід через id.gov.ua');
    assert.ok(page.url().startsWith(platform.emulatorUrl), `expected the emulator, got ${page.url()}`);
    // The emulator's own page: not ours, not scanned; its buttons show focus too.
    await activate(page, `Увійти як ${person} через Дія.Підпис`, 'Enter', { max: 300 });
    await page.waitForURL((u) => u.origin === platform.url && u.pathname === '/lviv');
    await h1(page, LVIV);
    await page.getByRole('navigation', { name: 'Обліковий запис і мова' }).getByRole('link', { name: person }).waitFor();
    await ours(page, 'community page, signed in');
  }

  /**
   * The skip link takes focus past the header into the main content; Shift+Tab from there walks back
   * into the community's tools, the nearest navigation above it.
   */
  async function openTool(page: Page, tool: string): Promise<void> {
    await tabTo(page, 'Перейти до основного вмісту');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'the skip link moves focus to the main content');
    await activate(page, tool, 'Enter', { back: true, max: 15 });
  }

  test('sign in with id.gov.ua and sign a petition with the keyboard alone', async () => {
    const { context, page } = await newPage(LAPTOP);
    try {
      await signInByKeyboard(page, SIGNER);
      await openTool(page, 'Петиції');
      await h1(page, 'Місцеві петиції');
      await ours(page, 'petitions');
      await activate(page, 'Збір підписів');
      await page.waitForURL((u) => u.searchParams.get('tab') === 'collecting');
      await ours(page, 'petitions collecting signatures');
      await activate(page, PETITION);
      await h1(page, PETITION);
      await ours(page, 'petition');

      await activate(page, 'Підписати');
      await h1(page, 'Підтвердіть підпис');
      await page.getByRole('definition').filter({ hasText: SIGNER }).waitFor();
      await ours(page, 'sign confirmation');
      // A button: Space presses it as well as Enter would.
      await activate(page, 'Підписати петицію', 'Space');
      await h1(page, PETITION);
      await page
        .getByRole('status')
        .filter({ hasText: /^Ви підписали цю петицію \d{2}\.\d{2}\.\d{4} о \d{2}:\d{2}/ })
        .waitFor();
      assert.equal(await page.getByRole('link', { name: 'Підписати', exact: true }).count(), 0, 'no sign link once signed');
      await ours(page, 'petition signed');
    } finally {
      await context.close();
    }
  });

  test('sign in with id.gov.ua and vote in the participatory budget with the keyboard alone', async () => {
    const { context, page } = await newPage(LAPTOP);
    try {
      await signInByKeyboard(page, VOTER);
      await openTool(page, 'Громадський бюджет');
      await h1(page, 'Громадський бюджет');
      await ours(page, 'budget contests');
      await activate(page, /^Громадський бюджет Львова \d{4}$/);
      await h1(page, /^Громадський бюджет Львова \d{4}$/);
      await ours(page, 'contest in voting');
      await activate(page, 'Голосувати');
      await h1(page, 'Бюлетень');

      // One page per category or one for all: on each, tick the first project with Space and go on.
      const ticked: string[] = [];
      for (let pageNo = 1; ; pageNo++) {
        assert.ok(pageNo <= 10, 'the ballot ends');
        await ours(page, `ballot, page ${pageNo}`);
        const box = await tabTo(page, /^[A-ZА-Я]-\d{3} /);
        assert.equal(box.tag, 'input');
        await page.keyboard.press('Space');
        assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked), true, 'Space ticks the box');
        ticked.push(box.name.split(' — ')[0]!);
        const next = await tabTo(page, /^(Далі|Перевірити вибір)$/);
        const loaded = page.waitForEvent('framenavigated', (f) => f === page.mainFrame());
        await page.keyboard.press('Enter');
        await loaded;
        if (next.name === 'Перевірити вибір') break;
        await h1(page, 'Бюлетень');
      }

      await h1(page, 'Перевірте бюлетень');
      for (const t of ticked) await page.getByRole('listitem').filter({ hasText: t }).waitFor();
      await ours(page, 'ballot review');
      await activate(page, 'Підтвердити й проголосувати');
      await h1(page, 'Дякуємо! Ваш голос зараховано');
      assert.match(new URL(page.url()).pathname, /^\/lviv\/budgets\/\d+\/vote\/receipt$/);
      for (const t of ticked) await page.getByRole('listitem').filter({ hasText: t }).waitFor();
      await ours(page, 'receipt');
    } finally {
      await context.close();
    }
  });
});
