/**
 * Consultations on a phone, using only what is on screen: a resident answers a poll of all four question
 * types (with the review page) and comments on a section of a draft act, then complains about a comment;
 * the moderator hides it and downloads the report. Every page of ours is scanned with axe.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { startE2e } from './support/e2e.js';
import { throughEmulator } from './support/sign-in.js';
import { openTool, recordOnFailure } from './support/browser.js';
import { LUNCH_POLL as POLL, fillLunchPoll } from './support/lunch-poll.js';

const RESIDENT = 'Коваленко Олена Петрівна';
const MODERATOR = 'Поліщук Юрій Петрович';
const ACT = 'Проєкт Концепції Е-дем';

describe('consultations journey on a phone', { timeout: 300_000 }, () => {
  const { platform, newPage, ourPage } = startE2e();

  async function signIn(page: Page, person: string): Promise<void> {
    await page.goto(`${platform.url}/lviv/consultations`);
    await page.getByRole('heading', { level: 1, name: 'Консультації з громадськістю' }).waitFor();
    await page.getByRole('navigation', { name: 'Обліковий запис і мова' }).getByRole('link', { name: 'Увійти' }).click();
    await throughEmulator(page, platform, person, '/lviv/consultations');
  }

  test('a resident answers a poll of all four types and comments on a section; the moderator hides a comment after a complaint and downloads the report', async (t) => {
    const { context, page } = await newPage();
    const mod = await newPage({ acceptDownloads: true });
    try {
      await recordOnFailure(t.name, page, async () => {
        await signIn(page, RESIDENT);
        await ourPage(page, 'consultations list');

        // --- the poll ---
        await page.getByRole('link', { name: POLL }).click();
        await page.getByRole('heading', { level: 1, name: POLL }).waitFor();
        await ourPage(page, 'poll');
        // First a repeated place and one place left unrated: the page explains, keeps what was chosen, and nothing is sent.
        const { multiple, ranking, scoring, rate } = await fillLunchPoll(page, {
          dishes: ['Борщ', 'Вареники'],
          ranks: ['1', '1', '3', '4'],
          scores: [
            ['Їдальня «Смак»', '5'],
            ['Кафе «Ринок»', '3'],
          ],
        });
        await page.getByRole('button', { name: 'Переглянути відповіді' }).click();
        await page.getByRole('alert').filter({ hasText: 'Місце 1 віддано кільком варіантам' }).waitFor();
        await page.getByRole('alert').filter({ hasText: 'Оцініть кожен варіант' }).waitFor();
        assert.match(await page.title(), /^Помилка: /);
        assert.equal(await multiple.getByLabel('Ваш варіант').inputValue(), 'Деруни');
        await ourPage(page, 'poll with errors');
        await ranking.getByLabel('Ціна').selectOption('2');
        assert.equal(
          await scoring.getByRole('group', { name: 'Їдальня «Смак»' }).getByLabel('5', { exact: true }).isChecked(),
          true,
          'the chosen score is kept',
        );
        await rate('Піцерія «Тераса»', '4');
        await page.getByRole('button', { name: 'Переглянути відповіді' }).click();
        await page.getByRole('heading', { level: 1, name: 'Перевірте свої відповіді' }).waitFor();
        await page.getByText('Інше: Деруни').waitFor();
        await page.getByText('1. Смак').waitFor();
        await ourPage(page, 'poll review');
        await page.getByRole('button', { name: 'Підтвердити й надіслати' }).click();
        await page.getByRole('status').filter({ hasText: 'Дякуємо! Вашу відповідь зараховано.' }).waitFor();
        await page.getByRole('heading', { level: 2, name: 'Ваша відповідь зарахована' }).waitFor();
        assert.equal(await page.getByRole('button', { name: 'Переглянути відповіді' }).count(), 0);
        await page.getByRole('table', { name: /Розставте за важливістю/ }).waitFor();
        await ourPage(page, 'poll answered, results');

        // --- the draft act ---
        await page.getByRole('link', { name: '← Усі консультації' }).click();
        await page.getByRole('link', { name: ACT }).click();
        await page.getByRole('heading', { level: 1, name: ACT }).waitFor();
        await ourPage(page, 'draft act');
        const section = page
          .locator('section.act-section')
          .filter({ has: page.getByRole('heading', { level: 2, name: '4. Доступність і цифрова грамотність' }) });
        const details = section.locator('details.section-comments');
        if ((await details.getAttribute('open')) === null) await details.locator('summary').first().click();
        const form = section.locator('form.comment-form').filter({ has: page.getByLabel('Ваш коментар до цього розділу') });
        await form.getByLabel('Ваш коментар до цього розділу').fill('Додайте пункти допомоги в старостатах.');
        await form.getByRole('button', { name: 'Надіслати' }).click();
        await page.getByText('Додайте пункти допомоги в старостатах.').waitFor();
        const again = page
          .locator('section.act-section')
          .filter({ has: page.getByRole('heading', { level: 2, name: '4. Доступність і цифрова грамотність' }) });
        await again.getByRole('button', { name: 'Підтримую', exact: true }).click();
        await page.locator('section.act-section').filter({ hasText: 'Ваша позиція: підтримую' }).first().waitFor();
        await ourPage(page, 'draft act after a comment and a stance');

        // --- a complaint about another comment in the same section ---
        const target = page
          .locator('section.act-section')
          .filter({ has: page.getByRole('heading', { level: 2, name: '4. Доступність і цифрова грамотність' }) })
          .locator('li.comment')
          .first();
        const complainedText = ((await target.locator('.comment-body').textContent()) ?? '').trim();
        const complainedId = (await target.getAttribute('id'))!;
        await target.getByRole('link', { name: 'Поскаржитися' }).click();
        await page.getByRole('heading', { level: 1, name: 'Поскаржитися модератору' }).waitFor();
        await ourPage(page, 'complaint form');
        await page.getByLabel('Що не так?').selectOption('off-topic');
        await page.getByRole('button', { name: 'Надіслати скаргу' }).click();
        await page.getByRole('heading', { level: 1, name: 'Скаргу надіслано' }).waitFor();

        // --- the moderator ---
        const mp = mod.page;
        await signIn(mp, MODERATOR);
        await openTool(mp, 'Керування');
        await mp.getByRole('link', { name: 'Скарги' }).click();
        await mp.getByRole('heading', { level: 1, name: 'Скарги на вміст' }).waitFor();
        const card = mp.getByRole('listitem').filter({ hasText: complainedText }).first();
        await card.getByLabel('Причина приховування (бачитиме автор)').fill('Не стосується теми розділу');
        await card.getByRole('button', { name: 'Приховати' }).click();
        await mp.getByRole('heading', { level: 1, name: ACT }).waitFor();
        await mp.getByText('Коментар приховано модератором').first().waitFor();
        await ourPage(mp, 'draft act, moderator');

        await page.goto(`${platform.url}${new URL(mp.url()).pathname}`);
        await page.getByText('Коментар приховано модератором').first().waitFor();
        await page.locator(`#${complainedId}`).getByText('Коментар приховано модератором').waitFor();
        assert.equal(await page.locator(`#${complainedId} .comment-body`).count(), 0, 'the public no longer sees the hidden text');

        await mp.getByRole('link', { name: /Звіт: результати й коментарі/ }).click();
        await mp.getByRole('heading', { level: 1, name: ACT }).waitFor();
        await mp.getByRole('table', { name: 'Коментарі' }).waitFor();
        await ourPage(mp, 'report');
        const [csv] = await Promise.all([mp.waitForEvent('download'), mp.getByRole('link', { name: 'Коментарі, CSV' }).click()]);
        const csvText = await readFile((await csv.path())!, 'utf8');
        assert.match(csvText, /Додайте пункти допомоги в старостатах\./);
        assert.match(csvText, new RegExp(RESIDENT));
        assert.match(csvText, /Коментар приховано модератором/);
        const [xlsx] = await Promise.all([mp.waitForEvent('download'), mp.getByRole('link', { name: 'Результати й коментарі, XLSX' }).click()]);
        assert.match(xlsx.suggestedFilename(), /\.xlsx$/);
        const bytes = await readFile((await xlsx.path())!);
        assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
      });
    } finally {
      await context.close();
      await mod.context.close();
    }
  });
});
