/**
 * A short shared cache of the pages signed-out visitors read most (community home, tool lists, a
 * petition, statistics, Open311 lists), and ETag/304 on them for everyone.
 *
 * What makes it safe to share:
 * - Only GET requests with no session cookie at all are served from it or stored into it, and only on
 *   routes that opt in (`config: { pageCache: true }`). A signed-in person always gets a fresh render.
 * - A response that sets any cookie other than the browser id is never stored; the browser id cookie
 *   (set by the core for a first visit) is set by the core on every request, hit or miss, never stored.
 * - Pages carry the visitor's CSRF token (`HMAC(SECRET_KEY, browser id)`, in `<meta name="csrf-token">`
 *   and every form). It is per browser, so it is cut out when a page is stored and the reading
 *   visitor's own token is put back in when the page is served: each visitor still gets a token only
 *   their own cookie satisfies, so CSRF protection is exactly as before, and nothing else in an
 *   anonymous page depends on who reads it (the route renders for `viewer = null`).
 * - The key is the full URL (path and query) and the language; the route decides its content from
 *   nothing else for a signed-out visitor.
 *
 * Freshness: every state change is recorded through `recordAudit` or the transparency log
 * (`logAct`/`logPreparedAct`); both call `noteWrite`, which bumps a generation counter of the community
 * (or of the platform). A stored page remembers the generations it was rendered under and is stale as
 * soon as one moves. The bump is repeated when the writing request's response is sent, after its
 * transaction committed, so a read that overlapped the uncommitted write cannot keep an old page alive;
 * the next read after the write's response is always fresh. Writes from other app instances or jobs
 * are caught by the TTL (PAGE_CACHE_SECONDS, at most 10 s, 0 turns the cache off).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { CoreContext } from '../context.js';
import type { Community } from '../communities/community.js';
import { BROWSER_COOKIE } from '../security/csrf.js';
import { SESSION_COOKIE } from '../sessions/sessions.js';
import { BoundedStore } from './bounded-store.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Signed-out visitors' copies of this GET route may be shared for a few seconds (core/http/page-cache.ts). */
    pageCache?: boolean;
  }
}

/* ----- generations: what has changed since a page was rendered ----- */

/** Bumped by a write that names no community (platform settings, new communities): every page depends on it. */
let platformGeneration = 0;
/** Bumped by every write: pages that name no community (the platform home, Open311) depend on it. */
let anyWriteGeneration = 0;
/** Per community, by id (audit entries) and by slug (transparency log acts). */
const communityGenerations = new Map<string, number>();

/** The communities written during the current request, bumped again once its response is sent. */
const requestWrites = new AsyncLocalStorage<Set<string | null>>();

function bump(key: string | null): void {
  anyWriteGeneration++;
  if (key === null) platformGeneration++;
  else communityGenerations.set(key, (communityGenerations.get(key) ?? 0) + 1);
}

/**
 * Something public may have changed in this community (`{ id }` or `{ slug }`), or on the platform
 * (null). Called where every state change is recorded: the audit log and the transparency log.
 */
export function noteWrite(community: { id: number } | { slug: string } | null): void {
  const key = community === null ? null : 'id' in community ? `id:${community.id}` : `slug:${community.slug}`;
  bump(key);
  requestWrites.getStore()?.add(key);
}

/** The generations a page of `community` (null: a platform page) depends on, as one comparable string. */
function generationOf(community: Community | null): string {
  if (!community) return `w:${anyWriteGeneration}`;
  const byId = communityGenerations.get(`id:${community.id}`) ?? 0;
  const bySlug = communityGenerations.get(`slug:${community.slug}`) ?? 0;
  return `p:${platformGeneration}/i:${byId}/s:${bySlug}`;
}

/* ----- the stored pages ----- */

interface StoredPage {
  /**
   * The body cut at each occurrence of the rendering visitor's CSRF token, as UTF-8 bytes (issue #19,
   * memory): a page with any Cyrillic in it is a two-byte string in V8, its UTF-8 about 1.3 bytes a
   * character, kept off the JS heap, and a hit sends the bytes without encoding the page again.
   */
  parts: Buffer[];
  /** Digest of the body without its token: a visitor's ETag is derived from it and their token. */
  digest: string;
  contentType: string;
  community: Community | null;
  generation: string;
  expiresAt: number;
  /** Bytes in `parts`. */
  size: number;
}

