/**
 * The editor of a community's website: a role per community, granted like the others, that edits the
 * site's pages, news and documents (the site module) and nothing else.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table role_assignments drop constraint role_assignments_role_check;
    alter table role_assignments add constraint role_assignments_role_check
      check (role in ('national_moderator', 'moderator', 'school_moderator', 'executor', 'community_admin', 'editor'));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from role_assignments where role = 'editor';
    alter table role_assignments drop constraint role_assignments_role_check;
    alter table role_assignments add constraint role_assignments_role_check
      check (role in ('national_moderator', 'moderator', 'school_moderator', 'executor', 'community_admin'));
  `.execute(db);
}
