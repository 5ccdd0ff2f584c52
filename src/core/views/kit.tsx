/**
 * The view kit: pieces every tool's pages repeat, drawn the same way everywhere. Form fields are in
 * forms.tsx; these are the notices and labels around them.
 */
import type { Children } from '@kitajs/html';
import { plural, pluralWord, formatNumber, type PluralText, type Text } from '../i18n/index.js';
import { refusalText } from '../permissions/refusal-text.js';
import type { ParticipationRefusal } from '../permissions/policy.js';
import { Checkbox, CsrfField, ErrorSummary, SelectField, SubmitButton, type FieldErrors, type FormState } from './forms.js';
import { t, tr, type PageCtx } from './page-context.js';

/**
 * Why this person may not take part here, in words, instead of a button that would fail. `box` (the
 * default) is a status box that may offer signing in (`signInReturn`: where to come back) and carry more
 * (children); `line` is one paragraph, `warning` colours it.
 */
export function RefusalNotice(props: {
  ctx: PageCtx;
  refusal: ParticipationRefusal;
  blockReason: string | null;
  /** Words before the reason, e.g. "To vote:". */
  lead?: string;
  signInReturn?: string;
  /** The refusals signing in cures: the button is shown for these (default: signed out). */
  signInFor?: readonly ParticipationRefusal[];
  variant?: 'box' | 'line';
  warning?: boolean;
  children?: Children;
}): JSX.Element {
  const { ctx, refusal } = props;
  const reason = refusalText(refusal, ctx.lang, props.blockReason);
  const text = props.lead ? `${props.lead} ${reason}` : reason;
  if (props.variant === 'line') {
    return (
      <p class={props.warning ? 'notice warning' : 'notice'} safe>
        {text}
      </p>
    );
  }
  const signIn = props.signInReturn !== undefined && (props.signInFor ?? ['signed-out']).includes(refusal);
  return (
    <div class="notice" role="status">
      <p safe>{text}</p>
      {signIn ? (
        <a class="button" href={`/auth/sign-in?return=${encodeURIComponent(props.signInReturn ?? '')}`}>
          {t(ctx, 'Увійти', 'Sign in')}
        </a>
      ) : (
        ''
      )}
      {props.children ?? ''}
    </div>
  );
}

/** A refusal as a page receives it: why, and the moderator's reason when it is a block. */
export interface Refused {
  refusal: ParticipationRefusal;
  blockReason: string | null;
}

/** `RefusalNotice` as one line, in place of an act's button: nothing when there is no refusal (`of` null). */
export function RefusalLine(props: { ctx: PageCtx; of: Refused | null; lead?: string }): JSX.Element {
  if (!props.of) return '';
  return <RefusalNotice ctx={props.ctx} refusal={props.of.refusal} blockReason={props.of.blockReason} lead={props.lead} variant="line" />;
}

/** A status as a label: `cls` is the whole class list (each tool keeps its colours), `label` its words. */
export function StatusBadge(props: { ctx: { lang: PageCtx['lang'] }; label: Text; cls: string; strong?: boolean }): JSX.Element {
  const words = props.label[props.ctx.lang];
  return props.strong ? (
    <strong class={props.cls} safe>
      {words}
    </strong>
  ) : (
    <span class={props.cls} safe>
      {words}
    </span>
  );
}

/**
 * The participation rules a moderator sets (three, and optionally whether e-mail-level acts count): field
 * names (each tool posts its own) and their words.
 */
export interface ParticipationRulesFields {
  allowEmail: { name: string; label: string; hint?: string };
  /** Optional: a box right after the e-mail one on whether e-mail-level acts count (a tool's own wording and sense). */
  emailCounts?: { name: string; label: string; hint?: string };
  residentsOnly: { name: string; label: string };
  minAge: { name: string; label: string; noLimit: string; /** '14' or '14+' */ plus?: boolean };
  /** Which box comes first (the budget asks about residents first). */
  residentsFirst?: boolean;
}

/**
 * Who may take part: "e-mail sign-in too", "residents only" and the minimum age (none, 14, 16, 18), in a
 * fieldset with `legend` (none: the fields alone). `checked` reads a box; `frame` lets a tool show a rule
 * that can no longer change as text instead of its input (the budget once voting started).
 */
