/**
 * Signing in the way a link to a protected page does it: the sign-in page with a return address, then
 * a demo person on the id.gov.ua emulator, then back. For journeys whose subject is not the sign-in.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { RunningPlatform } from './server.js';

export async function signInAt(page: Page, platform: RunningPlatform, person: string, returnTo: string): Promise<void> {
  await page.goto(`${platform.url}/auth/sign-in?return=${encodeURIComponent(returnTo)}`);
  await throughEmulator(page, platform, person, returnTo.split('?')[0]!);
}

/**
 * From our sign-in page: «Увійти через id.gov.ua» → the person's Дія.Підпис button on the emulator (its
 * page is not ours: no scan there) → back on `returnPath`, signed in as the person.
 */
export async function throughEmulator(page: Page, platform: RunningPlatform, person: string, returnPath: string): Promise<void> {
  await page.getByRole('link', { name: 'Увійти через id.gov.ua' }).click();
  await page.getByRole('heading', { level: 1, name: 'Вхід через id.gov.ua' }).waitFor();
  assert.ok(page.url().startsWith(platform.emulatorUrl), `expected the emulator, got ${page.url()}`);
  const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: person, exact: true }) });
  await item.getByRole('button', { name: `Увійти як ${person} через Дія.Підпис` }).click();
  await page.waitForURL((u) => u.origin === platform.url && u.pathname === returnPath);
  await page.getByRole('navigation', { name: 'Обліковий запис і мова' }).getByRole('link', { name: person }).waitFor();
}

/** The address of the first link in the page's main content whose path matches, e.g. a list's first item. */
export async function firstLinkIn(page: Page, path: RegExp): Promise<string> {
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  const found = hrefs.map((h) => new URL(h)).find((u) => path.test(u.pathname));
  assert.ok(found, `no link matching ${path} on ${page.url()}`);
  return found.pathname + found.search;
}
