/**
 * The registered address as id.gov.ua returns it (free text, e.g. «УКРАЇНА, 79008, Львівська обл., м. Львів,
 * вул. Зелена, буд. 12, кв. 5») → the settlement's КАТОТТГ code. Pure: the codifier units come in as data
 * (the repository picks the ones the address can touch, `addressNames` says which).
 *
 * The address is read part by part (commas): an oblast («обл.», «область», the Crimea), a raion («р-н»,
 * «район»; a pre-2020 raion is found through the raion's former names; a city's district narrows to its
 * city), a community («… громада», «ТГ»), a settlement with its kind («м.», «смт», «селище», «с-ще»,
 * «сел.», «с.»), street, house and flat parts (ignored), postcodes and «Україна» (ignored). Parts with no
 * marker may still name the settlement («Київ»). A settlement is found by its name or a former one; every
 * part the address gives then has to agree with it, and what remains is the answer: one code, several
 * candidates to choose from, or none with the reason.
 */
import type { CodifierUnit } from './codifier-file.js';
import { normaliseName, SETTLEMENT_CATEGORIES, unifyApostrophes, type Category } from './names.js';

export type NoneReason = 'empty' | 'no-settlement' | 'unknown-oblast' | 'unknown-settlement' | 'not-in-oblast' | 'not-in-raion';

export type AddressResolution =
  { kind: 'match'; code: string } | { kind: 'ambiguous'; candidates: { code: string; label: string }[] } | { kind: 'none'; reason: NoneReason };

interface SettlementPart {
  name: string;
  /** The categories the marker allows; null when the part had no marker. */
  kinds: readonly Category[] | null;
}

export interface ParsedAddress {
  oblast: string | null;
  crimea: boolean;
  raion: string | null;
  hromada: string | null;
  settlement: SettlementPart | null;
  /** Parts with no marker, in order: each of them may be the settlement («Київ, Хрещатик 36»). */
  bare: string[];
}

const CITY: readonly Category[] = ['К', 'М'];
const SELYSHCHE: readonly Category[] = ['Х', 'Т', 'Щ'];
const VILLAGE: readonly Category[] = ['С'];

/** Markers before a settlement's name, longest first so «с-ще» is not read as «с.». */
const SETTLEMENT_MARKERS: readonly [RegExp, readonly Category[]][] = [
  [/^селище міського типу\s+/, SELYSHCHE],
  [/^смт\.?\s*/, SELYSHCHE],
  [/^(?:селище|с-ще\.?|сел\.|сщ\.?)\s*/, SELYSHCHE],
  [/^(?:місто|міс\.|м\.)\s*/, CITY],
  [/^м\s+/, CITY],
  [/^(?:село|с\.)\s*/, VILLAGE],
  [/^с\s+/, VILLAGE],
];

