/**
 * Time passing in a journey: rules frozen once people take part forbid ending a vote early by editing its
 * dates, so journeys move the demo platform's clock forward at /dev/clock (demo mode only), as a council
 * trying the demo would.
 */
import type { Page } from 'playwright-core';

export async function moveDemoClock(page: Page, baseUrl: string, days: number): Promise<void> {
  await page.goto(`${baseUrl}/dev/clock`);
  await page.getByRole('heading', { level: 1, name: 'Час демонстрації' }).waitFor();
  await page.getByLabel('Перемотати вперед на днів').fill(String(days));
  await page.getByRole('button', { name: 'Перемотати' }).click();
  await page.getByRole('heading', { level: 1, name: 'Час демонстрації' }).waitFor();
}
