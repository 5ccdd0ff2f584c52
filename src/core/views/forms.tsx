/**
 * Form parts in the GOV.UK pattern: a summary at the top linking to each field with an error, the message
 * next to the field, and what the user typed kept. Forms use `novalidate`; the server validates.
 */
import type { Children } from '@kitajs/html';
import { t, type PageCtx } from './page-context.js';

export type FieldErrors = Record<string, string>;

export interface FormState {
  values: Record<string, string>;
  errors: FieldErrors;
}

export function ErrorSummary({ ctx, errors }: { ctx: PageCtx; errors: FieldErrors }): JSX.Element {
  const entries = Object.entries(errors);
  if (entries.length === 0) return '';
  return (
    <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t(ctx, 'Виправте, будь ласка:', 'There is a problem:')}</h2>
      <ul>
        {entries.map(([field, msg]) => (
          <li>
            <a href={`#${field}`} safe>
              {msg}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The form's CSRF token. Put it first: upload routes read it before any other part (core/http/uploads.ts). */
export function CsrfField({ ctx }: { ctx: PageCtx }): JSX.Element {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
}

interface FieldProps {
  name: string;
  label: string;
  form: FormState;
  hint?: string;
  type?: 'text' | 'email' | 'tel' | 'date' | 'number' | 'password' | 'search' | 'url';
  autocomplete?: string;
  inputmode?: 'numeric' | 'text' | 'email' | 'tel';
  maxlength?: number;
  width?: 'short' | 'full';
}

function describedBy(name: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function FieldMessages({ name, hint, error, ctx }: { name: string; hint?: string; error?: string; ctx: PageCtx }): JSX.Element {
  return (
    <>
      {hint ? (
        <p class="hint" id={`${name}-hint`} safe>
          {hint}
        </p>
      ) : (
        ''
      )}
      {error ? (
        <p class="error-message" id={`${name}-error`}>
          <span class="visually-hidden">{t(ctx, 'Помилка:', 'Error:')}</span> <span safe>{error}</span>
        </p>
      ) : (
        ''
      )}
    </>
  );
}

/** The aria attributes that tie an input to its hint and error. */
function describedAttributes(name: string, hint: string | undefined, error: string | undefined) {
  return { 'aria-describedby': describedBy(name, hint, error), 'aria-invalid': error ? 'true' : undefined };
}

/** A one-input field: the label, hint and error above the input (the children). */
function LabelledField(props: { ctx: PageCtx; name: string; label: string; hint?: string; error?: string; children: Children }): JSX.Element {
  return (
    <div class={`field${props.error ? ' field-error' : ''}`}>
      <label for={props.name} safe>
        {props.label}
      </label>
      <FieldMessages ctx={props.ctx} name={props.name} hint={props.hint} error={props.error} />
      {props.children}
    </div>
  );
}

export function TextField(props: FieldProps & { ctx: PageCtx }): JSX.Element {
  const error = props.form.errors[props.name];
  return (
    <LabelledField ctx={props.ctx} name={props.name} label={props.label} hint={props.hint} error={error}>
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.form.values[props.name] ?? ''}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        class={props.width === 'short' ? 'input-short' : undefined}
        {...describedAttributes(props.name, props.hint, error)}
      />
    </LabelledField>
  );
}

export function TextArea(props: FieldProps & { ctx: PageCtx; rows?: number }): JSX.Element {
  const error = props.form.errors[props.name];
  return (
    <LabelledField ctx={props.ctx} name={props.name} label={props.label} hint={props.hint} error={error}>
      <textarea
        id={props.name}
        name={props.name}
        rows={String(props.rows ?? 5)}
        maxlength={props.maxlength}
        {...describedAttributes(props.name, props.hint, error)}
        safe
      >
        {props.form.values[props.name] ?? ''}
      </textarea>
    </LabelledField>
  );
}

export function SelectField(props: Omit<FieldProps, 'type'> & { ctx: PageCtx; options: { value: string; label: string }[] }): JSX.Element {
  const error = props.form.errors[props.name];
  const current = props.form.values[props.name] ?? '';
  return (
    <LabelledField ctx={props.ctx} name={props.name} label={props.label} hint={props.hint} error={error}>
      <select id={props.name} name={props.name} {...describedAttributes(props.name, props.hint, error)}>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === current} safe>
            {o.label}
          </option>
        ))}
      </select>
    </LabelledField>
  );
}