/** Stored pages are bounded by size (pages are 10–60 KB as text): at most this many bytes, the least recently read out first. */
const MAX_STORED_BYTES = 16 * 1024 * 1024;
/** What a stored page takes besides its body: the key, the digest, the Buffers' headers (an estimate). */
const STORED_PAGE_OVERHEAD = 512;

const pageCommunity = new WeakMap<FastifyRequest, Community | null>();

/**
 * The community whose data the page being rendered shows; pageCtx calls it. A page that names none
 * depends on every write.
 */
export function notePageCommunity(req: FastifyRequest, community: Community | null): void {
  if (!pageCommunity.has(req)) pageCommunity.set(req, community);
}

function weakEtag(digest: string, token: string): string {
  return `W/"${createHash('sha1').update(digest).update(token).digest('base64url')}"`;
}

function etagMatches(req: FastifyRequest, etag: string): boolean {
  const given = req.headers['if-none-match'];
  if (!given) return false;
  return given
    .split(',')
    .map((s) => s.trim())
    .some((s) => s === etag || s === '*');
}

type Outcome = 'hit' | 'miss' | 'bypass';
/** A miss remembers the writes counted when its render began: a page rendered across a write is not stored. */
const outcomes = new WeakMap<FastifyRequest, { outcome: Outcome; key: string; writesAtStart: number }>();

/** Whether a client accepts an HTML page: a browser names text/html, most others accept anything. */
function takesHtml(accept: string | undefined): boolean {
  if (!accept) return true;
  const types = accept.split(',').map((part) => part.split(';')[0]!.trim().toLowerCase());
  return types.some((t) => t === 'text/html' || t === 'text/*' || t === '*/*');
}

/** Adds `Cookie` to what the response varies on, keeping what other hooks added (Accept-Encoding, Accept). */
function varyOnCookie(reply: FastifyReply): void {
  const vary = String(reply.getHeader('vary') ?? '');
  if (!/(^|,)\s*cookie\s*(,|$)/i.test(vary)) reply.header('vary', vary ? `${vary}, Cookie` : 'Cookie');
}

function setCookieNames(reply: FastifyReply): string[] {
  const raw = reply.getHeader('set-cookie');
  const lines = Array.isArray(raw) ? raw : raw === undefined ? [] : [String(raw)];
  return lines.map((l) => String(l).split('=')[0]!.trim());
}

