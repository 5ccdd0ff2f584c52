/** The emulator's form for a typed person: which fields it has and how each is checked. */
import { rnokppBirthDate, rnokppProblem } from '../core/identity/rnokpp.js';
import type { AuthType, Identity } from './server.js';

export const TYPED_FIELDS = ['lastName', 'firstName', 'patronymic', 'rnokpp', 'birthDate', 'address', 'email', 'phone', 'method'] as const;
export type TypedField = (typeof TYPED_FIELDS)[number];
export type TypedValues = Record<TypedField, string>;
export type FieldErrors = Partial<Record<TypedField, string>>;

export function typedValues(p: Map<string, string>): TypedValues {
  const out = {} as TypedValues;
  for (const f of TYPED_FIELDS) out[f] = p.get(f) ?? '';
  return out;
}

function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}

export function validateTyped(v: TypedValues, allowed: AuthType[], today: string): { identity: Identity; authType: AuthType } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const t = (f: TypedField) => v[f].trim();
  if (t('lastName') === '') errors.lastName = 'Вкажіть прізвище.';
  if (t('firstName') === '') errors.firstName = 'Вкажіть ім’я.';
  if (t('patronymic') === '') errors.patronymic = 'Вкажіть по батькові.';

  const rnokpp = t('rnokpp');
  const rnokppIssue = rnokppProblem(rnokpp);
  if (rnokppIssue === 'format') errors.rnokpp = 'РНОКПП має містити 10 цифр.';
  else if (rnokppIssue === 'checksum') errors.rnokpp = 'Неправильна контрольна цифра РНОКПП.';

  const birthDate = t('birthDate');
  if (birthDate === '') errors.birthDate = 'Вкажіть дату народження.';
  else if (!isRealDate(birthDate)) errors.birthDate = 'Дата народження має бути справжньою датою у форматі РРРР-ММ-ДД.';
  else if (birthDate > today) errors.birthDate = 'Дата народження не може бути в майбутньому.';
  else if (rnokppIssue === null && rnokppBirthDate(rnokpp) !== birthDate) {
    // The first five digits of a РНОКПП encode the birth date; a mismatch means one of them is mistyped.
    errors.birthDate = `Дата народження не збігається з датою, закодованою в РНОКПП (${rnokppBirthDate(rnokpp)}).`;
  }

  if (t('address') === '') errors.address = 'Вкажіть адресу зареєстрованого місця проживання.';

  // E-mail and phone are optional, as not every identity provider returns them.
  const email = t('email');
  if (email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = 'Електронна пошта має бути у форматі name@example.com.';
  const phone = t('phone');
  if (phone !== '' && !/^\+?\d{10,15}$/.test(phone.replace(/[\s()-]/g, ''))) {
    errors.phone = 'Телефон має містити від 10 до 15 цифр, наприклад +380671112233.';
  }

  const method = t('method');
  const authType = allowed.find((a) => a === method);
  if (!authType) errors.method = 'Оберіть спосіб входу.';

  if (Object.keys(errors).length > 0 || !authType) return { errors };
  return {
    authType,
    identity: {
      lastName: t('lastName'),
      firstName: t('firstName'),
      patronymic: t('patronymic'),
      rnokpp,
      birthDate,
      address: t('address'),
      email,
      phone: phone.replace(/[\s()-]/g, ''),
    },
  };
}