export function Checkbox(props: { name: string; label: string; checked: boolean; hint?: string; value?: string }): JSX.Element {
  return (
    <div class="checkbox">
      <input type="checkbox" id={props.name} name={props.name} value={props.value ?? 'on'} checked={props.checked} />
      <label for={props.name} safe>
        {props.label}
      </label>
      {props.hint ? (
        <p class="hint" safe>
          {props.hint}
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

/**
 * A form's submit button: the label is the children (pass `t(…)`). `name` and `value` say which of a
 * form's buttons was pressed (draft or submit, back or next).
 */
export function SubmitButton(props: { variant?: 'secondary' | 'warning'; name?: string; value?: string; children: Children }): JSX.Element {
  return (
    <button class={props.variant ? `button ${props.variant}` : 'button'} type="submit" name={props.name} value={props.value}>
      {props.children}
    </button>
  );
}

/** A POST button that is a whole form, for one-click acts (sign out, hide, unblock). */
export function ActionButton(props: {
  ctx: PageCtx;
  action: string;
  label: string;
  fields?: Record<string, string>;
  variant?: 'primary' | 'secondary' | 'warning';
}): JSX.Element {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField ctx={props.ctx} />
      {Object.entries(props.fields ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class={`button ${props.variant ?? 'primary'}`} safe>
        {props.label}
      </button>
    </form>
  );
}

/**
 * A file input with its label, hint and error. `id` defaults to the name (two file inputs on one page
 * need their own); the hint is the children (markup allowed: pass `t(…)`), the error the field's message.
 */
export function FileField(props: {
  ctx: PageCtx;
  name: string;
  id?: string;
  label: string;
  children?: Children;
  error?: string;
  accept: string;
  multiple?: boolean;
  class?: string;
}): JSX.Element {
  const id = props.id ?? props.name;
  const { error, children } = props;
  const hasHint = Boolean(children);
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={id} safe>
        {props.label}
      </label>
      {hasHint ? (
        <p class="hint" id={`${id}-hint`}>
          {children}
        </p>
      ) : (
        ''
      )}
      <FieldMessages ctx={props.ctx} name={id} error={error} />
      <input
        class={props.class}
        id={id}
        name={props.name}
        type="file"
        accept={props.accept}
        multiple={props.multiple}
        {...describedAttributes(id, hasHint ? 'hint' : undefined, error)}
      />
    </div>
  );
}

/**
 * A radio group: fieldset, legend, hint and error; the first radio carries the group's id (`name`),
 * where the error summary links, the others `name-<id>`. Children follow the choices (e.g. a warning).
 */
export function Radios(props: {
  ctx: PageCtx;
  name: string;
  legend: string;
  form: FormState;
  options: { value: string; label: string; id?: string }[];
  /** The chosen value when the form holds none yet (e.g. the saved setting). */
  value?: string;
  hint?: string;
  class?: string;
  describedBy?: string;
  children?: Children;
}): JSX.Element {
  const error = props.form.errors[props.name];
  const current = props.form.values[props.name] ?? props.value ?? '';
  return (
    <fieldset class={`${props.class ?? 'field'}${error ? ' field-error' : ''}`} aria-describedby={props.describedBy}>
      <legend safe>{props.legend}</legend>
      <FieldMessages ctx={props.ctx} name={props.name} hint={props.hint} error={error} />
      {props.options.map((o, i) => {
        const id = i === 0 ? props.name : `${props.name}-${o.id ?? o.value}`;
        return (
          <div class="choice">
            <input type="radio" id={id} name={props.name} value={o.value} checked={o.value === current} />
            <label for={id} safe>
              {o.label}
            </label>
          </div>
        );
      })}
      {props.children ?? ''}
    </fieldset>
  );
}

/**
 * One choice of a GET filter or search form (no errors: a bad value just shows everything): its label and
 * select. `all` is the first option, the empty value («Усі категорії»); `options` follow, then any children
 * (options a tool draws itself, e.g. grouped categories). `id` defaults to the name.
 */
export function FilterSelect(props: {
  name: string;
  id?: string;
  label: string;
  value?: string;
  all?: string;
  options?: { value: string; label: string }[];
  children?: Children;
}): JSX.Element {
  const id = props.id ?? props.name;
  return (
    <div class="field">
      <label for={id} safe>
        {props.label}
      </label>
      <select id={id} name={props.name}>
        {props.all === undefined ? (
          ''
        ) : (
          <option value="" safe>
            {props.all}
          </option>
        )}
        {(props.options ?? []).map((o) => (
          <option value={o.value} selected={o.value === props.value} safe>
            {o.label}
          </option>
        ))}
        {props.children ?? ''}
      </select>
    </div>
  );
}

type Bound<P> = (props: Omit<P, 'ctx' | 'form'>) => JSX.Element;

/** A form's fields with the page and the form's values and errors bound once (see fieldsFor). */
export interface BoundFields {
  Text: Bound<Parameters<typeof TextField>[0]>;
  /** A short numeric text field (a count, a sum, a number of days). */
  Number: Bound<Parameters<typeof TextField>[0]>;
  Area: Bound<Parameters<typeof TextArea>[0]>;
  Select: Bound<Parameters<typeof SelectField>[0]>;
  Radios: Bound<Parameters<typeof Radios>[0]>;
}

/**
 * The fields of one form, bound to the page and to the form's values and errors, so that a view names
 * them once: `const field = fieldsFor(p, form);` then `<field.Text name="title" label={…} />`.
 */
export function fieldsFor(ctx: PageCtx, form: FormState): BoundFields {
  return {
    Text: (props) => <TextField ctx={ctx} form={form} {...props} />,
    Number: (props) => <TextField ctx={ctx} form={form} inputmode="numeric" width="short" {...props} />,
    Area: (props) => <TextArea ctx={ctx} form={form} {...props} />,
    Select: (props) => <SelectField ctx={ctx} form={form} {...props} />,
    Radios: (props) => <Radios ctx={ctx} form={form} {...props} />,
  };
}
