/**
 * Consultations, polls and draft acts. Taking part follows each item's rules: the items the matrix uses
 * are residents-only (so a resident of another community and the national moderator, who lives in Kyiv,
 * are refused); proposing a topic is open to anyone signed in. Everything else — creating, editing,
 * publishing, closing, outcomes, topics — is the consultations moderator's (and the national one's);
 * drafts are checked for the moderator before they are even looked up.
 */
import { sql } from 'kysely';
import { addDaysToLocalDate, endOfKyivDay, kyivDateOf, startOfKyivDay } from '../../../src/core/calendar/index.js';
import { splitAct } from '../../../src/modules/consultations/rules/act-splitter.js';
import { answersToFields } from '../../../src/modules/consultations/rules/poll.js';
import { SQUARE_QUESTION } from '../../helpers/poll-questions.js';
import {
  insertAttachment,
  insertItem,
  insertQuestion,
  insertTopic,
  listQuestions,
  listSections,
  replaceSections,
  setItem,
  type ItemFields,
} from '../../../src/modules/consultations/repository.js';
import { defineModule } from '../support/matrix.js';
import { communityId, one } from '../support/fixtures.js';
import { moderatorsOf, SIGNED_IN, LVIV_RESIDENTS, type Role } from '../support/roles.js';

const MODERATORS = moderatorsOf('consultations');

