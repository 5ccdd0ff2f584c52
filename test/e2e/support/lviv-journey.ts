/**
 * Steps the Lviv journeys share: the accessibility and phone checks of our pages, and signing in from
 * the community page through the id.gov.ua emulator. The platform is read through a getter because the
 * journeys start it in `before`.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { RunningPlatform } from './server.js';
import { checkA11y, checkNoSideScroll, openTool } from './browser.js';
import { checkPhone } from './phone.js';
import { throughEmulator } from './sign-in.js';

export const LVIV = 'Львівська міська територіальна громада';

export function lvivJourney(platform: () => RunningPlatform) {
  /** Every page of ours: accessible, no sideways scrolling on the phone and targets big enough to tap. */
  async function ourPage(page: Page, label: string): Promise<void> {
    assert.ok(page.url().startsWith(platform().url), `«${label}» should be on our site, got ${page.url()}`);
    await checkA11y(page, label);
    await checkPhone(page, label);
  }

  /** Pages that look the same for everyone (the anonymous community page, sign-in): scanned once. */
  const scannedOnce = new Set<string>();
  async function ourPageOnce(page: Page, label: string): Promise<void> {
    if (scannedOnce.has(label)) {
      assert.ok(page.url().startsWith(platform().url), `«${label}» should be on our site, got ${page.url()}`);
      await checkNoSideScroll(page, label);
      return;
    }
    await ourPage(page, label);
    scannedOnce.add(label);
  }

  const accountNav = (page: Page) => page.getByRole('navigation', { name: 'Обліковий запис і мова' });

  /** From the community page: «Увійти» → id.gov.ua (the emulator, not scanned) → back, signed in. */
  async function signIn(page: Page, person: string, who: string): Promise<void> {
    await page.goto(`${platform().url}/lviv`);
    await page.getByRole('heading', { level: 1, name: LVIV }).waitFor();
    await ourPageOnce(page, 'community home');
    await accountNav(page).getByRole('link', { name: 'Увійти' }).click();
    await page.getByRole('heading', { level: 1, name: 'Вхід до Віче' }).waitFor();
    await ourPageOnce(page, 'sign-in');
    await throughEmulator(page, platform(), person, '/lviv');
    await ourPage(page, `community home, signed in (${who})`);
  }

  /** A moderator's way to a tool's management: «Керування» (scanned once) → the tool's `link` → its page, titled `heading`. */
  async function openManagement(page: Page, link: string, heading: string): Promise<void> {
    await openTool(page, 'Керування');
    await page.getByRole('heading', { level: 1, name: 'Керування громадою' }).waitFor();
    await ourPageOnce(page, 'community management');
    await page.getByRole('link', { name: link }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  return { ourPage, ourPageOnce, accountNav, signIn, openManagement };
}
