/** Addresses and small pieces shared by the school budget's pages. */
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { SubmitButton, type FormState, fieldsFor } from '../../../core/views/forms.js';
import { PostForm } from '../../../core/views/kit.js';
import { formatKyivDate } from '../../../core/calendar/index.js';
import { plural, type PluralText } from '../../../core/i18n/index.js';

/** After «з» / «of»: «з 1 виданого коду», «з 185 виданих кодів». */
const HANDED_OUT: PluralText = { uk: ['виданого коду', 'виданих кодів', 'виданих кодів'], en: ['code handed out', 'codes handed out'] };
import type { Community } from '../../../core/communities/community.js';
import { phaseAt, type Contest, type Phase, StepTimeline, lastDay } from '../../budgets/index.js';
import { SCHOOL_PHASE_LABELS } from '../access.js';
import type { CodeTotals, School } from '../repository.js';

/** A school's row in the lists of schools: its contest, the phase and the figures so far. */
export interface SchoolFigures {
  school: School;
  contest: Contest | null;
  phase: Phase | null;
  projects: number;
  votes: number;
  codes: CodeTotals | undefined;
}

export const pub = (c: Community) => `/${c.slug}/school-budget`;
export const schoolUrl = (c: Community, s: School) => `${pub(c)}/schools/${s.slug}`;
export const manageUrl = (c: Community) => `/${c.slug}/manage/school-budget`;
export const manageSchoolUrl = (c: Community, s: School) => `${manageUrl(c)}/schools/${s.slug}`;
export const manageContestUrl = (c: Community, s: School, k: Contest) => `${manageSchoolUrl(c, s)}/contests/${k.id}`;

/** Turnout: ballots cast out of the codes handed out (voided codes were never handed out, or were lost). */
export function turnout(votes: number, codes: CodeTotals | undefined): number | null {
  const out = codes ? codes.issued - codes.voided : 0;
  return out > 0 ? Math.round((votes / out) * 100) : null;
}

export function TurnoutText({ p, votes, codes }: { p: PageCtx; votes: number; codes: CodeTotals | undefined }): JSX.Element {
  const pct = turnout(votes, codes);
  const out = codes ? codes.issued - codes.voided : 0;
  if (pct === null) return <span>{t(p, 'коди ще не видано', 'no codes handed out yet')}</span>;
  return (
    <span safe>
      {tr(
        p,
        `${plural(votes, { uk: ['голос', 'голоси', 'голосів'], en: ['vote', 'votes'] }, 'uk')} з ${plural(out, HANDED_OUT, 'uk')} (явка ${pct} %)`,
        `${plural(votes, { uk: ['голос', 'голоси', 'голосів'], en: ['vote', 'votes'] }, 'en')} of ${plural(out, HANDED_OUT, 'en')} (turnout ${pct}%)`,
      )}
    </span>
  );
}

/** The three steps a school contest goes through, with the current one marked. */
export function SchoolTimeline({ p, contest, now }: { p: PageCtx; contest: Contest; now: Date }): JSX.Element {
  const d = contest.dates;
  const current = phaseAt(d, now);
  const steps: { phases: Phase[]; label: string; when: string }[] = [
    {
      phases: ['announced', 'submission', 'support'],
      label: SCHOOL_PHASE_LABELS.submission[p.lang],
      when: `${formatKyivDate(d.submissionFrom, p.lang)} – ${lastDay(d.submissionTo, p.lang)}`,
    },
    {
      phases: ['review', 'voting'],
      label: SCHOOL_PHASE_LABELS.voting[p.lang],
      when: `${formatKyivDate(d.votingFrom, p.lang)} – ${lastDay(d.votingTo, p.lang)}`,
    },
    {
      phases: ['counting', 'results', 'implementation'],
      label: SCHOOL_PHASE_LABELS.results[p.lang],
      when: `${tr(p, 'з', 'from')} ${formatKyivDate(d.resultsFrom, p.lang)}`,
    },
  ];
  return (
    <StepTimeline
      steps={steps.map((s) => ({ label: s.label, when: s.when, active: s.phases.includes(current) && !(current === 'announced') && !(current === 'review') }))}
    />
  );
}

/** The form that takes a student's code to the ballot (on the school's page and on the voting page). */
export function CodeForm({ p, action, form, hint }: { p: PageCtx; action: string; form: FormState; hint: string }): JSX.Element {
  const field = fieldsFor(p, form);
  return (
    <PostForm ctx={p} action={action} errors={form.errors}>
      <field.Text name="code" label={tr(p, 'Код з аркуша', 'Code from your slip')} hint={hint} autocomplete="off" maxlength={40} />
      <SubmitButton>{t(p, 'До бюлетеня', 'Go to the ballot')}</SubmitButton>
    </PostForm>
  );
}
