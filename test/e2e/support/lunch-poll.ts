/**
 * The demo poll «Які страви у бізнес-ланчі ви любите найбільше?» (Lviv), answered on screen the way a
 * resident does: the journeys with and without JavaScript fill it through here and check what follows.
 */
import type { Locator, Page } from 'playwright-core';

export const LUNCH_POLL = 'Які страви у бізнес-ланчі ви любите найбільше?';

export interface LunchAnswers {
  /** The dishes ticked besides «Інше», whose own text is always «Деруни». */
  dishes: string[];
  /** Places 1–4 for taste, price, speed and portion size (a repeated place is refused by the page). */
  ranks: [taste: string, price: string, speed: string, portion: string];
  /** Scores of the places rated (the others are left unrated). */
  scores: [place: string, score: string][];
}

/** Fills the poll's four questions (not sent); its groups, for what the journey does next. */
export async function fillLunchPoll(
  page: Page,
  a: LunchAnswers,
): Promise<{ multiple: Locator; ranking: Locator; scoring: Locator; rate: (place: string, score: string) => Promise<void> }> {
  const multiple = page.getByRole('group', { name: /Які страви ви замовляєте найчастіше/ });
  for (const dish of a.dishes) await multiple.getByLabel(dish).check();
  await multiple.getByLabel('Інше', { exact: true }).check();
  await multiple.getByLabel('Ваш варіант').fill('Деруни');
  await page
    .getByRole('group', { name: /Скільки ви готові витратити/ })
    .getByLabel('150–200 грн')
    .check();
  const ranking = page.getByRole('group', { name: /Розставте за важливістю/ });
  const [taste, price, speed, portion] = a.ranks;
  await ranking.getByLabel('Смак', { exact: true }).selectOption(taste);
  await ranking.getByLabel('Ціна').selectOption(price);
  await ranking.getByLabel('Швидкість').selectOption(speed);
  await ranking.getByLabel('Розмір порції').selectOption(portion);
  // A rating is a radio scale per option, its number beside each control.
  const scoring = page.getByRole('group', { name: /Оцініть заклади/ });
  const rate = (place: string, score: string) => scoring.getByRole('group', { name: place }).getByLabel(score, { exact: true }).check();
  for (const [place, score] of a.scores) await rate(place, score);
  return { multiple, ranking, scoring, rate };
}
