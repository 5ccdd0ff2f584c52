/**
 * Linking an e-mail-level account to an id.gov.ua identity: each weak key the account acted under is
 * recorded as the identity's, so a later weak sign-in with it acts as that identity. A sign-in started
 * from a weak account's cabinet carries that account on its state (`link_user_id`).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table identity_links (
      weak_key text primary key,
      identity_key text not null,
      weak_user_id integer references users(id) on delete set null,
      user_id integer references users(id) on delete set null,
      linked_at timestamptz not null
    );
    create index identity_links_identity on identity_links (identity_key);
    create index identity_links_weak_user on identity_links (weak_user_id);
    alter table oauth_states add column link_user_id integer references users(id) on delete cascade;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table oauth_states drop column link_user_id;
    drop table identity_links;
  `.execute(db);
}
