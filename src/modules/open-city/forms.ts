/** Form and query input of Open City, parsed into typed values or field errors. */
import { parseCoordinates } from '../../core/maps/coordinates.js';
import type { FastifyRequest } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import { queryString, routeId } from '../../core/http/route-helpers.js';
import { field } from '../../core/http/form-parser.js';
import { endOfKyivDay, startOfKyivDay } from '../../core/calendar/index.js';
import {
  isStatus,
  leafCategories,
  OPEN_STATUSES,
  pointInPolygon,
  PUBLIC_STATUSES,
  transitionRequirements,
  type Actor,
  type Polygon,
  type Status,
} from './rules.js';
import {
  allTerritories,
  findReportByNumber,
  listCategories,
  listDepartments,
  territoryOf,
  type Category,
  type Department,
  type ReportRow,
} from './repository.js';

export interface ListFilters {
  category: string;
  status: string;
  from: string;
  to: string;
}

export interface LocationForm {
  category: string;
  address: string;
  lat: string;
  lng: string;
}

export function parseId(raw: string): number {
  return routeId(raw) ?? -1;
}

function categoryIdsFor(all: Category[], code: string): number[] | undefined {
  if (!code) return undefined;
  const cat = all.find((c) => c.code === code);
  if (!cat) return [];
  return [cat.id, ...all.filter((c) => c.parentId === cat.id).map((c) => c.id)];
}

export function parseFilters(
  req: FastifyRequest,
  categories: Category[],
): { f: ListFilters; errors: Record<string, string>; statuses: readonly Status[]; categoryIds?: number[]; from?: Date; to?: Date; query: string } {
  const f: ListFilters = {
    category: queryString(req, 'category'),
    status: queryString(req, 'status'),
    from: queryString(req, 'from'),
    to: queryString(req, 'to'),
  };
  const uk = req.lang === 'uk';
  const errors: Record<string, string> = {};
  const date = /^\d{4}-\d{2}-\d{2}$/;
  const valid = (s: string) => date.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
  let from: Date | undefined;
  let to: Date | undefined;
  if (f.from && !valid(f.from)) errors['f-from'] = uk ? 'Дата «з» має бути у форматі РРРР-ММ-ДД' : 'The «from» date must be YYYY-MM-DD';
  else if (f.from) from = startOfKyivDay(f.from);
  if (f.to && !valid(f.to)) errors['f-to'] = uk ? 'Дата «по» має бути у форматі РРРР-ММ-ДД' : 'The «to» date must be YYYY-MM-DD';
  else if (f.to) to = endOfKyivDay(f.to);
  if (from && to && from > to) errors['f-to'] = uk ? 'Дата «по» раніша за дату «з»' : 'The «to» date is before the «from» date';
  let statuses: readonly Status[] = PUBLIC_STATUSES;
  if (f.status === 'open') statuses = OPEN_STATUSES.filter((s) => s !== 'new');
  else if (f.status && isStatus(f.status) && f.status !== 'new') statuses = [f.status];
  else if (f.status) f.status = '';
  if (f.category && !categories.some((c) => c.code === f.category)) f.category = '';
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) qs.set(k, v);
  return {
    f,
    errors,
    statuses,
    categoryIds: categoryIdsFor(categories, f.category),
    from: errors['f-from'] ? undefined : from,
    to: errors['f-to'] ? undefined : to,
    query: qs.toString(),
  };
}

export function readLocation(body: unknown): LocationForm {
  return { category: field(body, 'category'), address: field(body, 'address'), lat: field(body, 'lat'), lng: field(body, 'lng') };
}

