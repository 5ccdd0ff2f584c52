/**
 * The roles of the authorization matrix and the demo person who plays each one (README's table). "This
 * community" is always Lviv; "elsewhere" is Bila Tserkva. Lviv's staff are Lviv residents too, so they
 * may take part like any resident; the national moderator lives in Kyiv.
 */
import type { DemoPerson } from '../../../src/core/demo/people.js';

export const ROLES = [
  'anonymous',
  'resident',
  'resident-elsewhere',
  'petitions-moderator',
  'consultations-moderator',
  'budgets-moderator',
  'school-budget-moderator',
  'open-city-moderator',
  'moderator-elsewhere',
  'executor',
  'school-moderator',
  'community-admin',
  'national-moderator',
] as const;
export type Role = (typeof ROLES)[number];

/** Who plays each signed-in role. */
export const PLAYED_BY: Record<Exclude<Role, 'anonymous'>, (p: DemoPerson) => boolean> = {
  resident: (p) => p.lastName === 'Коваленко' && p.firstName === 'Олена',
  'resident-elsewhere': (p) => p.lastName === 'Бондар',
  'petitions-moderator': (p) => p.roles.some((r) => r.kind === 'moderator' && r.community === 'lviv' && r.tool === 'petitions'),
  'consultations-moderator': (p) => p.roles.some((r) => r.kind === 'moderator' && r.community === 'lviv' && r.tool === 'consultations'),
  'budgets-moderator': (p) => p.roles.some((r) => r.kind === 'moderator' && r.community === 'lviv' && r.tool === 'budgets'),
  'school-budget-moderator': (p) => p.roles.some((r) => r.kind === 'moderator' && r.community === 'lviv' && r.tool === 'school-budget'),
  'open-city-moderator': (p) => p.roles.some((r) => r.kind === 'moderator' && r.community === 'lviv' && r.tool === 'open-city'),
  'moderator-elsewhere': (p) => p.roles.some((r) => r.kind === 'moderator' && r.community === 'bila-tserkva'),
  executor: (p) => p.roles.some((r) => r.kind === 'executor' && r.community === 'lviv'),
  'school-moderator': (p) => p.roles.some((r) => r.kind === 'school-moderator' && r.community === 'lviv'),
  'community-admin': (p) => p.roles.some((r) => r.kind === 'community-admin' && r.community === 'lviv'),
  'national-moderator': (p) => p.roles.some((r) => r.kind === 'national-moderator'),
};

export const TOOL_MODERATORS = [
  'petitions-moderator',
  'consultations-moderator',
  'budgets-moderator',
  'school-budget-moderator',
  'open-city-moderator',
] as const satisfies readonly Role[];

/** Everyone with an account. */
export const SIGNED_IN: readonly Role[] = ROLES.filter((r) => r !== 'anonymous');
/** Everyone, signed in or not. */
export const EVERYONE: readonly Role[] = [...ROLES];
/** People registered in the Lviv community (its staff live there too). */
export const LVIV_RESIDENTS: readonly Role[] = ['resident', ...TOOL_MODERATORS, 'executor', 'school-moderator', 'community-admin'];
/** Any local moderator of Lviv (the community's queue, hiding, blocking, its profile) and the national moderator. */
export const COMMUNITY_MODERATORS: readonly Role[] = [...TOOL_MODERATORS, 'national-moderator'];
/** Lviv's community administrator and the national moderator: the community's profile and sign-in policy (not its tool moderators). */
export const COMMUNITY_ADMINS: readonly Role[] = ['community-admin', 'national-moderator'];

/** The moderator of one tool in Lviv, and the national moderator, who may act for any. */
export function moderatorsOf(tool: 'petitions' | 'consultations' | 'budgets' | 'school-budget' | 'open-city'): readonly Role[] {
  return [`${tool}-moderator`, 'national-moderator'];
}

/** Callers of the APIs that authenticate with a key instead of a session. */
export const KEY_ROLES = ['no-key', 'revoked-key', 'foreign-key', 'valid-key'] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

/**
 * Holders of a secret instead of an account: a link from an e-mail (a connection request's status page, an
 * unsubscribe link) or a one-time voting code of the school budget.
 */
export const SECRET_ROLES = ['unknown-secret', 'valid-secret'] as const;
export type SecretRole = (typeof SECRET_ROLES)[number];
