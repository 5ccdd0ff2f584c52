/**
 * Demo petitions in every demo community and every status, with realistic Ukrainian texts; one with
 * thousands of signatures and one close to its threshold. Runs only where a community has none.
 */
import { sql } from 'kysely';
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import { findCommunityBySlug } from '../../core/communities/communities-repository.js';
import { inTransaction } from '../../core/db/transaction.js';
import { demoResidentKeySql, demoResidentName, demoResidentNameSql, ensureDemoResidents } from '../../core/demo/residents.js';
import { addToCount, loadCategories, loadSettings, saveSettings } from './repository.js';
import { tables, type PetitionStatus } from './tables.js';
import { collectionEndsAt, considerationDueAt, moderationDueAt, searchTextOf } from './rules.js';

const DAY = 86_400_000;

interface DemoPetition {
  title: string;
  body: string;
  category: number;
  status: PetitionStatus;
  /** Share of the threshold signed (1 = exactly the threshold). */
  share: number;
  daysAgo: number;
  answer?: { decision: 'supported' | 'not_supported' | 'partially'; text: string };
  rejection?: string;
}

const PETITIONS: DemoPetition[] = [
  {
    title: 'Облаштувати безпечний пішохідний перехід біля школи № 5',
    body: 'Щоранку сотні дітей переходять вулицю біля школи без світлофора й острівця безпеки. Просимо встановити світлофор з кнопкою виклику, підняти перехід і нанести розмітку до 1 вересня.',
    category: 1,
    status: 'collecting',
    share: 0.975,
    daysAgo: 40,
  },
  {
    title: 'Повернути тролейбусний маршрут № 3 на вихідних',
    body: 'Після скорочення рейсів мешканці віддалених мікрорайонів не можуть дістатися центру у вихідні. Просимо відновити курсування маршруту № 3 у суботу й неділю з інтервалом не більше 20 хвилин.',
    category: 1,
    status: 'consideration',
    share: 1.07,
    daysAgo: 25,
  },
  {
    title: 'Створити укриття в кожному дитячому садку громади',
    body: 'Під час повітряних тривог діти сидять у непристосованих підвалах. Просимо профінансувати облаштування укриттів у всіх закладах дошкільної освіти громади з вентиляцією, водою та освітленням.',
    category: 2,
    status: 'answered',
    share: 1.3,
    daysAgo: 90,
    answer: {
      decision: 'partially',
      text: 'Рада підтримує петицію частково: у 2027 році буде облаштовано укриття у 12 садках із 18; решту включено до програми на 2028 рік. Кошти передбачено в бюджеті розвитку.',
    },
  },
  {
    title: 'Висадити алею лип уздовж набережної',
    body: 'Пропонуємо висадити 200 лип уздовж набережної та встановити систему поливу. Мешканці готові долучитися до толоки.',
    category: 5,
    status: 'failed',
    share: 0.4,
    daysAgo: 80,
  },
  {
    title: 'Заборонити продаж алкоголю поблизу стадіону в дні матчів',
    body: 'Після кожного матчу біля стадіону залишаються бите скло й сміття, трапляються бійки. Просимо заборонити продаж алкоголю в радіусі 300 метрів у дні матчів.',
    category: 8,
    status: 'rejected',
    share: 0,
    daysAgo: 12,
    rejection: 'competence',
  },
  {
    title: 'Відкрити громадський простір для молоді в приміщенні колишнього кінотеатру',
    body: 'Будівля колишнього кінотеатру стоїть порожня. Пропонуємо передати її під молодіжний центр з коворкінгом, залом для занять і майданчиком для концертів.',
    category: 6,
    status: 'moderation',
    share: 0,
    daysAgo: 1,
  },
];

