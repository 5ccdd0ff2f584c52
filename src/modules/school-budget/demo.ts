/**
 * Demo schools in Lviv: Ліцей № 1 votes now (its moderator is Дмитренко Марія Сергіївна), school № 45 has
 * finished with results published, Гімназія № 8 is collecting projects. Each has its projects; the first
 * two have printed code sheets, some codes used. Runs once per school: a school already there is left as it is.
 */
import { randomBytes } from 'node:crypto';
import type { CoreContext } from '../../core/context.js';
import { addDaysToLocalDate, kyivDateOf, startOfKyivDay } from '../../core/calendar/index.js';
import { inTransaction } from '../../core/db/transaction.js';
import { addPhotos, castBallot, findContest, findProject, publishResults, reviewProject, saveProject, demoPhoto } from '../budgets/index.js';
import { deriveCode, hashCode } from './rules.js';
import { findBatch, findSchool, schoolCategory, takeCode, type School, type SchoolInput } from './repository.js';
import { hourOf, createBatch, createSchool, createSchoolContest, setAuthorClass } from './service.js';
import type { SchoolKind } from './tables.js';

interface DemoProject {
  title: string;
  cls: string;
  description: string;
  items: [item: string, qty: number, uah: number][];
  draft?: boolean;
}

interface DemoSchool {
  slug: string;
  name: string;
  kind: SchoolKind;
  address: string;
  students: number;
  grades: [number, number];
  /** Days from today (Kyiv) of: collection start, collection end (last day), voting start, voting end (last day), results. */
  days: [number, number, number, number, number];
  budget: number;
  maxChoices: number;
  projects: DemoProject[];
  /** Code sheets: class (or null for the whole school), size, how many of its codes have voted. */
  sheets: [cls: string | null, size: number, used: number][];
  publish: boolean;
}

