/**
 * The school budget on a phone, using only what is on screen: the education department adds a school and
 * invites Дмитренко as its moderator by e-mail; she signs in (the role is hers), announces the contest,
 * enters two projects, opens voting by its dates and prints a code sheet; a student reads a code from the
 * sheet and votes with it (code → ballot → review → receipt), and the same code is refused the second
 * time; another student votes with JavaScript switched off; voting closes by its dates, the results are
 * published and a visitor reads them. Every page of ours is scanned with axe and must not scroll sideways.
 */
import { moveDemoClock } from './support/clock.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startE2e } from './support/e2e.js';
import { lvivJourney } from './support/lviv-journey.js';
import { openTool, recordOnFailure } from './support/browser.js';
import { confirmEmailInCabinet } from './support/sign-in.js';
import { addDaysToLocalDate, kyivDateOf } from '../../src/core/calendar/index.js';

const DEPARTMENT = 'Лисенко Людмила Михайлівна';
const SCHOOL_MODERATOR = 'Дмитренко Марія Сергіївна';
const SCHOOL_MODERATOR_EMAIL = 'school.moderator.lviv@demo.viche.example';
const SCHOOL = 'Ліцей № 7 «Журавлик»';
const CONTEST = 'Шкільний бюджет ліцею № 7';
const FIRST = 'Сонячна альтанка для уроків надворі';
const SECOND = 'Шафа-бібліотека в холі другого поверху';

const today = kyivDateOf(new Date());
const day = (n: number) => addDaysToLocalDate(today, n);

