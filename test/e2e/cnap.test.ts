/**
 * The ЦНАП site on a 320 px phone: a resident opens «ЦНАП» from the community's menu, finds a service by
 * an inflected word («паспорта»), opens its card, and from it the office with its hours and today's
 * status. Every page is scanned with axe and for sideways scrolling.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startE2e } from './support/e2e.js';
import { openTool, recordOnFailure } from './support/browser.js';

describe('ЦНАП site on a phone', { timeout: 300_000 }, () => {
  const { platform, newPage, ourPage } = startE2e();

  test('find a service by an inflected word, open its card, see its office’s hours', async (t) => {
    const { page } = await newPage();
    await recordOnFailure(t.name, page, async () => {
      await page.goto(`${platform.url}/lviv`);
      await openTool(page, 'ЦНАП');
      await page.getByRole('heading', { level: 1, name: 'Центр надання адміністративних послуг' }).waitFor();
      await ourPage(page, 'ЦНАП catalogue');

      await page.getByLabel('Пошук послуги').fill('паспорта');
      await page.getByRole('button', { name: 'Шукати' }).click();
      await page.getByRole('heading', { level: 2, name: /^Знайдено:/ }).waitFor();
      await ourPage(page, 'ЦНАП search results');
      const found = page.getByRole('region', { name: /^Знайдено:/ });
      await found.getByRole('link', { name: 'Оформлення паспорта громадянина України у формі ID-картки' }).click();

      await page.getByRole('heading', { level: 1, name: 'Оформлення паспорта громадянина України у формі ID-картки' }).waitFor();
      await page.getByText('Громадяни України з 14 років').waitFor();
      await ourPage(page, 'ЦНАП service card');

      await page.getByRole('link', { name: 'Центр надання адміністративних послуг м. Львова' }).click();
      await page.getByRole('heading', { level: 1, name: 'Центр надання адміністративних послуг м. Львова' }).waitFor();
      const hours = page.getByRole('table', { name: 'Графік роботи' });
      await hours.getByRole('row', { name: /Вівторок 09:00–20:00/ }).waitFor();
      await hours.getByRole('row', { name: /Неділя вихідний/ }).waitFor();
      const status = await page.locator('.cnap-status').textContent();
      assert.match(status ?? '', /^(Зараз відчинено до|Зачинено)/);
      await ourPage(page, 'ЦНАП office');
    });
  });
});