const SCHOOLS: DemoSchool[] = [
  {
    slug: 'lyceum-1',
    name: 'Ліцей № 1 Львівської міської ради',
    kind: 'lyceum',
    address: 'вул. Шкільна, 4, м. Львів',
    students: 820,
    grades: [5, 11],
    days: [-30, -16, -3, 7, 8],
    budget: 60_000,
    maxChoices: 2,
    projects: [
      {
        title: 'Зелений клас у шкільному дворі',
        cls: '7-А',
        description: 'Лавки, навіс і дошка просто неба: уроки біології й літератури в теплі дні, а на перервах — місце, де можна посидіти в тіні.',
        items: [
          ['Навіс із полікарбонату', 1, 21_000],
          ['Лавки дерев’яні', 6, 2_000],
          ['Дошка для крейди, вулична', 1, 5_000],
        ],
      },
      {
        title: 'Теніс для всіх: два столи на перерві',
        cls: '9-Б',
        description: 'Два вуличні тенісні столи з сітками й набором ракеток, які видають у бібліотеці під учнівський квиток.',
        items: [
          ['Стіл для настільного тенісу, вуличний', 2, 7_500],
          ['Ракетки й м’ячі', 1, 1_500],
        ],
      },
      {
        title: 'Шкільне радіо на перервах',
        cls: '10-А',
        description: 'Мікшерний пульт, мікрофони й колонки в коридорах: учні ведуть новини школи й ставлять музику на великій перерві.',
        items: [
          ['Мікшерний пульт', 1, 9_000],
          ['Мікрофони', 2, 2_500],
          ['Колонки настінні', 4, 2_500],
        ],
      },
      {
        title: 'Поличка обміну книжками в холі',
        cls: '6-В',
        description: 'Відкрита книжкова шафа в холі: принеси книжку — візьми книжку. Перші сто книжок купуємо за кошти проєкту.',
        items: [
          ['Книжкова шафа', 1, 2_300],
          ['Книжки (перший фонд)', 50, 50],
        ],
      },
    ],
    sheets: [
      ['7-А', 30, 22],
      ['9-Б', 28, 15],
      ['10-А', 25, 9],
      [null, 40, 0],
    ],
    publish: false,
  },
  {
    slug: 'school-45',
    name: 'Середня загальноосвітня школа № 45',
    kind: 'school',
    address: 'вул. Сихівська, 8, м. Львів',
    students: 640,
    grades: [1, 11],
    days: [-120, -101, -90, -81, -80],
    budget: 40_000,
    maxChoices: 2,
    projects: [
      {
        title: 'Фонтанчик з питною водою біля спортзалу',
        cls: '8-Б',
        description: 'Питний фонтанчик із фільтром біля спортзалу, щоб після фізкультури не бігати на другий поверх.',
        items: [
          ['Питний фонтанчик із фільтром', 1, 14_000],
          ['Монтаж і підключення', 1, 4_000],
        ],
      },
      {
        title: 'Настільні ігри для групи подовженого дня',
        cls: '4-А',
        description: 'Двадцять настільних ігор для молодших класів, шафа для них і правила, надруковані великими літерами.',
        items: [
          ['Настільні ігри', 20, 450],
          ['Шафа', 1, 3_000],
        ],
      },
      {
        title: 'Велопарковка на 20 місць',
        cls: '9-А',
        description: 'Велопарковка під навісом біля входу, щоб велосипеди не стояли під дощем і біля паркану.',
        items: [
          ['Велопарковка на 20 місць', 1, 9_500],
          ['Навіс', 1, 8_500],
        ],
      },
      {
        title: 'Куточок тиші в бібліотеці',
        cls: '11-Б',
        description: 'Килим, м’які пуфи й лампи в бібліотеці: місце, де можна почитати чи відпочити на перерві в тиші.',
        items: [
          ['Пуфи', 6, 1_200],
          ['Килим', 1, 3_500],
          ['Лампи', 3, 800],
        ],
      },
    ],
    sheets: [
      ['8-Б', 32, 27],
      [null, 30, 21],
    ],
    publish: true,
  },
  {
    slug: 'gymnasium-8',
    name: 'Гімназія № 8',
    kind: 'gymnasium',
    address: 'вул. Городоцька, 120, м. Львів',
    students: 410,
    grades: [5, 9],
    days: [-5, 10, 15, 21, 22],
    budget: 35_000,
    maxChoices: 1,
    projects: [
      {
        title: 'Шахи в рекреації другого поверху',
        cls: '6-А',
        description: 'Два шахові столики з вбудованими дошками й годинниками для турнірів на великій перерві.',
        items: [
          ['Шаховий столик', 2, 4_000],
          ['Шахові годинники', 2, 900],
        ],
      },
      {
        title: 'Лабораторія юних хіміків',
        cls: '8-В',
        description: 'Набори для безпечних дослідів і витяжна шафа для кабінету хімії.',
        items: [['Набір для дослідів', 10, 1_100]],
        draft: true,
      },
    ],
    sheets: [],
    publish: false,
  },
];

const day = (now: Date, n: number) => startOfKyivDay(addDaysToLocalDate(kyivDateOf(now), n));

/** Deterministic, uneven choices, so the demo is the same on every machine and its results tell a story. */
const FIRST_CHOICE = [0, 0, 0, 1, 1, 2, 3];
const SECOND_CHOICE = [1, 2, 1, 3, 2];
function pick(i: number, n: number, max: number): number[] {
  const first = FIRST_CHOICE[i % FIRST_CHOICE.length]! % n;
  const second = SECOND_CHOICE[i % SECOND_CHOICE.length]! % n;
  return max > 1 && i % 3 !== 0 && second !== first ? [first, second] : [first];
}

