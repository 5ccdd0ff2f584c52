/** The management forms: their fields read into typed values or field errors (in the reader's language). */
import { field, fields } from '../../core/http/form-parser.js';
import { CHARACTERS_UP_TO, plural, type Lang } from '../../core/i18n/index.js';
import type { FormState } from '../../core/views/forms.js';
import type { Office, OfficeFields, Service, ServiceFields, Situation, SituationFields } from './repository.js';
import { columnsOf, OFFICE_TEXTS, SERVICE_TEXTS, textsOf, type OfficeText, type ServiceText } from './tables.js';
import { ACCESSIBILITY_KEYS, parseSpan, WEEK_ORDER, type WeekHours } from './rules.js';

const CODE_RE = /^[a-z0-9-]{1,40}$/;
type Errors = Record<string, string>;

function msg(lang: Lang, uk: string, en: string): string {
  return lang === 'uk' ? uk : en;
}

function checkCode(errors: Errors, code: string, lang: Lang): void {
  if (!CODE_RE.test(code))
    errors.code = msg(lang, 'Код: малі латинські літери, цифри й дефіс, до 40 знаків', 'Code: lower-case Latin letters, digits and hyphens, up to 40');
}

function checkLength(errors: Errors, values: Record<string, string>, name: string, max: number, lang: Lang, required = false): void {
  const v = values[name] ?? '';
  if (required && !v) errors[name] = msg(lang, 'Заповніть це поле', 'Fill in this field');
  else if ([...v].length > max) errors[name] = `${msg(lang, 'Не більше', 'At most')} ${plural(max, CHARACTERS_UP_TO, lang)}`;
}

/** Each text's limit in characters, the same for its English version. */
const SERVICE_LIMITS: Record<ServiceText, number> = {
  name: 300,
  applicants: 2000,
  documents: 5000,
  cost: 500,
  payment: 1000,
  term: 300,
  result: 1000,
  receiving: 1000,
  legal_basis: 2000,
};
const OFFICE_LIMITS: Record<OfficeText, number> = { name: 200, address: 300, notes: 1000 };

/** Reads the texts and their English versions (`<text>_en`) into `values`, checking each one's length. */
function readTexts<K extends string>(
  body: unknown,
  values: Record<string, string>,
  errors: Errors,
  limits: Record<K, number>,
  lang: Lang,
  required: K[],
): void {
  for (const k of Object.keys(limits) as K[])
    for (const n of [k, `${k}_en`]) {
      values[n] = field(body, n).replace(/\r\n?/g, '\n');
      checkLength(errors, values, n, limits[k], lang, n === k && required.includes(k));
    }
}

export function readServiceForm(
  body: unknown,
  lang: Lang,
  situations: Situation[],
  offices: Office[],
): { form: FormState; selectedOffices: number[]; fields: ServiceFields | null } {
  const values: Record<string, string> = {};
  for (const n of ['code', 'online_url', 'situation_id']) values[n] = field(body, n);
  const errors: Errors = {};
  checkCode(errors, values.code!, lang);
  readTexts(body, values, errors, SERVICE_LIMITS, lang, ['name']);
  const situation = situations.find((s) => String(s.id) === values.situation_id);
  if (!situation) errors.situation_id = msg(lang, 'Оберіть життєву ситуацію', 'Choose a life situation');
  if (values.online_url && !/^https:\/\/\S{3,500}$/.test(values.online_url))
    errors.online_url = msg(lang, 'Посилання має починатися з https://', 'The link must start with https://');
  const selectedOffices = fields(body, 'offices')
    .map(Number)
    .filter((id) => offices.some((o) => o.id === id));
  const ok = Object.keys(errors).length === 0;
  return {
    form: { values, errors },
    selectedOffices,
    fields: ok
      ? {
          code: values.code!,
          situationId: situation!.id,
          ...textsOf(values, SERVICE_TEXTS, ''),
          onlineUrl: values.online_url!,
          officeIds: selectedOffices,
          en: textsOf(values, SERVICE_TEXTS, '_en'),
        }
      : null,
  };
}

export function serviceFormOf(s: Service): FormState {
  return {
    values: {
      code: s.code,
      situation_id: String(s.situationId),
      online_url: s.onlineUrl,
      ...columnsOf(s, SERVICE_TEXTS, ''),
      ...columnsOf(s.en, SERVICE_TEXTS, '_en'),
    },
    errors: {},
  };
}

const OFFICE_FIELDS = ['code', 'kind', 'lat', 'lng', 'phone', 'email'];

