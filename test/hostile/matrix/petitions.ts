/**
 * Local petitions. Starting and signing need the participation right (Lviv's settings: id.gov.ua,
 * residents only), so Lviv's staff may sign like any resident while the national moderator (Kyiv) and
 * people of other communities may not; moderation is the petitions moderator's (and the national one's).
 */
import { sql } from 'kysely';
import { loadCategories } from '../../../src/modules/petitions/repository.js';
import { findCommunityBySlug } from '../../../src/core/communities/communities-repository.js';
import { defineModule } from '../support/matrix.js';
import { one } from '../support/fixtures.js';
import { LVIV_RESIDENTS, moderatorsOf } from '../support/roles.js';

interface Fx {
  category: number;
  /** Collecting signatures (its threshold raised so the matrix's signatures do not close it). */
  collecting: number;
  signature: number;
  /** Waiting for moderation; in consideration (waiting for the council's answer); failed. */
  moderation: number;
  consideration: number;
  failed: number;
}

const petitionOf = (status: string) => sql<{ id: number }>`
  select p.id from petitions p join communities c on c.id = p.community_id where c.slug = 'lviv' and p.status = ${status} order by p.id limit 1`;

const MODERATORS = moderatorsOf('petitions');

export default defineModule<Fx>({
  name: 'petitions',
  async setup({ t }) {
    const lviv = (await findCommunityBySlug(t.ctx.db, 'lviv'))!;
    const category = (await loadCategories(t.ctx.db, lviv.id))[0]!.id;
    const collecting = (await one(t, 'collecting Lviv petition', petitionOf('collecting'))).id;
    // A fixture, not the app: a petition's rules are frozen by a trigger (migration petitions-003), set aside
    // for this one update so that signing in the matrix never moves the petition on.
    await sql`alter table petitions disable trigger petitions_rules_frozen`.execute(t.ctx.db);
    await sql`update petitions set signature_threshold = 1000000 where id = ${collecting}`.execute(t.ctx.db);
    await sql`alter table petitions enable trigger petitions_rules_frozen`.execute(t.ctx.db);
    const signature = (await one(t, 'signature', sql<{ id: number }>`select id from petition_signatures where petition_id = ${collecting} order by id limit 1`))
      .id;
    return {
      category,
      collecting,
      signature,
      moderation: (await one(t, 'Lviv petition in moderation', petitionOf('moderation'))).id,
      consideration: (await one(t, 'Lviv petition in consideration', petitionOf('consideration'))).id,
      failed: (await one(t, 'failed Lviv petition', petitionOf('failed'))).id,
    };
  },
  entries: [
    {
      route: 'POST /:slug/petitions/new',
      permission: 'petitions.start',
      allowed: LVIV_RESIDENTS,
      request: (fx) => ({
        url: '/lviv/petitions/new',
        form: {
          step: 'submit',
          title: 'Встановити лавки вздовж набережної',
          body: 'Прошу раду встановити лавки вздовж набережної: мешканцям похилого віку ніде відпочити під час прогулянки.',
          category: String(fx.category),
          email: 'author@example.com',
        },
      }),
      // «Edit» only shows the form again: the right is checked, nothing is stored.
      harmless: (fx) => ({ url: '/lviv/petitions/new', form: { step: 'edit', title: 'Лавки', body: '', category: String(fx.category), email: '' } }),
    },
    {
      route: 'POST /:slug/petitions/:id/sign',
      permission: 'petitions.sign',
      allowed: LVIV_RESIDENTS,
      request: (fx) => ({ url: `/lviv/petitions/${fx.collecting}/sign` }),
    },
    {
      route: 'POST /:slug/manage/petitions/settings',
      permission: 'petitions.moderate',
      allowed: MODERATORS,
      request: () => ({
        url: '/lviv/manage/petitions/settings',
        form: {
          threshold: '1',
          collection_days: '92',
          moderation_days: '30',
          consideration_days: '60',
          allow_email: 'on',
          residents_only: '',
          min_age: '',
          continue_after_threshold: 'on',
          categories: 'Усе | Everything',
        },
      }),
      harmless: () => ({ url: '/lviv/manage/petitions/settings', form: { threshold: '0', categories: '' } }),
    },
    {
      route: 'POST /:slug/manage/petitions/:id/publish',
      permission: 'petitions.moderate',
      allowed: MODERATORS,
      note: 'The first moderator publishes; the next one is told the petition has changed (409).',
      request: (fx) => ({ url: `/lviv/manage/petitions/${fx.moderation}/publish` }),
    },
    {
      route: 'POST /:slug/manage/petitions/:id/reject',
      permission: 'petitions.moderate',
      allowed: MODERATORS,
      request: (fx) => ({ url: `/lviv/manage/petitions/${fx.moderation}/reject`, form: { reason: 'competence', note: '', duplicate_of: '' } }),
      harmless: (fx) => ({ url: `/lviv/manage/petitions/${fx.moderation}/reject`, form: { reason: '' } }),
    },
    {
      route: 'POST /:slug/manage/petitions/:id/answer',
      permission: 'petitions.moderate',
      allowed: MODERATORS,
      request: (fx) => ({
        url: `/lviv/manage/petitions/${fx.consideration}/answer`,
        form: { decision: 'supported', answer_text: 'Рада підтримала петицію.', official_name: 'Садовий Андрій Іванович', official_position: 'міський голова' },
        files: [],
      }),
      harmless: (fx) => ({ url: `/lviv/manage/petitions/${fx.consideration}/answer`, form: { decision: '' }, files: [] }),
    },
    {
      route: 'POST /:slug/manage/petitions/:id/appeal',
      permission: 'petitions.moderate',
      allowed: MODERATORS,
      request: (fx) => ({ url: `/lviv/manage/petitions/${fx.failed}/appeal`, form: { on: '2027-01-15' } }),
      harmless: (fx) => ({ url: `/lviv/manage/petitions/${fx.failed}/appeal`, form: { on: 'вчора' } }),
    },
    {
      route: 'POST /:slug/manage/petitions/:id/invalidate',
      permission: 'petitions.moderate',
      allowed: MODERATORS,
      request: (fx) => ({ url: `/lviv/manage/petitions/${fx.collecting}/invalidate`, form: { reason: 'Підпис подвоєно', signature: [String(fx.signature)] } }),
      harmless: (fx) => ({ url: `/lviv/manage/petitions/${fx.collecting}/invalidate`, form: { reason: '', signature: [String(fx.signature)] } }),
    },
  ],
});