async function seedCommunity(ctx: CoreContext, c: Community): Promise<void> {
  const existing = await tables(ctx.db).selectFrom('petitions').select('id').where('community_id', '=', c.id).limit(1).executeTakeFirst();
  if (existing) return;
  let settings = await loadSettings(ctx.db, c);
  if (c.signInPolicy === 'idgovua_or_email' && !settings.allowEmail) {
    // Where the community lets people in by e-mail and phone, its demo petitions take their signatures too
    // (the e-mail level knows no residence, so the petitions are not for residents only).
    settings = { ...settings, allowEmail: true, residentsOnly: false };
    await saveSettings(ctx.db, c.id, settings, ctx.clock.now());
  }
  const categories = await loadCategories(ctx.db, c.id);
  const now = ctx.clock.now();
  const cal = ctx.calendar;
  // In the largest demo community the busiest petition gathers thousands of signatures.
  const threshold = settings.signatureThreshold;
  let signers = 0;
  await inTransaction(ctx.db, async (trx) => {
    for (const d of PETITIONS) {
      const submitted = new Date(now.getTime() - d.daysAgo * DAY);
      const published = d.status === 'moderation' || d.status === 'rejected' ? null : new Date(submitted.getTime() + DAY);
      const ends = published
        ? collectionEndsAt(
            published,
            d.status === 'collecting' ? Math.max(settings.collectionDays, d.daysAgo + 5) : Math.min(settings.collectionDays, d.daysAgo - 3),
            cal,
          )
        : null;
      const count = d.status === 'moderation' || d.status === 'rejected' ? 1 : Math.max(1, Math.floor(threshold * d.share));
      const considerationStart = d.status === 'consideration' || d.status === 'answered' ? new Date(submitted.getTime() + 10 * DAY) : null;
      const row = await tables(trx)
        .insertInto('petitions')
        .values({
          community_id: c.id,
          author_user_id: null,
          author_name: demoResidentName(d.daysAgo + c.id),
          author_email: `author.${c.slug}.${d.daysAgo}@demo.viche.example`,
          title: d.title,
          body: d.body,
          search_text: searchTextOf(d.title, d.body),
          category_id: categories[d.category]?.id ?? categories[0]!.id,
          status: d.status,
          signature_threshold: threshold,
          collection_days: settings.collectionDays,
          continue_after_threshold: false,
          consideration_working_days: settings.considerationWorkingDays,
          allow_email: settings.allowEmail,
          residents_only: settings.residentsOnly,
          min_age: settings.minAge,
          submitted_at: submitted,
          moderation_due_at: moderationDueAt(submitted, settings.moderationWorkingDays, cal),
          published_at: published,
          collection_ends_at: ends,
          rejected_at: d.status === 'rejected' ? new Date(submitted.getTime() + DAY) : null,
          rejection_reason: d.rejection ?? null,
          consideration_started_at: considerationStart,
          consideration_due_at: considerationStart ? considerationDueAt(considerationStart, settings.considerationWorkingDays, cal) : null,
          failed_at: d.status === 'failed' ? ends : null,
          answered_at: d.answer ? new Date(submitted.getTime() + 20 * DAY) : null,
          answer_text: d.answer?.text ?? null,
          answer_decision: d.answer?.decision ?? null,
          answer_official_name: d.answer ? 'Петренко Олег Іванович' : null,
          answer_official_position: d.answer ? 'Секретар міської ради' : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const start = published ?? submitted;
      const span = Math.max(1, (considerationStart ?? ends ?? now).getTime() - start.getTime());
      // One set-based INSERT: thousands of demo signatures without thousands of round trips. Signer i is
      // the community's demo resident i, who has an account and may sign its other petitions too.
      const i = sql`i`;
      await sql`
        insert into petition_signatures (community_id, petition_id, person_key, signer_name, signed_at, ip_prefix)
        select ${c.id}::int, ${row.id}::int, ${demoResidentKeySql(c.slug, i)}, ${demoResidentNameSql(i)},
               least(${new Date(now.getTime() - 60_000)}::timestamptz, ${start}::timestamptz + (${span}::bigint * i / ${count}::bigint) * interval '1 millisecond'),
               '198.51.' || (i * 7 % 250) || '.0/24'
        from generate_series(0, ${count - 1}::int) as i`.execute(trx);
      await addToCount(trx, { petitionId: row.id, slot: 0, counted: count, email: 0 });
      signers = Math.max(signers, count);
    }
    await ensureDemoResidents(trx, c, signers, now);
  });
}

export async function seedPetitions(ctx: CoreContext): Promise<void> {
  const communities = await ctx.db.selectFrom('communities').select('slug').execute();
  for (const { slug } of communities) {
    const c = await findCommunityBySlug(ctx.db, slug);
    if (c) await seedCommunity(ctx, c);
  }
}
