/**
 * The rules of Open City that need no database: statuses and who may move a report between them, answer
 * terms, distances for duplicate suggestions, the community's territory, the Open311 status mapping, and the
 * starting categories and departments of a community.
 */
import { addCalendarDays, type CalendarOptions } from '../../core/calendar/index.js';
import type { Text } from '../../core/i18n/index.js';
import type { Category } from './repository.js';

export const STATUSES = ['new', 'accepted', 'in_progress', 'resolved', 'not_resolved', 'rejected', 'duplicate', 'not_competent'] as const;
export type Status = (typeof STATUSES)[number];

export function isStatus(v: unknown): v is Status {
  return typeof v === 'string' && (STATUSES as readonly string[]).includes(v);
}

export const STATUS_LABEL: Record<Status, Text> = {
  new: { uk: 'Нове', en: 'New' },
  accepted: { uk: 'Прийнято', en: 'Accepted' },
  in_progress: { uk: 'В роботі', en: 'In progress' },
  resolved: { uk: 'Вирішено', en: 'Resolved' },
  not_resolved: { uk: 'Не вирішено', en: 'Not resolved' },
  rejected: { uk: 'Відхилено', en: 'Rejected' },
  duplicate: { uk: 'Дублікат', en: 'Duplicate' },
  not_competent: { uk: 'Не в компетенції', en: 'Not our competence' },
};

/** Statuses in which the department still owes an answer: deadlines and overdue apply only to these. */
export const OPEN_STATUSES: readonly Status[] = ['new', 'accepted', 'in_progress'];
/** Statuses the public sees; a new report waits for moderation first. */
export const PUBLIC_STATUSES: readonly Status[] = STATUSES.filter((s) => s !== 'new');

export function isOpen(s: Status): boolean {
  return OPEN_STATUSES.includes(s);
}

/** Open311 knows only open and closed; the reason travels in status_notes. */
export function open311Status(s: Status): 'open' | 'closed' {
  return isOpen(s) ? 'open' : 'closed';
}

/**
 * The status of an update in mySociety's Open311 extension (servicerequestupdates), which FixMyStreet reads
 * into its own states: open → confirmed, in_progress → in progress, fixed → fixed, no_further_action →
 * unable to fix, duplicate → duplicate, not_councils_responsibility → not responsible, closed → closed.
 * Our own status travels beside it as external_status_code.
 */
export type MySocietyStatus = 'open' | 'in_progress' | 'fixed' | 'no_further_action' | 'closed' | 'duplicate' | 'not_councils_responsibility';
const MYSOCIETY_STATUS: Record<Status, MySocietyStatus> = {
  new: 'open',
  accepted: 'open',
  in_progress: 'in_progress',
  resolved: 'fixed',
  not_resolved: 'no_further_action',
  rejected: 'closed',
  duplicate: 'duplicate',
  not_competent: 'not_councils_responsibility',
};

export function mySocietyStatus(s: Status): MySocietyStatus {
  return MYSOCIETY_STATUS[s];
}

export type Actor = 'moderator' | 'executor';

/**
 * Which status changes a moderator or an executor may make. Moderators triage new reports (accept,
 * reject, mark duplicate, forward); executors work on what was routed to their department.
 */
const TRANSITIONS: Record<Actor, Partial<Record<Status, readonly Status[]>>> = {
  moderator: {
    new: ['accepted', 'rejected', 'duplicate', 'not_competent'],
    accepted: ['in_progress', 'resolved', 'not_resolved', 'rejected', 'duplicate', 'not_competent'],
    in_progress: ['accepted', 'resolved', 'not_resolved', 'rejected', 'duplicate', 'not_competent'],
    resolved: ['in_progress'],
    not_resolved: ['in_progress'],
    rejected: ['accepted'],
    duplicate: ['accepted'],
    not_competent: ['accepted'],
  },
  executor: {
    accepted: ['in_progress', 'resolved', 'not_resolved', 'not_competent'],
    in_progress: ['resolved', 'not_resolved', 'not_competent'],
    not_resolved: ['in_progress'],
  },
};

