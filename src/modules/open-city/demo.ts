/**
 * Demo data: every community gets its categories and departments; Lviv gets about a hundred reports
 * across statuses and categories, some with photos and answers, spread over the last four months.
 */
import type { CoreContext } from '../../core/context.js';
import { randomToken } from '../../core/sessions/sessions.js';
import { recordAudit } from '../../core/audit/audit-log.js';
import { demoResidentKey, demoResidentName, ensureDemoResidents } from '../../core/demo/residents.js';
import { answerDeadline, leafCategories, type Status } from './rules.js';
import { listCategories } from './repository.js';
import { ensureCommunitySetup } from './service/settings.js';
import { tables } from './tables.js';
import { demoPhoto } from './photos.js';

const STREETS: [string, number, number][] = [
  ['вул. Городоцька', 49.8366, 23.9953],
  ['вул. Личаківська', 49.838, 24.05],
  ['просп. Свободи', 49.8426, 24.0274],
  ['вул. Зелена', 49.825, 24.045],
  ['вул. Шевченка', 49.848, 23.99],
  ['вул. Стрийська', 49.805, 24.023],
  ['вул. Наукова', 49.808, 24.005],
  ['вул. Виговського', 49.83, 23.97],
  ['вул. Хоткевича', 49.827, 24.082],
  ['вул. Княгині Ольги', 49.814, 24.018],
  ['просп. Червоної Калини', 49.795, 24.056],
  ['вул. Богдана Хмельницького', 49.859, 24.026],
  ['вул. Замарстинівська', 49.864, 24.022],
  ['вул. Кульпарківська', 49.818, 23.998],
  ['вул. Пекарська', 49.836, 24.039],
  ['вул. Степана Бандери', 49.836, 24.013],
  ['вул. Володимира Великого', 49.811, 24.0],
  ['вул. Мазепи', 49.868, 24.03],
];

const TITLES: Record<string, string[]> = {
  'roads-pothole': ['Глибока яма на смузі руху', 'Вибоїна біля переходу', 'Провал асфальту після ремонту труб'],
  'roads-sidewalk': ['Розбита плитка на тротуарі', 'Тротуар провалився біля входу до магазину'],
  'roads-sign': ['Стерта розмітка пішохідного переходу', 'Знак «Дати дорогу» повалено'],
  'lighting-off': ['Не світить ліхтар біля зупинки', 'Темно у дворі: кілька ліхтарів не працюють'],
  'lighting-damaged': ['Похилилася опора освітлення'],
  'waste-dump': ['Стихійне сміттєзвалище біля гаражів', 'Будівельне сміття на узбіччі'],
  'waste-bins': ['Контейнери не вивозять третій день', 'Переповнені баки біля школи'],
  'greenery-tree': ['Сухе дерево нахилилося над тротуаром', 'Гілля обірвало дроти'],
  'greenery-playground': ['Зламана гойдалка на майданчику', 'Гострі краї на дитячій гірці'],
  'greenery-bench': ['Зламана лавка в сквері', 'Немає урни біля зупинки'],
  'transport-stop': ['Розбите скло на зупинці', 'На зупинці немає розкладу'],
  'transport-route': ['Автобус не дотримується розкладу ввечері'],
  'water-leak': ['Тече вода з-під асфальту', 'Прорив труби, вода на проїжджій частині'],
  'water-manhole': ['Відкритий люк на тротуарі', 'Просів люк на дорозі'],
};

const ANSWERS: Partial<Record<Status, string[]>> = {
  resolved: ['Виконано ямковий ремонт.', 'Замінено лампу та перевірено лінію.', 'Сміття вивезено, місце прибрано.', 'Пошкодження усунуто бригадою підрозділу.'],
  not_resolved: ['Потрібен капітальний ремонт: включено до плану на наступний рік.', 'Немає коштів у поточному кошторисі; питання передано на сесію ради.'],
  rejected: ['Це приватна територія, звернення не стосується громади.', 'Повідомлення не містить опису проблеми.'],
};

