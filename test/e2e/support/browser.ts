/**
 * Headless Chromium for the journeys: Debian's own `chromium` package, driven by playwright-core (no
 * browser download). Pages always come from `browser.newContext()`, which the axe scan needs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A phone: the narrowest screen the platform is designed for. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 1,
  locale: 'uk-UA',
  timezoneId: 'Europe/Kyiv',
};

/** The options of each context we made, so a scan can make a twin of a context without JavaScript. */
const contextOptions = new WeakMap<BrowserContext, BrowserContextOptions>();

export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const all = { ...PHONE, ...options };
  const context = await browser.newContext(all);
  contextOptions.set(context, all);
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  return { context, page };
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_TIMEOUT_MS = 60_000;

/**
 * Runs axe on the page (WCAG 2.0–2.2 A and AA rules) and fails on every serious or critical violation,
 * naming the rule, its help text and the offending elements.
 *
 * Axe runs inside the page and needs timers, which do not fire when JavaScript is disabled. For such a
 * page the very DOM it shows is scanned in a twin context with JavaScript (same viewport and cookies):
 * the document is served from the page's own HTML, its styles and images from the site.
 */
export async function checkA11y(page: Page, label: string, exclude: string[] = []): Promise<void> {
  const options = contextOptions.get(page.context());
  if (options?.javaScriptEnabled === false) {
    const browser = page.context().browser();
    assert.ok(browser, 'the page has no browser');
    const twin = await browser.newContext({ ...options, javaScriptEnabled: true, storageState: await page.context().storageState() });
    try {
      const copy = await twin.newPage();
      const url = page.url();
      const html = await page.content();
      await copy.route((u) => u.href === url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }), {
        times: 1,
      });
      await copy.goto(url);
      await scan(copy, `${label} (without JavaScript)`, exclude);
    } finally {
      await twin.close();
    }
    return;
  }
  await scan(page, label, exclude);
}

async function scan(page: Page, label: string, exclude: string[] = []): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`axe did not finish on «${label}» within ${AXE_TIMEOUT_MS / 1000} s`)), AXE_TIMEOUT_MS);
  });
  const builder = exclude.reduce((b, sel) => b.exclude(sel), new AxeBuilder({ page }).withTags(AXE_TAGS));
  const result = await Promise.race([builder.analyze(), timeout]).finally(() => clearTimeout(timer));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length === 0) return;
  const lines = bad.map((v) => {
    const targets = v.nodes.map((n) => `      ${n.target.map(String).join(' ')}`).join('\n');
    return `  [${v.impact ?? '?'}] ${v.id}: ${v.help} (${v.helpUrl})\n${targets}`;
  });
  assert.fail(`accessibility violations on «${label}» (${page.url()}):\n${lines.join('\n')}`);
}

/** The page must not scroll sideways at its viewport width (a 360 px phone in the journeys). */
export async function checkNoSideScroll(page: Page, label: string, width = 360): Promise<void> {
  const { scrollWidth, culprits } = await page.evaluate((w) => {
    const doc = document.documentElement;
    const wide = Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > w + 0.5)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`);
    return { scrollWidth: doc.scrollWidth, culprits: wide };
  }, width);
  assert.ok(scrollWidth <= width, `«${label}» scrolls sideways: scrollWidth ${scrollWidth} > ${width}; widest: ${culprits.join(', ')}`);
}

function safeDirName(name: string): string {
  return name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'test';
}

/** Saves a full-page screenshot and the HTML of the page into test-results/e2e/<test name>/. */
export async function saveArtifacts(page: Page, testName: string, what = 'failure'): Promise<string> {
  const dir = join('test-results', 'e2e', safeDirName(testName));
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${what}.png`), fullPage: true });
  await writeFile(join(dir, `${what}.html`), await page.content(), 'utf8');
  return dir;
}

/** Runs the body; when it fails, keeps what the page showed at that moment, then fails as before. */
export async function recordOnFailure(testName: string, page: Page, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    try {
      const dir = await saveArtifacts(page, testName);
      console.error(`e2e: screenshot and HTML of the failing page saved in ${dir}/ (at ${page.url()})`);
    } catch (saveError) {
      console.error('e2e: could not save the failing page', saveError);
    }
    throw e;
  }
}
