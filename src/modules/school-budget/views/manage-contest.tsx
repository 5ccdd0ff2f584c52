/** Pages of a school moderator: the contest settings and a project form. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { SubmitButton, type FormState, fieldsFor } from '../../../core/views/forms.js';
import { PostForm } from '../../../core/views/kit.js';
import type { Community } from '../../../core/communities/community.js';
import { type Contest, CostFields, PhaseDatesFieldset, PhotosField, WinnerRuleFields, contestFormFields } from '../../budgets/index.js';
import { type School } from '../repository.js';
import { manageContestUrl, manageSchoolUrl } from './parts.js';

const has = (f: FormState) => Object.keys(f.errors).length > 0;

export function ContestFormPage(props: {
  p: PageCtx;
  c: Community;
  school: School;
  contest: Contest | null;
  form: FormState;
  frozen?: ReadonlySet<string>;
}): JSX.Element {
  const { p, c, school, form } = props;
  const frozen = props.frozen ?? new Set<string>();
  const title = props.contest ? tr(p, 'Налаштування конкурсу', 'Contest settings') : tr(p, 'Новий конкурс', 'New contest');
  const action = props.contest ? `${manageContestUrl(c, school, props.contest)}/edit` : `${manageSchoolUrl(c, school)}/contests/new`;
  const { frame: fz, date, count, money } = contestFormFields(p, form, frozen);
  const field = fieldsFor(p, form);
  return (
    <Layout ctx={p} title={title} hasErrors={has(form)}>
      <p class="meta">
        <a href={manageSchoolUrl(c, school)} safe>
          {school.name}
        </a>
      </p>
      <h1 safe>{title}</h1>
      {frozen.has('votingFrom') ? (
        <p class="notice">
          {t(
            p,
            'Голосування вже почалося: бюджет, кількість проєктів у бюлетені, класи, що голосують, правило переможців і дати змінювати не можна. Голосування можна лише продовжити — на сторінці закладу, з поясненням для всіх.',
            'Voting has started: the budget, the number of choices, the grades that vote, the winner rule and the dates can no longer change. Voting can only be extended — on the school page, with an explanation for everyone.',
          )}
        </p>
      ) : (
        ''
      )}
      <PostForm ctx={p} action={action} errors={form.errors}>
        <field.Text name="title" label={tr(p, 'Назва конкурсу', 'Contest title')} maxlength={200} />
        <field.Area name="description" label={tr(p, 'Опис для учнів (необовʼязково)', 'Description for students (optional)')} rows={3} maxlength={3000} />
        {money('totalBudget', tr(p, 'Бюджет школи, грн', 'School budget, UAH'))}
        <PhaseDatesFieldset p={p}>
          {date('submissionFrom', tr(p, 'Збір проєктів: з', 'Collecting projects: from'))}
          {date('submissionTo', tr(p, 'Збір проєктів: по', 'Collecting projects: until'))}
          {date('votingFrom', tr(p, 'Голосування: з', 'Voting: from'))}
          {date('votingTo', tr(p, 'Голосування: по', 'Voting: until'))}
          {date('resultsFrom', tr(p, 'Результати: з', 'Results: from'))}
        </PhaseDatesFieldset>
        <fieldset>
          <legend>{t(p, 'Голосування', 'Voting')}</legend>
          {count('maxChoices', tr(p, 'Скільки проєктів може обрати учень', 'How many projects a student may choose'))}
          <div class="field-row">
            {count('gradeFrom', tr(p, 'Голосують з класу', 'Voting from grade'))}
            {count('gradeTo', tr(p, 'по клас', 'to grade'))}
          </div>
          <WinnerRuleFields p={p} form={form} frame={fz} count={count} />
        </fieldset>
        <SubmitButton>{t(p, 'Зберегти', 'Save')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}

export function ProjectFormPage(props: {
  p: PageCtx;
  c: Community;
  school: School;
  contest: Contest;
  form: FormState;
  action: string;
  editing: boolean;
  photosCount: number;
}): JSX.Element {
  const { p, c, school, contest, form } = props;
  const title = props.editing ? tr(p, 'Редагування проєкту', 'Edit the project') : tr(p, 'Новий проєкт учнів', 'New students’ project');
  const field = fieldsFor(p, form);
  return (
    <Layout ctx={p} title={title} hasErrors={has(form)}>
      <p class="meta">
        <a href={manageSchoolUrl(c, school)} safe>
          {`${school.name}: ${contest.title}`}
        </a>
      </p>
      <h1 safe>{title}</h1>
      <p>
        {t(
          p,
          'Внесіть проєкт так, як його подали учні. «Зберегти чернетку» — щоб дописати пізніше; «Внести до бюлетеня» — і проєкт побачать усі (змінити його потім не можна).',
          'Enter the project as the students submitted it. «Save a draft» to finish later; «Put on the ballot» and everyone sees it (it cannot be changed afterwards).',
        )}
      </p>
      <PostForm ctx={p} action={props.action} enctype="multipart/form-data" errors={form.errors}>
        <field.Text name="title" label={tr(p, 'Назва проєкту', 'Project title')} maxlength={150} />
        <field.Text
          name="authorClass"
          label={tr(p, 'Клас авторів', 'Authors’ class')}
          hint={tr(p, 'Наприклад, 7-Б', 'E.g. 7-B')}
          width="short"
          maxlength={10}
        />
        <field.Area name="description" label={tr(p, 'Опис: що й навіщо зробити', 'Description: what to do and why')} rows={6} maxlength={5000} />
        <CostFields p={p} form={form} />
        <PhotosField
          p={p}
          form={form}
          photosCount={props.photosCount}
          caution={{ uk: 'Не фотографуйте обличчя учнів.', en: 'Do not photograph students’ faces.' }}
        />
        <div class="actions-list">
          <SubmitButton name="action" value="admit">
            {t(p, 'Внести до бюлетеня', 'Put on the ballot')}
          </SubmitButton>
          <SubmitButton variant="secondary" name="action" value="draft">
            {t(p, 'Зберегти чернетку', 'Save a draft')}
          </SubmitButton>
        </div>
      </PostForm>
    </Layout>
  );
}
