import type { Selectable } from 'kysely';
import type { CommunitiesTable, CommunityContacts } from '../db/schema.js';
import type { Lang, Text } from '../i18n/index.js';
import { isToolId, type ToolId } from '../tools.js';

export type SignInPolicy = 'idgovua' | 'idgovua_or_email';

/** The audit action of a change of a community's sign-in policy: its public page announces each one. */
export const SIGN_IN_POLICY_CHANGED = 'community.sign-in-policy-changed';

export interface Community {
  id: number;
  slug: string;
  name: Text;
  oblast: Text;
  raion: Text;
  territorialCodes: string[];
  population: number;
  coatOfArmsUrl: string | null;
  contacts: CommunityContacts;
  enabledTools: ToolId[];
  signInPolicy: SignInPolicy;
  status: 'connected' | 'suspended';
  settings: Record<string, unknown>;
}

export function toCommunity(r: Selectable<CommunitiesTable>): Community {
  return {
    id: r.id,
    slug: r.slug,
    name: { uk: r.name_uk, en: r.name_en },
    oblast: { uk: r.oblast_uk, en: r.oblast_en },
    raion: { uk: r.raion_uk, en: r.raion_en },
    territorialCodes: r.territorial_codes,
    population: r.population,
    coatOfArmsUrl: r.coat_of_arms_url,
    contacts: r.contacts,
    enabledTools: r.enabled_tools.filter(isToolId),
    signInPolicy: r.sign_in_policy,
    status: r.status,
    settings: r.settings,
  };
}

/**
 * КАТОТТГ is hierarchical: UA, oblast (2 digits), raion (2), community (3), settlement (3), district (2),
 * id (5). A settlement lies within a community when the first three levels agree.
 */
export function isWithinTerritory(code: string | null, territorialCodes: readonly string[]): boolean {
  if (!code || !/^UA\d{17}$/.test(code)) return false;
  return territorialCodes.some((t) => t.slice(0, 9) === code.slice(0, 9));
}

export function oblastLabel(c: Community, lang: Lang): string {
  return lang === 'uk' ? `${c.oblast.uk} область` : `${c.oblast.en} Oblast`;
}
