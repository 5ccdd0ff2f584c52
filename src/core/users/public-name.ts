/**
 * The one place where the name a person acts under publicly is made. A name comes only from id.gov.ua;
 * a resident who signed in with an e-mail code (the weaker level, an account with no verified name) acts
 * under a neutral label. An e-mail address is never a name: not in pages, the API, CSV or open data.
 */
import type { Lang, Text } from '../i18n/index.js';
import { fullName, type Viewer } from './viewer.js';

export const EMAIL_RESIDENT: Text = { uk: 'Мешканець, підтверджено e-mail', en: 'Resident, e-mail verified' };

/** A stored name that is a whole e-mail address (older rows), in JavaScript and as a PostgreSQL regex. */
const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const EMAIL_LIKE_SQL = '^[^[:space:]@]+@[^[:space:]@]+[.][^[:space:]@]+$';

/**
 * The name to store with what a person does in public (a signature, a comment, a report): the full name
 * id.gov.ua gave, or the neutral label (in Ukrainian, as stored names are; `shownName` translates it).
 */
export function publicName(v: Pick<Viewer, 'level' | 'lastName' | 'firstName' | 'patronymic'>): string {
  if (v.level !== 'idgovua') return EMAIL_RESIDENT.uk;
  return fullName(v) || EMAIL_RESIDENT.uk;
}

/** The same for a `users` row (moderator pages that read accounts directly). */
export function publicNameOfUser(u: { verification_level: 'idgovua' | 'email'; last_name: string; first_name: string; patronymic: string }): string {
  return publicName({ level: u.verification_level, lastName: u.last_name, firstName: u.first_name, patronymic: u.patronymic });
}

/**
 * A stored public name as shown: the neutral label in the reader's language, and never an e-mail address
 * (rows written before names were made by `publicName` may hold one). An empty name stays empty: it is a
 * deleted account, which each view words itself.
 */
export function shownName(stored: string, lang: Lang): string {
  if (stored === EMAIL_RESIDENT.uk || EMAIL_LIKE.test(stored.trim())) return EMAIL_RESIDENT[lang];
  return stored;
}
