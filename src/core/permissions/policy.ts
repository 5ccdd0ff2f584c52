/**
 * The one place that answers "may this person do this here?". Every route asks it; pages only hide what
 * the policy would refuse anyway.
 */
import type { Community } from '../communities/community.js';
import { ageOn, type Viewer } from '../users/viewer.js';
import { isWithinTerritory } from '../communities/community.js';
import { participationOpen } from '../communities/participation-gate.js';

export function isNationalModerator(v: Viewer | null): boolean {
  return !!v?.roles.some((r) => r.role === 'national_moderator');
}

/** A local moderator of one tool in this community (the national moderator may act for any). */
export function isToolModerator(v: Viewer | null, communityId: number, tool: string): boolean {
  if (!v) return false;
  if (isNationalModerator(v)) return true;
  return v.roles.some((r) => r.role === 'moderator' && r.communityId === communityId && r.tool === tool);
}

/** Any local moderator of the community: may see its moderation queue and audit log. */
export function isCommunityModerator(v: Viewer | null, communityId: number): boolean {
  if (!v) return false;
  if (isNationalModerator(v)) return true;
  return v.roles.some((r) => r.role === 'moderator' && r.communityId === communityId);
}

/**
 * The community's administrator (a role the national moderator grants), or the national moderator: the
 * only ones who change the community's profile and its sign-in policy. A tool moderator is not one.
 */
export function isCommunityAdmin(v: Viewer | null, communityId: number): boolean {
  if (!v) return false;
  if (isNationalModerator(v)) return true;
  return v.roles.some((r) => r.role === 'community_admin' && r.communityId === communityId);
}

export function isSchoolModerator(v: Viewer | null, communityId: number, school: string): boolean {
  if (!v) return false;
  if (isToolModerator(v, communityId, 'school-budget')) return true;
  return v.roles.some((r) => r.role === 'school_moderator' && r.communityId === communityId && r.scope === school);
}

export function isExecutor(v: Viewer | null, communityId: number, department: string): boolean {
  if (!v) return false;
  return v.roles.some((r) => r.role === 'executor' && r.communityId === communityId && r.scope === department);
}

/** The editor of the community's website (a role per community; the site module decides what it may do). */
export function isSiteEditor(v: Viewer | null, communityId: number): boolean {
  if (!v) return false;
  return v.roles.some((r) => r.role === 'editor' && r.communityId === communityId);
}

export type ParticipationRefusal = 'signed-out' | 'suspended' | 'blocked' | 'weak-sign-in' | 'not-resident' | 'too-young' | 'no-birth-date';

export interface ParticipationRules {
  /** Only id.gov.ua accounts, or also e-mail + phone ones. */
  allowEmail: boolean;
  residentsOnly: boolean;
  minAge: number | null;
}

/**
 * May this person sign, vote or post in this community under these rules? Returns null, or why not,
 * so the page can explain instead of offering a button that fails.
 */
export function participationRefusal(
  v: Viewer | null,
  c: Community,
  rules: ParticipationRules,
  ctx: { blocked: boolean; todayKyiv: string },
): ParticipationRefusal | null {
  if (!v) return 'signed-out';
  if (!participationOpen(c)) return 'suspended';
  if (ctx.blocked) return 'blocked';
  if (v.level === 'email' && !(rules.allowEmail && c.signInPolicy === 'idgovua_or_email')) return 'weak-sign-in';
  if (rules.residentsOnly && !isWithinTerritory(v.territorialCode, c.territorialCodes)) return 'not-resident';
  if (rules.minAge !== null) {
    if (!v.birthDate) return 'no-birth-date';
    if (ageOn(v.birthDate, ctx.todayKyiv) < rules.minAge) return 'too-young';
  }
  return null;
}
