/**
 * Pure rules of the site: colour contrast of a theme (WCAG 2.2 AA), the Ukrainian search normaliser,
 * which pages are public, and addresses of the site's own host names.
 */

/* ----- colours ----- */

function channel(v: number): number {
  const s = v / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of `#rrggbb` (WCAG 2.x). */
export function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** The contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

/** AA for normal text. */
export const AA_RATIO = 4.5;

export function isHexColor(s: string): boolean {
  return /^#[0-9a-f]{6}$/.test(s);
}

/** Darkens (or lightens) a colour toward black (white) by `f` of the way. */
function mix(hex: string, toward: string, f: number): string {
  const a = parseInt(hex.slice(1), 16);
  const b = parseInt(toward.slice(1), 16);
  const part = (shift: number) => Math.round(((a >> shift) & 255) * (1 - f) + ((b >> shift) & 255) * f);
  return `#${((part(16) << 16) | (part(8) << 8) | part(0)).toString(16).padStart(6, '0')}`;
}

/**
 * A theme any chosen colour may feed: the text on the primary colour is white or black, whichever
 * contrasts more; links on white use the primary colour, darkened step by step until it reaches AA.
 */
export interface Theme {
  primary: string;
  onPrimary: string;
  accent: string;
  onAccent: string;
  link: string;
}

function textOn(bg: string): string {
  // The better of black and white always reaches 4.58:1 against any colour.
  return contrastRatio(bg, '#ffffff') >= contrastRatio(bg, '#000000') ? '#ffffff' : '#000000';
}

export function themeOf(primary: string, accent: string): Theme {
  let link = primary;
  for (let f = 0.1; contrastRatio(link, '#ffffff') < AA_RATIO && f <= 1; f += 0.1) link = mix(primary, '#000000', f);
  return { primary, onPrimary: textOn(primary), accent, onAccent: textOn(accent), link };
}

/** Every pair of the theme that carries text, with its ratio: each must be at least AA. */
export function themeContrasts(th: Theme): { pair: string; ratio: number }[] {
  return [
    { pair: 'primary', ratio: contrastRatio(th.primary, th.onPrimary) },
    { pair: 'accent', ratio: contrastRatio(th.accent, th.onAccent) },
    { pair: 'link', ratio: contrastRatio(th.link, '#ffffff') },
  ];
}

export function themeCss(th: Theme): string {
  return `:root{--site-primary:${th.primary};--site-on-primary:${th.onPrimary};--site-accent:${th.accent};--site-on-accent:${th.onAccent};--site-link:${th.link}}\n`;
}

/* ----- search ----- */

/**
 * Endings of Ukrainian nouns and adjectives, longest first. Cutting them leaves a stem that the
 * inflected forms of one word share (бюджет, бюджету, бюджетом → бюджет); good enough for a council's
 * documents, and the same in PGlite and PostgreSQL (no dictionary needed).
 */
const ENDINGS = [
  'ування',
  'ювання',
  'ими',
  'ами',
  'ями',
  'ого',
  'ому',
  'ові',
  'еві',
  'ах',
  'ях',
  'ом',
  'ем',
  'єм',
  'ою',
  'ею',
  'єю',
  'ів',
  'їв',
  'ей',
  'ам',
  'ям',
  'ий',
  'ій',
  'их',
  'им',
  'ім',
  'а',
  'я',
  'у',
  'ю',
  'і',
  'и',
  'е',
  'є',
  'о',
  'ь',
  'ї',
  'й',
];

const MIN_STEM = 3;

/** One word's stem: lower-case, apostrophes dropped, one ending cut, a doubled last consonant made single. */
export function stem(word: string): string {
  let w = word
    .toLowerCase()
    .replace(/['ʼ’`]/g, '')
    .replace(/ё/g, 'е');
  for (const e of ENDINGS) {
    if (w.length - e.length >= MIN_STEM && w.endsWith(e)) {
      w = w.slice(0, -e.length);
      break;
    }
  }
  if (w.length > MIN_STEM && /([бвгґджзклмнпрстфхцчшщ])\1$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** The words of a text (letters and digits), as stems. */
export function stems(text: string): string[] {
  return (text.match(/[\p{L}\p{N}'ʼ’]+/gu) ?? []).map(stem).filter((s) => s.length > 0);
}

/** What a document's `search_terms` holds: the distinct stems of its fields. */
export function searchTerms(...texts: string[]): string {
  return [...new Set(texts.flatMap(stems))].join(' ');
}

/**
 * A PostgreSQL `to_tsquery('simple', …)` for what a person typed: every stem must match, as a prefix
 * (so «бюдж» finds «бюджет» too). Only letters and digits reach the query; empty when nothing is left.
 */
export function tsQuery(typed: string): string {
  return stems(typed)
    .map((s) => s.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean)
    .slice(0, 8)
    .map((s) => `${s}:*`)
    .join(' & ');
}

/* ----- pages ----- */

/** A page or news item is public when published and its time has come (a later time is a scheduled publication). */
export function isPublic(p: { status: string; publishedAt: Date | null }, now: Date): boolean {
  return p.status === 'published' && p.publishedAt !== null && p.publishedAt.getTime() <= now.getTime();
}

/** A page address from its title: Latin transliteration (the official one, simplified), dashes. */
const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'h',
  ґ: 'g',
  д: 'd',
  е: 'e',
  є: 'ie',
  ж: 'zh',
  з: 'z',
  и: 'y',
  і: 'i',
  ї: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ь: '',
  ю: 'iu',
  я: 'ia',
};

export function slugify(title: string): string {
  const s = [...title.toLowerCase()]
    .map((ch) => TRANSLIT[ch] ?? ch)
    .join('')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return s || 'page';
}

/* ----- host names ----- */

/** A host name as typed: lower-case, without a scheme, path or port; null when it is not one. */
export function normaliseHost(typed: string): string | null {
  const h = typed
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/[/:].*$/, '')
    .replace(/\.$/, '');
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/.test(h)) return null;
  return h;
}

/** The first segments of a path that belong to the site on its own host; everything else is the platform's. */
const SITE_SEGMENTS = new Set(['', 'p', 'news', 'news.rss', 'news.atom', 'documents', 'theme.css', 'sitemap.xml', 'files', 'info-request']);

/** The platform path of a request on the site's own host, or null when the platform serves it as it is. */
export function hostPath(slug: string, url: string): string | null {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q);
  const first = path.split('/')[1] ?? '';
  if (!SITE_SEGMENTS.has(first)) return null;
  return `/${slug}/site${path === '/' ? '' : path}${query}`;
}

/**
 * The text of a page in the reader's language: English only where the site has an English version and
 * the page has English text; otherwise Ukrainian, marked as such (`lang`) for screen readers.
 */
export function localised(text: { uk: string; en: string }, lang: 'uk' | 'en', english: boolean): { text: string; lang: 'uk' | 'en' } {
  if (lang === 'en' && english && text.en.trim() !== '') return { text: text.en, lang: 'en' };
  return { text: text.uk, lang: 'uk' };
}
