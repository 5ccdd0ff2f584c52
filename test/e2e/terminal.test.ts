/**
 * The self-service terminal at 1080×1920 with touch: the ЦНАП's moderator registers a terminal and copies
 * its device key; the kiosk is paired with it; a visitor taps «Послуги ЦНАП», types «паспорт» on the
 * on-screen keyboard, opens the service and the office hours; the terminal's heartbeat survives the
 * network going away (a clear message) and coming back; after the idle time (shortened to 15 s here through
 * KIOSK_IDLE_SECONDS: long enough for an axe scan between taps) the kiosk is back at its start and the
 * half-typed form is empty. Axe on every screen.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startE2e } from './support/e2e.js';
import { recordOnFailure } from './support/browser.js';

process.env.KIOSK_IDLE_SECONDS = '15';
const KIOSK = { viewport: { width: 1080, height: 1920 }, hasTouch: true, isMobile: false };
const CNAP_MODERATOR = 'Кравець Надія Романівна';

/** Every target the visitor taps is at least 64 px both ways. */
async function bigTargets(page: Page, label: string): Promise<void> {
  const small = await page.locator('main a, main button, .kiosk-bar a, .osk:not([hidden]) button').evaluateAll((els) =>
    els
      .map((e) => ({ text: (e.textContent ?? '').trim().slice(0, 30), r: e.getBoundingClientRect() }))
      .filter((x) => x.r.width > 0 && (x.r.width < 64 || x.r.height < 64))
      .map((x) => `${x.text} ${Math.round(x.r.width)}×${Math.round(x.r.height)}`),
  );
  assert.deepEqual(small, [], `${label}: targets smaller than 64 px`);
}

describe('self-service terminal at 1080×1920 with touch', { timeout: 300_000 }, () => {
  const { platform, newPage, signedInPage, ourPage } = startE2e();

  test('pair, services and hours, the on-screen keyboard, the lost network, the idle reset', async (t) => {
    const { page: admin } = await signedInPage(CNAP_MODERATOR, '/lviv/manage/terminals');
    let key = '';
    await recordOnFailure(`${t.name} (register)`, admin, async () => {
      await admin.getByRole('heading', { level: 1, name: 'Термінали самообслуговування' }).waitFor();
      await admin.getByLabel('Назва').fill('Зал ЦНАП, вхід 1');
      await admin.getByLabel('Де стоїть').fill('пл. Ринок, 1');
      await admin.getByLabel('Офіс ЦНАП (необовʼязково)').selectOption({ label: 'Центр надання адміністративних послуг м. Львова' });
      await admin.getByRole('button', { name: 'Зареєструвати' }).click();
      key = (await admin.locator('code.device-key').textContent()) ?? '';
      assert.match(key, /^vkt_/);
      await ourPage(admin, 'terminal registered');
    });

    const { context, page } = await newPage(KIOSK);
    await recordOnFailure(t.name, page, async () => {
      await page.goto(`${platform.url}/lviv/kiosk`);
      await page.getByRole('heading', { level: 1, name: 'Підключення термінала' }).waitFor();
      await ourPage(page, 'kiosk pairing');
      // A physical keyboard works as well as the on-screen one.
      await page.getByLabel('Ключ пристрою').fill(key);
      await page.getByRole('button', { name: 'Підключити' }).tap();

      await page.getByRole('heading', { level: 1, name: 'Вітаємо! Що вам потрібно?' }).waitFor();
      await ourPage(page, 'kiosk start');
      await bigTargets(page, 'kiosk start');
      for (const tile of ['Взяти талон', 'Маю запис', 'Взяти участь']) await page.getByRole('link', { name: new RegExp(`^${tile}`) }).waitFor();

      await page.getByRole('link', { name: /^Послуги ЦНАП/ }).tap();
      await page.getByRole('heading', { level: 1, name: 'Послуги ЦНАП' }).waitFor();
      await ourPage(page, 'kiosk services');
      await bigTargets(page, 'kiosk services');

      // The on-screen keyboard: tap the field, then the letters; «Готово» searches.
      await page.getByLabel('Пошук послуги').tap();
      const osk = page.getByRole('group', { name: 'Екранна клавіатура' });
      await osk.waitFor();
      await bigTargets(page, 'on-screen keyboard');
      for (const letter of 'паспорт') await osk.getByRole('button', { name: letter, exact: true }).tap();
      assert.equal(await page.getByLabel('Пошук послуги').inputValue(), 'паспорт');
      await osk.getByRole('button', { name: 'Великі літери' }).tap();
      await osk.getByRole('button', { name: 'Ї', exact: true }).tap();
      await osk.getByRole('button', { name: 'Апостроф' }).tap();
      assert.equal(await page.getByLabel('Пошук послуги').inputValue(), 'паспортЇʼ');
      await osk.getByRole('button', { name: 'Стерти' }).tap();
      await osk.getByRole('button', { name: 'Стерти' }).tap();
      await osk.getByRole('button', { name: 'Готово' }).tap();
      await page.getByRole('heading', { level: 2, name: /^Знайдено: \d+/ }).waitFor();
      assert.match(page.url(), /q=%D0%BF%D0%B0%D1%81%D0%BF%D0%BE%D1%80%D1%82$/);
      await ourPage(page, 'kiosk search');

      await page.getByRole('link', { name: 'Оформлення паспорта громадянина України у формі ID-картки' }).tap();
      await page.getByRole('heading', { level: 1, name: 'Оформлення паспорта громадянина України у формі ID-картки' }).waitFor();
      await ourPage(page, 'kiosk service');
      await page.getByRole('link', { name: 'Усі послуги' }).tap();
      await page.getByRole('link', { name: 'Графік роботи офісів' }).tap();
      await page.getByRole('heading', { level: 1, name: 'Графік роботи' }).waitFor();
      await page
        .getByRole('table', { name: 'Графік роботи' })
        .first()
        .getByRole('row', { name: /Неділя/ })
        .first()
        .waitFor();
      await ourPage(page, 'kiosk office hours');

      // The network goes away: the page says so, and recovers by itself when it is back.
      await context.setOffline(true);
      const offline = page.getByRole('alert').filter({ hasText: 'Немає звʼязку з сервером.' });
      await offline.waitFor();
      await context.setOffline(false);
      await offline.waitFor({ state: 'hidden' });

      // A half-typed search, then nobody touches the screen: back to the start, the form empty.
      await page.getByRole('link', { name: 'Послуги ЦНАП' }).tap();
      await page.getByLabel('Пошук послуги').tap();
      for (const letter of 'сих') await osk.getByRole('button', { name: letter, exact: true }).tap();
      assert.equal(await page.getByLabel('Пошук послуги').inputValue(), 'сих');
      await page.waitForURL(`${platform.url}/lviv/kiosk`, { timeout: 30_000 });
      await page.getByRole('heading', { level: 1, name: 'Вітаємо! Що вам потрібно?' }).waitFor();
      await page.getByRole('link', { name: /^Послуги ЦНАП/ }).tap();
      assert.equal(await page.getByLabel('Пошук послуги').inputValue(), '');
    });
  });
});
