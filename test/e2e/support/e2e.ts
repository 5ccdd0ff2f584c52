/**
 * The set-up every journey file shares. Called at the top of a `describe`, startE2e registers its
 * `before` (the platform as `npm start` starts it, then headless Chromium) and its `after` (both
 * stopped again); what it returns is read inside tests and hooks, once `before` has run:
 *
 *   const { platform, newPage, ourPage } = startE2e();
 *
 * `platform` is a stand-in whose url and emulatorUrl are those of the running platform, so it may be
 * destructured at once and passed on (to lvivJourney, signInAt, moveDemoClock).
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { startPlatform, type RunningPlatform } from './server.js';
import { checkA11y, checkNoSideScroll, launchBrowser, newPage } from './browser.js';
import { signInAt } from './sign-in.js';

export interface E2e {
  /** The running platform: our site and the id.gov.ua emulator. */
  readonly platform: RunningPlatform;
  /** This file's Chromium. */
  browser(): Browser;
  /** A new phone-sized context (plus `options`) and its page, kept for the evidence of a failed test. */
  newPage(options?: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page }>;
  /** A new context whose page is signed in as the demo `person` and on `returnTo` (see signInAt). */
  signedInPage(person: string, returnTo: string, options?: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page }>;
  /** Every page of ours: on our site, accessible (axe, less `exclude`) and no sideways scrolling. */
  ourPage(page: Page, label: string, exclude?: string[]): Promise<void>;
}

export function startE2e(): E2e {
  let running: RunningPlatform | undefined;
  let chromium: Browser | undefined;

  before(async () => {
    running = await startPlatform();
    chromium = await launchBrowser();
  });

  after(async () => {
    await chromium?.close();
    await running?.stop();
  });

  const started = <T>(it: T | undefined, what: string): T => {
    if (it === undefined) throw new Error(`${what} is not started yet: use it inside a test or hook`);
    return it;
  };
  const platform: RunningPlatform = {
    get url() {
      return started(running, 'the platform').url;
    },
    get emulatorUrl() {
      return started(running, 'the platform').emulatorUrl;
    },
    readDatabase: (read) => started(running, 'the platform').readDatabase(read),
    stop: () => started(running, 'the platform').stop(),
  };
  const browser = () => started(chromium, 'Chromium');
  const open = (options?: BrowserContextOptions) => newPage(browser(), options);

  return {
    platform,
    browser,
    newPage: open,
    async signedInPage(person, returnTo, options) {
      const made = await open(options);
      await signInAt(made.page, platform, person, returnTo);
      return made;
    },
    async ourPage(page, label, exclude = []) {
      assert.ok(page.url().startsWith(platform.url), `«${label}» should be on our site, got ${page.url()}`);
      await checkA11y(page, label, exclude);
      await checkNoSideScroll(page, label);
    },
  };
}