async function seedSchool(ctx: CoreContext, communityId: number, d: DemoSchool): Promise<void> {
  const now = ctx.clock.now();
  const input: SchoolInput = { name: d.name, kind: d.kind, address: d.address, students: d.students, gradeFrom: d.grades[0], gradeTo: d.grades[1] };
  await inTransaction(ctx.db, async (trx) => {
    const schoolId = await createSchool(trx, { communityId, slug: d.slug, input, actorUserId: null, now: day(now, d.days[0] - 10) });
    const school: School = { id: schoolId, communityId, slug: d.slug, ...input };
    const [collectFrom, collectLast, voteFrom, voteLast, results] = d.days;
    const contestId = await createSchoolContest(trx, {
      school,
      grades: { from: Math.max(d.grades[0], 5), to: d.grades[1] },
      actorUserId: null,
      now: day(now, collectFrom - 1),
      input: {
        title: `Шкільний бюджет: ${d.name}`,
        description: 'Учні пропонують, як покращити свою школу, і голосують кодами з аркуша. Демонстраційний конкурс із вигаданими даними.',
        totalBudget: d.budget * 100,
        dates: {
          submissionFrom: day(now, collectFrom),
          submissionTo: day(now, collectLast + 1),
          supportTo: null,
          reviewTo: day(now, voteFrom),
          votingFrom: day(now, voteFrom),
          votingTo: day(now, voteLast + 1),
          resultsFrom: day(now, results),
          implementationFrom: day(now, results),
        },
        supportersNeeded: 0,
        eligibility: { allowEmail: false, residentsOnly: false, minAge: null },
        ballot: { mode: 'approval', maxPerCategory: null, maxTotal: d.maxChoices },
        winnerRule: 'greedy',
        minVotes: 0,
        publicCounts: false,
        published: true,
      },
    });
    const contest = (await findContest(trx, contestId))!;
    const category = (await schoolCategory(trx, contest))!;
    const admitted: number[] = [];
    for (const [i, x] of d.projects.entries()) {
      const items = x.items.map(([item, qty, price]) => ({ item, qtyMilli: qty * 1000, unitPrice: price * 100 }));
      const at = day(now, collectFrom + 1 + i);
      const pid = await saveProject(trx, {
        contest,
        projectId: null,
        input: {
          categoryId: category.id,
          title: x.title,
          problem: '',
          solution: x.description,
          location: d.address,
          lat: null,
          lng: null,
          beneficiaries: '',
          items,
          contingencyBp: 0,
          authorEmail: null,
          authorPhone: null,
        },
        author: { userId: null, name: x.cls },
        onPaper: true,
        submit: !x.draft,
        actorUserId: null,
        now: at,
      });
      await setAuthorClass(trx, { projectId: pid, school, authorClass: x.cls });
      const project = (await findProject(trx, pid))!;
      if (i < 2) await addPhotos(trx, { project, updateId: null, photos: [await demoPhoto(i + d.slug.length)], now: at });
      if (!x.draft) {
        await reviewProject(trx, { project, category, decision: 'admitted', note: null, correctedCost: null, costNote: null, actorUserId: null, now: at });
        admitted.push(pid);
      }
    }
    let voter = 0;
    for (const [cls, size, used] of d.sheets) {
      const batchId = await createBatch(trx, {
        secretKey: ctx.config.secretKey,
        school,
        contest,
        classLabel: cls,
        size,
        actorUserId: null,
        now: day(now, voteFrom - 2),
      });
      const batch = (await findBatch(trx, contest.id, batchId))!;
      for (let i = 0; i < used; i++, voter++) {
        // Votes spread over the voting days, kept to the hour as real ones are.
        const span = Math.max(1, Math.min(voteLast, 0) - voteFrom + 1);
        const planned = new Date(day(now, voteFrom + (voter % span)).getTime() + (9 + (voter % 6)) * 3_600_000);
        const at = hourOf(planned.getTime() < now.getTime() ? planned : now);
        const hash = hashCode(ctx.config.secretKey, deriveCode(ctx.config.secretKey, batch.seed, i));
        await takeCode(trx, { hash, contestId: contest.id, at });
        const choices = pick(voter, admitted.length, d.maxChoices).map((k) => ({ projectId: admitted[k]!, categoryId: category.id }));
        await castBallot(ctx, trx, { contest, voterKey: `code:${randomBytes(16).toString('hex')}`, channel: 'code', age: null, choices, now: at });
      }
    }
    if (d.publish) await publishResults(trx, { contest, actorUserId: null, now: day(now, results) });
  });
}

export async function seedSchoolBudget(ctx: CoreContext): Promise<void> {
  const c = await ctx.db.selectFrom('communities').select(['id', 'enabled_tools']).where('slug', '=', 'lviv').executeTakeFirst();
  if (!c || !c.enabled_tools.includes('school-budget')) return;
  for (const d of SCHOOLS) {
    if (await findSchool(ctx.db, c.id, d.slug)) continue;
    await seedSchool(ctx, c.id, d);
  }
}