export function readOfficeForm(body: unknown, lang: Lang): { form: FormState; accessibility: string[]; fields: OfficeFields | null } {
  const values: Record<string, string> = {};
  for (const n of OFFICE_FIELDS) values[n] = field(body, n);
  for (const d of WEEK_ORDER) {
    values[`hours_${d}`] = field(body, `hours_${d}`);
    values[`break_${d}`] = field(body, `break_${d}`);
  }
  const errors: Errors = {};
  checkCode(errors, values.code!, lang);
  if (values.kind !== 'centre' && values.kind !== 'remote') errors.kind = msg(lang, 'Оберіть вид офісу', 'Choose the kind of office');
  readTexts(body, values, errors, OFFICE_LIMITS, lang, ['name', 'address']);
  if (values.phone && !/^\+?[\d ()-]{5,20}$/.test(values.phone))
    errors.phone = msg(lang, 'Телефон: цифри, наприклад +380 32 254 15 15', 'Phone: digits, e.g. +380 32 254 15 15');
  if (values.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email))
    errors.email = msg(lang, 'Перевірте адресу електронної пошти', 'Check the e-mail address');
  const coord = (n: 'lat' | 'lng', min: number, max: number): number | null => {
    const raw = values[n]!.replace(',', '.');
    if (!raw) return null;
    const x = Number(raw);
    if (!Number.isFinite(x) || x < min || x > max) {
      errors[n] = msg(lang, `Число від ${min} до ${max}`, `A number from ${min} to ${max}`);
      return null;
    }
    return x;
  };
  const lat = coord('lat', 44, 53);
  const lng = coord('lng', 22, 41);
  if ((lat === null) !== (lng === null) && !errors.lat && !errors.lng)
    errors[lat === null ? 'lat' : 'lng'] = msg(lang, 'Вкажіть обидві координати або жодної', 'Give both coordinates or neither');
  const hours: WeekHours = {};
  for (const d of WEEK_ORDER) {
    const raw = values[`hours_${d}`]!;
    if (!raw) continue;
    const span = parseSpan(raw);
    if (!span) {
      errors[`hours_${d}`] = msg(lang, 'Години у вигляді 08:00–17:00, або порожньо для вихідного', 'Hours as 08:00–17:00, or empty for a day off');
      continue;
    }
    const br = values[`break_${d}`]!;
    const brSpan = br ? parseSpan(br) : null;
    if (br && (!brSpan || brSpan.from <= span.from || brSpan.to >= span.to))
      errors[`break_${d}`] = msg(lang, 'Перерва у вигляді 12:00–12:45, у межах годин роботи', 'A break as 12:00–12:45, within the opening hours');
    hours[d] = { open: span.from, close: span.to, breakFrom: brSpan?.from ?? null, breakTo: brSpan?.to ?? null };
  }
  const accessibility = fields(body, 'accessibility').filter((a) => ACCESSIBILITY_KEYS.includes(a));
  const ok = Object.keys(errors).length === 0;
  return {
    form: { values, errors },
    accessibility,
    fields: ok
      ? {
          code: values.code!,
          kind: values.kind as 'centre' | 'remote',
          ...textsOf(values, OFFICE_TEXTS, ''),
          lat,
          lng,
          phone: values.phone!,
          email: values.email!,
          hours,
          accessibility,
          en: textsOf(values, OFFICE_TEXTS, '_en'),
        }
      : null,
  };
}

export function officeFormOf(o: Office): FormState {
  const values: Record<string, string> = {
    code: o.code,
    kind: o.kind,
    ...columnsOf(o, OFFICE_TEXTS, ''),
    ...columnsOf(o.en, OFFICE_TEXTS, '_en'),
    lat: o.lat === null ? '' : String(o.lat),
    lng: o.lng === null ? '' : String(o.lng),
    phone: o.phone,
    email: o.email,
  };
  for (const d of WEEK_ORDER) {
    const h = o.hours[d];
    values[`hours_${d}`] = h ? `${h.open}–${h.close}` : '';
    values[`break_${d}`] = h?.breakFrom && h.breakTo ? `${h.breakFrom}–${h.breakTo}` : '';
  }
  return { values, errors: {} };
}

export function readSituationForm(body: unknown, lang: Lang): { form: FormState; fields: SituationFields | null } {
  const values: Record<string, string> = { code: field(body, 'code'), position: field(body, 'position') };
  const errors: Errors = {};
  checkCode(errors, values.code!, lang);
  readTexts(body, values, errors, { name: 120 }, lang, ['name']);
  if (values.position && !/^\d{1,4}$/.test(values.position)) errors.position = msg(lang, 'Ціле число від 0 до 9999', 'A whole number from 0 to 9999');
  return {
    form: { values, errors },
    fields: Object.keys(errors).length ? null : { code: values.code!, name: values.name!, nameEn: values.name_en!, position: Number(values.position || '0') },
  };
}

export function situationFormOf(s: Situation): FormState {
  return { values: { code: s.code, name: s.name, name_en: s.en.name, position: String(s.position) }, errors: {} };
}