export function ParticipationRulesFieldset(props: {
  ctx: PageCtx;
  form: FormState;
  fields: ParticipationRulesFields;
  legend?: string;
  fieldsetClass?: string;
  checked?: (name: string) => boolean;
  frame?: (name: string, label: string, input: JSX.Element, kind: 'box' | 'age') => JSX.Element;
}): JSX.Element {
  const { ctx, form, fields } = props;
  const checked = props.checked ?? ((name: string) => form.values[name] === 'on');
  const frame = props.frame ?? ((_n: string, _l: string, input: JSX.Element) => input);
  const email = frame(
    fields.allowEmail.name,
    fields.allowEmail.label,
    <Checkbox name={fields.allowEmail.name} label={fields.allowEmail.label} hint={fields.allowEmail.hint} checked={checked(fields.allowEmail.name)} />,
    'box',
  );
  const counts = fields.emailCounts
    ? frame(
        fields.emailCounts.name,
        fields.emailCounts.label,
        <Checkbox name={fields.emailCounts.name} label={fields.emailCounts.label} hint={fields.emailCounts.hint} checked={checked(fields.emailCounts.name)} />,
        'box',
      )
    : '';
  const residents = frame(
    fields.residentsOnly.name,
    fields.residentsOnly.label,
    <Checkbox name={fields.residentsOnly.name} label={fields.residentsOnly.label} checked={checked(fields.residentsOnly.name)} />,
    'box',
  );
  const age = frame(
    fields.minAge.name,
    fields.minAge.label,
    <SelectField
      ctx={ctx}
      form={form}
      name={fields.minAge.name}
      label={fields.minAge.label}
      options={[{ value: '', label: fields.minAge.noLimit }, ...['14', '16', '18'].map((x) => ({ value: x, label: fields.minAge.plus ? `${x}+` : x }))]}
    />,
    'age',
  );
  const inner = fields.residentsFirst ? [residents, email, counts, age] : [email, counts, residents, age];
  if (props.legend === undefined) return <>{inner}</>;
  return (
    <fieldset class={props.fieldsetClass}>
      <legend safe>{props.legend}</legend>
      {inner}
    </fieldset>
  );
}

/** The submit button of a filter or search form that reloads the page with the chosen filters. */
export function ShowButton({ ctx }: { ctx: PageCtx }): JSX.Element {
  return <SubmitButton variant="secondary">{t(ctx, 'Показати', 'Show')}</SubmitButton>;
}

/** A form that posts its fields to `action`: the CSRF token and the summary of `errors` come first, then the children. */
export function PostForm(props: { ctx: PageCtx; action: string; errors: FieldErrors; enctype?: 'multipart/form-data'; children?: Children }): JSX.Element {
  return (
    <form method="post" action={props.action} enctype={props.enctype} novalidate class="stack">
      <CsrfField ctx={props.ctx} />
      <ErrorSummary ctx={props.ctx} errors={props.errors} />
      {props.children}
    </form>
  );
}

/**
 * The transparency-log receipt of one's own act, after it: its number and the link that checks it
 * (`check`: «Перевірити мій підпис», «…мій голос», «…мою відповідь»). Nothing for an act made before the log.
 */
export function LogReceiptLine(props: { ctx: PageCtx; receipt: number | null; check: Text }): JSX.Element {
  const { ctx, receipt } = props;
  if (receipt === null) return '';
  return (
    <p class="receipt">
      {t(ctx, 'Квитанція журналу прозорості', 'Transparency log receipt')} <strong safe>{`№ ${receipt}`}</strong>.{' '}
      <a href={`/transparency/receipts/${receipt}`} safe>
        {props.check[ctx.lang]}
      </a>
    </p>
  );
}

/**
 * «Перевірено журналом»: how many valid acts the transparency log gives for this subject (`count`, counted
 * under the subject's own rule on e-mail-level acts) in its latest checkpoint (`checkpoint`, its size),
 * beside the site's own count, with the page that explains the log. `noun`: «підпис», «бюлетень», «відповідь».
 */
export function LogCountLine(props: { ctx: PageCtx; count: number; checkpoint: number; noun: PluralText }): JSX.Element {
  const { ctx } = props;
  const acts = plural(props.count, props.noun, ctx.lang);
  const checkpoint = formatNumber(props.checkpoint, ctx.lang);
  return (
    <p class="meta log-count">
      <a href="/transparency">{t(ctx, 'Перевірено журналом', 'Checked by the log')}</a>
      <span safe>{`: ${acts} (${tr(ctx, 'контрольна точка', 'checkpoint')} ${checkpoint})`}</span>
    </p>
  );
}

/**
 * One item of a `figures` list. A counted noun takes the form its number needs («1 учасник», «5 учасників»);
 * a fixed label (a figure a module declares, «Петицій», «% звернень вирішено») comes first, as a label
 * to its value, so no fixed word follows a number it may not agree with.
 */
export function FigureItem(props: { ctx: { lang: PageCtx['lang'] }; value: number; noun?: PluralText; label?: Text }): JSX.Element {
  const { lang } = props.ctx;
  const number = <strong safe>{formatNumber(props.value, lang)}</strong>;
  if (props.noun)
    return (
      <li>
        {number} <span safe>{pluralWord(props.value, props.noun, lang)}</span>
      </li>
    );
  const label = props.label?.[lang] ?? '';
  return (
    <li>
      <span safe>{`${label.charAt(0).toLocaleUpperCase(lang)}${label.slice(1)}:`}</span> {number}
    </li>
  );
}