/** Checks category and place; returns the category and point, or field errors. */
export async function validateLocation(
  ctx: CoreContext,
  req: Pick<FastifyRequest, 'lang'>,
  c: Community,
  loc: LocationForm,
): Promise<{ errors: Record<string, string>; category: Category | null; point: { lat: number; lng: number } | null }> {
  const uk = req.lang === 'uk';
  const errors: Record<string, string> = {};
  const categories = await listCategories(ctx.db, c.id);
  const category = leafCategories(categories).find((x) => x.code === loc.category) ?? null;
  if (!loc.category) errors.category = uk ? 'Оберіть категорію проблеми' : 'Choose the kind of problem';
  else if (!category)
    errors.category = uk ? 'Такої категорії в цій громаді немає: оберіть зі списку' : 'This community has no such category: choose one from the list';
  if ([...loc.address].length > 300) errors.address = uk ? 'Адреса — не більше 300 символів' : 'The address is at most 300 characters';
  const coords = parseCoordinates(loc.lat, loc.lng);
  let point: { lat: number; lng: number } | null = null;
  if (!coords.ok) {
    errors[coords.field] =
      coords.field === 'lat'
        ? uk
          ? 'Широта — число від -90 до 90, наприклад 49.84190 (або залиште обидва поля порожніми)'
          : 'Latitude is a number from -90 to 90, e.g. 49.84190 (or leave both fields empty)'
        : uk
          ? 'Довгота — число від -180 до 180, наприклад 24.03150 (або залиште обидва поля порожніми)'
          : 'Longitude is a number from -180 to 180, e.g. 24.03150 (or leave both fields empty)';
  } else {
    point = coords.point;
  }
  if (!errors.lat && !errors.lng && !point && !loc.address) {
    errors.address = uk
      ? 'Вкажіть адресу або орієнтир, поставте мітку на мапі чи введіть координати'
      : 'Give an address or landmark, drop a pin on the map or enter coordinates';
  }
  if (point) {
    const territory = await territoryOf(ctx.db, c.id);
    if (territory.polygon.length >= 3 && !pointInPolygon(point, territory.polygon)) {
      const other = (await allTerritories(ctx.db)).find((x) => x.communityId !== c.id && pointInPolygon(point!, x.polygon));
      errors.lat = other
        ? uk
          ? `Ця точка поза межами громади «${c.name.uk}». Вона в громаді «${other.nameUk}» — повідомте там: /${other.slug}/open-city/new`
          : `This point is outside ${c.name.en}. It is in ${other.nameEn}: report it there at /${other.slug}/open-city/new`
        : uk
          ? `Ця точка поза межами громади «${c.name.uk}» і не належить жодній громаді на платформі. Перевірте координати.`
          : `This point is outside ${c.name.en} and belongs to no community on the platform. Check the coordinates.`;
    }
  }
  return { errors, category, point };
}

/** Step 2 of reporting: what is wrong, in the reporter's words. */
export function parseDetails(req: FastifyRequest): { title: string; description: string; showName: boolean; errors: Record<string, string> } {
  const uk = req.lang === 'uk';
  const title = field(req.body, 'title');
  const description = field(req.body, 'description');
  const showName = field(req.body, 'show_name') === 'on';
  const errors: Record<string, string> = {};
  if (!title) errors.title = uk ? 'Напишіть коротко, що сталося' : 'Say in short what is wrong';
  else if ([...title].length > 150)
    errors.title = uk ? `Не більше 150 символів (зараз ${[...title].length})` : `At most 150 characters (now ${[...title].length})`;
  if ([...description].length > 3000)
    errors.description = uk ? `Не більше 3000 символів (зараз ${[...description].length})` : `At most 3000 characters (now ${[...description].length})`;
  return { title, description, showName, errors };
}

