/**
 * The codifier's vocabulary: categories of units and the normal form of a name, shared by the import and
 * the address matcher so that «Кам'янське», «КАМʼЯНСЬКЕ» and «Камʼянське» meet as one name.
 */

/** Categories as the codifier letters them (Cyrillic). */
export const CATEGORIES = {
  О: 'oblast',
  К: 'city with a special status',
  Р: 'raion',
  Н: 'territorial community',
  М: 'city',
  Х: 'settlement (selyshche)',
  Т: 'urban-type settlement (before 2024)',
  С: 'village',
  Щ: 'settlement',
  В: 'district of a city',
} as const;
export type Category = keyof typeof CATEGORIES;

/** Latin letters that spreadsheets and older exports put where the codifier has their Cyrillic twins. */
const LATIN_TWINS: Record<string, Category> = { O: 'О', K: 'К', P: 'Р', H: 'Н', M: 'М', X: 'Х', T: 'Т', C: 'С', B: 'В' };

export function categoryOf(raw: string): Category | null {
  const c = raw.trim().toUpperCase();
  if (Object.prototype.hasOwnProperty.call(CATEGORIES, c)) return c as Category;
  return LATIN_TWINS[c] ?? null;
}

/** Settlements: the units an address can name as where someone lives. */
export const SETTLEMENT_CATEGORIES: readonly Category[] = ['К', 'М', 'Х', 'Т', 'С', 'Щ'];

/** Every apostrophe look-alike people type (ʼ ' ’ ` ´ ‘ ″) as the one the codifier's normal form keeps. */
export function unifyApostrophes(s: string): string {
  return s.replace(/[\u02bc\u2019\u2018\u0060\u00b4\u02b9\u2032']/g, "'");
}

/**
 * The form names are compared in: lower case, one apostrophe, «ё»-free, Latin look-alikes of Ukrainian
 * letters replaced, hyphens without spaces, single spaces.
 */
export function normaliseName(s: string): string {
  return unifyApostrophes(s)
    .toLowerCase()
    .replace(/[aceiopxy]/g, (ch) => ({ a: 'а', c: 'с', e: 'е', i: 'і', o: 'о', p: 'р', x: 'х', y: 'у' })[ch] ?? ch)
    .replace(/\s*[-\u2010-\u2014]\s*/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}