describe('school budget journey on a phone', { timeout: 900_000 }, () => {
  const { platform, newPage } = startE2e();

  const { ourPage, signIn, openManagement } = lvivJourney(() => platform);

  /** The school moderator's way in: the community's school budget page → «Керувати: …». */
  async function openSchoolManagement(page: Page): Promise<void> {
    await openTool(page, 'Шкільний бюджет');
    await page.getByRole('heading', { level: 1, name: 'Шкільний громадський бюджет' }).waitFor();
    await page.getByRole('link', { name: `Керувати: ${SCHOOL}` }).click();
    await page.getByRole('heading', { level: 1, name: SCHOOL }).waitFor();
  }

  /** «Налаштування конкурсу» → new dates → «Зберегти» → back on the school's management page. */
  async function moveDates(page: Page, d: Record<string, string>, label: string): Promise<void> {
    await page.getByRole('link', { name: 'Налаштування конкурсу' }).click();
    await page.getByRole('heading', { level: 1, name: 'Налаштування конкурсу' }).waitFor();
    await ourPage(page, `contest settings (${label})`);
    const labels: Record<string, string> = {
      from: 'Збір проєктів: з',
      to: 'Збір проєктів: по',
      votingFrom: 'Голосування: з',
      votingTo: 'Голосування: по',
      results: 'Результати: з',
    };
    for (const [k, v] of Object.entries(d)) await page.getByLabel(labels[k]!, { exact: true }).fill(v);
    await page.getByRole('button', { name: 'Зберегти' }).click();
    await page.getByRole('heading', { level: 1, name: SCHOOL }).waitFor();
  }

  async function enterProject(page: Page, title: string, cls: string, rows: [string, string, string][]): Promise<void> {
    await page.getByRole('link', { name: 'Додати проєкт' }).click();
    await page.getByRole('heading', { level: 1, name: 'Новий проєкт учнів' }).waitFor();
    await ourPage(page, `new project (${cls})`);
    await page.getByLabel('Назва проєкту').fill(title);
    await page.getByLabel('Клас авторів').fill(cls);
    await page.getByLabel('Опис: що й навіщо зробити').fill(`Учні ${cls} класу пропонують: ${title.toLowerCase()}. Так у ліцеї стане зручніше всім.`);
    for (const [i, [item, qty, price]] of rows.entries()) {
      await page.getByLabel(`Стаття ${i + 1}`, { exact: true }).fill(item);
      await page.getByLabel(`Кількість ${i + 1}`, { exact: true }).fill(qty);
      await page.getByLabel(`Ціна ${i + 1}`, { exact: true }).fill(price);
    }
    await page.getByRole('button', { name: 'Внести до бюлетеня' }).click();
    await page.getByRole('heading', { level: 1, name: SCHOOL }).waitFor();
    await page.getByRole('link', { name: title }).waitFor();
  }

  /** A student with a slip: the common voting page, the code, the ballot, the review, the receipt. */
  async function voteWithCode(page: Page, code: string, project: string, label: string): Promise<void> {
    await page.goto(`${platform.url}/lviv`);
    await openTool(page, 'Шкільний бюджет');
    await page.getByRole('heading', { level: 1, name: 'Шкільний громадський бюджет' }).waitFor();
    await ourPage(page, `school budget (${label})`);
    await page.getByRole('link', { name: 'Проголосувати за кодом' }).click();
    await page.getByRole('heading', { level: 1, name: 'Голосування за кодом' }).waitFor();
    await ourPage(page, `code entry (${label})`);
    // Typed as a phone keyboard gives it: lower case, spaces instead of dashes.
    await page.getByLabel('Код з аркуша').fill(code.toLowerCase().replace(/-/g, ' '));
    await page.getByRole('button', { name: 'До бюлетеня' }).click();
    await page.getByRole('heading', { level: 1, name: 'Бюлетень' }).waitFor();
    await ourPage(page, `ballot (${label})`);
    await page.getByRole('checkbox', { name: new RegExp(`^${project}`) }).check();
    await page.getByRole('button', { name: 'Перевірити вибір' }).click();
    await page.getByRole('heading', { level: 1, name: 'Перевірте бюлетень' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: project }).waitFor();
    await ourPage(page, `ballot review (${label})`);
    await page.getByRole('button', { name: 'Підтвердити й проголосувати' }).click();
    await page.getByRole('heading', { level: 1, name: 'Дякуємо! Ваш голос зараховано' }).waitFor();
    await page.getByRole('definition').filter({ hasText: SCHOOL }).waitFor();
    await page.getByRole('listitem').filter({ hasText: project }).waitFor();
    await ourPage(page, `receipt (${label})`);
  }

  test('a school is added and its moderator invited; she sets up the contest, enters projects and prints codes; students vote with them; results show', async (t) => {
    const dept = await newPage();
    const mod = await newPage();
    const student = await newPage();
    const noJs = await newPage({ javaScriptEnabled: false });
    const visitor = await newPage();
    let codes: string[] = [];
    try {
      // 1. The education department adds the school and invites its moderator by e-mail.
      await recordOnFailure(t.name, dept.page, async () => {
        const p = dept.page;
        await signIn(p, DEPARTMENT, 'department');
        await openManagement(p, 'Шкільний бюджет: заклади й поступ', 'Шкільний бюджет: керування');
        await ourPage(p, 'school budget management');
        await p.getByRole('link', { name: 'Додати заклад освіти' }).click();
        await p.getByRole('heading', { level: 1, name: 'Новий заклад освіти' }).waitFor();
        await ourPage(p, 'new school');
        await p.getByLabel('Назва закладу').fill(SCHOOL);
        await p.getByLabel('Адреса сторінки (латиницею)').fill('lyceum-7');
        await p.getByLabel('Тип закладу').selectOption({ label: 'Ліцей' });
        await p.getByLabel('Адреса', { exact: true }).fill('вул. Журавлина, 7, м. Львів');
        await p.getByLabel('Кількість учнів').fill('560');
        await p.getByLabel('З класу').fill('5');
        await p.getByLabel('По клас').fill('11');
        await p.getByRole('button', { name: 'Додати заклад' }).click();
        await p.getByRole('heading', { level: 1, name: `Заклад: ${SCHOOL}` }).waitFor();
        await ourPage(p, 'school added');
        await p.getByLabel('Запросити модератора за e-mail').fill(SCHOOL_MODERATOR_EMAIL);
        await p.getByRole('button', { name: 'Надіслати запрошення' }).click();
        await p
          .getByRole('status')
          .filter({ hasText: `Запрошення надіслано на ${SCHOOL_MODERATOR_EMAIL}` })
          .waitFor();
        await ourPage(p, 'moderator invited');
      });

      // 2. Дмитренко signs in (the invitation is hers now), announces the contest and enters two projects.
      await recordOnFailure(t.name, mod.page, async () => {
        const p = mod.page;
        await signIn(p, SCHOOL_MODERATOR, 'school moderator');
        await confirmEmailInCabinet(p, platform, SCHOOL_MODERATOR_EMAIL, ourPage);
        await p.goto(`${platform.url}/lviv`);
        await openSchoolManagement(p);
        await ourPage(p, 'school management, no contest');
        await p.getByRole('link', { name: 'Оголосити конкурс' }).click();
        await p.getByRole('heading', { level: 1, name: 'Новий конкурс' }).waitFor();
        await ourPage(p, 'new contest');
        await p.getByLabel('Назва конкурсу').fill(CONTEST);
        await p.getByLabel('Бюджет школи, грн').fill('40 000');
        await p.getByLabel('Збір проєктів: з', { exact: true }).fill(day(-1));
        await p.getByLabel('Збір проєктів: по', { exact: true }).fill(day(0));
        await p.getByLabel('Голосування: з', { exact: true }).fill(day(1));
        await p.getByLabel('Голосування: по', { exact: true }).fill(day(2));
        await p.getByLabel('Результати: з', { exact: true }).fill(day(3));
        await p.getByLabel('Скільки проєктів може обрати учень').fill('1');
        await p.getByRole('button', { name: 'Зберегти' }).click();
        await p.getByRole('heading', { level: 1, name: SCHOOL }).waitFor();
        await p.getByRole('heading', { level: 2, name: CONTEST }).waitFor();
        await ourPage(p, 'school management, contest announced');
        await enterProject(p, FIRST, '7-А', [
          ['Альтанка з навісом', '1', '18 000'],
          ['Лавки', '4', '1 500'],
        ]);
        await enterProject(p, SECOND, '9-Б', [['Книжкова шафа', '1', '6 500']]);
        await ourPage(p, 'school management, two projects');
        // Voting opens: the dates move (allowed before voting has started).
        await moveDates(p, { from: day(-3), to: day(-2), votingFrom: day(-1), votingTo: day(0), results: day(1) }, 'open voting');
        await p
          .getByRole('definition')
          .filter({ hasText: /^Голосування$/ })
          .waitFor();
        await ourPage(p, 'school management, voting');
        // The code sheet.
        await p.getByLabel('Скільки кодів').fill('3');
        await p.getByLabel('Для класу (необовʼязково)').fill('7-А');
        await p.getByRole('button', { name: 'Створити аркуш кодів' }).click();
        await p.getByRole('heading', { level: 1, name: /^Аркуш кодів № \d+$/ }).waitFor();
        await ourPage(p, 'code sheet (print page)');
        codes = (await p.locator('.code-slip-code code').allTextContents()).map((c) => c.trim());
        assert.equal(codes.length, 3);
        for (const c of codes) assert.match(c, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
        assert.equal(await p.getByRole('img', { name: /^QR-код \d: посилання на бюлетень$/ }).count(), 3);
        const pdf = await p.request.get(
          await p
            .getByRole('link', { name: 'Завантажити PDF' })
            .getAttribute('href')
            .then((h) => new URL(h!, platform.url).href),
        );
        assert.equal(pdf.headers()['content-type'], 'application/pdf');
      });

      // 3. A student votes with the first code from the sheet; the same code is refused the second time.
      await recordOnFailure(t.name, student.page, async () => {
        const p = student.page;
        await voteWithCode(p, codes[0]!, FIRST, 'student');
        await p.goto(`${platform.url}/lviv/school-budget/vote`);
        await p.getByLabel('Код з аркуша').fill(codes[0]!);
        await p.getByRole('button', { name: 'До бюлетеня' }).click();
        await p.getByRole('heading', { level: 1, name: 'Голосування за кодом' }).waitFor();
        await p.getByRole('alert').filter({ hasText: 'Цей код уже використано' }).waitFor();
        await ourPage(p, 'code refused: used');
      });

      // 4. Another student, with JavaScript switched off, votes with the second code.
      await recordOnFailure(t.name, noJs.page, async () => {
        await voteWithCode(noJs.page, codes[1]!, SECOND, 'student without JavaScript');
      });

      // 5. Voting closes by its dates; the moderator publishes the results.
      await recordOnFailure(t.name, mod.page, async () => {
        const p = mod.page;
        await p.goto(`${platform.url}/lviv`);
        await openSchoolManagement(p);
        // Voting ends by its dates: nobody may end it early by editing them (rules are frozen once voting
        // starts). The results day may still move: the day after tomorrow, so that after the demo's clock moves
        // one day on, voting is over and only the moderator's button publishes the results (the periodic tick
        // would on the day).
        await moveDates(p, { results: day(2) }, 'results day');
        await moveDemoClock(p, platform.url, 1);
        await p.goto(`${platform.url}/lviv`);
        await openSchoolManagement(p);
        await p
          .getByRole('definition')
          .filter({ hasText: /^Підрахунок голосів$/ })
          .waitFor();
        await ourPage(p, 'school management, voting over');
        await p.getByRole('button', { name: 'Оприлюднити результати' }).click();
        await p.getByRole('heading', { level: 1, name: 'Результати голосування' }).waitFor();
        await ourPage(p, 'results (moderator)');
      });

      // 6. A visitor reads the results from the school's page.
      await recordOnFailure(t.name, visitor.page, async () => {
        const p = visitor.page;
        await p.goto(`${platform.url}/lviv/school-budget`);
        await p.getByRole('link', { name: SCHOOL }).click();
        await p.getByRole('heading', { level: 1, name: SCHOOL }).waitFor();
        await ourPage(p, 'school page, results');
        await p.getByRole('link', { name: 'Результати', exact: true }).click();
        await p.getByRole('heading', { level: 1, name: 'Результати голосування' }).waitFor();
        // 24 000 + 6 500 fit in 40 000: both are funded.
        for (const title of [FIRST, SECOND])
          await p
            .getByRole('row')
            .filter({ hasText: title })
            .getByRole('cell', { name: /^Профінансовано/ })
            .waitFor();
        await p.getByText(/Зараховано 2 бюлетені/).waitFor();
        await ourPage(p, 'results (visitor)');
      });
    } finally {
      for (const x of [dept, mod, student, noJs, visitor]) await x.context.close();
    }
  });
});
