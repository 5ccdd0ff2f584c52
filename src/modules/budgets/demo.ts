/**
 * Demo contests: Lviv votes now (dozens of projects, thousands of ballots from every channel, a paper
 * import, duplicates); Bila Tserkva has finished, with results published and implementation under way.
 * Ballots are inserted set-based with generate_series, not one by one. Runs only where a community has
 * no contest yet.
 */
import { sql } from 'kysely';
import type { CoreContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/transaction.js';
import { demoResidentKeySql, ensureDemoResidents } from '../../core/demo/residents.js';
import type { Db } from '../../core/db/database.js';
import { computeCost } from './rules.js';
import type { ContestInput } from './service/contests.js';
import type { CostItem } from './tables.js';
import { tables } from './tables.js';
import { demoPhoto } from './photos.js';
import { OWNER } from './access.js';

const DAY = 86_400_000;

// A handful of pictures reused across projects: decoding and re-encoding is the slow part of the demo.
const photoCache = new Map<number, ReturnType<typeof demoPhoto>>();
function photo(seed: number): ReturnType<typeof demoPhoto> {
  const k = seed % 4;
  if (!photoCache.has(k)) photoCache.set(k, demoPhoto(k + 1));
  return photoCache.get(k)!;
}

interface DemoCategory {
  code: string;
  name: string;
  budget: number;
  min: number;
  max: number;
  projects: [title: string, uah: number][];
}

const LVIV: DemoCategory[] = [
  {
    code: 'A',
    name: 'Малі проєкти',
    budget: 3_000_000_00,
    min: 50_000_00,
    max: 500_000_00,
    projects: [
      ['Лавки й тінь у сквері на вулиці Зеленій', 180_000],
      ['Велопарковки біля трьох шкіл Сихова', 95_000],
      ['Інклюзивний дитячий майданчик на Левандівці', 470_000],
      ['Бібліотека під відкритим небом у парку Погулянка', 120_000],
      ['Пандуси до поліклініки № 3', 240_000],
      ['Освітлення стежки до зупинки «Вулецька»', 310_000],
      ['Питні фонтанчики в Стрийському парку', 160_000],
      ['Мурал про історію Підзамча', 85_000],
      ['Сенсорний сад для дітей з аутизмом', 390_000],
      ['Спортивні тренажери на Майорівці', 260_000],
      ['Укриття для безпритульних тварин на Рясному', 330_000],
      ['Лабораторія робототехніки в гімназії «Престиж»', 450_000],
      ['Кіноклуб під зорями на Личакові', 70_000],
      ['Клумби з багаторічників на проспекті Червоної Калини', 110_000],
    ],
  },
  {
    code: 'B',
    name: 'Великі проєкти',
    budget: 12_000_000_00,
    min: 500_000_00,
    max: 4_000_000_00,
    projects: [
      ['Реконструкція стадіону школи № 87', 3_600_000],
      ['Безбарʼєрний перехід через вулицю Городоцьку', 2_100_000],
      ['Скейт-парк на Сихові', 2_900_000],
      ['Енергонезалежна амбулаторія на Рясному', 3_950_000],
      ['Громадський простір у колишньому кінотеатрі «Мир»', 3_400_000],
      ['Велодоріжка вздовж Полтви', 3_800_000],
      ['Оновлення басейну ліцею № 4', 1_750_000],
      ['Сонячні панелі на даху дитсадка № 112', 1_200_000],
      ['Сквер памʼяті захисників на Левандівці', 2_450_000],
      ['Модернізація укриття гімназії № 35', 980_000],
      ['Памптрек у парку Залізна вода', 1_600_000],
      ['Дитяча бібліотека-коворкінг на Франківському', 2_250_000],
    ],
  },
  {
    code: 'C',
    name: 'Освіта й молодь',
    budget: 4_000_000_00,
    min: 100_000_00,
    max: 1_500_000_00,
    projects: [
      ['STEM-клас у ліцеї № 28', 890_000],
      ['Студія звукозапису для підлітків', 420_000],
      ['Мовні клуби для внутрішньо переміщених дітей', 260_000],
      ['Шкільна теплиця на Сихові', 340_000],
      ['Оновлення спортзалу гімназії № 61', 1_450_000],
      ['Літній табір цифрових навичок', 510_000],
      ['Майстерня ремесел для молоді', 670_000],
      ['Тренажерний зал у коледжі', 720_000],
      ['Психологічна підтримка в школах', 300_000],
      ['Бібліотечний фонд сучасної української літератури', 150_000],
    ],
  },
];

const BC: DemoCategory[] = [
  {
    code: 'A',
    name: 'Малі проєкти',
    budget: 1_500_000_00,
    min: 30_000_00,
    max: 400_000_00,
    projects: [
      ['Сквер біля ставка на Заріччі', 350_000],
      ['Тренажери в парку «Олександрія»', 220_000],
      ['Освітлення алеї на Гаю', 280_000],
      ['Дитячий майданчик на вулиці Леваневського', 390_000],
      ['Велостоянки в центрі', 60_000],
      ['Бібліотека-буккросинг на автовокзалі', 45_000],
    ],
  },
  {
    code: 'B',
    name: 'Великі проєкти',
    budget: 5_000_000_00,
    min: 400_000_00,
    max: 2_500_000_00,
    projects: [
      ['Стадіон школи № 12', 2_400_000],
      ['Памптрек на Піщаному', 1_300_000],
      ['Інклюзивний центр для дітей', 2_200_000],
      ['Зелений дах ЦНАП', 900_000],
      ['Реконструкція басейну «Дельфін»', 2_500_000],
      ['Амфітеатр на острові', 1_700_000],
    ],
  },
];

const LAST = ['Шевченко', 'Бойко', 'Коваль', 'Олійник', 'Ткачук', 'Романенко', 'Кравець', 'Мазур', 'Гуменюк', 'Ярошенко', 'Павленко', 'Сидоренко'];
const FIRST = ['Олександр', 'Марія', 'Іван', 'Ганна', 'Петро', 'Оксана', 'Дмитро', 'Юлія', 'Андрій', 'Наталія'];

function items(uah: number): { items: CostItem[]; bp: number } {
  // Two lines and 5% contingency that add up exactly to the advertised total.
  const total = uah * 100;
  const base = Math.round(total / 1.05);
  const works = Math.round(base * 0.6);
  const goods = base - works;
  const cost = computeCost(
    [
      { item: 'Роботи з облаштування', qtyMilli: 1000, unitPrice: works },
      { item: 'Матеріали й обладнання', qtyMilli: 1000, unitPrice: goods },
    ],
    500,
  );
  return { items: cost.items, bp: 500 };
}

function contestInput(
  title: string,
  budget: number,
  now: Date,
  offsets: { submission: number; voting: number; results: number; impl: number },
  rule: ContestInput['winnerRule'],
): ContestInput {
  const at = (d: number) => new Date(now.getTime() + d * DAY);
  return {
    title,
    description: 'Мешканці пропонують, громада обирає, рада фінансує. Демонстраційний конкурс із вигаданими даними.',
    totalBudget: budget,
    dates: {
      submissionFrom: at(offsets.submission),
      submissionTo: at(offsets.submission + 20),
      supportTo: null,
      reviewTo: at(offsets.voting - 1),
      votingFrom: at(offsets.voting),
      votingTo: at(offsets.voting + 20),
      resultsFrom: at(offsets.results),
      implementationFrom: at(offsets.impl),
    },
    supportersNeeded: 0,
    eligibility: { allowEmail: false, residentsOnly: true, minAge: 16 },
    ballot: { mode: 'approval', maxPerCategory: 3, maxTotal: null },
    winnerRule: rule,
    minVotes: 0,
    publicCounts: true,
    published: true,
  };
}

async function seedContest(
  ctx: CoreContext,
  trx: Db,
  a: { communityId: number; slug: string; input: ContestInput; categories: DemoCategory[]; ballots: number; finished: boolean; now: Date },
): Promise<void> {
  const i = a.input;
  const contest = await tables(trx)
    .insertInto('budget_contests')
    .values({
      community_id: a.communityId,
      owner: OWNER,
      title: i.title,
      description: i.description,
      total_budget: i.totalBudget,
      submission_from: i.dates.submissionFrom,
      submission_to: i.dates.submissionTo,
      support_to: null,
      supporters_needed: 0,
      review_to: i.dates.reviewTo,
      voting_from: i.dates.votingFrom,
      voting_to: i.dates.votingTo,
      results_from: i.dates.resultsFrom,
      implementation_from: i.dates.implementationFrom,
      allow_email: false,
      residents_only: true,
      min_age: 16,
      ballot_mode: 'approval',
      max_per_category: 3,
      max_total: null,
      winner_rule: i.winnerRule,
      min_votes: 0,
      public_counts: true,
      published: true,
      results_published_at: a.finished ? i.dates.resultsFrom : null,
      created_at: i.dates.submissionFrom,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  let n = 0;
  for (const [pos, cat] of a.categories.entries()) {
    const k = await tables(trx)
      .insertInto('budget_categories')
      .values({
        community_id: a.communityId,
        contest_id: contest.id,
        code: cat.code,
        name: cat.name,
        budget: cat.budget,
        min_cost: cat.min,
        max_cost: cat.max,
        position: pos,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [j, [title, uah]] of cat.projects.entries()) {
      n++;
      const submitted = new Date(i.dates.submissionFrom.getTime() + ((n * 37) % 19) * DAY + n * 60_000);
      const { items: it, bp } = items(uah);
      const rejected = j === cat.projects.length - 1 && cat.code === 'A' && !a.finished;
      const p = await tables(trx)
        .insertInto('budget_projects')
        .values({
          community_id: a.communityId,
          contest_id: contest.id,
          category_id: k.id,
          code: rejected ? null : `${cat.code}-${String(j + 1).padStart(3, '0')}`,
          title,
          problem: `Мешканці давно скаржаться: ${title.toLowerCase()} — потреба, яку громада не може закрити з поточного бюджету.`,
          solution: `Пропонуємо: ${title.toLowerCase()}. Роботи виконає підрядник за відкритими торгами в Prozorro, а мешканці долучаться до контролю якості.`,
          location: `${a.slug === 'lviv' ? 'м. Львів' : 'м. Біла Церква'}, за адресою в описі`,
          lat: null,
          lng: null,
          beneficiaries: 'Мешканці прилеглих кварталів, діти й люди похилого віку',
          cost_items: JSON.stringify(it),
          contingency_bp: bp,
          cost: uah * 100,
          cost_note: null,
          status: rejected ? 'rejected' : 'admitted',
          review_note: rejected ? 'Обʼєкт не належить до комунальної власності громади.' : null,
          author_user_id: null,
          author_name: `${LAST[n % LAST.length]} ${FIRST[(n * 3) % FIRST.length]}`,
          author_email: `author.${a.slug}.${n}@demo.viche.example`,
          author_phone: null,
          on_paper: n % 9 === 0,
          submitted_at: submitted,
          impl_status: 'waiting',
          created_at: submitted,
          updated_at: submitted,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tables(trx)
        .insertInto('budget_project_history')
        .values([
          { community_id: a.communityId, project_id: p.id, status: 'review', note: null, actor_user_id: null, at: submitted },
          {
            community_id: a.communityId,
            project_id: p.id,
            status: rejected ? 'rejected' : 'admitted',
            note: rejected ? 'Обʼєкт не належить до комунальної власності громади.' : null,
            actor_user_id: null,
            at: i.dates.reviewTo,
          },
        ])
        .execute();
      if (j < 2) {
        const ph = await photo(n + a.communityId * 13);
        await tables(trx)
          .insertInto('budget_photos')
          .values({ community_id: a.communityId, project_id: p.id, update_id: null, width: ph.width, height: ph.height, data: ph.data, thumb: ph.thumb })
          .execute();
      }
    }
  }
  // A terminal and a chat-bot of the community, and one confirmed paper import.
  const channel = async (name: string, kind: 'terminal' | 'chatbot') =>
    (
      await tables(trx)
        .insertInto('budget_channels')
        .values({
          community_id: a.communityId,
          name,
          kind,
          key_hash: `demo-no-key:${a.slug}:${contest.id}:${kind}`,
          key_prefix: '00000000',
          created_by: null,
          created_at: i.dates.votingFrom,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const terminal = await channel('Термінал у ЦНАП (демо)', 'terminal');
  const bot = await channel('Чат-бот у Viber (демо)', 'chatbot');
  const imp = await tables(trx)
    .insertInto('budget_imports')
    .values({
      community_id: a.communityId,
      contest_id: contest.id,
      status: 'confirmed',
      filename: 'dilnytsi-1-5.xlsx',
      file_sha256: 'demo',
      rows: '[]',
      summary: JSON.stringify({ rows: 0, ok: 0, errors: 0, duplicates: 0, counted: 0 }),
      created_by: null,
      created_at: i.dates.votingTo,
      confirmed_at: i.dates.votingTo,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const N = a.ballots;
  const span = Math.max(1, Math.min(a.now.getTime() - 60_000, i.dates.votingTo.getTime()) - i.dates.votingFrom.getTime());
  // Voter g is the community's demo resident g − 1, who has an account (and may have signed its petitions).
  await ensureDemoResidents(trx, { id: a.communityId, slug: a.slug }, N, a.now);
  // Channel mix: 60% online, 15% terminals, 10% chat-bots, 15% paper.
  await sql`
    insert into budget_ballots (community_id, contest_id, voter_key, channel, channel_id, import_id, paper_number, receipt, age, cast_at)
    select ${a.communityId}::int, ${contest.id}::int, ${demoResidentKeySql(a.slug, sql`g - 1`)},
      case when g % 20 < 12 then 'web' when g % 20 < 15 then 'terminal' when g % 20 < 17 then 'chatbot' else 'paper' end,
      case when g % 20 between 12 and 14 then ${terminal}::int when g % 20 between 15 and 16 then ${bot}::int else null end,
      case when g % 20 >= 17 then ${imp.id}::int else null end,
      case when g % 20 >= 17 then lpad(g::text, 6, '0') else null end,
      ${contest.id}::text || '-DEMO-' || lpad(g::text, 6, '0'),
      16 + (g * 7919) % 64,
      ${i.dates.votingFrom}::timestamptz + ((${span}::bigint * g) / ${N}::bigint) * interval '1 millisecond'
    from generate_series(1, ${N}::int) as g`.execute(trx);
  // Each ballot picks 1–3 projects per category, skewed (squared uniform) so some projects are far more popular.
  await sql`
    with cats as (
      select category_id, array_agg(id order by (id * 7) % 11, id) as ids, count(*)::int as n
      from budget_projects where contest_id = ${contest.id}::int and status = 'admitted' group by category_id
    )
    insert into budget_ballot_choices (ballot_id, community_id, contest_id, category_id, project_id)
    select b.id, ${a.communityId}::int, ${contest.id}::int, cats.category_id,
      cats.ids[1 + floor(cats.n * power((hashtext(b.id::text || ':' || j::text || ':' || cats.category_id::text) & 65535) / 65536.0, 2))::int]
    from budget_ballots b cross join cats cross join lateral generate_series(1, 1 + b.id % 3) as j
    where b.contest_id = ${contest.id}::int
    on conflict do nothing`.execute(trx);
  // Some people tried again from another channel: kept as rejected duplicates.
  await sql`
    insert into budget_ballot_rejects (community_id, contest_id, voter_key, reason, channel, channel_id, project_ids, first_channel, first_cast_at, age, cast_at, recorded_at)
    select b.community_id, b.contest_id, b.voter_key, 'duplicate', case when b.channel = 'web' then 'terminal' else 'web' end,
      case when b.channel = 'web' then ${terminal}::int else null end, '{}'::int[], b.channel, b.cast_at, b.age, b.cast_at + interval '2 hours', b.cast_at + interval '2 hours'
    from budget_ballots b where b.contest_id = ${contest.id}::int and b.id % 97 = 0`.execute(trx);
  const paper = await tables(trx)
    .selectFrom('budget_ballots')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('import_id', '=', imp.id)
    .executeTakeFirstOrThrow();
  await tables(trx)
    .updateTable('budget_imports')
    .set({ summary: JSON.stringify({ rows: paper.n, ok: paper.n, errors: 0, duplicates: 0, counted: paper.n }) })
    .where('id', '=', imp.id)
    .execute();

  if (a.finished) {
    // Implementation under way: the most-voted projects get statuses, updates and money spent.
    const top = await sql<{ project_id: number }>`
      select project_id from budget_ballot_choices where contest_id = ${contest.id} group by project_id order by count(*) desc limit 6`.execute(trx);
    const steps: { status: 'waiting' | 'in_progress' | 'done' | 'not_done'; body: string; share: number }[] = [
      { status: 'done', body: 'Роботи завершено, обʼєкт відкрито для мешканців.', share: 0.97 },
      { status: 'in_progress', body: 'Укладено договір за результатами торгів у Prozorro; підрядник почав роботи.', share: 0.4 },
      { status: 'in_progress', body: 'Виготовлено проєктно-кошторисну документацію.', share: 0.08 },
      { status: 'not_done', body: 'Торги двічі не відбулися: жодної пропозиції в межах кошторису.', share: 0 },
      { status: 'waiting', body: 'Очікує фінансування в другому кварталі.', share: 0 },
      { status: 'done', body: 'Обладнання встановлено й прийнято комісією за участі автора.', share: 1 },
    ];
    for (const [k, row] of top.rows.entries()) {
      const s = steps[k % steps.length]!;
      const x = await tables(trx).selectFrom('budget_projects').select(['cost']).where('id', '=', row.project_id).executeTakeFirstOrThrow();
      const spent = Math.round(Number(x.cost) * s.share);
      const upd = await tables(trx)
        .insertInto('budget_impl_updates')
        .values({
          community_id: a.communityId,
          project_id: row.project_id,
          status: s.status,
          body: s.body,
          spent,
          author_user_id: null,
          at: new Date(i.dates.implementationFrom.getTime() + (k + 1) * 9 * DAY),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tables(trx)
        .updateTable('budget_projects')
        .set({ impl_status: s.status, impl_reason: s.status === 'not_done' ? 'Торги не відбулися; проєкт перенесено на наступний рік.' : null })
        .where('id', '=', row.project_id)
        .execute();
      if (s.status === 'done') {
        const ph = await photo(row.project_id * 3);
        await tables(trx)
          .insertInto('budget_photos')
          .values({
            community_id: a.communityId,
            project_id: row.project_id,
            update_id: upd.id,
            width: ph.width,
            height: ph.height,
            data: ph.data,
            thumb: ph.thumb,
          })
          .execute();
      }
    }
  }
}

export async function seedBudgets(ctx: CoreContext): Promise<void> {
  const now = ctx.clock.now();
  const plan = [
    {
      slug: 'lviv',
      title: `Громадський бюджет Львова ${new Date(now.getTime() + 200 * DAY).getUTCFullYear()}`,
      cats: LVIV,
      ballots: 2400,
      finished: false,
      offsets: { submission: -70, voting: -10, results: 12, impl: 40 },
      rule: 'greedy' as const,
    },
    {
      slug: 'bila-tserkva',
      title: `Громадський бюджет Білої Церкви ${new Date(now.getTime() - 200 * DAY).getUTCFullYear()}`,
      cats: BC,
      ballots: 900,
      finished: true,
      offsets: { submission: -260, voting: -210, results: -185, impl: -180 },
      rule: 'mes' as const,
    },
  ];
  for (const d of plan) {
    const c = await ctx.db.selectFrom('communities').select(['id', 'slug']).where('slug', '=', d.slug).executeTakeFirst();
    if (!c) continue;
    const existing = await tables(ctx.db)
      .selectFrom('budget_contests')
      .select('id')
      .where('community_id', '=', c.id)
      .where('owner', '=', OWNER)
      .limit(1)
      .executeTakeFirst();
    if (existing) continue;
    const total = d.cats.reduce((s, k) => s + k.budget, 0);
    await inTransaction(ctx.db, (trx) =>
      seedContest(ctx, trx, {
        communityId: c.id,
        slug: c.slug,
        input: contestInput(d.title, total, now, d.offsets, d.rule),
        categories: d.cats,
        ballots: d.ballots,
        finished: d.finished,
        now,
      }),
    );
  }
}
