/**
 * Identity on a phone, as a newcomer meets it. Through the id.gov.ua emulator, which like the real service
 * gives the registered address as text: an address that fits one settlement lands the person in its
 * community; one that fits several asks them to choose among those only. Through the weaker sign-in of a
 * community that allows it: the e-mail code from the letter, then the code from the SMS (read in the demo
 * outboxes, /dev/mail and /dev/sms, as a person reads their mail and phone), then a signature and its
 * transparency-log receipt, checked; a second e-mail address with the same phone is the same person and
 * cannot sign again.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startE2e } from './support/e2e.js';
import { recordOnFailure } from './support/browser.js';
import { makeRnokpp } from '../../src/core/identity/rnokpp.js';

const PHONE = '+380671234599';

describe('identity journeys on a phone', { timeout: 900_000 }, () => {
  const { platform, newPage, ourPage } = startE2e();

  /** From our sign-in page to the emulator, where the person types their data, and back to our site. */
  async function typedSignIn(page: Page, address: string, serial: number): Promise<void> {
    await page.goto(`${platform.url}/auth/sign-in?return=${encodeURIComponent('/cabinet')}`);
    await page.getByRole('link', { name: 'Увійти через id.gov.ua' }).click();
    await page.getByRole('heading', { level: 2, name: 'Або введіть дані особи' }).waitFor();
    const typed = page.getByRole('region', { name: 'Або введіть дані особи' });
    await typed.getByLabel('Прізвище').fill('Новенька');
    await typed.getByLabel('Ім’я').fill('Оксана');
    await typed.getByLabel('По батькові').fill('Іванівна');
    await typed.getByLabel('РНОКПП').fill(makeRnokpp('1990-02-14', serial));
    await typed.getByLabel('Дата народження').fill('1990-02-14');
    await typed.getByLabel('Зареєстроване місце проживання').fill(address);
    await typed.getByRole('button', { name: 'Увійти як ця особа' }).click();
    await page.waitForURL((u) => u.origin === platform.url);
  }

  test('a newcomer from id.gov.ua: one settlement lands them in its community; several ask them to choose', async () => {
    const { page } = await newPage();
    await recordOnFailure('identity-residency', page, async () => {
      await typedSignIn(page, 'Львівська обл., Львівський р-н, м. Львів, вул. Зелена, буд. 12, кв. 5', 7101);
      assert.equal(new URL(page.url()).pathname, '/cabinet', 'a matched address asks nothing');
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await ourPage(page, 'cabinet (matched)');
      await page.goto(`${platform.url}/cabinet/residence`);
      await page.getByText('м. Львів').first().waitFor();
      await page.getByText('UA46060250010015970').waitFor();

      const { page: second } = await newPage();
      await typedSignIn(second, 'Кіровоградська обл., с. Михайлівка, вул. Садова, 4', 7102);
      assert.equal(new URL(second.url()).pathname, '/cabinet/residence', 'several settlements fit: the person is asked');
      const question = second.getByRole('group', { name: 'Адресі відповідає кілька населених пунктів. Де ви зареєстровані?' });
      await question.waitFor();
      await ourPage(second, 'residence choice');
      const options = question.getByRole('radio');
      assert.equal(await options.count(), 2, 'only the settlements that fit the address are offered');
      await question.getByRole('radio', { name: /Первозванівська громада/ }).check();
      await second.getByRole('button', { name: 'Зберегти' }).click();
      await second.waitForURL((u) => u.pathname === '/cabinet');
      await second.goto(`${platform.url}/cabinet/residence`);
      assert.equal(await second.getByRole('radio', { name: /Первозванівська громада/ }).isChecked(), true, 'the choice is kept');
    });
  });

  test('the weaker sign-in: e-mail code, SMS code, one signature per phone whatever the e-mail', async () => {
    const { page } = await newPage();
    await recordOnFailure('identity-weak-sign-in', page, async () => {
      await page.goto(`${platform.url}/koriukivka/petitions`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      const petitionPath = await collectingPetition(page);

      await signInByEmail(page, `meshkanka.${Date.now()}@example.com`, petitionPath);
      await page.getByRole('link', { name: 'Підписати', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Підтвердіть підпис' }).waitFor();
      await ourPage(page, 'sign confirmation (e-mail level)');
      await page.getByRole('button', { name: 'Підписати петицію' }).click();
      await page.getByText('Ви підписали цю петицію').first().waitFor();

      // The receipt: the platform's sequencer includes the signature within seconds, and the page proves it.
      await page.getByRole('link', { name: 'Перевірити мій підпис' }).click();
      await page.getByRole('heading', { level: 1, name: /^Квитанція № \d+$/ }).waitFor();
      await expectEventually(page, /^Перевірено: запис № \d+ є в поточній контрольній точці журналу/);
      await ourPage(page, 'receipt check');
      await page.getByRole('link', { name: 'Про журнал прозорості' }).click();
      await page.getByRole('heading', { level: 1, name: 'Журнал прозорості' }).waitFor();
      await ourPage(page, 'transparency log');

      // The same person with another address and the same phone: the phone is the identity.
      const { page: again } = await newPage();
      await signInByEmail(again, `insha.adresa.${Date.now()}@example.com`, petitionPath);
      await again.getByText('Ви підписали цю петицію').first().waitFor();
      assert.equal(await again.getByRole('link', { name: 'Підписати', exact: true }).count(), 0, 'no second signature is offered');
    });
  });

  /** Reloads the page until its status line matches (the sequencer runs every second; the merge delay is 60 s at most). */
  async function expectEventually(page: Page, status: RegExp): Promise<void> {
    for (let i = 0; i < 65; i++) {
      if (status.test((await page.getByRole('status').first().textContent()) ?? '')) return;
      await page.waitForTimeout(1000);
      await page.reload();
    }
    assert.fail(`the receipt page never said ${status}`);
  }

  /** The address of a petition of the list that is collecting signatures and allows the e-mail level. */
  async function collectingPetition(page: Page): Promise<string> {
    const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
    for (const path of hrefs.filter((h) => /^\/koriukivka\/petitions\/\d+$/.test(h))) {
      await page.goto(`${platform.url}${path}`);
      if ((await page.getByRole('link', { name: 'Підписати', exact: true }).count()) > 0) return path;
    }
    throw new Error('no petition of Корюківка is collecting signatures');
  }

  /** «Увійти» → «Увійти з кодом на пошту» → the code from the letter → the code from the SMS → back on `returnTo`. */
  async function signInByEmail(page: Page, email: string, returnTo: string): Promise<void> {
    await page.goto(`${platform.url}/auth/sign-in?return=${encodeURIComponent(returnTo)}`);
    await page.getByRole('link', { name: 'Увійти з кодом на пошту' }).click();
    await page.getByRole('heading', { level: 1, name: 'Вхід з кодом на пошту' }).waitFor();
    await ourPage(page, 'e-mail sign-in');
    await page.getByLabel('Електронна пошта').fill(email);
    await page.getByLabel('Номер мобільного телефону').fill(PHONE);
    await page.getByRole('button', { name: 'Надіслати код' }).click();
    await page.getByRole('heading', { level: 1, name: 'Введіть код із листа' }).waitFor();
    await page.getByLabel('Код').fill(await readCode(page, `/dev/mail?to=${encodeURIComponent(email)}`));
    await page.getByRole('button', { name: 'Далі' }).click();
    await page.getByRole('heading', { level: 1, name: 'Введіть код із SMS' }).waitFor();
    await ourPage(page, 'SMS step');
    await page.getByText('+380 67 *** ** 99').waitFor();
    await page.getByLabel('Код із SMS').fill(await readCode(page, `/dev/sms?to=${encodeURIComponent(PHONE)}`));
    await page.getByRole('button', { name: 'Увійти' }).click();
    await page.waitForURL((u) => u.origin === platform.url && u.pathname === returnTo);
  }

  /** The newest 6-digit code in a demo outbox, read in a second tab as a person reads their mail or phone. */
  async function readCode(page: Page, outboxPath: string): Promise<string> {
    const outbox = await page.context().newPage();
    try {
      await outbox.goto(`${platform.url}${outboxPath}`);
      const text = (await outbox.locator('pre').first().textContent()) ?? '';
      const code = /(\d{6})/.exec(text)?.[1];
      assert.ok(code, `a 6-digit code in ${outboxPath}, got «${text}»`);
      return code;
    } finally {
      await outbox.close();
    }
  }
});
