/** Petition figures for the statistics module and the open data catalogue. */
import type { CoreContext } from '../../core/context.js';
import type { OpenDataset, StatsScope, ToolStats } from '../../core/modules/manifest.js';
import { columns } from '../../core/modules/open-data.js';
import { tables } from './tables.js';
import { countColumns, countSql } from './repository.js';
import { shownName } from '../../core/users/public-name.js';
import { rowTimes, stateAt, TIME_COLUMNS } from './rules.js';
import { counted, distinctPeople, scopeIds, sumParts, perCommunityOf, series } from '../../core/stats-counters/index.js';
import { countedSignatures } from './repository.js';

export async function petitionStats(ctx: CoreContext, s: StatsScope): Promise<ToolStats> {
  const db = tables(ctx.db);
  // Signatures and published petitions come from the counters their triggers keep (core/stats-counters):
  // petitions with «status|decision» as the dimension.
  const [petitions, signatures, people] = await Promise.all([
    counted(ctx.db, s, { tool: 'petitions', metric: 'petitions' }),
    countedSignatures(ctx.db, s),
    distinctPeople(ctx.db, s, 'petitions'),
  ]);
  const answered = {
    supported: sumParts(petitions.parts, (_, d) => d === 'supported' || d === 'partially'),
    answered: sumParts(petitions.parts, (st) => st === 'answered'),
  };
  // «Under consideration» is a state now, not an event in the period: derived from time like the pages.
  let open = db
    .selectFrom('petitions')
    .select(TIME_COLUMNS)
    .select(countSql('petitions').as('signature_count'))
    .where((eb) => eb.or([eb('status', '=', 'consideration'), eb.and([eb('status', '=', 'collecting'), eb('collection_ends_at', '<', ctx.clock.now())])]));
  const ids = scopeIds(s);
  if (ids) open = open.where('community_id', 'in', ids);
  const now = ctx.clock.now();
  const underConsideration = (await open.where('published_at', '>=', s.from).where('published_at', '<', s.to).execute()).filter(
    (r) => stateAt(rowTimes(r), now, ctx.calendar).status === 'consideration',
  ).length;
  return {
    figures: [
      { key: 'petitions', label: { uk: 'Петицій', en: 'Petitions' }, value: petitions.total },
      { key: 'signatures', label: { uk: 'Підписів', en: 'Signatures' }, value: signatures.total },
      { key: 'supported', label: { uk: 'Підтримано (повністю чи частково)', en: 'Supported (fully or partly)' }, value: answered.supported },
      { key: 'answered', label: { uk: 'З відповіддю', en: 'Answered' }, value: answered.answered },
      { key: 'under-consideration', label: { uk: 'На розгляді зараз', en: 'Under consideration now' }, value: underConsideration },
    ],
    monthly: [
      series('petitions', 'Петиції за місяцями', 'Petitions by month', petitions.monthly),
      series('signatures', 'Підписи за місяцями', 'Signatures by month', signatures.monthly),
    ],
    ...perCommunityOf(signatures, 'Підписи за період', 'Signatures in the period'),
    participants: people,
  };
}

export const petitionDatasets: OpenDataset[] = [
  {
    id: 'petitions',
    title: { uk: 'Місцеві електронні петиції', en: 'Local e-petitions' },
    description: {
      uk: 'Усі оприлюднені петиції: статус, кількість підписів, строки, відповідь ради. Без персональних даних підписантів.',
      en: 'Every published petition: status, signature count, terms, the answer of the council. No personal data of signatories.',
    },
    fields: columns([
      'id integer | Ідентифікатор петиції на платформі (в адресі сторінки) | Petition id on the platform (in the page address)',
      'number integer | Номер петиції в громаді (№ на сторінці) | Petition number within the community (№ on the page)',
      'community string | Громада (ідентифікатор) | Community (slug)',
      'title string | Назва | Title',
      'status string | Статус: collecting, consideration, answered, failed, rejected | Status: collecting, consideration, answered, failed, rejected',
      'author_name string | ПІБ автора (оприлюднюється за законом) | Name of the author (public by law)',
      [
        'signature_count',
        'integer',
        'Кількість дійсних підписів (усі рівні входу). Сума стовпця за весь час дорівнює показнику «Підписів» у /stats: він рахує дійсні підписи під петиціями цього файлу, з відхиленими, без петицій, що чекають модерації',
        'Valid signatures (every sign-in level). The column summed over all time equals «Signatures» in /stats, which counts valid signatures under the petitions of this file, rejected ones included, none awaiting moderation',
      ],
      [
        'threshold_signature_count',
        'integer',
        'Підписи, що зараховуються до порогу (без підписів із входом через e-mail, якщо громада їх не зараховує)',
        'Signatures counted toward the threshold (without e-mail-level ones where the community does not count them)',
      ],
      'signature_threshold integer | Поріг підписів | Signature threshold',
      'published_at date-time | Оприлюднено (UTC) | Published (UTC)',
      'collection_ends_at date-time | Кінець збору підписів (UTC) | Collection ends (UTC)',
      'consideration_due_at date-time | Строк розгляду (UTC) | Consideration due (UTC)',
      'answer_decision string | Рішення: supported, not_supported, partially | Decision: supported, not_supported, partially',
      'answered_at date-time | Дата відповіді (UTC) | Answered (UTC)',
    ]),
    async rows(ctx, communityId) {
      let q = tables(ctx.db)
        .selectFrom('petitions as p')
        .innerJoin('communities as c', 'c.id', 'p.community_id')
        .selectAll('p')
        .select(countColumns('p'))
        .select('c.slug')
        .where('p.status', '!=', 'moderation')
        .orderBy('p.id');
      if (communityId !== null) q = q.where('p.community_id', '=', communityId);
      const now = ctx.clock.now();
      return (await q.execute()).map((r) => {
        const st = stateAt(rowTimes(r), now, ctx.calendar);
        return {
          id: r.id,
          number: r.number,
          community: r.slug,
          title: r.title,
          status: st.status,
          author_name: shownName(r.author_name, 'uk'),
          signature_count: r.signature_count + (r.email_counts ? 0 : r.email_signature_count),
          threshold_signature_count: r.signature_count,
          signature_threshold: r.signature_threshold,
          published_at: r.published_at?.toISOString() ?? null,
          collection_ends_at: r.collection_ends_at?.toISOString() ?? null,
          consideration_due_at: st.considerationDueAt?.toISOString() ?? null,
          answer_decision: r.answer_decision,
          answered_at: r.answered_at?.toISOString() ?? null,
        };
      });
    },
  },
];
