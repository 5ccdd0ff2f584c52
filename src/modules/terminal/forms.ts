/** Parsing of the terminal forms: registering a terminal, pairing a kiosk with its device key. */
import { field } from '../../core/http/form-parser.js';
import type { FormState } from '../../core/views/forms.js';
import type { Lang } from '../../core/i18n/index.js';
import { CODEPAGES, DEVICE_KEY_RE, type Codepage } from './rules.js';
import type { TerminalFields } from './service.js';

const say = (lang: Lang, uk: string, en: string) => (lang === 'uk' ? uk : en);

export function readTerminalForm(body: unknown, lang: Lang, officeIds: number[]): { form: FormState; fields: TerminalFields | null } {
  const values = {
    name: field(body, 'name').trim(),
    place: field(body, 'place').trim(),
    office_id: field(body, 'office_id'),
    codepage: field(body, 'codepage'),
  };
  const errors: Record<string, string> = {};
  if (!values.name) errors.name = say(lang, 'Вкажіть назву термінала', 'Enter the terminal’s name');
  else if (values.name.length > 120) errors.name = say(lang, 'Назва — не довше 120 символів', 'The name is at most 120 characters');
  if (!values.place) errors.place = say(lang, 'Вкажіть, де стоїть термінал', 'Say where the terminal stands');
  else if (values.place.length > 200) errors.place = say(lang, 'Місце — не довше 200 символів', 'The place is at most 200 characters');
  const officeId = values.office_id === '' ? null : Number(values.office_id);
  if (officeId !== null && !officeIds.includes(officeId)) errors.office_id = say(lang, 'Оберіть офіс ЦНАП зі списку', 'Choose an office from the list');
  const codepage = (CODEPAGES as readonly string[]).includes(values.codepage) ? (values.codepage as Codepage) : null;
  if (!codepage) errors.codepage = say(lang, 'Оберіть кодову сторінку принтера', 'Choose the printer’s code page');
  const form = { values, errors };
  if (Object.keys(errors).length || !codepage) return { form, fields: null };
  return { form, fields: { name: values.name, place: values.place, officeId, codepage } };
}

/** The device key typed on the kiosk, or an error. */
export function readPairForm(body: unknown, lang: Lang): { form: FormState; key: string | null } {
  const key = field(body, 'device_key').trim();
  if (!DEVICE_KEY_RE.test(key))
    return {
      form: {
        values: {},
        errors: { device_key: say(lang, 'Це не ключ термінала: він починається з «vkt_»', 'This is not a terminal key: it starts with «vkt_»') },
      },
      key: null,
    };
  return { form: { values: {}, errors: {} }, key };
}