export const pageCache = fp(async (app: FastifyInstance, opts: { ctx: CoreContext }) => {
  const { ctx } = opts;
  const pages = new BoundedStore<StoredPage>(MAX_STORED_BYTES);
  const forget = (key: string) => pages.delete(key);

  // Every request gets a set of the communities it writes: a callback hook, so that the rest of the
  // request (hooks, handler) runs inside the AsyncLocalStorage scope.
  app.addHook('onRequest', (req, _reply, done) => {
    if (req.method === 'GET' || req.method === 'HEAD') done();
    else requestWrites.run(new Set(), done);
  });

  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' || req.routeOptions.config?.pageCache !== true) return;
    const ttlMs = Math.min(ctx.config.pageCacheSeconds, 10) * 1000;
    // Any session cookie, even a stale one, means this is (or was) someone: never the shared copy. A client
    // that does not take HTML (a feed reader, sent on to the feed by core/feeds) is not a page reader.
    if (ttlMs <= 0 || req.cookies[SESSION_COOKIE] !== undefined || !takesHtml(req.headers.accept)) {
      outcomes.set(req, { outcome: 'bypass', key: '', writesAtStart: 0 });
      return;
    }
    const key = `${req.lang}\n${req.url}`;
    const stored = pages.get(key);
    if (stored && (stored.expiresAt <= Date.now() || stored.generation !== generationOf(stored.community))) forget(key);
    else if (stored) {
      outcomes.set(req, { outcome: 'hit', key, writesAtStart: 0 });
      const etag = weakEtag(stored.digest, req.csrfToken);
      reply.header('etag', etag).header('cache-control', 'private, no-cache').header('x-cache', 'hit');
      varyOnCookie(reply);
      if (etagMatches(req, etag)) return reply.status(304).send();
      const token = Buffer.from(req.csrfToken, 'utf8');
      const chunks = stored.parts.flatMap((part, i) => (i === 0 ? [part] : [token, part]));
      return reply
        .status(200)
        .type(stored.contentType)
        .send(Buffer.concat(chunks, stored.size + token.length * (stored.parts.length - 1)));
    }
    outcomes.set(req, { outcome: 'miss', key, writesAtStart: anyWriteGeneration });
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const writes = requestWrites.getStore();
    // The writing request's transaction has committed by now: bump again (see the header comment).
    if (writes) for (const key of writes) bump(key);

    const o = outcomes.get(req);
    if (!o || o.outcome === 'hit' || reply.statusCode !== 200 || typeof payload !== 'string' || !req.csrfToken) return payload;
    const generation = generationOf(pageCommunity.get(req) ?? null);
    const parts = payload.split(req.csrfToken);
    const digest = createHash('sha1').update(parts.join('\0')).digest('base64url');
    const etag = weakEtag(digest, req.csrfToken);
    reply.header('etag', etag);
    varyOnCookie(reply);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-cache');
    if (o.outcome === 'miss') {
      reply.header('x-cache', 'miss');
      const cookies = setCookieNames(reply).filter((n) => n !== BROWSER_COOKIE);
      const contentType = String(reply.getHeader('content-type') ?? '');
      if (cookies.length === 0 && contentType !== '' && o.writesAtStart === anyWriteGeneration) {
        forget(o.key);
        const bytes = parts.map((part) => Buffer.from(part, 'utf8'));
        const size = bytes.reduce((n, b) => n + b.length, 0);
        // A page over a sixteenth of the budget is not kept (BoundedStore); the least recently read go first.
        pages.set(
          o.key,
          {
            parts: bytes,
            digest,
            contentType,
            community: pageCommunity.get(req) ?? null,
            generation,
            expiresAt: Date.now() + Math.min(ctx.config.pageCacheSeconds, 10) * 1000,
            size,
          },
          size + STORED_PAGE_OVERHEAD,
        );
      }
    }
    if (etagMatches(req, etag)) {
      reply.status(304);
      return '';
    }
    return payload;
  });
});

/* ----- computed figures that cost more than a page (statistics reports) ----- */

/**
 * Results of an expensive read (e.g. a statistics report) shared between requests for `ttlSeconds` (at
 * most 10) and until the next write to the community they are about (null: every write). Requests that
 * arrive while one is being computed wait for it rather than compute it again. A result computed
 * across a write is not kept. Nothing per-person may be kept here: callers pass data about the public.
 */
export class FiguresCache<T> {
  private readonly entries: BoundedStore<{ value: Promise<T>; generation: string; expiresAt: number }>;
  /**
   * @param maxBytes what the kept results may take together, measured by `sizeOf` once each is computed
   * @param sizeOf a result's size in bytes (default: its JSON as UTF-16, about what V8 holds for it)
   */
  constructor(
    maxBytes = 8 * 1024 * 1024,
    private readonly sizeOf: (value: T) => number = (v) => 2 * (JSON.stringify(v)?.length ?? 0),
  ) {
    this.entries = new BoundedStore(maxBytes);
  }

  get(key: string, community: { id: number; slug: string } | null, ttlSeconds: number, compute: () => Promise<T>): Promise<T> {
    const ttlMs = Math.min(ttlSeconds, 10) * 1000;
    if (ttlMs <= 0) return compute();
    const scope = community as Community | null;
    const found = this.entries.get(key);
    if (found && found.expiresAt > Date.now() && found.generation === generationOf(scope)) return found.value;
    this.entries.delete(key);
    const writesAtStart = anyWriteGeneration;
    const value = compute();
    const entry = { value, generation: generationOf(scope), expiresAt: Date.now() + ttlMs };
    // Counted as nothing while it is computed (so requests for it wait for it), then by its size.
    this.entries.set(key, entry, 0);
    const mine = () => this.entries.get(key) === entry;
    value.then(
      (v) => {
        if (!mine()) return;
        if (anyWriteGeneration !== writesAtStart) this.entries.delete(key);
        else this.entries.set(key, entry, this.sizeOf(v));
      },
      () => {
        if (mine()) this.entries.delete(key);
      },
    );
    return value;
  }
}
