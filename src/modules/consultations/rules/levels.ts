/**
 * Sign-in levels of acts (issue #17): each poll response, stance and comment keeps the level its author was
 * signed in at, the public sees how many came each way, and an item's rule says whether e-mail-level acts
 * count toward its results (they are shown either way).
 */
import type { Text } from '../../../core/i18n/index.js';

export type Level = 'idgovua' | 'email';

export interface LevelCounts {
  idgovua: number;
  email: number;
}

/** How many of these acts came at each level. */
export function levelCounts(acts: readonly { level: Level }[]): LevelCounts {
  let email = 0;
  for (const a of acts) if (a.level === 'email') email++;
  return { idgovua: acts.length - email, email };
}

/** The acts that count toward the results under the item's rule. */
export function countedActs<T extends { level: Level }>(acts: readonly T[], emailCounts: boolean): T[] {
  return emailCounts ? [...acts] : acts.filter((a) => a.level !== 'email');
}

/** Whether the public needs the per-level figures: e-mail-level people may take part, or some did. */
export function showsLevels(item: { allowEmail: boolean }, counts: LevelCounts): boolean {
  return item.allowEmail || counts.email > 0;
}

/** The item's rule in words, for the public page. */
export const EMAIL_COUNTS_TEXT: Record<'counts' | 'not', Text> = {
  counts: {
    uk: 'Відповіді й позиції, подані зі входом поштою й телефоном, зараховуються до результатів',
    en: 'Answers and stances given with e-mail and phone sign-in count toward the results',
  },
  not: {
    uk: 'Відповіді й позиції, подані зі входом поштою й телефоном, до результатів не зараховуються (їх показано окремо)',
    en: 'Answers and stances given with e-mail and phone sign-in do not count toward the results (they are shown apart)',
  },
};