/** «Прізвище Імʼя» shown as «Імʼя П.». */
function shortName(full: string): string {
  const [last, first] = full.split(' ');
  return `${first} ${last![0]}.`;
}

/** Small deterministic generator, so the demo looks the same after every fresh start. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PLAN: [Status, number][] = [
  ['new', 7],
  ['accepted', 14],
  ['in_progress', 22],
  ['resolved', 36],
  ['not_resolved', 5],
  ['rejected', 6],
  ['duplicate', 5],
  ['not_competent', 5],
];

interface PlannedUpdate {
  actorRole: 'reporter' | 'moderator' | 'executor';
  kind: 'created' | 'status';
  fromStatus: string | null;
  toStatus: string;
  body: string;
  at: Date;
  photo: number | null;
}

export async function seedOpenCityDemo(ctx: CoreContext): Promise<void> {
  const communities = await ctx.db.selectFrom('communities').select(['id', 'slug']).execute();
  for (const c of communities) await ensureCommunitySetup(ctx.db, c);
  const lviv = communities.find((c) => c.slug === 'lviv');
  if (!lviv) return;
  const has = await tables(ctx.db).selectFrom('oc_reports').select('id').where('community_id', '=', lviv.id).limit(1).executeTakeFirst();
  if (has) return;
  const cats = leafCategories(await listCategories(ctx.db, lviv.id));
  const rand = rng(20250101);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const now = ctx.clock.now();
  const DAY = 86_400_000;
  const statuses: Status[] = PLAN.flatMap(([s, n]) => Array<Status>(n).fill(s));
  const photos = await Promise.all([0, 1, 2].map((i) => demoPhoto(i + 1)));

  await ensureDemoResidents(ctx.db, lviv, statuses.length, now);
  const reporters = new Map(
    (
      await ctx.db
        .selectFrom('users')
        .select(['id', 'identity_key'])
        .where(
          'identity_key',
          'in',
          statuses.map((_, i) => demoResidentKey(lviv.slug, i)),
        )
        .execute()
    ).map((u) => [u.identity_key, u.id]),
  );

  // Plan everything first, then write it in a few multi-row statements: this runs on every fresh start.
  const reports = statuses.map((status, i) => {
    const cat = cats[i % cats.length]!;
    const [street, lat0, lng0] = pick(STREETS);
    const lat = Number((lat0 + (rand() - 0.5) * 0.006).toFixed(6));
    const lng = Number((lng0 + (rand() - 0.5) * 0.008).toFixed(6));
    const created = new Date(now.getTime() - (status === 'new' ? rand() * 3 : 5 + rand() * 115) * DAY);
    const updates: PlannedUpdate[] = [
      { actorRole: 'reporter', kind: 'created', fromStatus: null, toStatus: 'new', body: '', at: created, photo: i % 7 === 0 ? i % photos.length : null },
    ];
    const final: Status = status;
    let statusNote = '';
    let forwardedTo = '';
    let resolvedAt: Date | null = null;
    let updatedAt = created;
    if (status !== 'new') {
      const accepted = new Date(created.getTime() + (0.2 + rand()) * DAY);
      const triage = status === 'rejected' || status === 'duplicate' || status === 'not_competent';
      updates.push({ actorRole: 'moderator', kind: 'status', fromStatus: 'new', toStatus: triage ? status : 'accepted', body: '', at: accepted, photo: null });
      updatedAt = accepted;
      if (status === 'in_progress' || status === 'resolved' || status === 'not_resolved') {
        const started = new Date(Math.min(now.getTime() - DAY, accepted.getTime() + (0.5 + rand() * 3) * DAY));
        updates.push({
          actorRole: 'executor',
          kind: 'status',
          fromStatus: 'accepted',
          toStatus: 'in_progress',
          body: 'Передано бригаді.',
          at: started,
          photo: null,
        });
        updatedAt = started;
        if (status !== 'in_progress') {
          const done = new Date(Math.min(now.getTime() - DAY / 2, started.getTime() + (1 + rand() * 25) * DAY));
          statusNote = pick(ANSWERS[status]!);
          updates.push({
            actorRole: 'executor',
            kind: 'status',
            fromStatus: 'in_progress',
            toStatus: status,
            body: statusNote,
            at: done,
            photo: status === 'resolved' && i % 5 === 0 ? (i + 1) % photos.length : null,
          });
          if (status === 'resolved') resolvedAt = done;
          updatedAt = done;
        }
      }
      if (status === 'rejected') statusNote = pick(ANSWERS.rejected!);
      if (status === 'duplicate') statusNote = 'Про цю проблему вже повідомлено.';
      if (status === 'not_competent') statusNote = forwardedTo = 'ЛКП «Львівтеплоенерго»';
    }
    return {
      cat,
      status: final,
      statusNote,
      forwardedTo,
      resolvedAt,
      updatedAt,
      created,
      updates,
      row: {
        community_id: lviv.id,
        category_id: cat.id,
        department_id: cat.departmentId,
        status: final,
        status_note: statusNote,
        forwarded_to: forwardedTo,
        title: pick(TITLES[cat.code] ?? [cat.name.uk]),
        description: i % 3 === 0 ? 'Небезпечно для пішоходів і водіїв, особливо ввечері. Прошу вжити заходів.' : '',
        address: `${street}, ${1 + Math.floor(rand() * 120)}`,
        lat,
        lng,
        attributes: JSON.stringify(cat.code === 'roads-pothole' ? { size: pick(['small', 'medium', 'large']) } : {}),
        media_url: null,
        // Reporter i is the community's demo resident i, with an account; the name shown is theirs, shortened.
        reporter_user_id: reporters.get(demoResidentKey(lviv.slug, i)) ?? null,
        reporter_name: shortName(demoResidentName(i)),
        show_name: i % 4 === 0,
        contact_email: null,
        contact_phone: null,
        source: 'demo' as const,
        api_key_id: null,
        token: randomToken(12),
        created_at: created,
        updated_at: updatedAt,
        deadline_at: answerDeadline(created, cat.termDays, ctx.calendar),
        resolved_at: resolvedAt,
        confirmed_at: status === 'resolved' && i % 3 === 0 && resolvedAt ? new Date(resolvedAt.getTime() + DAY / 4) : null,
      },
    };
  });

  await ctx.db.transaction().execute(async (trx) => {
    // RETURNING gives the rows in the order of VALUES.
    const ids = (
      await tables(trx)
        .insertInto('oc_reports')
        .values(reports.map((r) => r.row))
        .returning('id')
        .execute()
    ).map((r) => r.id);
    const main = ids[statuses.indexOf('in_progress')]!;
    await tables(trx).updateTable('oc_reports').set({ duplicate_of: main }).where('id', 'in', ids).where('status', '=', 'duplicate').execute();
    const flat = reports.flatMap((r, i) => r.updates.map((u) => ({ u, reportId: ids[i]! })));
    const updateIds = (
      await tables(trx)
        .insertInto('oc_updates')
        .values(
          flat.map(({ u, reportId }) => ({
            report_id: reportId,
            community_id: lviv.id,
            actor_user_id: null,
            actor_role: u.actorRole,
            kind: u.kind,
            from_status: u.fromStatus,
            to_status: u.toStatus,
            body: u.body,
            created_at: u.at,
          })),
        )
        .returning('id')
        .execute()
    ).map((r) => r.id);
    const photoRows = flat.flatMap(({ u, reportId }, k) => {
      if (u.photo === null) return [];
      const ph = photos[u.photo]!;
      return [
        {
          report_id: reportId,
          community_id: lviv.id,
          update_id: u.kind === 'created' ? null : updateIds[k]!,
          mime: ph.mime,
          width: ph.width,
          height: ph.height,
          data: ph.data,
          thumb: ph.thumb,
          created_at: u.at,
        },
      ];
    });
    if (photoRows.length) await tables(trx).insertInto('oc_photos').values(photoRows).execute();
    await recordAudit(trx, {
      communityId: lviv.id,
      actorUserId: null,
      action: 'open_city.demo.seeded',
      subjectType: 'community',
      subjectId: lviv.id,
      after: { reports: ids.length, photos: photoRows.length },
    });
  });
}
