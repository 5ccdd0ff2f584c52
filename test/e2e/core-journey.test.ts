/**
 * The first journey, on a phone, using only what is on screen: find a community, sign in through
 * id.gov.ua (our emulator), reach the cabinet, switch to English, sign out. Every page of ours is
 * scanned with axe and must not scroll sideways at 320 px. The same sign-in works without JavaScript.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startE2e } from './support/e2e.js';
import { throughEmulator } from './support/sign-in.js';
import { checkNoSideScroll, recordOnFailure } from './support/browser.js';

const LVIV = 'Львівська міська територіальна громада';
const PERSON = 'Коваленко Олена Петрівна';

describe('core journey on a phone', { timeout: 600_000 }, () => {
  const { platform, newPage, ourPage } = startE2e();

  const accountNav = (page: Page, name: string) => page.getByRole('navigation', { name });

  /** Home → search → Lviv → sign in with id.gov.ua as the demo person → back on the community page. */
  async function findLvivAndSignIn(page: Page, a11y: boolean): Promise<void> {
    const check = (label: string) => (a11y ? ourPage(page, label) : checkNoSideScroll(page, label));

    await page.goto(`${platform.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Віче: електронна демократія для громад' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Громади на платформі' }).waitFor();
    await page.getByRole('link', { name: LVIV }).waitFor();
    assert.ok(
      (await page
        .getByRole('list')
        .filter({ has: page.getByRole('link', { name: LVIV }) })
        .getByRole('link')
        .count()) >= 2,
    );
    await check('home');

    await page.getByLabel('Назва громади').fill('львів');
    await page.getByRole('button', { name: 'Шукати' }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === 'львів');
    await page
      .getByRole('status')
      .filter({ hasText: /знайден/ })
      .waitFor();
    assert.equal(await page.getByLabel('Назва громади').inputValue(), 'львів');
    await check('home, search results');

    await page.getByRole('link', { name: LVIV }).click();
    await page.getByRole('heading', { level: 1, name: LVIV }).waitFor();
    const communityPath = new URL(page.url()).pathname;
    await check('community home');

    await accountNav(page, 'Обліковий запис і мова').getByRole('link', { name: 'Увійти' }).click();
    await page.getByRole('heading', { level: 1, name: 'Вхід до Віче' }).waitFor();
    await check('sign-in');

    // The emulator's page is not ours: no scan there. Back where the sign-in started, signed in.
    await throughEmulator(page, platform, PERSON, communityPath);
    await page.getByRole('heading', { level: 1, name: LVIV }).waitFor();
    await check('community home, signed in');
  }

  async function openCabinet(page: Page, a11y: boolean): Promise<void> {
    await accountNav(page, 'Обліковий запис і мова').getByRole('link', { name: PERSON }).click();
    await page.getByRole('heading', { level: 1, name: 'Мій кабінет' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/cabinet');
    await page.getByRole('definition').filter({ hasText: PERSON }).waitFor();
    if (a11y) await ourPage(page, 'cabinet');
    else await checkNoSideScroll(page, 'cabinet');
  }

  test('find a community, sign in with id.gov.ua, use the cabinet in English, sign out', async (t) => {
    const { context, page } = await newPage();
    try {
      await recordOnFailure(t.name, page, async () => {
        await findLvivAndSignIn(page, true);
        await openCabinet(page, true);

        await accountNav(page, 'Обліковий запис і мова').getByRole('link', { name: 'English' }).click();
        await page.getByRole('heading', { level: 1, name: 'My cabinet' }).waitFor();
        assert.equal(new URL(page.url()).pathname, '/cabinet');
        assert.equal(await page.locator('html').getAttribute('lang'), 'en');
        await page.getByRole('definition').filter({ hasText: PERSON }).waitFor();
        await ourPage(page, 'cabinet in English');

        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.waitForURL((u) => u.origin === platform.url && u.pathname === '/');
        await page.getByRole('heading', { level: 1, name: 'Viche: e-democracy for communities' }).waitFor();
        await accountNav(page, 'Account and language').getByRole('link', { name: 'Sign in' }).waitFor();
        assert.equal(await accountNav(page, 'Account and language').getByRole('link', { name: PERSON }).count(), 0);
        await ourPage(page, 'home after signing out');
      });
    } finally {
      await context.close();
    }
  });

  test('without JavaScript: find a community, sign in with id.gov.ua, reach the cabinet', async (t) => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    try {
      await recordOnFailure(t.name, page, async () => {
        await findLvivAndSignIn(page, true);
        await openCabinet(page, true);
      });
    } finally {
      await context.close();
    }
  });
});