/** The staff's status form: the new status and what it needs (an answer, the main report, where it went, a corrected category). */
export async function parseStatusForm(
  ctx: CoreContext,
  req: FastifyRequest,
  c: Community,
  r: ReportRow,
  role: Actor,
): Promise<{
  values: Record<string, string>;
  errors: Record<string, string>;
  to: Status | null;
  answer: string;
  duplicateOf: number | null;
  forwardedTo: string;
  category: Category | null;
}> {
  const uk = req.lang === 'uk';
  const to = field(req.body, 'status');
  const answer = field(req.body, 'answer');
  const dupRaw = field(req.body, 'duplicate_of');
  const forwardedTo = field(req.body, 'forwarded_to');
  const catCode = field(req.body, 'category');
  const values = { status: to, answer, duplicate_of: dupRaw, forwarded_to: forwardedTo, category: catCode };
  const errors: Record<string, string> = {};
  let duplicateOf: number | null = null;
  let category: Category | null = null;
  if (!isStatus(to)) errors.status = uk ? 'Оберіть новий статус' : 'Choose the new status';
  else {
    const need = transitionRequirements(to);
    if (need.answer && !answer)
      errors.answer = uk
        ? 'Для цього статусу напишіть публічну відповідь: що зроблено або чому ні'
        : 'This status needs a public answer: what was done, or why not';
    if (need.duplicateOf) {
      const d = parseId(dupRaw);
      // The moderator types the «№» people see, which is the community's number, not the id.
      const main = d > 0 ? await findReportByNumber(ctx.db, c.id, d) : null;
      if (!main || main.communityId !== c.id || main.id === r.id || main.status === 'new')
        errors.duplicate_of = uk
          ? 'Вкажіть номер наявного публічного звернення цієї громади'
          : 'Give the number of an existing public report of this community';
      else duplicateOf = main.id;
    }
    if (need.forwardedTo && !forwardedTo) errors.forwarded_to = uk ? 'Вкажіть, куди передано звернення' : 'Say where the report was forwarded';
  }
  if ([...answer].length > 3000) errors.answer = uk ? 'Не більше 3000 символів' : 'At most 3000 characters';
  if ([...forwardedTo].length > 300) errors.forwarded_to = uk ? 'Не більше 300 символів' : 'At most 300 characters';
  if (catCode && role === 'moderator' && r.status === 'new') {
    category = leafCategories(await listCategories(ctx.db, c.id)).find((x) => x.code === catCode) ?? null;
    if (!category) errors.category = uk ? 'Такої категорії немає' : 'No such category';
  }
  return { values, errors, to: isStatus(to) ? to : null, answer, duplicateOf, forwardedTo, category };
}

/** Handing a report to another department of the community, with the reason. */
export async function parseReassignForm(
  ctx: CoreContext,
  req: FastifyRequest,
  c: Community,
  r: ReportRow,
): Promise<{ key: string; reason: string; department: Department | null; errors: Record<string, string> }> {
  const uk = req.lang === 'uk';
  const key = field(req.body, 'department');
  const reason = field(req.body, 'reason');
  const dep = (await listDepartments(ctx.db, c.id)).find((d) => d.key === key);
  const errors: Record<string, string> = {};
  if (!dep || dep.id === r.departmentId) errors.department = uk ? 'Оберіть інший підрозділ цієї громади' : 'Choose another department of this community';
  if (!reason) errors.reason = uk ? 'Вкажіть причину передачі' : 'Give the reason';
  else if ([...reason].length > 500) errors.reason = uk ? 'Не більше 500 символів' : 'At most 500 characters';
  return { key, reason, department: dep ?? null, errors };
}

/** The territory as «lat, lng» lines: 3 to 500 corners, or null. */
export function parseTerritory(text: string): Polygon | null {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const points: [number, number][] = [];
  let bad = lines.length < 3 || lines.length > 500;
  for (const l of lines) {
    const m = /^(-?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)$/.exec(l);
    const pt = m ? parseCoordinates(m[1]!, m[2]!) : null;
    if (!pt || !pt.ok || !pt.point) bad = true;
    else points.push([pt.point.lat, pt.point.lng]);
  }
  return bad ? null : points;
}

/** Following an area: its centre and one of the offered radii, or null. */
export function parseAreaForm(body: unknown): { center: { lat: number; lng: number }; radiusM: number } | null {
  const coords = parseCoordinates(field(body, 'lat'), field(body, 'lng'));
  const radius = Number(field(body, 'radius'));
  if (!coords.ok || !coords.point || ![250, 500, 1000, 3000].includes(radius)) return null;
  return { center: coords.point, radiusM: radius };
}
