/**
 * The community administrator: a role per community, granted by the national moderator, that alone (with
 * the national moderator) changes the community's profile and its sign-in policy. Tool moderators no longer do.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table role_assignments drop constraint role_assignments_role_check;
    alter table role_assignments add constraint role_assignments_role_check
      check (role in ('national_moderator', 'moderator', 'school_moderator', 'executor', 'community_admin'));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from role_assignments where role = 'community_admin';
    alter table role_assignments drop constraint role_assignments_role_check;
    alter table role_assignments add constraint role_assignments_role_check
      check (role in ('national_moderator', 'moderator', 'school_moderator', 'executor'));
  `.execute(db);
}
