/**
 * Without JavaScript (the browser's scripting switched off), on a phone: a resident answers a
 * consultation poll with every kind of question it has, votes in the participatory budget (ballot →
 * review → receipt) and reports an Open City problem by its address alone, with no map and no
 * coordinates. Each completes and the result is on the page. Every page of ours is scanned with axe and
 * must pass the phone checks. (Signing a petition without JavaScript is in petitions.test.ts; voting
 * with a school code, in the school budget's journey.)
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startE2e } from './support/e2e.js';
import { checkA11y, recordOnFailure } from './support/browser.js';
import { checkPhone } from './support/phone.js';
import { LUNCH_POLL as POLL, fillLunchPoll } from './support/lunch-poll.js';

const RESIDENT = 'Шевчук Андрій Іванович';

describe('without JavaScript, on a phone', { timeout: 600_000 }, () => {
  const { platform, signedInPage } = startE2e();

  async function ours(page: Page, label: string): Promise<void> {
    assert.ok(page.url().startsWith(platform.url), `«${label}» should be on our site, got ${page.url()}`);
    assert.equal(await page.locator('script:not([src])').count(), 0, `«${label}» has no inline script`);
    await checkPhone(page, label);
    await checkA11y(page, label);
  }

  /** A resident's browser with scripting off, signed in and on `path`. */
  async function resident(path: string): Promise<{ page: Page; close(): Promise<void> }> {
    const { context, page } = await signedInPage(RESIDENT, path, { javaScriptEnabled: false });
    return { page, close: () => context.close() };
  }

  test('a poll with multiple choice, one choice, ranking and scores is answered and counted', async (t) => {
    const { page, close } = await resident('/lviv/consultations');
    try {
      await recordOnFailure(t.name, page, async () => {
        await page.getByRole('heading', { level: 1, name: 'Консультації з громадськістю' }).waitFor();
        await ours(page, 'consultations');
        await page.getByRole('link', { name: POLL }).click();
        await page.getByRole('heading', { level: 1, name: POLL }).waitFor();
        await ours(page, 'poll');
        await fillLunchPoll(page, {
          dishes: ['Борщ'],
          ranks: ['2', '1', '4', '3'],
          scores: [
            ['Їдальня «Смак»', '4'],
            ['Кафе «Ринок»', '2'],
            ['Піцерія «Тераса»', '5'],
          ],
        });
        await page.getByRole('button', { name: 'Переглянути відповіді' }).click();
        await page.getByRole('heading', { level: 1, name: 'Перевірте свої відповіді' }).waitFor();
        await page.getByText('Інше: Деруни').waitFor();
        await page.getByText('1. Ціна').waitFor();
        await ours(page, 'poll review');
        await page.getByRole('button', { name: 'Підтвердити й надіслати' }).click();
        await page.getByRole('status').filter({ hasText: 'Дякуємо! Вашу відповідь зараховано.' }).waitFor();
        await page.getByRole('heading', { level: 2, name: 'Ваша відповідь зарахована' }).waitFor();
        assert.equal(await page.getByRole('button', { name: 'Переглянути відповіді' }).count(), 0, 'one answer per person');
        // The results are tables on the page itself, no script needed.
        await page.getByRole('table', { name: /Розставте за важливістю/ }).waitFor();
        await ours(page, 'poll answered, results');
      });
    } finally {
      await close();
    }
  });

  test('a ballot in the participatory budget is filled, reviewed and counted', async (t) => {
    const { page, close } = await resident('/lviv/budgets');
    try {
      await recordOnFailure(t.name, page, async () => {
        await page.getByRole('heading', { level: 1, name: 'Громадський бюджет' }).waitFor();
        await ours(page, 'budget contests');
        await page.getByRole('link', { name: /^Громадський бюджет Львова \d{4}$/ }).click();
        await page.getByRole('heading', { level: 1, name: /^Громадський бюджет Львова \d{4}$/ }).waitFor();
        await page.getByRole('link', { name: 'Голосувати', exact: true }).click();
        await page.getByRole('heading', { level: 1, name: 'Бюлетень' }).waitFor();

        // One page per category or one for all: tick the first project on each and go on.
        const ticked: string[] = [];
        for (let n = 1; ; n++) {
          assert.ok(n <= 10, 'the ballot ends');
          await ours(page, `ballot, page ${n}`);
          const box = page.locator('fieldset input[type=checkbox], fieldset input[type=radio]').first();
          await box.check();
          const label = (await page.locator(`label[for="${await box.getAttribute('id')}"]`).textContent()) ?? '';
          ticked.push(label.split(' — ')[0]!.trim());
          const next = page.getByRole('button', { name: /^(Далі|Перевірити вибір)$/ });
          const last = (await next.textContent())?.trim() === 'Перевірити вибір';
          await next.click();
          if (last) break;
          await page.getByRole('heading', { level: 1, name: 'Бюлетень' }).waitFor();
        }
        await page.getByRole('heading', { level: 1, name: 'Перевірте бюлетень' }).waitFor();
        for (const x of ticked) await page.getByRole('listitem').filter({ hasText: x }).waitFor();
        await ours(page, 'ballot review');
        await page.getByRole('button', { name: 'Підтвердити й проголосувати' }).click();
        await page.getByRole('heading', { level: 1, name: 'Дякуємо! Ваш голос зараховано' }).waitFor();
        assert.match(new URL(page.url()).pathname, /^\/lviv\/budgets\/\d+\/vote\/receipt$/);
        await page.getByRole('definition').filter({ hasText: 'онлайн' }).waitFor();
        for (const x of ticked) await page.getByRole('listitem').filter({ hasText: x }).waitFor();
        await ours(page, 'receipt');
      });
    } finally {
      await close();
    }
  });

  test('an Open City problem is reported by its address alone', async (t) => {
    const { page, close } = await resident('/lviv/open-city/new');
    try {
      await recordOnFailure(t.name, page, async () => {
        await page.getByRole('heading', { level: 1, name: 'Що і де?' }).waitFor();
        // The map and «Моє місцезнаходження» need a script: without one they are not there.
        assert.equal(await page.getByRole('button', { name: 'Моє місцезнаходження' }).isVisible(), false);
        assert.equal(await page.locator('.leaflet-container').count(), 0, 'no map without JavaScript');
        await ours(page, 'report: what and where');
        await page.getByLabel('Категорія проблеми').selectOption({ label: 'Яма на дорозі' });
        await page.getByLabel('Адреса або орієнтир').fill('вул. Личаківська, 75, біля аптеки');
        await page.getByRole('button', { name: 'Далі' }).click();
        await page.getByRole('heading', { level: 1, name: 'Опишіть проблему' }).waitFor();
        await ours(page, 'report: details');
        await page.getByLabel('Коротко: що сталося?').fill('Провал асфальту біля аптеки');
        await page.getByRole('button', { name: 'Надіслати звернення' }).click();
        await page.getByRole('heading', { level: 1, name: /Провал асфальту біля аптеки/ }).waitFor();
        await page.getByRole('status').filter({ hasText: 'Звернення надіслано' }).waitFor();
        await page.getByText('вул. Личаківська, 75, біля аптеки').first().waitFor();
        assert.match(new URL(page.url()).pathname, /^\/lviv\/open-city\/reports\/\d+$/);
        await ours(page, 'report page');
      });
    } finally {
      await close();
    }
  });
});
