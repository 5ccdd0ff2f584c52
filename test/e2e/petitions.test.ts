/**
 * Local petitions on a phone, using only what is on screen: the moderator lowers the threshold to 2,
 * a resident starts a petition, the moderator publishes it, a second resident signs (and cannot sign
 * twice), the petition goes to the council, the moderator publishes the answer, and an anonymous
 * visitor reads it. Each person has their own browser context; every page of ours is scanned with axe.
 * Signing also works without JavaScript.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startE2e } from './support/e2e.js';
import { lvivJourney } from './support/lviv-journey.js';
import { openTool, recordOnFailure } from './support/browser.js';

const AUTHOR = 'Коваленко Олена Петрівна';
const SIGNER = 'Шевчук Андрій Іванович';
const MODERATOR = 'Савчук Галина Василівна';
const TITLE = 'Лавки й смітники у сквері на вулиці Зеленій';
const TEXT = 'Просимо встановити 10 лавок і 4 смітники у сквері на вулиці Зеленій до початку літа.';
const ANSWER = 'Рада підтримує петицію: лавки й смітники встановимо до 1 травня.';
/** A demo petition of Lviv that is collecting signatures, far from its threshold. */
const DEMO_COLLECTING = 'Облаштувати безпечний пішохідний перехід біля школи № 5';

