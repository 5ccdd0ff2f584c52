/**
 * Connecting a community on a phone, using only what is on screen: a council's secretary fills in
 * «Підключити громаду» (tools, conditions, two PDFs) and gets a private status page; the national
 * moderator accepts the request from the queue and picks the address; the secretary, invited by
 * e-mail, signs in through id.gov.ua (a person typed on the emulator, with the same e-mail), opens
 * «Керування» and sees the community's settings. Every page of ours is scanned with axe.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startE2e } from './support/e2e.js';
import { openTool, recordOnFailure } from './support/browser.js';
import { confirmEmailInCabinet } from './support/sign-in.js';
import { CATALOG } from '../../src/modules/admin/catalog.js';
import { minimalPdf } from '../../src/modules/admin/demo.js';
import { makeRnokpp } from '../../src/core/identity/rnokpp.js';

const FASTIV = CATALOG.find((c) => c.suggestedSlug === 'fastiv')!;
const NAME = 'Фастівська міська територіальна громада';
const NATIONAL = 'Гнатюк Тарас Богданович';
const SECRETARY = { last: 'Климченко', first: 'Ганна', middle: 'Петрівна', email: 'secretary@fastiv-rada.example', birth: '1981-04-12' };

describe('connecting a community on a phone', { timeout: 300_000 }, () => {
  const { platform, newPage, ourPage } = startE2e();

  const accountNav = (page: Page) => page.getByRole('navigation', { name: 'Обліковий запис і мова' });

  test('a request from the form to a connected community whose local moderator sees its settings', async (t) => {
    const applicant = await newPage();
    const national = await newPage();
    const moderator = await newPage();
    try {
      // 1. The secretary sends the request; a first try without documents is explained.
      await recordOnFailure(`${t.name} (applicant)`, applicant.page, async () => {
        const ap = applicant.page;
        await ap.goto(`${platform.url}/connect`);
        await ap.getByRole('heading', { level: 1, name: 'Підключити громаду' }).waitFor();
        await ourPage(ap, 'connect form');
        await ap.getByLabel('Територіальна громада').selectOption(FASTIV.code);
        await ap.getByLabel('Прізвище, імʼя та по батькові').fill(`${SECRETARY.last} ${SECRETARY.first} ${SECRETARY.middle}`);
        await ap.getByLabel('Посада').fill('секретар міської ради');
        await ap.getByLabel('Електронна пошта', { exact: true }).fill(SECRETARY.email);
        await ap.getByLabel('Телефон', { exact: true }).fill('+380 4565 6 12 34');
        await ap.getByRole('checkbox', { name: 'Місцеві петиції' }).check();
        await ap.getByRole('checkbox', { name: 'Статистика' }).check();
        await ap.getByLabel('Поріг підписів').fill('100');
        await ap.getByLabel('Строк збору підписів, днів').fill('60');
        await ap.getByRole('button', { name: 'Надіслати заявку' }).click();
        await ap.getByRole('alert').getByRole('link', { name: 'Завантажте підписаний меморандум у форматі PDF' }).waitFor();
        assert.match(await ap.title(), /^Помилка: /);
        assert.equal(await ap.getByLabel('Поріг підписів').inputValue(), '100', 'typed values are kept');
        await ourPage(ap, 'connect form with errors');

        await ap
          .getByLabel('Підписаний меморандум (PDF)')
          .setInputFiles({ name: 'memorandum.pdf', mimeType: 'application/pdf', buffer: minimalPdf(['Memorandum', 'Fastiv']) });
        await ap
          .getByLabel('Лист ради про підключення (PDF)')
          .setInputFiles({ name: 'letter.pdf', mimeType: 'application/pdf', buffer: minimalPdf(['Letter', 'Fastiv']) });
        await ap.getByRole('button', { name: 'Надіслати заявку' }).click();
        await ap.getByRole('heading', { level: 1, name: NAME }).waitFor();
        await ap.getByRole('status').filter({ hasText: 'Заявку надіслано' }).waitFor();
        await ap.getByText('Нова', { exact: true }).waitFor();
        assert.match(new URL(ap.url()).pathname, /^\/connect\/status\/[A-Za-z0-9_-]{40,}$/);
        await ourPage(ap, 'request status');
      });

      // 2. The national moderator accepts it from the queue, at the address /fastiv.
      await recordOnFailure(`${t.name} (national moderator)`, national.page, async () => {
        const np = national.page;
        await np.goto(`${platform.url}/cabinet`);
        await np.getByRole('heading', { level: 1, name: 'Вхід до Віче' }).waitFor();
        await np.getByRole('link', { name: 'Увійти через id.gov.ua' }).click();
        const item = np.getByRole('listitem').filter({ has: np.getByRole('heading', { level: 3, name: NATIONAL, exact: true }) });
        await item.getByRole('button', { name: `Увійти як ${NATIONAL} через Дія.Підпис` }).click();
        await np.waitForURL((u) => u.origin === platform.url && u.pathname === '/cabinet');
        await np.getByRole('link', { name: 'Заявки на підключення' }).click();
        await np.getByRole('heading', { level: 1, name: 'Заявки на підключення громад' }).waitFor();
        await ourPage(np, 'connection queue');
        await np.getByRole('link', { name: NAME }).click();
        await np.getByRole('heading', { level: 1, name: NAME }).waitFor();
        await np.getByRole('link', { name: /Підписаний меморандум \(PDF/ }).waitFor();
        await ourPage(np, 'connection request');
        assert.equal(await np.getByLabel('Адреса громади на платформі').inputValue(), 'fastiv');
        await np.getByRole('button', { name: 'Прийняти й підключити громаду' }).click();
        await np.getByText('Прийнята', { exact: true }).waitFor();
        await np.getByRole('link', { name: '/fastiv' }).waitFor();
        await ourPage(np, 'connection request accepted');
      });

      // The applicant's private page shows the outcome.
      await applicant.page.reload();
      await applicant.page.getByText('Прийнята', { exact: true }).waitFor();

      // 3. The secretary signs in through id.gov.ua with the e-mail of the request and sees the settings.
      await recordOnFailure(`${t.name} (local moderator)`, moderator.page, async () => {
        const mp = moderator.page;
        await mp.goto(`${platform.url}/fastiv`);
        await mp.getByRole('heading', { level: 1, name: NAME }).waitFor();
        await ourPage(mp, 'new community home');
        await accountNav(mp).getByRole('link', { name: 'Увійти' }).click();
        await mp.getByRole('link', { name: 'Увійти через id.gov.ua' }).click();
        await mp.getByRole('heading', { level: 1, name: 'Вхід через id.gov.ua' }).waitFor();
        await mp.locator('#lastName').fill(SECRETARY.last);
        await mp.locator('#firstName').fill(SECRETARY.first);
        await mp.locator('#patronymic').fill(SECRETARY.middle);
        await mp.locator('#rnokpp').fill(makeRnokpp(SECRETARY.birth, 3318));
        await mp.locator('#birthDate').fill(SECRETARY.birth);
        await mp.locator('#address').fill('Київська обл., м. Фастів, вул. Соборна, буд. 1');
        await mp.locator('#email').fill(SECRETARY.email);
        await mp.getByRole('button', { name: 'Увійти як ця особа' }).click();
        await mp.waitForURL((u) => u.origin === platform.url && u.pathname === '/fastiv');
        await accountNav(mp)
          .getByRole('link', { name: `${SECRETARY.last} ${SECRETARY.first} ${SECRETARY.middle}` })
          .waitFor();
        // id.gov.ua reporting the request's e-mail is not enough: the secretary proves it with a code.
        await confirmEmailInCabinet(mp, platform, SECRETARY.email, ourPage);
        await mp.goto(`${platform.url}/fastiv`);
        await openTool(mp, 'Керування');
        await mp.getByRole('heading', { level: 1, name: 'Керування громадою' }).waitFor();
        await ourPage(mp, 'community management');
        await mp.getByRole('link', { name: 'Налаштування громади' }).click();
        await mp.getByRole('heading', { level: 1, name: 'Налаштування громади' }).waitFor();
        await mp.getByRole('link', { name: 'Налаштування петицій' }).waitFor();
        await mp.getByRole('link', { name: 'Профіль громади' }).waitFor();
        await ourPage(mp, 'community settings');
        await mp.getByRole('link', { name: 'Налаштування петицій' }).click();
        await mp.getByRole('heading', { level: 1, name: 'Налаштування петицій' }).waitFor();
        assert.equal(await mp.getByLabel('Поріг підписів').inputValue(), '100', 'the threshold from the request');
        await mp.goBack();
        await mp.getByRole('link', { name: 'Профіль громади' }).click();
        await mp.getByRole('heading', { level: 1, name: 'Профіль громади' }).waitFor();
        await mp.getByText(/не перевіряє особу/).waitFor();
        await ourPage(mp, 'community profile');
      });
    } finally {
      await applicant.context.close();
      await national.context.close();
      await moderator.context.close();
    }
  });
});
