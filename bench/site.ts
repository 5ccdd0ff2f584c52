/**
 * The community website's render time (issue #23: «public pages render in under 50 ms on the server»).
 *
 * In `npm run bench` (main.ts): `loadSite` gives the hot community its site as a connected community
 * gets it (the module's own createSite: every standard section), an «about» page the size of a real one,
 * 60 news items and 300 documents; the site's home and that page are then run like the other pages
 * (p50/p99 at 64 connections, app CPU ms/req), and `sitePageLines` prints each against the 50 ms target:
 * the render time of a request on its own (the median and the worst of a sequence) and the app's CPU per request.
 *
 * Alone: `npx tsx bench/site.ts [requests]` renders the demo Lviv site in this process (PGlite, or the
 * PostgreSQL of DATABASE_URL) through Fastify's inject, the whole request path without a socket, and
 * prints the same figures; CPU per request is this process's, so it includes the inject itself.
 */
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Db } from '../src/core/db/database.js';
import { findCommunityBySlug } from '../src/core/communities/communities-repository.js';
import { createSite } from '../src/modules/site/service.js';
import { insertDocument, insertPage, insertVersion } from '../src/modules/site/repository.js';
import { searchTerms } from '../src/modules/site/rules.js';

export const SITE_TARGET_MS = 50;

/** The hot community's site, with text the size of a real council's. */
export async function loadSite(db: Db, slug: string, now: Date): Promise<void> {
  const c = await findCommunityBySlug(db, slug);
  if (!c) throw new Error(`no community ${slug}`);
  const para = (i: number) =>
    `Абзац ${i}: громада оприлюднює рішення, звіти й **розклад прийому**; докладніше — у [розділі документів](/${slug}/site/documents).`;
  const about = Array.from({ length: 12 }, (_, i) => `## Розділ ${i + 1}\n${para(i)}\n\n- пункт перший\n- пункт другий\n- пункт третій`).join('\n\n');
  await db.transaction().execute(async (trx) => {
    await createSite(trx, { community: c, now, actorUserId: null, filled: { about: { uk: about, en: '' } } });
    for (let i = 0; i < 60; i++) {
      const values = {
        title: { uk: `Новина громади № ${i + 1}`, en: '' },
        body: { uk: `${para(i)}\n\n${para(i + 1)}`, en: '' },
        status: 'published' as const,
        publishedAt: new Date(now.getTime() - (i + 1) * 3_600_000),
      };
      const id = await insertPage(trx, { ...values, communityId: c.id, kind: 'news', slug: `news-${i + 1}`, guidance: false, by: null, now });
      await insertVersion(trx, id, values, null, now);
    }
    for (let i = 0; i < 300; i++) {
      const title = `Про затвердження програми розвитку № ${i + 1}`;
      const body = `${para(i)}\n\n${para(i + 2)}`;
      const number = String(4000 + i);
      const date = new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10);
      await insertDocument(
        trx,
        c.id,
        { number, date, type: 'decision', status: 'in_force', title, body, searchTerms: searchTerms(number, title, body), pdfFileId: null },
        null,
        now,
      );
    }
  });
}

/** The site's pages the bench runs: the home and a section, as most readers (signed out) and signed in. */
export function sitePages(slug: string): { name: string; path: string; signedIn: boolean; target: number }[] {
  return [
    { name: 'site home, signed out', path: `/${slug}/site`, signedIn: false, target: SITE_TARGET_MS },
    { name: 'site page, signed out', path: `/${slug}/site/p/about`, signedIn: false, target: SITE_TARGET_MS },
    { name: 'site home, signed in', path: `/${slug}/site`, signedIn: true, target: SITE_TARGET_MS },
    { name: 'site page, signed in', path: `/${slug}/site/p/about`, signedIn: true, target: SITE_TARGET_MS },
  ];
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/** One page's line: render time alone (p50/p99 of a sequence), the app's CPU per request, against the target. */
export function sitePageLine(
  name: string,
  aloneMs: number[],
  cpuMsPerRequest: number | null,
  loaded?: { p50: number; p99: number; connections: number },
): string {
  const warm = [...aloneMs.slice(aloneMs.length > 1 ? 1 : 0)].sort((a, b) => a - b);
  const p50 = percentile(warm, 50);
  const p99 = percentile(warm, 99);
  const cpu = cpuMsPerRequest === null ? '' : `, app CPU ${cpuMsPerRequest.toFixed(2)} ms/req`;
  const under = loaded ? `; at ${loaded.connections} connections p50 ${loaded.p50.toFixed(1)} ms, p99 ${loaded.p99.toFixed(1)} ms` : '';
  return (
    `${name}: render alone p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (${warm.length} requests)${cpu}${under}   ` +
    `target < ${SITE_TARGET_MS} ms on the server: ${p99 < SITE_TARGET_MS ? 'met' : 'NOT met'}`
  );
}

/** `npx tsx bench/site.ts [requests]`: the demo Lviv site, in process. */
async function alone(requests: number): Promise<void> {
  const { createTestApp, signedInAs } = await import('../test/helpers/test-app.js');
  const t = await createTestApp();
  console.log(`load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores (times include the in-process database's work)`);
  try {
    const editor = await signedInAs(t, (p) => p.roles.some((r) => r.kind === 'editor' && r.community === 'lviv'));
    for (const page of sitePages('lviv')) {
      const ms: number[] = [];
      const c0 = process.cpuUsage();
      for (let i = 0; i < requests; i++) {
        const t0 = performance.now();
        // Signed in: the editor's browser (its session cookie), so no page comes from a shared cache.
        const res = page.signedIn ? await editor.get(page.path) : await t.app.inject({ method: 'GET', url: page.path });
        ms.push(performance.now() - t0);
        if (res.statusCode !== 200) throw new Error(`${page.path} answered ${res.statusCode}`);
      }
      const used = process.cpuUsage(c0);
      console.log(sitePageLine(page.name, ms, (used.user + used.system) / 1000 / requests));
    }
  } finally {
    await t.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await alone(Math.max(10, Number(process.argv[2] ?? 200) || 200));
}