export function allowedTransitions(actor: Actor, from: Status): readonly Status[] {
  return TRANSITIONS[actor][from] ?? [];
}

export function canTransition(actor: Actor, from: Status, to: Status): boolean {
  return allowedTransitions(actor, from).includes(to);
}

/** What a status change must carry, so the public always learns why. */
export function transitionRequirements(to: Status): { answer: boolean; duplicateOf: boolean; forwardedTo: boolean } {
  return {
    answer: to === 'resolved' || to === 'not_resolved' || to === 'rejected',
    duplicateOf: to === 'duplicate',
    forwardedTo: to === 'not_competent',
  };
}

export const TERMS = [15, 30, 45] as const;
export type Term = (typeof TERMS)[number];
export const DEFAULT_TERM: Term = 30;

export function isTerm(n: unknown): n is Term {
  return typeof n === 'number' && (TERMS as readonly number[]).includes(n);
}

/**
 * The answer deadline: the law on appeals counts calendar days from receipt (the day of receipt does not
 * count) and a term ending on a day off moves to the next working day.
 */
export function answerDeadline(receivedAt: Date, termDays: number, calendar: CalendarOptions): Date {
  return addCalendarDays(receivedAt, isTerm(termDays) ? termDays : DEFAULT_TERM, { ...calendar, rollToWorkingDay: true });
}

export function isOverdue(status: Status, deadline: Date, now: Date): boolean {
  return isOpen(status) && now.getTime() > deadline.getTime();
}

/** Days the reporter has to confirm or reopen after «Вирішено». */
export const CONFIRM_WINDOW_DAYS = 14;
/** After this long without a resolution the reporter is asked whether the problem is fixed. */
export const QUESTION_AFTER_DAYS = 28;

export function canReporterRespond(status: Status, resolvedAt: Date | null, confirmedAt: Date | null, now: Date): boolean {
  if (status !== 'resolved' || !resolvedAt || confirmedAt) return false;
  return now.getTime() <= resolvedAt.getTime() + CONFIRM_WINDOW_DAYS * 86_400_000;
}

/** Reports nearer than this, of the same category and still open, are offered before a new one is made. */
export const DUPLICATE_RADIUS_M = 150;

/** Great-circle distance in metres (haversine): exact enough at city scale. */
export function distanceMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const R = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A lat/lng box around a point that contains every point within `meters`: a cheap index pre-filter. */
export function boundingBox(p: { lat: number; lng: number }, meters: number): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const dLat = meters / 111_320;
  const dLng = meters / (111_320 * Math.max(0.01, Math.cos((p.lat * Math.PI) / 180)));
  return { minLat: p.lat - dLat, maxLat: p.lat + dLat, minLng: p.lng - dLng, maxLng: p.lng + dLng };
}

export type Polygon = [lat: number, lng: number][];

