/** Parsing of the e-queue's forms into typed values or field errors. */
import { field, fields } from '../../core/http/form-parser.js';
import { routeId } from '../../core/http/route-helpers.js';
import { pick, type Lang } from '../../core/i18n/index.js';
import type { FormState } from '../../core/views/forms.js';
import type { WindowFields } from './service.js';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date 'YYYY-MM-DD', or null. */
export function dateOf(raw: string): string | null {
  if (!DATE_RE.test(raw)) return null;
  const d = new Date(`${raw}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === raw ? raw : null;
}

/** An instant as the booking form sends it (ISO, to the minute or second), or null. */
export function instantOf(raw: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{3})?)?Z$/.test(raw)) return null;
  const d = new Date(raw);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function readWindowForm(
  body: unknown,
  lang: Lang,
  officeIds: readonly number[],
  serviceIds: readonly number[],
): { form: FormState; fields: WindowFields | null; selected: number[] } {
  const name = field(body, 'name').trim();
  const office = routeId(field(body, 'office_id'));
  const selected = fields(body, 'service_ids')
    .map((x) => routeId(x))
    .filter((x): x is number => x !== null && serviceIds.includes(x));
  const online = field(body, 'online') === 'on';
  const active = field(body, 'active') === 'on';
  const errors: Record<string, string> = {};
  if (!name || [...name].length > 60)
    errors.name = pick(
      { uk: 'Вкажіть назву вікна (до 60 знаків), наприклад «Вікно 3»', en: 'Give the window a name (up to 60 characters), e.g. «Window 3»' },
      lang,
    );
  if (office === null || !officeIds.includes(office)) errors.office_id = pick({ uk: 'Оберіть офіс', en: 'Choose an office' }, lang);
  const form = { values: { name, office_id: field(body, 'office_id'), online: online ? 'on' : '', active: active ? 'on' : '' }, errors };
  if (Object.keys(errors).length) return { form, fields: null, selected };
  return { form, fields: { officeId: office!, name, online, active, serviceIds: selected }, selected };
}

/** The visit length and weekly limit of a service; `enabled` off takes it out of the e-queue. */
export function readServiceSetting(body: unknown, lang: Lang): { form: FormState; setting: { visitMinutes: number; weeklyLimit: number } | null | undefined } {
  const minutes = field(body, 'visit_minutes').trim();
  const limit = field(body, 'weekly_limit').trim() || '1';
  const enabled = field(body, 'enabled') === 'on';
  const errors: Record<string, string> = {};
  const m = /^\d{1,3}$/.test(minutes) ? Number(minutes) : NaN;
  const l = /^\d{1,2}$/.test(limit) ? Number(limit) : NaN;
  if (enabled && !(m >= 5 && m <= 240))
    errors.visit_minutes = pick({ uk: 'Тривалість прийому — від 5 до 240 хвилин', en: 'A visit lasts from 5 to 240 minutes' }, lang);
  if (enabled && !(l >= 1 && l <= 20))
    errors.weekly_limit = pick({ uk: 'Ліміт на тиждень — від 1 до 20 записів', en: 'The weekly limit is 1 to 20 bookings' }, lang);
  const form = { values: { visit_minutes: minutes, weekly_limit: limit, enabled: enabled ? 'on' : '' }, errors };
  if (Object.keys(errors).length) return { form, setting: undefined };
  return { form, setting: enabled ? { visitMinutes: m, weeklyLimit: l } : null };
}
