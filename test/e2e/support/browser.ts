/**
 * Headless Chromium for the journeys: Debian's own `chromium` package, driven by playwright-core (no
 * browser download). Pages always come from `browser.newContext()`, which the axe scan needs, through
 * newPage, which also keeps every page for the evidence a failed test leaves (see the end of the file).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { afterEach, beforeEach } from 'node:test';
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

/** A phone: the narrowest screen the platform is designed for (WCAG 1.4.10 reflows at 320 CSS px). */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 320, height: 640 },
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
  keepEvidenceOf(context);
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
      await copy.route(
        (u) => u.href === url,
        (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
        {
          times: 1,
        },
      );
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

/** The page must not scroll sideways at its viewport width (a 320 px phone in the journeys). */
export async function checkNoSideScroll(page: Page, label: string, width = page.viewportSize()?.width ?? 320): Promise<void> {
  const { scrollWidth, culprits } = await page.evaluate((w) => {
    const doc = document.documentElement;
    const wide = Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > w + 0.5)
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`,
      );
    return { scrollWidth: doc.scrollWidth, culprits: wide };
  }, width);
  assert.ok(scrollWidth <= width, `«${label}» scrolls sideways: scrollWidth ${scrollWidth} > ${width}; widest: ${culprits.join(', ')}`);
}

function safeDirName(name: string): string {
  return (
    name
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120) || 'test'
  );
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
      savedThisTest.add(page);
      console.error(`e2e: screenshot and HTML of the failing page saved in ${dir}/ (at ${page.url()})`);
    } catch (saveError) {
      console.error('e2e: could not save the failing page', saveError);
    }
    throw e;
  }
}

/*
 * Evidence for every failing test of every file, whether or not its steps are wrapped in
 * recordOnFailure: each page of a context made by newPage is remembered, and after a failed test
 * each one still open is saved (screenshot and HTML) into test-results/e2e/<test name>/. Tests close
 * their contexts in `finally`, before the runner says the test failed, so while a test runs
 * `context.close()` only marks the context; it is closed for real right after the test.
 */
const livePages = new Set<Page>();
const closeLater = new Map<BrowserContext, () => Promise<void>>();
const savedThisTest = new Set<Page>();
let testRunning = false;

function keepEvidenceOf(context: BrowserContext): void {
  const track = (p: Page) => {
    livePages.add(p);
    p.once('close', () => livePages.delete(p));
  };
  context.on('page', track);
  const close = context.close.bind(context);
  context.close = async (options?: { reason?: string }) => {
    if (testRunning) {
      closeLater.set(context, () => close(options));
      return;
    }
    await close(options);
  };
}

/** Saves each page still open as failure-page-<n>.png and .html; returns the folder. */
async function saveOpenPages(testName: string): Promise<string | null> {
  let n = 0;
  let dir: string | null = null;
  for (const page of livePages) {
    n += 1;
    if (page.isClosed() || savedThisTest.has(page)) continue;
    try {
      dir = await saveArtifacts(page, testName, `failure-page-${n}`);
      console.error(`e2e: screenshot and HTML of an open page saved in ${dir}/failure-page-${n}.* (at ${page.url()})`);
    } catch (e) {
      console.error(`e2e: could not save open page ${n}`, e);
    }
  }
  return dir;
}

beforeEach(() => {
  testRunning = true;
  savedThisTest.clear();
});

afterEach(async (t) => {
  testRunning = false;
  try {
    // TestContext.passed exists since Node 20.12; its types lag behind.
    if ((t as { passed?: unknown }).passed === false) await saveOpenPages(t.name);
  } finally {
    const pending = [...closeLater.values()];
    closeLater.clear();
    savedThisTest.clear();
    await Promise.all(pending.map((close) => close().catch(() => undefined)));
  }
});

/**
 * Follows a link of the community's tools as a person would: on a phone they sit behind «Меню» (a
 * disclosure), which is opened first; on a wide screen they are a row under the header.
 */
export async function openTool(page: Page, name: string): Promise<void> {
  const menu = page.locator('details.site-menu');
  if ((await menu.isVisible()) && !(await menu.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await menu.getByText('Меню', { exact: true }).click();
  }
  await page.getByRole('navigation', { name: 'Інструменти громади' }).getByRole('link', { name, exact: true }).click();
}
