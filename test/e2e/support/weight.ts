/**
 * What a page costs a phone on a slow connection: the bytes of JavaScript and CSS it loads, as they
 * travel (compressed when the server compresses), with the browser's cache off.
 */
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { newPage } from './browser.js';

export interface Asset {
  url: string;
  kind: 'js' | 'css';
  /** Bytes of the body on the wire (after Content-Encoding). */
  transferred: number;
  /** Bytes of the body once decoded. */
  decoded: number;
  /** The Content-Encoding the server chose, or «identity». */
  encoding: string;
}

export interface PageWeight {
  url: string;
  js: number;
  css: number;
  assets: Asset[];
}

function kindOf(res: Response): 'js' | 'css' | null {
  const type = res.request().resourceType();
  if (type === 'script') return 'js';
  if (type === 'stylesheet') return 'css';
  const ct = res.headers()['content-type'] ?? '';
  if (/javascript/.test(ct)) return 'js';
  if (/text\/css/.test(ct)) return 'css';
  return null;
}

/**
 * A page for weighing. Every request is routed through Playwright (and let through unchanged), which
 * switches the browser's cache off: each page load fetches all its scripts and stylesheets again, as
 * a first visit does.
 */
export async function weighingPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const made = await newPage(browser);
  await made.page.route('**/*', (route) => route.continue());
  return made;
}

/**
 * Loads `url` in `page` (from weighingPage) and sums the scripts and stylesheets that came with it.
 * The `load` event waits for both, deferred scripts included; what scripts fetch later is data.
 */
export async function measureWeight(page: Page, url: string): Promise<PageWeight> {
  const seen: Promise<Asset>[] = [];
  const onResponse = (res: Response) => {
    const kind = kindOf(res);
    if (!kind) return;
    seen.push(
      (async () => {
        const [sizes, body] = await Promise.all([res.request().sizes(), res.body()]);
        return { url: res.url(), kind, transferred: sizes.responseBodySize, decoded: body.length, encoding: res.headers()['content-encoding'] ?? 'identity' };
      })(),
    );
  };
  page.on('response', onResponse);
  try {
    const res = await page.goto(url, { waitUntil: 'load' });
    if (!res || res.status() !== 200) throw new Error(`${url} answered ${res?.status() ?? 'nothing'}`);
    const assets = await Promise.all(seen);
    // A size of 0 or less means the body did not come over the network (a cache): not a measurement.
    const unmeasured = assets.filter((a) => a.transferred <= 0);
    if (unmeasured.length > 0) throw new Error(`${url}: no transfer size for ${unmeasured.map((a) => a.url).join(', ')}`);
    const sum = (k: 'js' | 'css') => assets.filter((a) => a.kind === k).reduce((n, a) => n + a.transferred, 0);
    return { url, js: sum('js'), css: sum('css'), assets };
  } finally {
    page.off('response', onResponse);
  }
}

/** A table for the test's output: page, JS and CSS bytes on the wire, and how each asset was encoded. */
export function weightTable(rows: { label: string; w: PageWeight }[]): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const width = Math.max(4, ...rows.map((r) => r.label.length));
  const head = `${'page'.padEnd(width)}  ${'JS'.padStart(9)}  ${'CSS'.padStart(9)}  assets (transferred / decoded, encoding)`;
  const lines = rows.map(({ label, w }) => {
    const assets = w.assets.map((a) => `${new URL(a.url).pathname} ${kb(a.transferred)}/${kb(a.decoded)} ${a.encoding}`).join('; ');
    return `${label.padEnd(width)}  ${kb(w.js).padStart(9)}  ${kb(w.css).padStart(9)}  ${assets || '—'}`;
  });
  return [head, '-'.repeat(head.length), ...lines].join('\n');
}