/** Parts that are a street, a house, a flat or the like: never a place the codifier knows. */
const STREET_PART = new RegExp(
  [
    // «вул.Зелена», «буд.12»: an abbreviation with its dot, whatever follows.
    /^(?:вул|просп|пров|пл|бул|наб|мкр|буд|корп|кв|б|д|прим)\./.source,
    /^(?:вулиця|проспект|пр-т|провулок|площа|бульвар|б-р|узвіз|шосе|набережна|майдан|тупик|проїзд|мікрорайон|ж\/м|житловий масив|квартал|кв-л|будинок|квартира|корпус|секція|гуртожиток|під'їзд|а\/с)(?:\s|$|\d)/
      .source,
    // «Зелена вул.», «Ринок пл.»
    /\s(?:вул\.?|вулиця|просп\.?|проспект|пров\.?|провулок|пл\.?|площа|бульвар|узвіз|шосе|набережна)$/.source,
  ].join('|'),
);
const OBLAST_PART = /^(.+?)\s+(?:обл\.?|область)$|^(?:обл\.?|область)\s+(.+)$/;
const RAION_PART = /^(.+?)\s+(?:р-н\.?|район|р-ну)$|^(?:р-н\.?|район)\s+(.+)$/;
// Cyrillic words: JavaScript's \b knows only Latin letters, so the edges are spelled out.
const HROMADA_WORDS = /(?<!\p{L})(?:громада|тг|отг|об'єднана|територіальна|міська|сільська|селищна)(?!\p{L})/gu;
const HROMADA_PART = /(?<!\p{L})(?:громада|тг|отг)(?!\p{L})/u;
const CRIMEA = /^(?:автономна республіка крим|ар крим|арк|крим)$/;

function clean(part: string): string {
  return part.replace(/[«»"]/g, '').replace(/\s+/g, ' ').trim();
}

/** Reads the parts of an address; names come out in their normal form (`normaliseName`). */
export function parseAddress(text: string): ParsedAddress {
  const out: ParsedAddress = { oblast: null, crimea: false, raion: null, hromada: null, settlement: null, bare: [] };
  const parts = unifyApostrophes(text)
    .toLowerCase()
    .split(/[,;\n]/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '');
  for (const raw of parts) {
    // A postcode may stand alone or before the next part («79008 Львів»).
    const part = clean(raw.replace(/^\d{5}\s*/, ''));
    if (part === '' || part === 'україна' || part === 'ukraine' || /^\d/.test(part)) continue;
    if (CRIMEA.test(part)) {
      out.crimea = true;
      continue;
    }
    const oblast = OBLAST_PART.exec(part);
    if (oblast) {
      out.oblast = normaliseName(oblast[1] ?? oblast[2] ?? '');
      continue;
    }
    const raion = RAION_PART.exec(part);
    if (raion) {
      out.raion = normaliseName(raion[1] ?? raion[2] ?? '');
      continue;
    }
    if (HROMADA_PART.test(part)) {
      out.hromada = normaliseName(part.replace(HROMADA_WORDS, ' '));
      continue;
    }
    if (STREET_PART.test(part)) continue;
    const marker = SETTLEMENT_MARKERS.find(([re]) => re.test(part));
    if (marker) {
      const name = normaliseName(part.replace(marker[0], ''));
      // The first settlement wins: a later «с.» is more likely a mistake than a second home.
      if (name !== '' && out.settlement === null) out.settlement = { name, kinds: marker[1] };
      continue;
    }
    // Letters only (a hyphen, an apostrophe, spaces): a street with its number has been dropped above.
    if (/^[\p{L}' -]+$/u.test(part)) out.bare.push(normaliseName(part));
  }
  return out;
}

/** The names an address can be matched on: what the repository loads units for. */
export function addressNames(p: ParsedAddress): string[] {
  return [p.settlement?.name, ...p.bare, p.raion, p.hromada].filter((n): n is string => !!n);
}

function named(u: CodifierUnit, name: string): boolean {
  return normaliseName(u.name) === name || u.formerNames.some((f) => normaliseName(f) === name);
}

const KIND_LABEL: Record<Category, string> = { К: 'м.', М: 'м.', Х: 'селище', Т: 'смт', Щ: 'селище', С: 'с.', О: '', Р: '', Н: '', В: '' };

/** «с. Михайлівка, Катеринівська громада, Кропивницький р-н, Кіровоградська обл.» */
export function settlementLabel(u: CodifierUnit, byCode: ReadonlyMap<string, CodifierUnit>): string {
  const parts = [`${KIND_LABEL[u.category]} ${u.name}`.trim()];
  const hromada = u.hromadaCode ? byCode.get(u.hromadaCode) : undefined;
  const raion = u.raionCode ? byCode.get(u.raionCode) : undefined;
  const oblast = u.level > 1 ? byCode.get(u.oblastCode) : undefined;
  // A community's name before the word «громада», not a count.
  // eslint-disable-next-line no-restricted-syntax
  if (hromada) parts.push(`${hromada.name} громада`);
  if (raion) parts.push(`${raion.name} р-н`);
  if (oblast) parts.push(oblast.category === 'О' && !/крим/i.test(oblast.name) ? `${oblast.name} обл.` : oblast.name);
  return parts.join(', ');
}

function isSettlement(u: CodifierUnit): boolean {
  return SETTLEMENT_CATEGORIES.includes(u.category) && (u.level === 4 || (u.level === 1 && u.category === 'К'));
}

/**
 * Keeps the candidates `keep` accepts, when the address part behind it is known to the codifier; a part
 * the codifier does not know (an old raion nobody mapped) cannot be checked and is left out.
 */
function narrow(cands: CodifierUnit[], known: boolean, keep: (u: CodifierUnit) => boolean): CodifierUnit[] | 'conflict' {
  if (!known) return cands;
  const kept = cands.filter(keep);
  return kept.length ? kept : 'conflict';
}

export function resolveAddress(text: string, units: readonly CodifierUnit[]): AddressResolution {
  if (text.trim() === '') return { kind: 'none', reason: 'empty' };
  const p = parseAddress(text);
  const byCode = new Map(units.map((u) => [u.code, u]));
  const tops = units.filter((u) => u.level === 1);
  let oblast: CodifierUnit | null = null;
  if (p.crimea) oblast = tops.find((u) => /крим/.test(normaliseName(u.name))) ?? null;
  else if (p.oblast) oblast = tops.find((u) => u.category === 'О' && named(u, p.oblast!)) ?? null;
  if ((p.crimea || p.oblast) && !oblast) return { kind: 'none', reason: 'unknown-oblast' };

  const names = p.settlement ? [p.settlement.name] : p.bare;
  if (names.length === 0) return { kind: 'none', reason: 'no-settlement' };
  let found: CodifierUnit[] = [];
  for (const name of names) {
    found = units.filter((u) => isSettlement(u) && named(u, name));
    if (found.length) break;
  }
  if (found.length === 0) return { kind: 'none', reason: 'unknown-settlement' };

  // The settlement's kind narrows softly: a village made a «селище» keeps its old marker in old papers.
  const kinds = p.settlement?.kinds;
  if (kinds) {
    const ofKind = found.filter((u) => kinds.includes(u.category));
    if (ofKind.length) found = ofKind;
  }
  const inOblast = narrow(found, oblast !== null, (u) => u.oblastCode === oblast!.code);
  if (inOblast === 'conflict') return { kind: 'none', reason: 'not-in-oblast' };
  found = inOblast;

  if (p.raion) {
    const raions = units.filter((u) => u.level === 2 && named(u, p.raion!) && (!oblast || u.oblastCode === oblast.code));
    // A district of a city («м. Київ, Шевченківський р-н») narrows to the cities that have it.
    const districts = raions.length ? [] : units.filter((u) => u.level === 5 && named(u, p.raion!));
    const byRaion = raions.length
      ? narrow(found, true, (u) => raions.some((r) => r.code === u.raionCode))
      : narrow(found, districts.length > 0, (u) => districts.some((d) => d.parentCode === u.code));
    if (byRaion === 'conflict') {
      if (raions.length) return { kind: 'none', reason: 'not-in-raion' };
    } else found = byRaion;
  }
  if (p.hromada) {
    const hromadas = new Set(units.filter((u) => u.level === 3 && named(u, p.hromada!)).map((u) => u.code));
    const byHromada = narrow(found, hromadas.size > 0, (u) => u.hromadaCode !== null && hromadas.has(u.hromadaCode));
    if (byHromada !== 'conflict') found = byHromada;
  }
  const unique = [...new Map(found.map((u) => [u.code, u])).values()];
  if (unique.length === 1) return { kind: 'match', code: unique[0]!.code };
  return {
    kind: 'ambiguous',
    candidates: unique.map((u) => ({ code: u.code, label: settlementLabel(u, byCode) })).sort((a, b) => a.label.localeCompare(b.label, 'uk')),
  };
}
