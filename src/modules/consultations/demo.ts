/**
 * Demo data: in every demo community each kind in each state (scheduled, in progress, ended, plus a
 * draft), including e-DEM's own examples. Inserted only when the community has no consultations yet.
 */
import type { CoreContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/transaction.js';
import { demoResidentKey, ensureDemoResidents } from '../../core/demo/residents.js';
import type { Db } from '../../core/db/database.js';
import { addDaysToLocalDate, endOfKyivDay, kyivDateOf, startOfKyivDay } from '../../core/calendar/index.js';
import { splitAct } from './rules/act-splitter.js';
import {
  insertComment,
  insertItem,
  insertQuestion,
  insertResponses,
  listQuestions,
  listSections,
  replaceSections,
  setDecision,
  setItem,
  insertStances,
  insertSupports,
  type ItemFields,
} from './repository.js';
import type { Answer, PollQuestion, QuestionDraft } from './rules/poll.js';

const NAMES = [
  'Олена Коваль',
  'Андрій Мельник',
  'Ірина Бондаренко',
  'Василь Ткачук',
  'Наталія Шевченко',
  'Богдан Кравець',
  'Оксана Лисенко',
  'Тарас Гуменюк',
  'Марія Савчук',
  'Юрій Поліщук',
  'Галина Руденко',
  'Степан Марченко',
];

const EDEM_CONCEPT = `# Проєкт Концепції Е-дем

Концепція визначає засади розвитку електронної демократії в громаді на найближчі три роки.

## 1. Загальні положення
Електронна демократія — це форма участі мешканців в ухваленні рішень за допомогою цифрових інструментів: петицій, консультацій, громадського бюджету.

## 2. Мета і завдання
Мета — зробити участь простою, відкритою й доступною кожному мешканцю, незалежно від віку й місця проживання.
Завдання: запровадити онлайн-консультації, щорічний громадський бюджет, відкриті дані про рішення ради.

## 3. Інструменти участі
Громада використовує місцеві петиції, консультації з громадськістю, громадський і шкільний бюджети, систему «Відкрите місто».

## 4. Доступність і цифрова грамотність
Усі сервіси працюють з телефона й без JavaScript; у бібліотеках і ЦНАПах діють пункти допомоги; раз на квартал — навчання для старших мешканців.

## 5. Відкриті дані
Результати голосувань, консультацій і звернень публікуються у форматі відкритих даних щонайменше раз на місяць.

## 6. Моніторинг і звітність
Виконавчий комітет щороку звітує про стан електронної демократії; звіт обговорюється публічно.`;

const RULES_ACT = `Розділ I. Загальні положення
Стаття 1. Сфера дії
Ці правила визначають порядок утримання зелених насаджень на території громади.
Стаття 2. Терміни
Зелені насадження — дерева, кущі, газони й квітники природного та штучного походження.
Розділ II. Обовʼязки
Стаття 3. Обовʼязки власників
Власники й користувачі земельних ділянок доглядають зелені насадження на прилеглій території.
Стаття 4. Видалення дерев
Видалення дерев можливе лише за актом обстеження й після оприлюднення на сайті громади.`;

const COMMENT_POOL = [
  'Підтримую цей розділ, але варто додати конкретні строки виконання.',
  'Пропоную доповнити пунктом про щорічний звіт перед мешканцями.',
  'Незрозуміло, хто саме відповідає за виконання. Потрібно назвати виконавця.',
  'Варто передбачити кошти в бюджеті, інакше це лишиться на папері.',
  'Добре сформульовано. Дякую за можливість обговорити.',
  'Прошу врахувати потреби людей з інвалідністю та старших мешканців.',
  'Потрібно чітко визначити, як рахуються голоси, щоб не було маніпуляцій.',
  'Пропоную проводити офлайн-зустрічі в старостинських округах.',
  'Цей пункт дублює чинне положення, його можна прибрати.',
  'Треба додати механізм зворотного звʼязку: мешканець має отримати відповідь.',
  'Чи буде це працювати в селах без стабільного інтернету?',
  'Підтримую. Особливо важливі відкриті дані у машиночитному форматі.',
];

/** Second sentences: a consultation with more comments than the pool still shows no comment twice. */
const FOLLOW_UPS = [
  'Прошу відповісти до кінця консультації.',
  'Готовий допомогти з підготовкою пропозицій.',
  'Це питання обговорювали й на зборах мешканців.',
  'Таку практику вже має сусідня громада.',
];

function commentBody(i: number): string {
  const remark = COMMENT_POOL[(i * 5) % COMMENT_POOL.length]!;
  const round = Math.floor(i / COMMENT_POOL.length);
  return round === 0 ? remark : `${remark} ${FOLLOW_UPS[(round - 1) % FOLLOW_UPS.length]!}`;
}

function fields(
  now: Date,
  kind: ItemFields['kind'],
  title: string,
  description: string,
  category: string,
  from: number,
  to: number,
  extra: Partial<ItemFields> = {},
): ItemFields {
  const today = kyivDateOf(now);
  return {
    kind,
    title,
    description,
    category,
    startsAt: startOfKyivDay(addDaysToLocalDate(today, from)),
    endsAt: endOfKyivDay(addDaysToLocalDate(today, to)),
    resultsVisibility: 'during',
    allowEmail: true,
    emailCounts: true,
    residentsOnly: false,
    minAge: null,
    ...extra,
  };
}

const q = (d: Partial<QuestionDraft> & Pick<QuestionDraft, 'type' | 'text' | 'options'>): QuestionDraft => ({
  minChoices: null,
  maxChoices: null,
  rankTop: null,
  scaleMin: null,
  scaleMax: null,
  pointsTotal: null,
  allowOther: false,
  ...d,
});

/** A plausible answer by demo person n, deterministic so the demo looks the same on every start. */
function demoAnswer(question: PollQuestion, n: number): Answer {
  const ids = question.options.map((o) => o.id);
  const pick = (k: number) => ids[(n * 7 + k * 3 + question.id) % ids.length]!;
  switch (question.type) {
    case 'single':
      return question.allowOther && n % 9 === 4
        ? { type: 'single', optionId: null, other: 'Інший варіант мешканця' }
        : { type: 'single', optionId: pick(n % 2), other: null };
    case 'multiple': {
      const max = Math.min(question.maxChoices ?? ids.length, ids.length);
      const min = Math.max(1, question.minChoices ?? 1);
      const count = min + (n % (max - min + 1));
      const chosen = [...new Set(Array.from({ length: ids.length }, (_, k) => ids[(n + k * (1 + (n % 3))) % ids.length]!))].slice(0, count);
      return { type: 'multiple', optionIds: chosen, other: null };
    }
    case 'ranking': {
      const places = question.rankTop ?? ids.length;
      const order = [...ids].sort((a, b) => ((a * 31 + n * 17) % 13) - ((b * 31 + n * 17) % 13)).slice(0, places);
      return { type: 'ranking', order };
    }
    case 'scoring': {
      const scores: Record<string, number> = {};
      if (question.pointsTotal !== null) {
        let left = question.pointsTotal;
        ids.forEach((id, k) => {
          const share = k === ids.length - 1 ? left : Math.min(left, Math.floor((((n + k * 5) % 7) * question.pointsTotal!) / 14));
          scores[id] = share;
          left -= share;
        });
      } else {
        const min = question.scaleMin ?? 1;
        const max = question.scaleMax ?? 5;
        ids.forEach((id, k) => (scores[id] = min + ((n + k * 2 + id) % (max - min + 1))));
      }
      return { type: 'scoring', scores };
    }
  }
}

async function addComments(db: Db, communityId: number, itemId: number, now: Date, count: number, sectionIds: (number | null)[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(now.getTime() - (count - i) * 3_600_000);
    const parent = i % 5 === 4 && ids.length ? ids[ids.length - 1]! : null;
    const id = await insertComment(db, {
      communityId,
      itemId,
      sectionId: parent ? null : (sectionIds[i % sectionIds.length] ?? null),
      parentId: parent,
      authorUserId: null,
      identity: null,
      level: 'idgovua',
      authorName: NAMES[i % NAMES.length]!,
      body: commentBody(i),
      now: at,
    });
    ids.push(id);
  }
  return ids;
}

async function addResponses(db: Db, communityId: number, itemId: number, slug: string, now: Date, n: number): Promise<void> {
  const questions = await listQuestions(db, itemId);
  const rows = Array.from({ length: n }, (_, k) => {
    const answers: Record<string, Answer> = {};
    for (const question of questions) answers[question.id] = demoAnswer(question, k);
    return { communityId, itemId, identity: demoResidentKey(slug, k), level: 'idgovua' as const, answers, now };
  });
  // One statement for them all: the first start seeds in seconds (issue #19).
  await insertResponses(db, rows);
}

async function addStances(db: Db, communityId: number, itemId: number, slug: string, now: Date, people: number): Promise<void> {
  const sections = await listSections(db, itemId);
  const rows = [];
  for (let k = 0; k < people; k++) {
    for (const scope of [0, ...sections.map((s) => s.id)]) {
      if ((k + scope) % 4 === 3) continue;
      rows.push({
        communityId,
        itemId,
        scope,
        identity: demoResidentKey(slug, k),
        level: 'idgovua' as const,
        stance: (k * 3 + scope) % 5 === 0 ? ('oppose' as const) : ('support' as const),
        now,
      });
    }
  }
  await insertStances(db, rows);
}

export async function seedConsultationsDemo(ctx: CoreContext): Promise<void> {
  const communities = await ctx.db.selectFrom('communities').select(['id', 'slug']).execute();
  const now = ctx.clock.now();
  for (const c of communities) {
    const existing = await ctx.db
      .withTables<{ consultation_items: { community_id: number; id: number } }>()
      .selectFrom('consultation_items')
      .select('id')
      .where('community_id', '=', c.id)
      .executeTakeFirst();
    if (existing) continue;
    await inTransaction(ctx.db, async (db) => {
      const published = async (f: ItemFields, closed?: { reason: string; daysAgo: number }) => {
        const id = await insertItem(db, c.id, f, null, now);
        await setItem(db, id, { published_at: new Date(Math.min(now.getTime(), f.startsAt.getTime())) }, now);
        if (closed) await setItem(db, id, { closed_at: new Date(now.getTime() - closed.daysAgo * 86_400_000), closed_reason: closed.reason }, now);
        return id;
      };

      // --- Консультації ---
      const say = await published(
        fields(
          now,
          'consultation',
          'Скажіть, що ви про це думаєте',
          'Рада громади готує план благоустрою центральної площі. Що для вас найважливіше: більше зелені, лавки, освітлення, місце для ярмарків? Пишіть пропозиції й підтримуйте ті, що вам до вподоби.',
          'urban',
          -10,
          20,
        ),
      );
      const sayComments = await addComments(db, c.id, say, now, 14, [null]);
      await insertSupports(
        db,
        sayComments.flatMap((commentId, k) =>
          Array.from({ length: (k * 7) % 6 }, (_, s) => ({ communityId: c.id, commentId, identity: demoResidentKey(c.slug, s), now })),
        ),
      );
      await published(fields(now, 'consultation', 'Графік роботи ЦНАП у суботу', 'Чи потрібен ЦНАП у суботу, і в які години вам зручно?', 'governance', 5, 35));
      const parking = await published(
        fields(now, 'consultation', 'Платне паркування в історичному центрі', 'Обговорення пропозицій щодо зон і тарифів паркування.', 'transport', -60, -20),
      );
      const parkingComments = await addComments(db, c.id, parking, now, 8, [null]);
      await setItem(
        db,
        parking,
        {
          outcome_summary: 'За результатами консультації рада запровадить дві зони паркування, а пільги для мешканців центру збережуться.',
          outcome_published_at: new Date(now.getTime() - 15 * 86_400_000),
        },
        now,
      );
      await setDecision(db, parking, parkingComments[0]!, 'accepted', 'Враховано в проєкті рішення.');
      await setDecision(db, parking, parkingComments[1]!, 'rejected', 'Суперечить Закону про дорожній рух.');

      // --- Опитування ---
      const lunch = await published(
        fields(
          now,
          'poll',
          'Які страви у бізнес-ланчі ви любите найбільше?',
          'Опитування для закладів громадського харчування громади: допоможіть скласти меню.',
          'economy',
          -7,
          14,
        ),
      );
      for (const d of [
        q({
          type: 'multiple',
          text: 'Які страви ви замовляєте найчастіше?',
          options: ['Борщ', 'Вареники', 'Салат', 'Котлета з пюре', 'Суп-крем'],
          minChoices: 1,
          maxChoices: 3,
          allowOther: true,
        }),
        q({ type: 'single', text: 'Скільки ви готові витратити на бізнес-ланч?', options: ['До 150 грн', '150–200 грн', 'Понад 200 грн'] }),
        q({ type: 'ranking', text: 'Розставте за важливістю', options: ['Ціна', 'Смак', 'Швидкість', 'Розмір порції'] }),
        q({ type: 'scoring', text: 'Оцініть заклади поблизу ради', options: ['Їдальня «Смак»', 'Кафе «Ринок»', 'Піцерія «Тераса»'], scaleMin: 1, scaleMax: 5 }),
      ])
        await insertQuestion(db, c.id, lunch, d);
      await addResponses(db, c.id, lunch, c.slug, now, 37);
      const budget = await published(
        fields(
          now,
          'poll',
          'Розподіліть 100 балів між напрямами бюджету',
          'Куди, на вашу думку, варто спрямувати кошти розвитку наступного року?',
          'economy',
          3,
          30,
          { resultsVisibility: 'after' },
        ),
      );
      await insertQuestion(
        db,
        c.id,
        budget,
        q({ type: 'scoring', text: 'Розподіліть 100 балів', options: ['Дороги', 'Школи й садочки', 'Парки', 'Медицина'], pointsTotal: 100 }),
      );
      const transport = await published(
        fields(now, 'poll', 'Оцінка роботи громадського транспорту', 'Підсумкове опитування про маршрути й інтервали руху.', 'transport', -45, -5),
      );
      await insertQuestion(
        db,
        c.id,
        transport,
        q({ type: 'ranking', text: 'Які маршрути покращити насамперед (три найважливіші)?', options: ['№ 1', '№ 3', '№ 7', '№ 12', '№ 25'], rankTop: 3 }),
      );
      await insertQuestion(
        db,
        c.id,
        transport,
        q({ type: 'single', text: 'Як часто ви користуєтеся транспортом?', options: ['Щодня', 'Кілька разів на тиждень', 'Рідко'] }),
      );
      await addResponses(db, c.id, transport, c.slug, now, 52);
      await setItem(
        db,
        transport,
        { outcome_summary: 'Маршрути № 3 і № 7 отримають додаткові автобуси з вересня.', outcome_published_at: new Date(now.getTime() - 2 * 86_400_000) },
        now,
      );

      // --- Обговорення НПА ---
      const concept = await published(
        fields(
          now,
          'act',
          'Проєкт Концепції Е-дем',
          'Обговорення проєкту концепції розвитку електронної демократії в громаді. Висловіть позицію щодо кожного розділу й залиште коментарі.',
          'digital',
          -5,
          25,
        ),
      );
      const split = splitAct(EDEM_CONCEPT);
      await replaceSections(db, c.id, concept, split.sections);
      await setItem(db, concept, { act_text: EDEM_CONCEPT, act_split_method: split.method }, now);
      const conceptSections = await listSections(db, concept);
      await addComments(db, c.id, concept, now, 36, [null, ...conceptSections.map((s) => s.id)]);
      await addStances(db, c.id, concept, c.slug, now, 24);
      const green = await published(
        fields(now, 'act', 'Правила утримання зелених насаджень', 'Проєкт рішення ради. Обговорення почнеться наступного тижня.', 'environment', 7, 37),
      );
      const greenSplit = splitAct(RULES_ACT);
      await replaceSections(db, c.id, green, greenSplit.sections);
      await setItem(db, green, { act_text: RULES_ACT, act_split_method: greenSplit.method }, now);
      const regulation = await published(
        fields(now, 'act', 'Положення про громадську раду', 'Проєкт положення про громадську раду при виконавчому комітеті.', 'governance', -40, -10),
        { reason: 'Проєкт відкликано ініціатором для доопрацювання.', daysAgo: 12 },
      );
      const regText =
        'Розділ I. Загальні положення\nСтаття 1. Статус\nГромадська рада є дорадчим органом.\nСтаття 2. Склад\nДо складу входять представники громадських обʼєднань.';
      const regSplit = splitAct(regText);
      await replaceSections(db, c.id, regulation, regSplit.sections);
      await setItem(db, regulation, { act_text: regText, act_split_method: regSplit.method }, now);
      const regSections = await listSections(db, regulation);
      await addComments(
        db,
        c.id,
        regulation,
        now,
        6,
        regSections.map((s) => s.id),
      );
      await addStances(db, c.id, regulation, c.slug, now, 9);
      await setItem(
        db,
        regulation,
        {
          revised_text: `${regText}\nСтаття 3. Строк повноважень\nСтрок повноважень ради — два роки.`,
          revision_notes: 'Додано статтю 3 про строк повноважень на пропозицію мешканців.',
          revision_published_at: new Date(now.getTime() - 3 * 86_400_000),
        },
        now,
      );

      // --- A draft only moderators see ---
      await insertItem(db, c.id, fields(now, 'consultation', 'Чернетка: концепція вуличного освітлення', 'Готується.', 'urban', 14, 44), null, now);

      // Everyone who answered or stood for or against above is one of the community's demo residents,
      // with an account (the most: the 52 who answered the transport poll).
      await ensureDemoResidents(db, c, 52, now);
    });
  }
}
