/**
 * The weaker sign-in verifies the phone by an SMS code, and one verified phone is one weak-level person:
 * the user keeps the keyed hash of the verified number (`phone_key`), which every weak-level act is keyed
 * by. Accounts made before had a typed, unverified number: their sessions end, so that they verify it at
 * the next sign-in (until then such an account has no phone key and can act under nothing but itself).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table users add column phone_key text;
    alter table users add column phone_verified_at timestamptz;
    create index users_phone_key on users (phone_key) where phone_key is not null;

    -- The second step of the weaker sign-in: a code by SMS to the phone typed with the e-mail, made once
    -- the e-mail's code was right. Only a keyed hash of the code is kept.
    create table phone_codes (
      id integer generated always as identity primary key,
      email_code_id integer not null references email_codes(id),
      phone text not null,
      code_hash text not null,
      browser_hash text not null,
      attempts integer not null default 0,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    );
    create index phone_codes_email_code on phone_codes (email_code_id);

    -- Demo mode's SMS outbox (/dev/mail's twin, /dev/sms): written only when no provider is configured.
    create table sms_outbox (
      id integer generated always as identity primary key,
      to_phone text not null,
      body text not null,
      created_at timestamptz not null default now()
    );

    delete from sessions where user_id in (select id from users where verification_level = 'email');
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table sms_outbox;
    drop table phone_codes;
    drop index users_phone_key;
    alter table users drop column phone_verified_at;
    alter table users drop column phone_key;
  `.execute(db);
}
