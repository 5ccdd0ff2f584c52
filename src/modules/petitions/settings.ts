/** A community's petition rules: stored by its moderator, defaulted from its population until then. */
import type { Db } from '../../core/db/database.js';
import type { Community } from '../../core/communities/community.js';
import type { Text } from '../../core/i18n/index.js';
import { tables } from './tables.js';
import { defaultCollectionDays, defaultThreshold } from './rules.js';

export interface PetitionSettings {
  signatureThreshold: number;
  collectionDays: number;
  moderationWorkingDays: number;
  considerationWorkingDays: number;
  allowEmail: boolean;
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
    residentsOnly: true,
    minAge: null,
    continueAfterThreshold: false,
    saved: false,
  };
}

export async function loadSettings(db: Db, c: Community): Promise<PetitionSettings> {
  const r = await tables(db).selectFrom('petition_settings').selectAll().where('community_id', '=', c.id).executeTakeFirst();
  if (!r) return defaultSettings(c);
  return {
    signatureThreshold: r.signature_threshold,
    collectionDays: r.collection_days,
    moderationWorkingDays: r.moderation_working_days,
    considerationWorkingDays: r.consideration_working_days,
    allowEmail: r.allow_email,
    residentsOnly: r.residents_only,
    minAge: r.min_age,
    continueAfterThreshold: r.continue_after_threshold,
    saved: true,
  };
}

export async function saveSettings(db: Db, communityId: number, s: PetitionSettings, now: Date): Promise<void> {
  const values = {
    signature_threshold: s.signatureThreshold,
    collection_days: s.collectionDays,
    moderation_working_days: s.moderationWorkingDays,
    consideration_working_days: s.considerationWorkingDays,
    allow_email: s.allowEmail,
    residents_only: s.residentsOnly,
    min_age: s.minAge,
    continue_after_threshold: s.continueAfterThreshold,
    updated_at: now,
  };
  await tables(db)
    .insertInto('petition_settings')
    .values({ community_id: communityId, ...values })
    .onConflict((oc) => oc.column('community_id').doUpdateSet(values))
    .execute();
}

export interface Category {
  id: number;
  name: Text;
}

/** The community's categories; the default list is created the first time it is needed. */
export async function loadCategories(db: Db, communityId: number): Promise<Category[]> {
  const read = () => tables(db).selectFrom('petition_categories').selectAll().where('community_id', '=', communityId).orderBy('position').orderBy('id').execute();
  let rows = await read();
  if (rows.length === 0) {
    await tables(db)
      .insertInto('petition_categories')
      .values(DEFAULT_CATEGORIES.map((c, i) => ({ community_id: communityId, name_uk: c.uk, name_en: c.en, position: i })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    rows = await read();
  }
  return rows.map((r) => ({ id: r.id, name: { uk: r.name_uk, en: r.name_en } }));
}

/** Replaces the list: names are matched so petitions keep their category; unknown ones are added. */
export async function saveCategories(db: Db, communityId: number, names: Text[]): Promise<void> {
  for (const [i, n] of names.entries()) {
    await tables(db)
      .insertInto('petition_categories')
      .values({ community_id: communityId, name_uk: n.uk, name_en: n.en, position: i })
      .onConflict((oc) => oc.columns(['community_id', 'name_uk']).doUpdateSet({ name_en: n.en, position: i }))
      .execute();
  }
}
