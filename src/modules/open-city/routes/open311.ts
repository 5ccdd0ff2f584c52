/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2/, jurisdiction_id = the
 * community's slug. Every resource comes as .xml and .json with the spec's element names; errors use the
 * spec's shape (<errors><error><code/><description/></error></errors>, or a JSON array) and its statuses.
 * Beside the spec: mySociety's servicerequestupdates (the public status history, as FixMyStreet fetches
 * it), photos POSTed as multipart `media` (or FixMyStreet's `photo1`…), and the jurisdictions listed in
 * discovery. No response sets a cookie: these are machine interfaces (core/http/request-context.ts).
 */
import { parseCoordinates } from '../../../core/maps/coordinates.js';
import { participationOpen } from '../../../core/communities/participation-gate.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { findCommunityBySlug } from '../../../core/communities/communities-repository.js';
import { hiddenIds } from '../../../core/moderation/moderation-service.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import { statusOfError } from '../../../core/http/errors.js';
import { formatKyivDate, kyivParts } from '../../../core/calendar/index.js';
import { cleanText } from '../../../core/http/form-parser.js';
import { plural } from '../../../core/i18n/index.js';
import { searchCommunities } from '../../../core/communities/communities-repository.js';
import { isMultipartRequest, uploadRoute } from '../../../core/http/uploads.js';
import {
  categoryTree,
  leafCategories,
  mySocietyStatus,
  open311Status,
  pointInPolygon,
  STATUS_LABEL,
  STATUSES,
  validateAttributes,
  type Status,
} from '../rules.js';
import {
  allTerritories,
  findApiKey,
  findReport,
  findReportByToken,
  listCategories,
  listReports,
  territoryOf,
  type Category,
  type ReportRow,
} from '../repository.js';
import { reportPhotoIds } from '../repository/photos.js';
import { publicStatusUpdates, type PublicStatusUpdate } from '../repository/status-updates.js';
import { PHOTO_UPLOADS, readOpen311Photos } from '../photos.js';
import { createReport } from '../service/reports.js';
import { ensureCommunitySetup } from '../service/settings.js';
import { CREATE_DOC, REQUEST_DOC, RESOURCE_DOC, SERVICE_DOC, TOKEN_DOC } from './open311-docs.js';

type Format = 'xml' | 'json';

export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 429,
    readonly description: string,
  ) {
    super(description);
  }
}

/* ---------- serializers ---------- */

/** Escapes text for XML and drops what XML 1.0 cannot carry at all (even text stored before cleaning). */
function esc(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);
}

type Scalar = string | number | boolean | null | undefined;
/** An XML element: text, or children in order. */
export type XNode = [name: string, content: Scalar | XNode[]];

function xmlOf(node: XNode): string {
  const [name, content] = node;
  if (Array.isArray(content)) return `<${name}>${content.map(xmlOf).join('')}</${name}>`;
  if (content === null || content === undefined || content === '') return `<${name}></${name}>`;
  return `<${name}>${esc(String(content))}</${name}>`;
}

