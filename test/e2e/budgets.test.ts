/**
 * The participatory budget on a phone, using only what is on screen: the moderator sets up a small
 * contest open for submission, a resident submits a project, the moderator admits it and moves the
 * contest dates so that voting is open, two residents vote online (ballot, review, receipt), a
 * terminal votes through the channel API with a key the moderator created, the moderator imports a
 * paper batch in which one row is a person who already voted online (the report flags it), confirms,
 * closes voting by its dates and publishes the results, and an anonymous visitor reads them. Each
 * person has their own browser context; every page of ours is scanned with axe.
 */
import { moveDemoClock } from './support/clock.js';
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startE2e } from './support/e2e.js';
import { LVIV, lvivJourney } from './support/lviv-journey.js';
import { openTool, recordOnFailure } from './support/browser.js';
import { demoPeople } from '../../src/core/demo/people.js';
import { demoCommunities, demoSettlementCode } from '../../src/core/demo/communities.js';
import { makeRnokpp } from '../../src/core/identity/rnokpp.js';
import { addDaysToLocalDate, kyivDateOf } from '../../src/core/calendar/index.js';

const AUTHOR = 'Коваленко Олена Петрівна';
const VOTER = 'Шевчук Андрій Іванович';
const MODERATOR = 'Марченко Оксана Іванівна';
const CONTEST = 'Малий громадський бюджет кварталу';
const CATEGORY = 'Малі проєкти';
const TITLE = 'Лавки й ліхтарі у сквері на Зеленій';
const TERMINAL = 'Термінал у ЦНАП на Городоцькій';
const PAPER_FILE = 'dilnytsia-1.csv';
/** The columns of the paper ballot template (as the moderator downloads it). */
const PAPER_COLUMNS = ['Номер бюлетеня', 'Пункт голосування', 'Дата голосування', 'РНОКПП', 'ПІБ', 'Дата народження', 'КАТОТТГ адреси', 'Коди проєктів'];

const lviv = demoCommunities.find((c) => c.slug === 'lviv');
const olena = demoPeople.find((p) => p.lastName === 'Коваленко' && p.firstName === 'Олена');
const andrii = demoPeople.find((p) => p.lastName === 'Шевчук');
/** Registered in a village of the Lviv community: a resident who is none of the demo people. */
const RESIDENT_CODE = lviv ? demoSettlementCode(lviv, 3) : '';

/** Kyiv dates relative to today, as the date fields take them. */
const today = kyivDateOf(new Date());
const day = (n: number) => addDaysToLocalDate(today, n);
const dotted = (iso: string) => iso.split('-').reverse().join('.');

