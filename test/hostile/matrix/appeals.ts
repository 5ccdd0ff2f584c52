/**
 * Appeals to the council: every signed-in person may write to Lviv's council (the law does not ask where one
 * lives; anonymous appeals are not considered). Taking, extending and answering an appeal is for the
 * community's petitions moderator (its office for citizens' requests) and its administrator only — not the
 * other tools' moderators, not the national moderator (src/modules/appeals/access.ts).
 */
import { sql } from 'kysely';
import { defineModule } from '../support/matrix.js';
import { one } from '../support/fixtures.js';
import { SIGNED_IN, type Role } from '../support/roles.js';

const ANSWERERS: readonly Role[] = ['petitions-moderator', 'community-admin'];

interface Fx {
  /** An open (not answered) appeal of Lviv from the demo data. */
  open: number;
}

export default defineModule<Fx>({
  name: 'appeals',
  async setup({ t }) {
    const open = await one(
      t,
      'an open Lviv appeal',
      sql<{ id: number }>`select a.id from appeals a join communities c on c.id = a.community_id
        where c.slug = 'lviv' and a.status <> 'answered' order by a.id limit 1`,
    );
    return { open: open.id };
  },
  entries: [
    {
      route: 'POST /:slug/appeals',
      permission: 'appeals.file',
      allowed: SIGNED_IN,
      note: 'Every signed-in person may write to the council; an account without a full name gives it in the form.',
      request: () => ({
        url: '/lviv/appeals',
        form: {
          topic: 'roads',
          body: 'Прошу відремонтувати освітлення у дворі будинку на вулиці Зеленій: там темно вже місяць.',
          email: '',
          author_name: 'Перевірка Матриця',
        },
      }),
    },
    {
      route: 'POST /:slug/manage/appeals/:id/assign',
      permission: 'appeals.answer',
      allowed: ANSWERERS,
      note: 'An open appeal may be taken again by another staff member (it moves to them).',
      request: (fx) => ({ url: `/lviv/manage/appeals/${fx.open}/assign` }),
    },
    {
      route: 'POST /:slug/manage/appeals/:id/extend',
      permission: 'appeals.answer',
      allowed: ANSWERERS,
      request: (fx) => ({ url: `/lviv/manage/appeals/${fx.open}/extend`, form: { days: '45', reason: 'Потрібна перевірка на місці.' } }),
      harmless: (fx) => ({ url: `/lviv/manage/appeals/${fx.open}/extend`, form: { days: '', reason: '' } }),
    },
    {
      route: 'POST /:slug/manage/appeals/:id/answer',
      permission: 'appeals.answer',
      allowed: ANSWERERS,
      request: (fx) => ({ url: `/lviv/manage/appeals/${fx.open}/answer`, form: { answer: 'Освітлення відремонтують до кінця місяця.' } }),
      harmless: (fx) => ({ url: `/lviv/manage/appeals/${fx.open}/answer`, form: { answer: '' } }),
    },
  ],
});