describe('petitions journey on a phone', { timeout: 900_000 }, () => {
  const { platform, newPage } = startE2e();

  const { ourPage, accountNav, signIn, openManagement } = lvivJourney(() => platform);

  /** The moderator's way to the petitions queue: «Керування» → «Модерація петицій». */
  async function openQueue(page: Page): Promise<void> {
    await openManagement(page, 'Модерація петицій', 'Модерація петицій');
    assert.equal(new URL(page.url()).pathname, '/lviv/manage/petitions');
  }

  /** The signatures shown under the title: «1 950 з 2 000 підписів» → 1950. */
  async function signatureCount(page: Page): Promise<number> {
    const text = await page
      .getByRole('main')
      .getByText(/^[\d\s]+ з [\d\s]+ підпис/)
      .first()
      .textContent();
    const m = /^([\d\s]+) з/.exec(text ?? '');
    assert.ok(m?.[1], `a signature count, got «${text ?? ''}»`);
    return Number(m[1].replace(/\s/g, ''));
  }

  /** A resident signs the petition open on the page; a second try tells them they already signed. */
  async function signOpenPetition(page: Page, who: string, title: string, listed: boolean): Promise<void> {
    const before = await signatureCount(page);
    await page.getByRole('link', { name: 'Підписати', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Підтвердіть підпис' }).waitFor();
    await page.getByRole('definition').filter({ hasText: SIGNER }).waitFor();
    await page.getByText(title).waitFor();
    const signPath = new URL(page.url()).pathname;
    await ourPage(page, `sign confirmation (${who})`);
    await page.getByRole('button', { name: 'Підписати петицію' }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /^Ви підписали цю петицію \d{2}\.\d{2}\.\d{4} о \d{2}:\d{2}/ })
      .waitFor();
    assert.equal(await page.getByRole('link', { name: 'Підписати', exact: true }).count(), 0, 'no sign button after signing');
    assert.equal(await signatureCount(page), before + 1);
    // A short list shows the signer on its first page; a long one ends with the newest signatures.
    if (listed) await page.getByRole('table').getByRole('cell', { name: SIGNER }).waitFor();
    await ourPage(page, `petition signed (${who})`);

    // A second attempt, straight to the signing address: no second signature, and the page says why.
    await page.goto(`${platform.url}${signPath}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Ви вже підписали цю петицію раніше: другий підпис не додано.' }).waitFor();
    if (listed) assert.equal(await page.getByRole('table').getByRole('cell', { name: SIGNER }).count(), 1, 'signed once');
    assert.equal(await signatureCount(page), before + 1, 'no second signature');
    await ourPage(page, `second signing attempt (${who})`);
  }

  test('the moderator lowers the threshold, a resident starts a petition, it is published, signed, answered and read by anyone', async (t) => {
    const mod = await newPage();
    const author = await newPage();
    const signer = await newPage();
    const visitor = await newPage();
    try {
      await recordOnFailure(t.name, mod.page, async () => {
        // 1. The moderator: a threshold of 2 signatures.
        const mp = mod.page;
        await signIn(mp, MODERATOR, 'moderator');
        await openQueue(mp);
        await ourPage(mp, 'petition moderation queue');
        await mp.getByRole('link', { name: 'Налаштування петицій громади' }).click();
        await mp.getByRole('heading', { level: 1, name: 'Налаштування петицій' }).waitFor();
        await ourPage(mp, 'petition settings');
        await mp.getByLabel('Поріг підписів').fill('2');
        await mp.getByRole('button', { name: 'Зберегти' }).click();
        await mp.waitForURL((u) => u.pathname === '/lviv/manage/petitions/settings');
        await mp.getByRole('heading', { level: 1, name: 'Налаштування петицій' }).waitFor();
        assert.equal(await mp.getByLabel('Поріг підписів').inputValue(), '2');
        assert.equal(await mp.getByText('Діють типові значення').count(), 0, 'the settings are saved');
        await ourPage(mp, 'petition settings, saved');
      });

      // 2. The author starts a petition.
      await recordOnFailure(t.name, author.page, async () => {
        const ap = author.page;
        await signIn(ap, AUTHOR, 'author');
        await openTool(ap, 'Петиції');
        await ap.getByRole('heading', { level: 1, name: 'Місцеві петиції' }).waitFor();
        await ourPage(ap, 'petitions list (author)');
        await ap.getByRole('link', { name: 'Створити петицію' }).click();
        await ap.getByRole('heading', { level: 1, name: 'Нова петиція' }).waitFor();
        await ap.getByText('набере 2 підписи', { exact: false }).waitFor();
        await ourPage(ap, 'new petition form');
        await ap.getByLabel('Назва петиції').fill(TITLE);
        await ap.getByLabel('Текст петиції').fill(TEXT);
        await ap.getByLabel('Категорія').selectOption({ label: 'Благоустрій' });
        await ap.getByLabel('Ваша електронна пошта').fill('olena@example.com');
        await ap.getByRole('button', { name: 'Переглянути' }).click();
        await ap.getByRole('heading', { level: 1, name: 'Перевірте петицію перед поданням' }).waitFor();
        await ap.getByRole('heading', { level: 2, name: TITLE }).waitFor();
        await ap.getByRole('definition').filter({ hasText: 'olena@example.com' }).waitFor();
        await ourPage(ap, 'new petition preview');
        await ap.getByRole('button', { name: 'Подати петицію' }).click();
        await ap.getByRole('heading', { level: 1, name: TITLE }).waitFor();
        await ap.getByRole('status').filter({ hasText: 'Петицію подано.' }).waitFor();
        await ap.getByRole('main').getByText('На модерації', { exact: true }).first().waitFor();
        await ourPage(ap, 'petition submitted');
      });
      const petitionPath = new URL(author.page.url()).pathname;
      assert.match(petitionPath, /^\/lviv\/petitions\/\d+$/, `a petition address, got ${petitionPath}`);
      // The «№» shown is the petition's number within Lviv (issue #21), not the id in the address.
      const number = /№ (\d+) · /.exec(await author.page.content())?.[1];
      assert.ok(number, 'the petition page shows its number');

      // 3. The moderator publishes it from the queue.
      await recordOnFailure(t.name, mod.page, async () => {
        const mp = mod.page;
        await openQueue(mp);
        await mp.getByRole('link', { name: `№ ${number}. ${TITLE}` }).click();
        await mp.getByRole('heading', { level: 1, name: `№ ${number}. ${TITLE}` }).waitFor();
        await ourPage(mp, 'petition in moderation');
        await mp.getByRole('button', { name: 'Опублікувати: почати збір підписів' }).click();
        await mp.getByRole('status').filter({ hasText: 'Петицію опубліковано: почався збір підписів.' }).waitFor();
        await ourPage(mp, 'petition published (moderator)');
      });

      // 4. Андрій finds it in the list and signs it: with the author's signature, that is the threshold.
      await recordOnFailure(t.name, signer.page, async () => {
        const sp = signer.page;
        await signIn(sp, SIGNER, 'signer');
        await openTool(sp, 'Петиції');
        await sp.getByRole('heading', { level: 1, name: 'Місцеві петиції' }).waitFor();
        await sp.getByRole('link', { name: TITLE }).click();
        await sp.getByRole('heading', { level: 1, name: TITLE }).waitFor();
        await sp.getByText('1 з 2 підписів').waitFor();
        await ourPage(sp, 'petition collecting (signer)');
        await signOpenPetition(sp, 'signer', TITLE, true);
        // 5. (public side) The threshold is reached: the petition goes to the council.
        await sp.getByRole('main').getByText('На розгляді', { exact: true }).first().waitFor();
        await sp.getByText('2 з 2 підписів').waitFor();
      });

      // 5. The moderator publishes the council's answer.
      await recordOnFailure(t.name, mod.page, async () => {
        const mp = mod.page;
        await openQueue(mp);
        await mp.getByRole('link', { name: `№ ${number}. ${TITLE}` }).click();
        await mp.getByRole('heading', { level: 1, name: `№ ${number}. ${TITLE}` }).waitFor();
        await mp.getByRole('heading', { level: 2, name: 'Відповідь ради' }).waitFor();
        await ourPage(mp, 'petition under consideration (moderator)');
        await mp.getByLabel('Рішення', { exact: true }).selectOption({ label: 'Підтримано' });
        await mp.getByLabel('Текст відповіді').fill(ANSWER);
        await mp.getByLabel('ПІБ посадової особи').fill('Петренко Олег Іванович');
        await mp.getByLabel('Посада').fill('Секретар міської ради');
        await mp.getByRole('button', { name: 'Оприлюднити відповідь' }).click();
        await mp.getByRole('status').filter({ hasText: 'Відповідь оприлюднено' }).waitFor();
        await ourPage(mp, 'answer published (moderator)');
      });

      // 6. Anyone, not signed in, reads the answer.
      await recordOnFailure(t.name, visitor.page, async () => {
        const vp = visitor.page;
        await vp.goto(`${platform.url}${petitionPath}`);
        await vp.getByRole('heading', { level: 1, name: TITLE }).waitFor();
        await accountNav(vp).getByRole('link', { name: 'Увійти' }).waitFor();
        await vp.getByRole('main').getByText('Розглянута, є відповідь', { exact: true }).first().waitFor();
        const answer = vp.locator('section').filter({ has: vp.getByRole('heading', { level: 2, name: 'Відповідь ради' }) });
        await answer.getByText(ANSWER).waitFor();
        await answer.getByText('Підтримано', { exact: true }).waitFor();
        await answer.getByText(/Петренко Олег Іванович, Секретар міської ради/).waitFor();
        await ourPage(vp, 'answered petition (anonymous)');
      });
    } finally {
      await Promise.all([mod.context.close(), author.context.close(), signer.context.close(), visitor.context.close()]);
    }
  });

  test('without JavaScript: a resident signs a petition and cannot sign it twice', async (t) => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    try {
      await recordOnFailure(t.name, page, async () => {
        await signIn(page, SIGNER, 'signer without JavaScript');
        await openTool(page, 'Петиції');
        await page.getByRole('heading', { level: 1, name: 'Місцеві петиції' }).waitFor();
        await page.getByRole('navigation', { name: 'Статус петицій' }).getByRole('link', { name: 'Збір підписів' }).click();
        await page.waitForURL((u) => u.searchParams.get('tab') === 'collecting');
        await ourPage(page, 'petitions collecting (without JavaScript)');
        await page.getByRole('link', { name: DEMO_COLLECTING }).click();
        await page.getByRole('heading', { level: 1, name: DEMO_COLLECTING }).waitFor();
        await ourPage(page, 'petition collecting (without JavaScript)');
        await signOpenPetition(page, 'without JavaScript', DEMO_COLLECTING, false);
        await page.getByRole('main').getByText('Триває збір підписів', { exact: true }).first().waitFor();
      });
    } finally {
      await context.close();
    }
  });
});
