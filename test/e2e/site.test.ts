/**
 * The community website in a browser: Lviv's site opened by its own host name (lviv.localhost resolves
 * to 127.0.0.1), scanned with axe at 320 px. (Editing and publishing are tested over HTTP in
 * test/modules/site/editing.test.ts; their browser journey is to come: see the session note.)
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startE2e } from './support/e2e.js';
import { checkA11y, checkNoSideScroll, recordOnFailure } from './support/browser.js';

describe('community website', { timeout: 300_000 }, () => {
  const { platform, newPage } = startE2e();
  const hostUrl = () => {
    const u = new URL(platform.url);
    u.hostname = 'lviv.localhost';
    return u.origin;
  };

  test('the site by its host name, accessible at 320 px', async (t) => {
    const { page } = await newPage();
    await recordOnFailure(t.name, page, async () => {
      await page.goto(`${hostUrl()}/`);
      await page.getByRole('heading', { level: 1, name: /Львівська/ }).waitFor();
      await checkA11y(page, 'site home');
      await checkNoSideScroll(page, 'site home', 320);
      await page.getByRole('navigation', { name: 'Розділи сайту' }).getByRole('link', { name: 'Про громаду' }).click();
      await page.getByRole('heading', { level: 1, name: 'Про громаду' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/p/about');
      await checkA11y(page, 'site section');
      await page.goto(`${hostUrl()}/documents`);
      await page.getByLabel('Пошук у текстах').fill('бюджету');
      await page.getByRole('button', { name: 'Знайти' }).click();
      await page.getByRole('link', { name: 'Про бюджет Львівської міської територіальної громади на 2026 рік' }).waitFor();
      await checkA11y(page, 'site documents');
      await checkNoSideScroll(page, 'site documents', 320);
    });
  });
});