describe('participatory budget journey on a phone', { timeout: 900_000 }, () => {
  before(() => {
    assert.ok(lviv && olena && andrii, 'the demo community and people');
  });

  const { platform, newPage } = startE2e();

  const { ourPage, accountNav, signIn, openManagement } = lvivJourney(() => platform);

  /** The moderator's way in: «Керування» → «Громадський бюджет: конкурси». */
  async function openBudgetManagement(page: Page): Promise<void> {
    await openManagement(page, 'Громадський бюджет: конкурси', 'Громадський бюджет: керування');
    assert.equal(new URL(page.url()).pathname, '/lviv/manage/budgets');
  }

  /** The moderator's page of our contest, from the budget management page. */
  async function openContest(page: Page): Promise<void> {
    await openBudgetManagement(page);
    await page.getByRole('link', { name: CONTEST, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: CONTEST }).waitFor();
  }

  /** A resident finds the contest through «Громадський бюджет» in the community's tools. */
  async function openPublicContest(page: Page, who: string): Promise<void> {
    await openTool(page, 'Громадський бюджет');
    await page.getByRole('heading', { level: 1, name: 'Громадський бюджет' }).waitFor();
    await ourPage(page, `contests (${who})`);
    await page.getByRole('link', { name: CONTEST, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: CONTEST }).waitFor();
  }

  /** Sets the phase dates in the contest form (the other fields keep what is there). */
  async function fillDates(page: Page, d: Record<string, string>): Promise<void> {
    const labels: Record<string, string> = {
      submissionFrom: 'Подання проєктів: з',
      submissionTo: 'Подання проєктів: по',
      reviewTo: 'Розгляд: по',
      votingFrom: 'Голосування: з',
      votingTo: 'Голосування: по',
      resultsFrom: 'Результати: з',
      implementationFrom: 'Реалізація: з',
    };
    for (const [k, v] of Object.entries(d)) {
      const label = labels[k];
      assert.ok(label, k);
      await page.getByLabel(label, { exact: true }).fill(v);
    }
  }

  /** On the moderator's contest page: «Налаштування» → new dates → «Зберегти» → back, in the phase. */
  async function moveDates(page: Page, d: Record<string, string>, phase: string, label: string): Promise<void> {
    await page.getByRole('link', { name: 'Налаштування', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Налаштування конкурсу' }).waitFor();
    await ourPage(page, `contest settings (${label})`);
    await fillDates(page, d);
    await page.getByRole('button', { name: 'Зберегти' }).click();
    await page.getByRole('heading', { level: 1, name: CONTEST }).waitFor();
    await page
      .getByRole('main')
      .getByText(new RegExp(`^${phase} · `))
      .waitFor();
  }

  /** A resident votes online for our project: ballot → review → receipt. */
  async function voteOnline(page: Page, who: string): Promise<void> {
    await openPublicContest(page, who);
    await ourPage(page, `contest in voting (${who})`);
    await page.getByRole('link', { name: 'Голосувати', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Бюлетень' }).waitFor();
    await ourPage(page, `ballot (${who})`);
    // A page per category: the remaining-choices figure follows the ticks (the ballot script), and «Далі»
    // leads through the other categories to the review.
    const left = page.locator('[data-left="category"]');
    const before = (await left.count()) > 0 ? Number(await left.textContent()) : null;
    await page.getByRole('checkbox', { name: new RegExp(`^A-001 ${TITLE}`) }).check();
    if (before !== null) assert.equal(Number(await left.textContent()), before - 1, 'the remaining choices update as a box is ticked');
    for (let step = 2; await page.getByRole('button', { name: 'Далі', exact: true }).isVisible(); step++) {
      await page.getByRole('button', { name: 'Далі', exact: true }).click();
      await page.locator('legend', { hasText: `Категорія ${step} з ` }).waitFor();
    }
    await page.getByRole('button', { name: 'Перевірити вибір' }).click();
    await page.getByRole('heading', { level: 1, name: 'Перевірте бюлетень' }).waitFor();
    await page
      .getByRole('listitem')
      .filter({ hasText: `A-001 ${TITLE}` })
      .waitFor();
    await ourPage(page, `ballot review (${who})`);
    await page.getByRole('button', { name: 'Підтвердити й проголосувати' }).click();
    await page.getByRole('heading', { level: 1, name: 'Дякуємо! Ваш голос зараховано' }).waitFor();
    assert.match(new URL(page.url()).pathname, /^\/lviv\/budgets\/\d+\/vote\/receipt$/);
    await page.getByRole('definition').filter({ hasText: 'онлайн' }).waitFor();
    await page
      .getByRole('listitem')
      .filter({ hasText: `A-001 ${TITLE}` })
      .waitFor();
    await ourPage(page, `receipt (${who})`);
  }

  test('a resident submits a project, it is admitted, voted online, by a terminal and on paper, and the results are published', async (t) => {
    assert.ok(lviv && olena && andrii);
    const mod = await newPage();
    const author = await newPage();
    const voter = await newPage();
    const visitor = await newPage();
    let apiKey = '';
    try {
      // 1. The moderator sets up a small contest, open for projects today, and a terminal's API key.
      await recordOnFailure(t.name, mod.page, async () => {
        const mp = mod.page;
        await signIn(mp, MODERATOR, 'moderator');
        await openBudgetManagement(mp);
        await ourPage(mp, 'budget management');
        await mp.getByRole('link', { name: 'Новий конкурс' }).click();
        await mp.getByRole('heading', { level: 1, name: 'Новий конкурс' }).waitFor();
        await ourPage(mp, 'new contest form');
        await mp.getByLabel('Назва конкурсу').fill(CONTEST);
        await mp.getByLabel('Загальний бюджет, грн').fill('500 000');
        await fillDates(mp, {
          submissionFrom: day(-1),
          submissionTo: day(0),
          reviewTo: day(1),
          votingFrom: day(2),
          votingTo: day(3),
          resultsFrom: day(4),
          implementationFrom: day(5),
        });
        await mp.getByLabel('Оприлюднити конкурс').check();
        await mp.getByRole('button', { name: 'Зберегти' }).click();
        await mp.getByRole('heading', { level: 1, name: CONTEST }).waitFor();
        assert.match(new URL(mp.url()).pathname, /^\/lviv\/manage\/budgets\/\d+$/);
        await mp
          .getByRole('main')
          .getByText(/^Подання проєктів · /)
          .waitFor();
        await ourPage(mp, 'contest management, new');

        await mp.getByLabel(/^Код/).fill('A');
        await mp.getByLabel(/^Назва \(малі/).fill(CATEGORY);
        await mp.getByLabel('Бюджет категорії, грн').fill('500 000');
        await mp.getByLabel('Мінімальна вартість проєкту, грн').fill('10 000');
        await mp.getByLabel('Максимальна вартість проєкту, грн').fill('500 000');
        await mp.getByRole('button', { name: 'Додати', exact: true }).click();
        await mp.getByRole('heading', { level: 1, name: CONTEST }).waitFor();
        await mp.getByRole('cell', { name: CATEGORY }).waitFor();
        await ourPage(mp, 'contest management, with a category');

        await openBudgetManagement(mp);
        await mp.getByRole('link', { name: 'Термінали й чат-боти' }).click();
        await mp.getByRole('heading', { level: 1, name: 'Термінали й чат-боти' }).waitFor();
        await ourPage(mp, 'voting channels');
        await mp.getByLabel(/^Назва \(наприклад/).fill(TERMINAL);
        await mp.getByLabel('Вид', { exact: true }).selectOption({ label: 'Термінал' });
        await mp.getByRole('button', { name: 'Створити ключ' }).click();
        const notice = mp.getByRole('status').filter({ hasText: 'Новий ключ' });
        await notice.waitFor();
        apiKey = ((await notice.locator('code').textContent()) ?? '').trim();
        assert.match(apiKey, /^vbc_/);
        await mp.getByText(TERMINAL).waitFor();
        await ourPage(mp, 'voting channels, key created');
      });

      // 2. Олена submits a project.
      await recordOnFailure(t.name, author.page, async () => {
        const ap = author.page;
        await signIn(ap, AUTHOR, 'author');
        await openPublicContest(ap, 'author');
        await ourPage(ap, 'contest in submission (author)');
        await ap.getByRole('link', { name: 'Подати проєкт' }).click();
        await ap.getByRole('heading', { level: 1, name: 'Новий проєкт' }).waitFor();
        await ourPage(ap, 'new project form');
        await ap.getByLabel('Назва проєкту').fill(TITLE);
        await ap.getByLabel('Категорія', { exact: true }).selectOption({ index: 1 });
        await ap.getByLabel('Яку проблему розвʼязує проєкт').fill('У сквері на Зеленій ввечері темно, а сісти ніде: люди оминають його.');
        await ap.getByLabel('Що саме пропонується зробити').fill('Встановити 10 лавок і 6 ліхтарів на сонячних батареях уздовж головної алеї.');
        await ap.getByLabel('Адреса', { exact: true }).fill('сквер на вул. Зеленій, 12');
        // A pin on the map fills the coordinates (the map works without its tiles, as on a bad connection).
        await ap.getByRole('region', { name: 'Мапа: натисніть, щоб поставити мітку' }).click();
        assert.match(await ap.getByLabel('Широта (необовʼязково)').inputValue(), /^\d{2}\.\d{6}$/);
        await ap.getByLabel('Хто отримає користь').fill('Мешканці кварталу, батьки з дітьми, літні люди');
        await ap.getByLabel('Стаття 1', { exact: true }).fill('Лавка');
        await ap.getByLabel('Кількість 1', { exact: true }).fill('10');
        await ap.getByLabel('Ціна 1', { exact: true }).fill('8 000');
        await ap.getByLabel('Стаття 2', { exact: true }).fill('Ліхтар на сонячній батареї');
        await ap.getByLabel('Кількість 2', { exact: true }).fill('6');
        await ap.getByLabel('Ціна 2', { exact: true }).fill('12 000');
        await ap.getByLabel(/^Непередбачені витрати/).fill('10');
        await ap.getByLabel(/^Ваш e-mail/).fill('olena@example.com');
        await ap.getByRole('button', { name: 'Подати проєкт' }).click();
        await ap.getByRole('heading', { level: 1, name: TITLE }).waitFor();
        // (10 × 8 000 + 6 × 12 000) × 1,10 = 167 200
        await ap
          .getByRole('main')
          .getByText(/167\s200/)
          .first()
          .waitFor();
        await ap.getByRole('main').getByText('Подано — на розгляді').waitFor();
        await ourPage(ap, 'project submitted');
      });
      const projectPath = new URL(author.page.url()).pathname;
      const m = /^\/lviv\/budgets\/(\d+)\/projects\/(\d+)$/.exec(projectPath);
      assert.ok(m?.[1] && m[2], `a project address, got ${projectPath}`);
      const contestId = Number(m[1]);
      const projectId = Number(m[2]);

      // 3. The moderator admits it, then moves the dates: review is over and voting is open.
      await recordOnFailure(t.name, mod.page, async () => {
        const mp = mod.page;
        await openContest(mp);
        await mp.getByRole('link', { name: TITLE }).click();
        await mp.getByRole('heading', { level: 1, name: TITLE }).waitFor();
        await mp.getByText('olena@example.com', { exact: false }).waitFor();
        await ourPage(mp, 'project review');
        await mp.getByLabel('Рішення', { exact: true }).selectOption({ label: 'Допустити до голосування' });
        await mp.getByRole('button', { name: 'Зберегти рішення' }).click();
        await mp.getByRole('heading', { level: 1, name: CONTEST }).waitFor();
        await mp.getByText('Немає проєктів на розгляді.').waitFor();
        await mp.getByRole('link', { name: `A-001 ${TITLE}` }).waitFor();
        await ourPage(mp, 'contest management, project admitted');
        await moveDates(
          mp,
          {
            submissionFrom: day(-4),
            submissionTo: day(-3),
            reviewTo: day(-2),
            votingFrom: day(-1),
            votingTo: day(0),
            resultsFrom: day(1),
            implementationFrom: day(2),
          },
          'Голосування',
          'open voting',
        );
        await ourPage(mp, 'contest management, voting');
      });

      // 4. Two residents vote online: Олена, then Андрій.
      await recordOnFailure(t.name, author.page, async () => {
        await author.page.goto(`${platform.url}/lviv`);
        await voteOnline(author.page, 'author');
      });
      await recordOnFailure(t.name, voter.page, async () => {
        await signIn(voter.page, VOTER, 'voter');
        await voteOnline(voter.page, 'voter');
        // Back on the contest page the button is now «Мій бюлетень».
        await voter.page.getByRole('link', { name: 'До конкурсу' }).click();
        await voter.page.getByRole('heading', { level: 1, name: CONTEST }).waitFor();
        await voter.page.getByRole('link', { name: 'Мій бюлетень' }).waitFor();
      });

      // 5. A terminal votes through the channel API for a resident; the same call for Андрій is refused.
      const ballots = `${platform.url}/api/v1/channels/contests/${contestId}/ballots`;
      const cast = async (idem: string, body: Record<string, unknown>) =>
        fetch(ballots, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'idempotency-key': idem, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const terminalVoter = { rnokpp: makeRnokpp('1978-06-15', 4100), birthDate: '1978-06-15', territorialCode: RESIDENT_CODE, projectIds: [projectId] };
      const accepted = await cast('terminal-e2e-0001', terminalVoter);
      const acceptedBody = (await accepted.json()) as { result: string; receipt?: { number: string; projects: { code: string }[] } };
      assert.equal(accepted.status, 201, JSON.stringify(acceptedBody));
      assert.equal(acceptedBody.result, 'accepted');
      assert.deepEqual(
        acceptedBody.receipt?.projects.map((x) => x.code),
        ['A-001'],
      );
      const again = await cast('terminal-e2e-0002', {
        rnokpp: andrii.rnokpp,
        birthDate: andrii.birthDate,
        territorialCode: andrii.territorialCode,
        projectIds: [projectId],
      });
      const againBody = (await again.json()) as { result: string; channel?: string };
      assert.equal(again.status, 200, JSON.stringify(againBody));
      assert.equal(againBody.result, 'already_voted');
      assert.equal(againBody.channel, 'web');

      // 6. The moderator imports a paper batch: one new voter, and Олена, who voted online (flagged).
      await recordOnFailure(t.name, mod.page, async () => {
        const mp = mod.page;
        const row = (cells: string[]) => cells.join(';');
        const csv =
          `\ufeff${PAPER_COLUMNS.join(';')}\r\n` +
          `${row(['000101', 'Дільниця № 1', dotted(today), makeRnokpp('1969-09-09', 4200), 'Петренко Марія Іванівна', '', RESIDENT_CODE, 'A-001'])}\r\n` +
          `${row(['000102', 'Дільниця № 1', dotted(today), olena.rnokpp, 'Коваленко Олена Петрівна', '', olena.territorialCode, 'A-001'])}\r\n`;
        await openContest(mp);
        await mp.getByRole('link', { name: 'Паперові бюлетені' }).click();
        await mp.getByRole('heading', { level: 1, name: 'Паперові бюлетені' }).waitFor();
        await ourPage(mp, 'paper ballots');
        await mp.getByLabel(/^Файл з бюлетенями/).setInputFiles({ name: PAPER_FILE, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
        await mp.getByRole('button', { name: 'Перевірити файл' }).click();
        await mp.getByRole('heading', { level: 1, name: new RegExp(`^Імпорт № \\d+: ${PAPER_FILE}$`) }).waitFor();
        await mp.getByText('очікує підтвердження · рядків 2: придатних 1, з помилками 0, повторних 1').waitFor();
        const report = mp.getByRole('table');
        await report.getByRole('row').filter({ hasText: '000101' }).getByRole('cell', { name: 'Придатний' }).waitFor();
        await report
          .getByRole('row')
          .filter({ hasText: '000102' })
          .getByText(/^Повторний: Уже проголосував\(-ла\)$/)
          .waitFor();
        assert.equal(await mp.getByText(olena.rnokpp).count(), 0, 'the РНОКПП is not shown');
        await ourPage(mp, 'paper import report');
        await mp.getByRole('button', { name: 'Підтвердити й зарахувати 1' }).click();
        await mp.getByText(/^зараховано · рядків 2: придатних 1, з помилками 0, повторних 1; зараховано 1$/).waitFor();
        await ourPage(mp, 'paper import confirmed');

        // 7. Voting ends by its dates: nobody may end it early by editing them (rules are frozen once voting
        // starts), so the demo's clock moves one day on, to the results day; the results are published.
        await openContest(mp);
        await mp.getByText(/^Бюлетенів зараховано: 4; відхилено: 2\./).waitFor();
        await moveDemoClock(mp, platform.url, 1);
        await mp.goto(`${platform.url}/lviv`);
        await openContest(mp);
        await mp
          .getByRole('main')
          .getByText(/^Результати · /)
          .waitFor();
        await ourPage(mp, 'contest management, voting over');
        await mp.getByRole('button', { name: 'Оприлюднити результати' }).click();
        await mp.getByRole('heading', { level: 1, name: 'Результати голосування' }).waitFor();
        assert.equal(new URL(mp.url()).pathname, `/lviv/budgets/${contestId}/results`);
        await ourPage(mp, 'results (moderator)');
      });

      // 8. Anyone, not signed in, reads the results.
      await recordOnFailure(t.name, visitor.page, async () => {
        const vp = visitor.page;
        await vp.goto(`${platform.url}/lviv`);
        await vp.getByRole('heading', { level: 1, name: LVIV }).waitFor();
        await openPublicContest(vp, 'anonymous');
        await accountNav(vp).getByRole('link', { name: 'Увійти' }).waitFor();
        await ourPage(vp, 'contest with results (anonymous)');
        await vp.getByRole('link', { name: 'Результати', exact: true }).click();
        await vp.getByRole('heading', { level: 1, name: 'Результати голосування' }).waitFor();
        await vp.getByText(/^Бюлетенів зараховано: 4 \(/).waitFor();
        for (const ch of ['онлайн: 2', 'термінал: 1', 'паперовий бюлетень: 1']) await vp.getByText(new RegExp(`Бюлетенів зараховано: 4 \\(.*${ch}`)).waitFor();
        const results = vp.locator('section').filter({ has: vp.getByRole('heading', { level: 2, name: `A. ${CATEGORY}` }) });
        const projectRow = results.getByRole('row').filter({ has: vp.getByRole('link', { name: `A-001 ${TITLE}` }) });
        await projectRow.getByRole('cell', { name: '4', exact: true }).waitFor();
        await projectRow.getByText('Профінансовано', { exact: true }).waitFor();
        assert.equal(await vp.getByText('Попередні результати').count(), 0, 'published, not preliminary');
        await ourPage(vp, 'results (anonymous)');
      });
    } finally {
      await Promise.all([mod.context.close(), author.context.close(), voter.context.close(), visitor.context.close()]);
    }
  });
});