export function xmlDocument(root: XNode): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${xmlOf(root)}`;
}

function send(reply: FastifyReply, format: Format, status: number, json: unknown, xml: XNode): FastifyReply {
  reply.header('access-control-allow-origin', '*');
  reply.header('cache-control', 'no-cache');
  if (format === 'json') return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(json));
  return reply.status(status).type('text/xml; charset=utf-8').send(xmlDocument(xml));
}

function sendError(reply: FastifyReply, format: Format, status: number, description: string): FastifyReply {
  return send(
    reply,
    format,
    status,
    [{ code: status, description }],
    [
      'errors',
      [
        [
          'error',
          [
            ['code', status],
            ['description', description],
          ],
        ],
      ],
    ],
  );
}

/** The format named by the path's extension; XML when there is none (the spec's default examples). */
function formatOf(url: string): Format {
  const path = url.split('?')[0] ?? '';
  return path.endsWith('.json') ? 'json' : 'xml';
}

function splitFile(file: string): { name: string; format: Format } | null {
  const m = /^(.+)\.(xml|json)$/.exec(file);
  return m ? { name: m[1]!, format: m[2] as Format } : null;
}

/* ---------- resources ---------- */

const SPEC = 'http://wiki.open311.org/GeoReport_v2';
const CHANGESET = '2025-01-01T00:00:00Z';

function serviceJson(c: Category, group: Category | null) {
  return {
    service_code: c.code,
    service_name: c.name.uk,
    description: c.description || `${c.name.uk} / ${c.name.en}`,
    metadata: c.attributes.length > 0,
    type: 'realtime' as const,
    keywords: c.keywords,
    group: group ? group.name.uk : '',
  };
}

function serviceXml(s: ReturnType<typeof serviceJson>): XNode {
  return [
    'service',
    [
      ['service_code', s.service_code],
      ['service_name', s.service_name],
      ['description', s.description],
      ['metadata', s.metadata],
      ['type', s.type],
      ['keywords', s.keywords],
      ['group', s.group],
    ],
  ];
}

function definitionJson(c: Category) {
  return {
    service_code: c.code,
    attributes: [...c.attributes]
      .sort((a, b) => a.order - b.order)
      .map((a) => ({
        variable: true,
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        datatype_description: a.datatype_description,
        order: a.order,
        description: a.description,
        ...(a.values ? { values: a.values.map((v) => ({ key: v.key, name: v.name })) } : {}),
      })),
  };
}

function definitionXml(d: ReturnType<typeof definitionJson>): XNode {
  return [
    'service_definition',
    [
      ['service_code', d.service_code],
      [
        'attributes',
        d.attributes.map((a): XNode => [
          'attribute',
          [
            ['variable', a.variable],
            ['code', a.code],
            ['datatype', a.datatype],
            ['required', a.required],
            ['datatype_description', a.datatype_description],
            ['order', a.order],
            ['description', a.description],
            ...(a.values
              ? ([
                  [
                    'values',
                    a.values.map((v): XNode => [
                      'value',
                      [
                        ['key', v.key],
                        ['name', v.name],
                      ],
                    ]),
                  ],
                ] as XNode[])
              : []),
          ],
        ]),
      ],
    ],
  ];
}

function requestJson(ctx: CoreContext, c: Community, r: ReportRow, photoId: number | null) {
  const notes = r.status === 'new' ? STATUS_LABEL.new.uk : [STATUS_LABEL[r.status].uk, r.statusNote].filter(Boolean).join(': ');
  return {
    service_request_id: String(r.id),
    status: open311Status(r.status),
    status_notes: notes,
    service_name: r.categoryName.uk,
    service_code: r.categoryCode,
    description: r.description ? `${r.title}\n\n${r.description}` : r.title,
    agency_responsible: r.departmentName.uk,
    service_notice: `Термін відповіді: до ${formatKyivDate(r.deadlineAt, 'uk')}`,
    requested_datetime: r.createdAt.toISOString(),
    updated_datetime: r.updatedAt.toISOString(),
    expected_datetime: r.deadlineAt.toISOString(),
    address: r.address,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lng,
    media_url: photoId !== null ? `${ctx.config.publicUrl}/${c.slug}/open-city/photos/${photoId}` : r.mediaUrl,
  };
}

function requestXml(q: ReturnType<typeof requestJson>): XNode {
  return ['request', Object.entries(q).map(([k, v]): XNode => [k, v as Scalar])];
}

function endpointXml(e: { specification: string; url: string; changeset: string; type: string; formats: string[] }): XNode {
  return [
    'endpoint',
    [
      ['specification', e.specification],
      ['url', e.url],
      ['changeset', e.changeset],
      ['type', e.type],
      ['formats', e.formats.map((x): XNode => ['format', x])],
    ],
  ];
}

function discoveryXml(d: {
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: Parameters<typeof endpointXml>[0][];
  jurisdictions: { jurisdiction_id: string; name: string; name_en: string; url: string; endpoints: Parameters<typeof endpointXml>[0][] }[];
}): XNode {
  return [
    'discovery',
    [
      ['changeset', d.changeset],
      ['contact', d.contact],
      ['key_service', d.key_service],
      ['endpoints', d.endpoints.map(endpointXml)],
      [
        'jurisdictions',
        d.jurisdictions.map((j): XNode => [
          'jurisdiction',
          [
            ['jurisdiction_id', j.jurisdiction_id],
            ['name', j.name],
            ['name_en', j.name_en],
            ['url', j.url],
            ['endpoints', j.endpoints.map(endpointXml)],
          ],
        ]),
      ],
    ],
  ];
}

/* ---------- parameters ---------- */

function param(source: unknown, name: string): string {
  if (!source || typeof source !== 'object') return '';
  const v = (source as Record<string, unknown>)[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? cleanText(s).trim() : '';
}

/** W3C datetime (ISO 8601 with a time zone, or a plain date). */
function parseW3c(s: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) return null;
  const d = new Date(s.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A W3C datetime in Kyiv's time with its offset, to the second: 2025-06-02T10:00:00+03:00. */
function w3cKyiv(d: Date): string {
  const k = kyivParts(d);
  const two = (n: number) => String(n).padStart(2, '0');
  const off = Math.abs(k.offsetMinutes);
  return `${k.year}-${two(k.month)}-${two(k.day)}T${two(k.hour)}:${two(k.minute)}:${two(k.second)}${k.offsetMinutes < 0 ? '-' : '+'}${two(Math.floor(off / 60))}:${two(off % 60)}`;
}

const DAY = 86_400_000;
export const MAX_WINDOW_DAYS = 90;
export const MAX_RESULTS = 1000;

/** start_date and end_date of a query: the spec's default is the last 90 days, and a window is at most 90 days wide. */
function dateWindow(query: unknown, now: Date): { from: Date; to: Date } {
  const startRaw = param(query, 'start_date');
  const endRaw = param(query, 'end_date');
  const start = startRaw ? parseW3c(startRaw) : null;
  const end = endRaw ? parseW3c(endRaw) : null;
  if (startRaw && !start) throw new Open311Error(400, 'start_date must be a W3C datetime, e.g. 2025-04-14T06:37:38+03:00');
  if (endRaw && !end) throw new Open311Error(400, 'end_date must be a W3C datetime, e.g. 2025-04-14T06:37:38+03:00');
  const to = end ?? (start ? new Date(Math.min(now.getTime(), start.getTime() + MAX_WINDOW_DAYS * DAY)) : now);
  const from = start ?? new Date(to.getTime() - MAX_WINDOW_DAYS * DAY);
  if (from > to) throw new Open311Error(400, 'start_date is after end_date');
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY)
    throw new Open311Error(400, `The date window may be at most ${plural(MAX_WINDOW_DAYS, { uk: ['день', 'дні', 'днів'], en: ['day', 'days'] }, 'en')}`);
  return { from, to };
}

/** One update of mySociety's servicerequestupdates: the fields FixMyStreet's client reads. */
function updateJson(ctx: CoreContext, c: Community, u: PublicStatusUpdate) {
  return {
    update_id: String(u.id),
    service_request_id: String(u.reportId),
    status: mySocietyStatus(u.toStatus),
    external_status_code: u.toStatus,
    updated_datetime: w3cKyiv(u.createdAt),
    // The public answer as the report's timeline shows it; a bare change says what the status now is.
    description: u.body || STATUS_LABEL[u.toStatus].uk,
    media_url: u.photoId !== null ? `${ctx.config.publicUrl}/${c.slug}/open-city/photos/${u.photoId}` : '',
  };
}

export function registerOpen311Routes(app: FastifyInstance, ctx: CoreContext): void {
  // Errors of this API, including malformed bodies and unknown paths, in the spec's format.
  app.setErrorHandler(async (err, req, reply) => {
    const format = formatOf(req.url);
    if (err instanceof Open311Error) {
      if (err.status === 429) reply.header('retry-after', '60');
      return sendError(reply, format, err.status, err.description);
    }
    const status = statusOfError(err as { statusCode?: number; message?: string });
    if (status >= 500) {
      req.log.error({ err: { message: (err as Error).message } }, 'open311 request failed');
      return sendError(reply, format, 500, 'Internal server error');
    }
    if (status === 403 && (err as { code?: string }).code === 'csrf') return sendError(reply, format, 403, 'Forbidden');
    if (status === 429) {
      reply.header('retry-after', '60');
      return sendError(reply, format, 429, 'Too many requests; try again later');
    }
    return sendError(reply, format, status === 413 ? 413 : 400, status === 413 ? 'Request too large' : 'Bad request');
  });
  app.setNotFoundHandler(async (req, reply) => sendError(reply, formatOf(req.url), 404, 'No such resource. See /open311/v2/discovery.xml'));

  async function jurisdiction(req: FastifyRequest, source: unknown = req.query): Promise<Community> {
    const slug = param(source, 'jurisdiction_id');
    if (!slug) throw new Open311Error(400, 'jurisdiction_id is required: the community slug, e.g. lviv');
    const c = await findCommunityBySlug(ctx.db, slug.slice(0, 64));
    if (!c || !c.enabledTools.includes('open-city') || !participationOpen(c)) throw new Open311Error(404, `jurisdiction_id not found: ${slug.slice(0, 64)}`);
    await ensureCommunitySetup(ctx.db, c);
    return c;
  }

  /** A partner's key for this community, or null; a wrong key is an error, not anonymity. */
  async function partnerKey(c: Community, source: unknown): Promise<{ id: number; name: string } | null> {
    const key = param(source, 'api_key');
    if (!key) return null;
    const k = await findApiKey(ctx.db, key.slice(0, 200));
    if (!k || k.communityId !== c.id) throw new Open311Error(403, 'api_key is invalid for this jurisdiction_id');
    return { id: k.id, name: k.name };
  }

  async function visible(c: Community, rows: ReportRow[], partner: boolean): Promise<ReportRow[]> {
    const hidden = await hiddenIds(
      ctx.db,
      'open_city_report',
      rows.map((r) => String(r.id)),
    );
    return rows.filter((r) => !hidden.has(String(r.id)) && (partner || r.status !== 'new') && r.communityId === c.id);
  }

  async function withPhotos(c: Community, rows: ReportRow[]) {
    return Promise.all(rows.map(async (r) => requestJson(ctx, c, r, r.photos > 0 ? ((await reportPhotoIds(ctx.db, r.id))[0] ?? null) : null)));
  }

  /** GeoReport v2 service discovery, and every jurisdiction this endpoint serves with its endpoint. */
  async function discovery() {
    const endpoint = {
      specification: SPEC,
      url: `${ctx.config.publicUrl}/open311/v2`,
      changeset: CHANGESET,
      type: 'production',
      formats: ['text/xml', 'application/json'],
    };
    const communities = (await searchCommunities(ctx.db, {})).filter((c) => c.enabledTools.includes('open-city') && participationOpen(c));
    return {
      changeset: CHANGESET,
      contact: `${ctx.config.mailFrom} · ${ctx.config.publicUrl}/about`,
      key_service: `${ctx.config.publicUrl}/{jurisdiction_id}/open-city/manage (api_key видає модератор Відкритого міста громади / issued by the community's Open City moderator)`,
      endpoints: [endpoint],
      // Beside the spec: one endpoint serves every community, told apart by jurisdiction_id.
      jurisdictions: communities.map((c) => ({
        jurisdiction_id: c.slug,
        name: c.name.uk,
        name_en: c.name.en,
        url: `${ctx.config.publicUrl}/${c.slug}/open-city`,
        endpoints: [endpoint],
      })),
    };
  }

  /* ----- discovery, services, requests (list) ----- */
  app.get<{ Params: { file: string } }>('/:file', RESOURCE_DOC, async (req, reply) => {
    const f = splitFile(req.params.file);
    if (!f) throw new Open311Error(404, 'Use a .xml or .json resource, e.g. services.json');
    if (f.name === 'discovery') {
      const json = await discovery();
      return send(reply, f.format, 200, json, discoveryXml(json));
    }
    if (f.name === 'servicerequestupdates') {
      const c = await jurisdiction(req);
      const partner = (await partnerKey(c, req.query)) !== null;
      const { from, to } = dateWindow(req.query, ctx.clock.now());
      const updates = await publicStatusUpdates(ctx.db, { communityId: c.id, from, to, withNew: partner, limit: MAX_RESULTS });
      // The same reports the requests list shows (hidden ones and, without a key, those in moderation left out).
      const reportIds = [...new Set(updates.map((u) => u.reportId))];
      const { rows } = reportIds.length
        ? await listReports(ctx.db, { communityId: c.id, ids: reportIds, notHidden: true, limit: reportIds.length })
        : { rows: [] };
      const shown = new Set((await visible(c, rows, partner)).map((r) => r.id));
      const out = updates.filter((u) => shown.has(u.reportId)).map((u) => updateJson(ctx, c, u));
      return send(reply, f.format, 200, out, [
        'service_request_updates',
        out.map((u): XNode => ['request_update', Object.entries(u).map(([k, v]): XNode => [k, v])]),
      ]);
    }
    if (f.name === 'services') {
      const c = await jurisdiction(req);
      const all = await listCategories(ctx.db, c.id);
      const services = categoryTree(all).flatMap(({ group, children }) =>
        children.length ? children.map((ch) => serviceJson(ch, group)) : [serviceJson(group, null)],
      );
      return send(reply, f.format, 200, services, ['services', services.map(serviceXml)]);
    }
    if (f.name === 'requests') {
      const c = await jurisdiction(req);
      const partner = (await partnerKey(c, req.query)) !== null;
      const rows = await searchRequests(req, c, partner);
      const out = await withPhotos(c, rows);
      return send(reply, f.format, 200, out, ['service_requests', out.map(requestXml)]);
    }
    throw new Open311Error(404, `No such resource: ${f.name.slice(0, 50)}`);
  });

  async function searchRequests(req: FastifyRequest, c: Community, partner: boolean): Promise<ReportRow[]> {
    const qy = req.query;
    const ids = param(qy, 'service_request_id');
    if (ids) {
      const list = ids
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (list.length > MAX_RESULTS || list.some((s) => !/^\d{1,9}$/.test(s)))
        throw new Open311Error(400, 'service_request_id must be a comma-separated list of numbers');
      const { rows } = await listReports(ctx.db, { communityId: c.id, ids: list.map(Number), notHidden: true, limit: MAX_RESULTS });
      return visible(c, rows, partner);
    }
    const codes = param(qy, 'service_code')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const all = await listCategories(ctx.db, c.id);
    let categoryIds: number[] | undefined;
    if (codes.length) {
      categoryIds = [];
      for (const code of codes) {
        const cat = all.find((x) => x.code === code);
        if (!cat) throw new Open311Error(400, `service_code not found: ${code.slice(0, 60)}`);
        categoryIds.push(cat.id, ...all.filter((x) => x.parentId === cat.id).map((x) => x.id));
      }
    }
    const { from, to } = dateWindow(qy, ctx.clock.now());
    const statusRaw = param(qy, 'status');
    let statuses: Status[] = [...STATUSES];
    if (statusRaw) {
      const wanted = statusRaw.split(',').map((s) => s.trim().toLowerCase());
      if (wanted.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status must be open, closed or open,closed');
      statuses = statuses.filter((s) => wanted.includes(open311Status(s)));
    }
    if (!partner) statuses = statuses.filter((s) => s !== 'new');
    const { rows } = await listReports(ctx.db, { communityId: c.id, statuses, categoryIds, from, to, notHidden: true, limit: MAX_RESULTS });
    return visible(c, rows, partner);
  }

  /* ----- services/{code} ----- */
  app.get<{ Params: { file: string } }>('/services/:file', SERVICE_DOC, async (req, reply) => {
    const f = splitFile(req.params.file);
    if (!f) throw new Open311Error(404, 'Use services/{service_code}.xml or .json');
    const c = await jurisdiction(req);
    const cat = leafCategories(await listCategories(ctx.db, c.id)).find((x) => x.code === f.name);
    if (!cat) throw new Open311Error(404, `service_code not found: ${f.name.slice(0, 60)}`);
    const d = definitionJson(cat);
    return send(reply, f.format, 200, d, definitionXml(d));
  });

  /* ----- requests/{id} ----- */
  app.get<{ Params: { file: string } }>('/requests/:file', REQUEST_DOC, async (req, reply) => {
    const f = splitFile(req.params.file);
    if (!f) throw new Open311Error(404, 'Use requests/{service_request_id}.xml or .json');
    const c = await jurisdiction(req);
    const partner = (await partnerKey(c, req.query)) !== null;
    const id = /^\d{1,9}$/.test(f.name) ? Number(f.name) : -1;
    const r = id > 0 ? await findReport(ctx.db, id) : null;
    const shown = r ? await visible(c, [r], partner) : [];
    if (!shown.length) throw new Open311Error(404, `service_request_id not found: ${f.name.slice(0, 20)}`);
    const out = await withPhotos(c, shown);
    return send(reply, f.format, 200, out, ['service_requests', out.map(requestXml)]);
  });

  /* ----- tokens/{token} ----- */
  app.get<{ Params: { file: string } }>('/tokens/:file', TOKEN_DOC, async (req, reply) => {
    const f = splitFile(req.params.file);
    if (!f) throw new Open311Error(404, 'Use tokens/{token}.xml or .json');
    const c = await jurisdiction(req);
    const r = /^[A-Za-z0-9_-]{8,64}$/.test(f.name) ? await findReportByToken(ctx.db, f.name) : null;
    if (!r || r.communityId !== c.id) throw new Open311Error(404, 'token not found');
    const json = [{ service_request_id: String(r.id), token: r.token }];
    return send(reply, f.format, 200, json, [
      'service_requests',
      [
        [
          'request',
          [
            ['service_request_id', String(r.id)],
            ['token', r.token],
          ],
        ],
      ],
    ]);
  });

  /* ----- POST requests ----- */
  /** The community and partner of a POST, checked once per request, before any file of a multipart body is read. */
  const posters = new WeakMap<FastifyRequest, { c: Community; partner: { id: number; name: string } }>();
  async function poster(req: FastifyRequest<{ Params: { file: string } }>): Promise<{ c: Community; partner: { id: number; name: string } }> {
    const known = posters.get(req);
    if (known) return known;
    if (splitFile(req.params.file)?.name !== 'requests') throw new Open311Error(404, 'POST to requests.xml or requests.json');
    const ct = String(req.headers['content-type'] ?? '');
    if (!ct.startsWith('application/x-www-form-urlencoded') && !isMultipartRequest(req))
      throw new Open311Error(400, 'Send the request form-encoded (application/x-www-form-urlencoded, or multipart/form-data with a media file)');
    const body = req.body;
    const c = await jurisdiction(req, body && param(body, 'jurisdiction_id') ? body : req.query);
    if (!param(body, 'api_key')) throw new Open311Error(403, 'api_key is required: ask the community’s Open City moderator for one');
    const partner = (await partnerKey(c, body))!;
    const lim = await hitRateLimit(ctx.db, { key: `open311:key:${partner.id}`, max: 600, windowSeconds: 3600 }, ctx.clock.now());
    if (!lim.allowed) throw new Open311Error(429, 'Too many requests for this api_key; try again later');
    const out = { c, partner };
    posters.set(req, out);
    return out;
  }
  // A multipart body's text fields (api_key, jurisdiction_id first, as FixMyStreet sends them) are read and
  // checked before its files; the files then go through the web form's photo pipeline and limits.
  const mediaUploads = uploadRoute<{ Params: { file: string } }>({
    ctx,
    permission: 'open-city.open311',
    limits: PHOTO_UPLOADS,
    credentials: 'fields',
    authorize: poster,
  });

  app.post<{ Params: { file: string } }>(
    '/:file',
    { ...mediaUploads, config: { ...mediaUploads.config, csrf: false }, schema: CREATE_DOC },
    async (req, reply) => {
      const f = splitFile(req.params.file)!;
      const { c, partner } = await poster(req);
      const body = req.body;

      const code = param(body, 'service_code');
      if (!code) throw new Open311Error(400, 'service_code is required');
      const category = leafCategories(await listCategories(ctx.db, c.id)).find((x) => x.code === code);
      if (!category) throw new Open311Error(400, `service_code not found: ${code.slice(0, 60)}`);

      const latRaw = param(body, 'lat');
      const lngRaw = param(body, 'long');
      const address = param(body, 'address_string') || param(body, 'address_id');
      const coords = parseCoordinates(latRaw, lngRaw);
      if (!coords.ok)
        throw new Open311Error(
          400,
          coords.field === 'lat'
            ? 'lat must be a number from -90 to 90 (and long given with it)'
            : 'long must be a number from -180 to 180 (and lat given with it)',
        );
      if (!coords.point && !address) throw new Open311Error(400, 'A location is required: lat and long, or address_string');
      if (address.length > 300) throw new Open311Error(400, 'address_string is at most 300 characters');
      if (coords.point) {
        const territory = await territoryOf(ctx.db, c.id);
        if (territory.polygon.length >= 3 && !pointInPolygon(coords.point, territory.polygon)) {
          const other = (await allTerritories(ctx.db)).find((x) => x.communityId !== c.id && pointInPolygon(coords.point!, x.polygon));
          throw new Open311Error(
            400,
            other
              ? `The location is outside this jurisdiction; it is in jurisdiction_id=${other.slug}`
              : 'The location is outside this jurisdiction and of every jurisdiction here',
          );
        }
      }
      const given: Record<string, string[]> = {};
      for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
        const m = /^attribute\[([^\]]{1,60})\](\[\])?$/.exec(k);
        if (m) given[m[1]!] = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
      }
      const attrs = validateAttributes(category.attributes, given);
      if (!attrs.ok) throw new Open311Error(400, attrs.message);
      const description = param(body, 'description');
      if (description.length > 4000) throw new Open311Error(400, 'description is at most 4000 characters');
      const email = param(body, 'email');
      if (email && (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))) throw new Open311Error(400, 'email is not a valid address');
      const mediaUrl = param(body, 'media_url');
      if (mediaUrl && (mediaUrl.length > 1000 || !/^https?:\/\/[^\s]+$/.test(mediaUrl))) throw new Open311Error(400, 'media_url must be an http(s) URL');
      const phone = param(body, 'phone').slice(0, 40);
      const name = `${param(body, 'first_name')} ${param(body, 'last_name')}`.trim().slice(0, 200);
      const firstLine = (description.split('\n')[0] ?? '').trim();
      // Photos last: the costly step only for a request that is otherwise valid.
      const media = isMultipartRequest(req) ? await readOpen311Photos(ctx, req) : { photos: [], error: null };
      if (media.error) throw new Open311Error(400, media.error);
      const title = ([...firstLine].length > 150 ? `${[...firstLine].slice(0, 149).join('')}…` : firstLine) || category.name.uk;

      const created = await createReport(ctx, {
        community: c,
        category,
        title,
        description: description === firstLine ? '' : description,
        address,
        point: coords.point,
        attributes: attrs.values,
        mediaUrl: mediaUrl || null,
        reporter: null,
        contact: { email: email || null, phone: phone || null, name },
        partner: { apiKeyId: partner.id, name: partner.name },
        photos: media.photos,
        source: 'open311',
      });
      const notice = `Звернення прийнято на модерацію. Термін відповіді: до ${formatKyivDate(created.deadline, 'uk')}`;
      const json = [{ service_request_id: String(created.id), token: created.token, service_notice: notice, account_id: null }];
      return send(reply, f.format, 200, json, [
        'service_requests',
        [
          [
            'request',
            [
              ['service_request_id', String(created.id)],
              ['token', created.token],
              ['service_notice', notice],
              ['account_id', null],
            ],
          ],
        ],
      ]);
    },
  );
}