/** Ray casting; a polygon with fewer than three corners contains nothing. */
export function pointInPolygon(p: { lat: number; lng: number }, polygon: Polygon): boolean {
  if (polygon.length < 3) return false;
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [yi, xi] = polygon[i]!;
    const [yj, xj] = polygon[j]!;
    if (yi > p.lat !== yj > p.lat && p.lng < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function isPolygon(v: unknown): v is Polygon {
  return Array.isArray(v) && v.every((c) => Array.isArray(c) && c.length === 2 && c.every((x) => typeof x === 'number' && Number.isFinite(x)));
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Open311 service definition attributes (GeoReport v2). */
export interface ServiceAttribute {
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  description: string;
  datatype_description: string;
  order: number;
  values?: { key: string; name: string }[];
}

export function isServiceAttributes(v: unknown): v is ServiceAttribute[] {
  return Array.isArray(v) && v.every((a) => a && typeof a === 'object' && typeof (a as ServiceAttribute).code === 'string');
}

/** Checks attribute[code] values against the service definition; returns the clean values or the first problem. */
export function validateAttributes(
  defs: ServiceAttribute[],
  given: Record<string, string[]>,
): { ok: true; values: Record<string, string | string[]> } | { ok: false; message: string } {
  const values: Record<string, string | string[]> = {};
  for (const d of defs) {
    const v = (given[d.code] ?? []).map((x) => x.trim()).filter(Boolean);
    if (v.length === 0) {
      if (d.required) return { ok: false, message: `attribute[${d.code}] is required` };
      continue;
    }
    if (d.datatype === 'singlevaluelist' || d.datatype === 'multivaluelist') {
      const keys = new Set((d.values ?? []).map((x) => x.key));
      if (v.some((x) => !keys.has(x))) return { ok: false, message: `attribute[${d.code}] has a value not in its list` };
      if (d.datatype === 'singlevaluelist' && v.length > 1) return { ok: false, message: `attribute[${d.code}] takes one value` };
      values[d.code] = d.datatype === 'multivaluelist' ? v : v[0]!;
    } else if (d.datatype === 'number') {
      if (!/^-?\d+(\.\d+)?$/.test(v[0]!)) return { ok: false, message: `attribute[${d.code}] must be a number` };
      values[d.code] = v[0]!;
    } else if (d.datatype === 'datetime') {
      if (Number.isNaN(Date.parse(v[0]!))) return { ok: false, message: `attribute[${d.code}] must be a date and time` };
      values[d.code] = v[0]!;
    } else {
      values[d.code] = v[0]!.slice(0, 500);
    }
  }
  return { ok: true, values };
}

/* ---------- categories ---------- */

/** The two-level tree: groups with their leaves; a group without children is itself a leaf. */
export function categoryTree(all: Category[]): { group: Category; children: Category[] }[] {
  return all.filter((c) => c.parentId === null).map((g) => ({ group: g, children: all.filter((c) => c.parentId === g.id) }));
}

/** Categories a report may be filed under: leaves only. */
export function leafCategories(all: Category[]): Category[] {
  return all.filter((c) => !all.some((x) => x.parentId === c.id));
}

/* ---------- a community's starting configuration ---------- */

/*
 * The categories, departments and territory a community starts with. A moderator can change terms and
 * routing later; these only make a newly connected community usable at once.
 */

export interface DefaultDepartment {
  key: string;
  name: { uk: string; en: string };
}

export interface DefaultCategory {
  code: string;
  name: { uk: string; en: string };
  department: string;
  term: Term;
  keywords?: string;
  attributes?: ServiceAttribute[];
  children?: DefaultCategory[];
}

export const DEFAULT_DEPARTMENTS: readonly DefaultDepartment[] = [
  { key: 'roads', name: { uk: 'Управління дорожнього господарства', en: 'Roads department' } },
  { key: 'lighting', name: { uk: 'Служба зовнішнього освітлення', en: 'Street lighting service' } },
  { key: 'waste', name: { uk: 'Управління екології та поводження з відходами', en: 'Environment and waste department' } },
  { key: 'greenery', name: { uk: 'Управління благоустрою', en: 'Public spaces department' } },
  { key: 'transport', name: { uk: 'Управління транспорту', en: 'Transport department' } },
  { key: 'water', name: { uk: 'Водоканал', en: 'Water utility' } },
];

const size: ServiceAttribute = {
  code: 'size',
  datatype: 'singlevaluelist',
  required: false,
  description: 'Розмір ями / Size of the pothole',
  datatype_description: 'small, medium or large',
  order: 1,
  values: [
    { key: 'small', name: 'Мала (до 30 см) / Small (up to 30 cm)' },
    { key: 'medium', name: 'Середня (30–100 см) / Medium (30–100 cm)' },
    { key: 'large', name: 'Велика (понад 1 м) / Large (over 1 m)' },
  ],
};

const pole: ServiceAttribute = {
  code: 'pole_number',
  datatype: 'string',
  required: false,
  description: 'Номер опори / Pole number',
  datatype_description: 'The number painted on the pole, if any',
  order: 1,
};

/** A group of categories handled by the department of the same key, as is each category in it. */
function group(key: string, name: Text, term: Term, children: Omit<DefaultCategory, 'department'>[]): DefaultCategory {
  return { code: key, name, department: key, term, children: children.map(({ code, name, ...rest }) => ({ code, name, department: key, ...rest })) };
}

export const DEFAULT_CATEGORIES: readonly DefaultCategory[] = [
  group('roads', { uk: 'Дороги', en: 'Roads' }, 30, [
    {
      code: 'roads-pothole',
      name: { uk: 'Яма на дорозі', en: 'Pothole' },
      term: 30,
      keywords: 'яма, асфальт, pothole',
      attributes: [size],
    },
    { code: 'roads-sidewalk', name: { uk: 'Пошкоджений тротуар', en: 'Damaged pavement' }, term: 30 },
    { code: 'roads-sign', name: { uk: 'Дорожній знак або розмітка', en: 'Road sign or marking' }, term: 15 },
  ]),
  group('lighting', { uk: 'Освітлення', en: 'Lighting' }, 15, [
    { code: 'lighting-off', name: { uk: 'Не світить ліхтар', en: 'Street light out' }, term: 15, attributes: [pole] },
    { code: 'lighting-damaged', name: { uk: 'Пошкоджена опора', en: 'Damaged pole' }, term: 30, attributes: [pole] },
  ]),
  group('waste', { uk: 'Сміття', en: 'Waste' }, 15, [
    { code: 'waste-dump', name: { uk: 'Стихійне сміттєзвалище', en: 'Illegal dump' }, term: 15 },
    { code: 'waste-bins', name: { uk: 'Переповнені контейнери', en: 'Overflowing bins' }, term: 15 },
  ]),
  group('greenery', { uk: 'Благоустрій', en: 'Public spaces' }, 30, [
    { code: 'greenery-tree', name: { uk: 'Аварійне дерево', en: 'Dangerous tree' }, term: 15 },
    { code: 'greenery-playground', name: { uk: 'Пошкоджений дитячий майданчик', en: 'Damaged playground' }, term: 30 },
    { code: 'greenery-bench', name: { uk: 'Лавки, урни, МАФи', en: 'Benches, litter bins, kiosks' }, term: 45 },
  ]),
  group('transport', { uk: 'Транспорт', en: 'Transport' }, 30, [
    { code: 'transport-stop', name: { uk: 'Зупинка громадського транспорту', en: 'Public transport stop' }, term: 30 },
    { code: 'transport-route', name: { uk: 'Робота маршруту', en: 'Route service' }, term: 30 },
  ]),
  group('water', { uk: 'Вода', en: 'Water' }, 15, [
    { code: 'water-leak', name: { uk: 'Прорив водогону', en: 'Water main leak' }, term: 15 },
    { code: 'water-manhole', name: { uk: 'Відкритий або пошкоджений люк', en: 'Open or broken manhole' }, term: 15 },
  ]),
];

/** Rough boxes around the demo communities' territories; a moderator may replace them with a finer polygon. */
export const DEMO_TERRITORIES: Record<string, { polygon: Polygon; center: [number, number] }> = {
  lviv: {
    polygon: [
      [49.77, 23.9],
      [49.77, 24.17],
      [49.91, 24.17],
      [49.91, 23.9],
    ],
    center: [49.8419, 24.0315],
  },
  'bila-tserkva': {
    polygon: [
      [49.75, 30.03],
      [49.75, 30.2],
      [49.84, 30.2],
      [49.84, 30.03],
    ],
    center: [49.7968, 30.1311],
  },
  kramatorsk: {
    polygon: [
      [48.67, 37.47],
      [48.67, 37.65],
      [48.79, 37.65],
      [48.79, 37.47],
    ],
    center: [48.7389, 37.5844],
  },
  pryluky: {
    polygon: [
      [50.56, 32.33],
      [50.56, 32.44],
      [50.63, 32.44],
      [50.63, 32.33],
    ],
    center: [50.5942, 32.3874],
  },
  koriukivka: {
    polygon: [
      [51.75, 32.22],
      [51.75, 32.3],
      [51.8, 32.3],
      [51.8, 32.22],
    ],
    center: [51.7725, 32.2508],
  },
};
