/** The signed-in person as pages and policies see them. */
import type { RoleName } from '../db/schema.js';

export interface RoleGrant {
  role: RoleName;
  communityId: number | null;
  tool: string | null;
  scope: string | null;
}

export interface Viewer {
  id: number;
  lastName: string;
  firstName: string;
  patronymic: string;
  level: 'idgovua' | 'email';
  email: string | null;
  phone: string | null;
  birthDate: string | null;
  territorialCode: string | null;
  lang: 'uk' | 'en';
  notifyEmail: boolean;
  createdAt: Date;
  roles: RoleGrant[];
}

export function fullName(v: Pick<Viewer, 'lastName' | 'firstName' | 'patronymic'>): string {
  return [v.lastName, v.firstName, v.patronymic].filter(Boolean).join(' ');
}

/** Age in whole years on a given Kyiv date (YYYY-MM-DD). */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
