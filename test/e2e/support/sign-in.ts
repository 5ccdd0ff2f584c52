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

/**
 * In the cabinet, signed in: the invitation notice → confirm `email` with the code from the letter (read in
 * the demo outbox, /dev/mail, in a second tab) → the roles invited to that address are the person's.
 */
export async function confirmEmailInCabinet(
  page: Page,
  platform: RunningPlatform,
  email: string,
  scan: (page: Page, label: string) => Promise<void>,
): Promise<void> {
  await page.goto(`${platform.url}/cabinet`);
  await page.getByRole('link', { name: 'Підтвердити ел. пошту' }).click();
  await page.getByRole('heading', { level: 1, name: 'Підтвердити ел. пошту' }).waitFor();
  await scan(page, 'confirm e-mail');
  assert.equal(await page.getByLabel('Ел. пошта').inputValue(), email, 'the address id.gov.ua reported is offered');
  await page.getByRole('button', { name: 'Надіслати код' }).click();
  await page.getByRole('heading', { level: 1, name: 'Введіть код із листа' }).waitFor();
  const outbox = await page.context().newPage();
  await outbox.goto(`${platform.url}/dev/mail?to=${encodeURIComponent(email)}`);
  const letter = (await outbox.locator('pre').first().textContent()) ?? '';
  await outbox.close();
  const code = /підтвердити цю адресу у кабінеті Віче: (\d{6})/.exec(letter)?.[1];
  assert.ok(code, 'the letter holds the code');
  await page.getByLabel('Код').fill(code);
  await page.getByRole('button', { name: 'Підтвердити' }).click();
  await page.getByRole('heading', { level: 1, name: 'Адресу підтверджено' }).waitFor();
  await scan(page, 'e-mail confirmed');
}
