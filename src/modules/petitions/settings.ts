/** A community's petition rules: stored by its moderator, defaulted from its population until then. */
import type { Community } from '../../core/communities/community.js';
import type { Text } from '../../core/i18n/index.js';
import { defaultCollectionDays, defaultThreshold } from './rules.js';

export interface PetitionSettings {
  signatureThreshold: number;
  collectionDays: number;
  moderationWorkingDays: number;
  considerationWorkingDays: number;
  allowEmail: boolean;
  /** E-mail-level signatures count toward the threshold (the default, as before issue #17). */
  emailCounts: boolean;
  residentsOnly: boolean;
  minAge: number | null;
  continueAfterThreshold: boolean;
  /** false until the moderator saves them: the page says the defaults apply. */
  saved: boolean;
}

export const DEFAULT_CATEGORIES: readonly Text[] = [
  { uk: 'Благоустрій', en: 'Public spaces' },
  { uk: 'Транспорт і дороги', en: 'Transport and roads' },
  { uk: 'Освіта', en: 'Education' },
  { uk: 'Охорона здоровʼя', en: 'Health care' },
  { uk: 'Житлово-комунальне господарство', en: 'Housing and utilities' },
  { uk: 'Екологія', en: 'Environment' },
  { uk: 'Культура і спорт', en: 'Culture and sport' },
  { uk: 'Соціальний захист', en: 'Social protection' },
  { uk: 'Безпека', en: 'Safety' },
  { uk: 'Інше', en: 'Other' },
];

export function defaultSettings(c: Community): PetitionSettings {
  return {
    signatureThreshold: defaultThreshold(c.population),
    collectionDays: defaultCollectionDays(c.population),
    moderationWorkingDays: 2,
    considerationWorkingDays: 10,
    allowEmail: false,
    emailCounts: true,
    residentsOnly: true,
    minAge: null,
    continueAfterThreshold: false,
    saved: false,
  };
}
