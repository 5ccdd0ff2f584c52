/**
 * The community website in a browser: Lviv's site opened by its own host name (lviv.localhost resolves
 * to 127.0.0.1), scanned with axe at 320 px; the demo editor edits a section (a draft, a preview, then
 * published) and publishes news; a reader at the host name then sees both, and the news in the RSS.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startE2e } from './support/e2e.js';
import { checkA11y, checkNoSideScroll, recordOnFailure } from './support/browser.js';

const EDITOR = 'Мельник Софія Андріївна';

describe('community website', { timeout: 300_000 }, () => {
  const { platform, newPage, signedInPage, ourPage } = startE2e();
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

  test('the editor edits a section and publishes news; both appear on the site and the news in RSS', async (t) => {
    const { page } = await signedInPage(EDITOR, '/lviv/manage/site');
    await recordOnFailure(t.name, page, async () => {
      await page.getByRole('heading', { level: 1, name: 'Сайт громади' }).waitFor();
      await ourPage(page, 'site manage');
      await page.getByRole('link', { name: 'Редагувати: Вакансії', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Редагування: Вакансії' }).waitFor();
      await page.getByLabel('Текст', { exact: true }).fill('## Спеціаліст відділу культури\nДокументи приймаємо до **30 грудня**.');
      await page.getByRole('button', { name: 'Зберегти чернетку' }).click();
      await page.getByText('Це ваша чернетка').waitFor();
      await page.getByRole('button', { name: 'Переглянути' }).click();
      await page.getByRole('heading', { name: 'Попередній перегляд (не збережено)' }).waitFor();
      await page
        .getByRole('region', { name: 'Попередній перегляд (не збережено)', exact: true })
        .getByRole('heading', { level: 2, name: 'Спеціаліст відділу культури' })
        .waitFor();
      await ourPage(page, 'site page preview');
      await page.getByRole('button', { name: 'Опублікувати' }).click();
      await page.getByRole('status').getByText('Збережено.').waitFor();

      await page.goto(`${platform.url}/lviv/manage/site/news/new`);
      await page.getByLabel('Заголовок', { exact: true }).fill('Ярмарок на площі Ринок');
      await page.getByLabel('Текст', { exact: true }).fill('У неділю з 10:00 — ярмарок місцевих виробників.');
      await ourPage(page, 'site news form');
      await page.getByRole('button', { name: 'Опублікувати' }).click();
      await page.getByRole('status').getByText('Збережено.').waitFor();
    });
    const reader = await newPage();
    await recordOnFailure(`${t.name} (reader)`, reader.page, async () => {
      const rp = reader.page;
      await rp.goto(`${hostUrl()}/p/vacancies`);
      await rp.getByRole('heading', { level: 2, name: 'Спеціаліст відділу культури' }).waitFor();
      await rp.goto(`${hostUrl()}/news`);
      await rp.getByRole('link', { name: 'Ярмарок на площі Ринок' }).click();
      await rp.getByText('ярмарок місцевих виробників').waitFor();
      await checkA11y(rp, 'site news item');
      // Through the browser (Chromium resolves *.localhost; Node's request context does not).
      const rss = await rp.goto(`${hostUrl()}/news.rss`);
      assert.match((await rss?.text()) ?? '', /Ярмарок на площі Ринок/);
    });
  });

  test('the live preview: typing updates the preview (rendered by the server), no button needed', async (t) => {
    const { page } = await signedInPage(EDITOR, '/lviv/manage/site/news/new');
    await recordOnFailure(t.name, page, async () => {
      const preview = page.getByRole('region', { name: 'Попередній перегляд', exact: true });
      await preview.waitFor();
      await page.getByLabel('Текст', { exact: true }).pressSequentially('## Концерт у ратуші\nПочаток о **19:00**.');
      await preview.getByRole('heading', { level: 2, name: 'Концерт у ратуші' }).waitFor();
      await preview.locator('strong', { hasText: '19:00' }).waitFor();
      await page.getByLabel('Текст', { exact: true }).fill('<b>не тег</b>');
      await preview.getByText('<b>не тег</b>').waitFor();
      await ourPage(page, 'site news form with the live preview');
    });
  });
});