interface Fx {
  /** Active, residents-only: a consultation with comments, a poll with one question, a draft act with sections. */
  say: number;
  comment: number;
  poll: number;
  pollAnswer: [string, string][];
  act: number;
  /** Drafts: one to edit, one to publish, a poll draft with questions, an act draft with sections. */
  draft: number;
  draftToPublish: number;
  draftPoll: number;
  draftAct: number;
  section: number;
  /** Per allowed role, a file and a question of its own to delete (a deleted one is gone for the next). */
  files: Partial<Record<Role, number>>;
  questions: Partial<Record<Role, number>>;
  /** Scheduled (to close early); ended (for the outcome); an ended act (for the revision). */
  scheduled: number;
  ended: number;
  endedAct: number;
  /** A topic a resident proposed, waiting for the moderator. */
  topic: number;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const ACT_TEXT = 'Розділ I. Загальні положення\nСтаття 1. Мета\nЦі правила визначають порядок.\nСтаття 2. Сфера\nПравила діють на всій території громади.';

const itemForm = (kind = 'consultation') => ({
  kind,
  title: 'Облаштування скверу на Зеленій',
  description: 'Що зробити в сквері?',
  category: 'urban',
  starts: '2030-01-01',
  ends: '2030-02-01',
  results: 'during',
  allow_email: 'on',
  residents_only: 'on',
  min_age: '',
});

export default defineModule<Fx>({
  name: 'consultations',
  async setup({ t, actors }) {
    const db = t.ctx.db;
    const lviv = await communityId(t, 'lviv');
    const now = t.clock.now();
    const today = kyivDateOf(now);
    const fields = (kind: ItemFields['kind'], title: string, from: number, to: number): ItemFields => ({
      kind,
      title,
      description: 'Для перевірки прав доступу.',
      category: 'urban',
      startsAt: startOfKyivDay(addDaysToLocalDate(today, from)),
      endsAt: endOfKyivDay(addDaysToLocalDate(today, to)),
      resultsVisibility: 'during',
      allowEmail: true,
      emailCounts: true,
      residentsOnly: true,
      minAge: null,
    });
    const published = async (f: ItemFields) => {
      const id = await insertItem(db, lviv, f, null, now);
      await setItem(db, id, { published_at: new Date(Math.min(now.getTime(), f.startsAt.getTime())) }, now);
      return id;
    };
    const byTitle = async (title: string) =>
      (await one(t, `consultation «${title}»`, sql<{ id: number }>`select id from consultation_items where community_id = ${lviv} and title = ${title}`)).id;
    const withAct = async (id: number) => {
      const split = splitAct(ACT_TEXT);
      await replaceSections(db, lviv, id, split.sections);
      await setItem(db, id, { act_text: ACT_TEXT, act_split_method: split.method }, now);
    };
    const question = SQUARE_QUESTION;

    const say = await byTitle('Скажіть, що ви про це думаєте');
    await sql`update consultation_items set residents_only = true where id = ${say}`.execute(db);
    const comment = (
      await one(t, 'comment', sql<{ id: number }>`select id from consultation_comments where item_id = ${say} and author_user_id is null order by id limit 1`)
    ).id;
    const poll = await published(fields('poll', 'Опитування для перевірки прав', -1, 10));
    await insertQuestion(db, lviv, poll, question);
    const [q] = await listQuestions(db, poll);
    const pollAnswer = answersToFields([q!], { [q!.id]: { type: 'single', optionId: q!.options[0]!.id, other: null } });
    const act = await published(fields('act', 'Проєкт акта для перевірки прав', -1, 10));
    await withAct(act);

    const draft = await byTitle('Чернетка: концепція вуличного освітлення');
    const draftToPublish = await insertItem(db, lviv, fields('consultation', 'Чернетка до публікації', 3, 30), null, now);
    const draftPoll = await insertItem(db, lviv, fields('poll', 'Чернетка опитування', 3, 30), null, now);
    const draftAct = await insertItem(db, lviv, fields('act', 'Чернетка акта', 3, 30), null, now);
    await withAct(draftAct);
    const section = (await listSections(db, draftAct))[0]!.id;
    const files: Fx['files'] = {};
    const questions: Fx['questions'] = {};
    for (const role of MODERATORS) {
      files[role] = await insertAttachment(db, { communityId: lviv, itemId: draft, filename: `${role}.pdf`, mime: 'application/pdf', data: PDF, now });
      questions[role] = await insertQuestion(db, lviv, draftPoll, { ...question, text: `Питання для ${role}` });
    }
    const topic = await insertTopic(db, {
      communityId: lviv,
      authorUserId: actors.resident.userId!,
      authorName: 'Коваленко Олена',
      title: 'Велодоріжка на Городоцькій',
      body: 'Пропоную обговорити велодоріжку.',
      now,
    });
    return {
      say,
      comment,
      poll,
      pollAnswer,
      act,
      draft,
      draftToPublish,
      draftPoll,
      draftAct,
      section,
      files,
      questions,
      topic,
      scheduled: await byTitle('Графік роботи ЦНАП у суботу'),
      ended: await byTitle('Платне паркування в історичному центрі'),
      endedAct: await byTitle('Положення про громадську раду'),
    };
  },
  entries: [
    {
      route: 'POST /:slug/consultations/topics',
      permission: 'consultations.suggest-topic',
      allowed: SIGNED_IN,
      note: 'Anyone signed in may propose a topic (not only residents).',
      request: () => ({ url: '/lviv/consultations/topics', form: { title: 'Нічне освітлення парку', body: 'Пропоную обговорити освітлення парку вночі.' } }),
      harmless: () => ({ url: '/lviv/consultations/topics', form: { title: '', body: '' } }),
    },
    {
      route: 'POST /:slug/consultations/:id/comments',
      permission: 'consultations.take-part',
      allowed: LVIV_RESIDENTS,
      request: (fx) => ({ url: `/lviv/consultations/${fx.say}/comments`, form: { body: 'Більше лавок і тіні.' } }),
      harmless: (fx) => ({ url: `/lviv/consultations/${fx.say}/comments`, form: { body: '' } }),
    },
    {
      route: 'POST /:slug/consultations/:id/comments/:commentId/support',
      permission: 'consultations.take-part',
      allowed: LVIV_RESIDENTS,
      request: (fx) => ({ url: `/lviv/consultations/${fx.say}/comments/${fx.comment}/support` }),
    },
    {
      route: 'POST /:slug/consultations/:id/poll/review',
      permission: 'consultations.take-part',
      allowed: LVIV_RESIDENTS,
      request: (fx) => ({ url: `/lviv/consultations/${fx.poll}/poll/review`, form: Object.fromEntries(fx.pollAnswer) }),
    },
    {
      route: 'POST /:slug/consultations/:id/poll/change',
      permission: 'consultations.take-part',
      allowed: LVIV_RESIDENTS,
      request: (fx) => ({ url: `/lviv/consultations/${fx.poll}/poll/change`, form: Object.fromEntries(fx.pollAnswer) }),
    },
    {
      route: 'POST /:slug/consultations/:id/poll/submit',
      permission: 'consultations.take-part',
      allowed: LVIV_RESIDENTS,
      request: (fx) => ({ url: `/lviv/consultations/${fx.poll}/poll/submit`, form: Object.fromEntries(fx.pollAnswer) }),
    },
    {
      route: 'POST /:slug/consultations/:id/stance',
      permission: 'consultations.take-part',
      allowed: LVIV_RESIDENTS,
      request: (fx) => ({ url: `/lviv/consultations/${fx.act}/stance`, form: { stance: 'support', scope: '0' } }),
    },
    {
      route: 'POST /:slug/consultations',
      permission: 'consultations.manage',
      allowed: MODERATORS,
      request: () => ({ url: '/lviv/consultations', form: itemForm() }),
      harmless: () => ({ url: '/lviv/consultations', form: { ...itemForm(), title: '' } }),
    },
    {
      route: 'POST /:slug/consultations/:id/edit',
      permission: 'consultations.manage',
      allowed: MODERATORS,
      request: (fx) => ({ url: `/lviv/consultations/${fx.draft}/edit`, form: itemForm() }),
      harmless: (fx) => ({ url: `/lviv/consultations/${fx.draft}/edit`, form: { ...itemForm(), title: '' } }),
    },
    {
      route: 'POST /:slug/consultations/:id/files',
      permission: 'consultations.manage',
      allowed: MODERATORS,
      request: (fx) => ({ url: `/lviv/consultations/${fx.draft}/files`, files: [{ name: 'file', filename: 'plan.pdf', type: 'application/pdf', data: PDF }] }),
      harmless: (fx) => ({ url: `/lviv/consultations/${fx.draft}/files`, files: [] }),
    },
    {
      route: 'POST /:slug/consultations/:id/files/:fileId/delete',
      permission: 'consultations.manage',
      allowed: MODERATORS,
      request: (fx, role) => ({ url: `/lviv/consultations/${fx.draft}/files/${fx.files[role] ?? fx.files['consultations-moderator']}/delete` }),
    },
    {
      route: 'POST /:slug/consultations/:id/questions',
      permission: 'consultations.manage',
      allowed: MODERATORS,
      request: (fx) => ({ url: `/lviv/consultations/${fx.draftPoll}/questions`, form: { type: 'single', text: 'Коли зручно?', options: 'Вранці\nУвечері' } }),
      harmless: (fx) => ({ url: `/lviv/consultations/${fx.draftPoll}/questions`, form: { type: '', text: '', options: '' } }),
    },
    {
      route: 'POST /:slug/consultations/:id/questions/:questionId/delete',
      permission: 'consultations.manage',
      allowed: MODERATORS,
      request: (fx, role) => ({ url: `/lviv/consultations/${fx.draftPoll}/questions/${fx.questions[role] ?? fx.questions['consultations-moderator']}/delete` }),
    },
    {
      route: 'POST /:slug/consultations/:id/act',
      permission: 'consultations.manage',
      allowed: MODERATORS,
      request: (fx) => ({ url: `/lviv/consultations/${fx.draftAct}/act`, form: { act_text: ACT_TEXT }, files: [] }),
      harmless: (fx) => ({ url: `/lviv/consultations/${fx.draftAct}/act`, form: { act_text: '' }, files: [] }),
    },
    {
      route: 'POST /:slug/consultations/:id/sections/:sectionId',
      permission: 'consultations.manage',
      allowed: MODERATORS,
      request: (fx) => ({ url: `/lviv/consultations/${fx.draftAct}/sections/${fx.section}`, form: { heading: 'Стаття 1. Мета', body: 'Нова редакція.' } }),
      harmless: (fx) => ({ url: `/lviv/consultations/${fx.draftAct}/sections/${fx.section}`, form: { heading: '', body: '' } }),
    },
    {
      route: 'POST /:slug/consultations/:id/publish',
      permission: 'consultations.manage',
      allowed: MODERATORS,
      note: 'The first moderator publishes; the next is told a published item is no longer a draft (409).',
      request: (fx) => ({ url: `/lviv/consultations/${fx.draftToPublish}/publish` }),
    },
    {
      route: 'POST /:slug/consultations/:id/new-version',
      permission: 'consultations.manage',
      allowed: MODERATORS,
      note: 'The first moderator starts the new version of the published act; the next is taken to that same draft (one new version per act).',
      request: (fx) => ({ url: `/lviv/consultations/${fx.act}/new-version` }),
    },
    {
      route: 'POST /:slug/consultations/:id/close',
      permission: 'consultations.manage',
      allowed: MODERATORS,
      request: (fx) => ({ url: `/lviv/consultations/${fx.scheduled}/close`, form: { reason: 'Рішення вже ухвалено.' } }),
      harmless: (fx) => ({ url: `/lviv/consultations/${fx.scheduled}/close`, form: { reason: '' } }),
    },
    {
      route: 'POST /:slug/consultations/:id/outcome',
      permission: 'consultations.manage',
      allowed: MODERATORS,
      request: (fx) => ({ url: `/lviv/consultations/${fx.ended}/outcome`, form: { summary: 'Рада врахувала пропозиції.' } }),
      harmless: (fx) => ({ url: `/lviv/consultations/${fx.ended}/outcome`, form: { summary: '' } }),
    },
    {
      route: 'POST /:slug/consultations/:id/revision',
      permission: 'consultations.manage',
      allowed: MODERATORS,
      request: (fx) => ({ url: `/lviv/consultations/${fx.endedAct}/revision`, form: { revised_text: ACT_TEXT, notes: 'Уточнено статтю 2.' } }),
      harmless: (fx) => ({ url: `/lviv/consultations/${fx.endedAct}/revision`, form: { revised_text: '', notes: '' } }),
    },
    {
      route: 'POST /:slug/consultations/topics/:topicId/accept',
      permission: 'consultations.manage',
      allowed: MODERATORS,
      request: (fx) => ({ url: `/lviv/consultations/topics/${fx.topic}/accept`, form: { kind: 'consultation' } }),
      harmless: (fx) => ({ url: `/lviv/consultations/topics/${fx.topic}/accept`, form: { kind: '' } }),
    },
    {
      route: 'POST /:slug/consultations/topics/:topicId/decline',
      permission: 'consultations.manage',
      allowed: MODERATORS,
      request: (fx) => ({ url: `/lviv/consultations/topics/${fx.topic}/decline`, form: { reason: 'Уже обговорювали.' } }),
      harmless: (fx) => ({ url: `/lviv/consultations/topics/${fx.topic}/decline`, form: { reason: '' } }),
    },
  ],
});
