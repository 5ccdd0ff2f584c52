/** The core's tables: communities, people, sessions, roles, moderation, audit, mail, jobs, limits. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table communities (
      id integer generated always as identity primary key,
      slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
      name_uk text not null,
      name_en text not null,
      oblast_uk text not null,
      oblast_en text not null,
      raion_uk text not null default '',
      raion_en text not null default '',
      territorial_codes text[] not null default '{}',
      population integer not null default 0 check (population >= 0),
      coat_of_arms_url text,
      contacts jsonb not null default '{}',
      enabled_tools text[] not null default '{}',
      sign_in_policy text not null default 'idgovua' check (sign_in_policy in ('idgovua', 'idgovua_or_email')),
      status text not null default 'connected' check (status in ('connected', 'suspended')),
      settings jsonb not null default '{}',
      created_at timestamptz not null default now()
    );
    create index communities_search on communities (lower(name_uk), lower(oblast_uk));

    create table users (
      id integer generated always as identity primary key,
      identity_key text unique,
      verification_level text not null check (verification_level in ('idgovua', 'email')),
      auth_type text,
      last_name text not null default '',
      first_name text not null default '',
      patronymic text not null default '',
      email text,
      phone text,
      birth_date date,
      territorial_code text,
      lang text not null default 'uk' check (lang in ('uk', 'en')),
      notify_email boolean not null default true,
      notification_prefs jsonb not null default '{}',
      created_at timestamptz not null default now(),
      last_sign_in_at timestamptz,
      deleted_at timestamptz
    );
    -- An e-mail-level account is one per verified e-mail; id.gov.ua accounts are one per identity_key.
    create unique index users_email_level on users (lower(email)) where identity_key is null and deleted_at is null;

    create table sessions (
      id_hash text primary key,
      user_id integer not null references users(id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index sessions_user on sessions (user_id);

    create table oauth_states (
      state_hash text primary key,
      browser_hash text not null,
      return_to text not null default '/',
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    );

    create table email_codes (
      id integer generated always as identity primary key,
      email text not null,
      phone text not null,
      code_hash text not null,
      browser_hash text not null,
      return_to text not null default '/',
      attempts integer not null default 0,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    );
    create index email_codes_email on email_codes (lower(email), created_at);

    create table role_assignments (
      id integer generated always as identity primary key,
      user_id integer not null references users(id) on delete cascade,
      role text not null check (role in ('national_moderator', 'moderator', 'school_moderator', 'executor')),
      community_id integer references communities(id),
      tool text,
      scope text,
      granted_by integer references users(id),
      created_at timestamptz not null default now()
    );
    create unique index role_assignments_unique
      on role_assignments (user_id, role, coalesce(community_id, 0), coalesce(tool, ''), coalesce(scope, ''));
    create index role_assignments_community on role_assignments (community_id);

    -- Roles promised to a person before their first sign-in (demo seed, invitations by identity or e-mail).
    create table role_grants_pending (
      id integer generated always as identity primary key,
      identity_key text,
      email text,
      role text not null,
      community_id integer references communities(id),
      tool text,
      scope text,
      created_at timestamptz not null default now(),
      claimed_at timestamptz,
      check (identity_key is not null or email is not null)
    );
    create unique index role_grants_pending_unique
      on role_grants_pending (coalesce(identity_key, ''), coalesce(lower(email), ''), role, coalesce(community_id, 0), coalesce(tool, ''), coalesce(scope, ''));

    create table audit_log (
      id bigint generated always as identity primary key,
      community_id integer references communities(id),
      actor_user_id integer references users(id) on delete set null,
      action text not null,
      subject_type text not null,
      subject_id text not null,
      before jsonb,
      after jsonb,
      created_at timestamptz not null default now()
    );
    create index audit_log_community on audit_log (community_id, id desc);
    create index audit_log_subject on audit_log (subject_type, subject_id, id);

    -- Append-only: the database itself refuses to change or remove history.
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end $$;
    create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_append_only();

    create table complaints (
      id integer generated always as identity primary key,
      community_id integer not null references communities(id),
      subject_type text not null,
      subject_id text not null,
      reporter_user_id integer references users(id) on delete set null,
      reason text not null,
      status text not null default 'open' check (status in ('open', 'upheld', 'dismissed')),
      resolved_by integer references users(id),
      resolved_at timestamptz,
      created_at timestamptz not null default now()
    );
    create unique index complaints_once on complaints (subject_type, subject_id, reporter_user_id);
    create index complaints_queue on complaints (community_id, status, created_at);

    create table hidden_content (
      subject_type text not null,
      subject_id text not null,
      community_id integer not null references communities(id),
      reason text not null,
      hidden_by integer references users(id),
      hidden_at timestamptz not null default now(),
      primary key (subject_type, subject_id)
    );

    create table user_blocks (
      community_id integer not null references communities(id),
      user_id integer not null references users(id) on delete cascade,
      reason text not null,
      blocked_by integer references users(id),
      created_at timestamptz not null default now(),
      primary key (community_id, user_id)
    );

    create table mail_outbox (
      id integer generated always as identity primary key,
      to_address text not null,
      subject text not null,
      body_text text not null,
      body_html text not null,
      status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
      attempts integer not null default 0,
      last_error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz
    );

    create table jobs (
      id bigint generated always as identity primary key,
      kind text not null,
      payload jsonb not null default '{}',
      dedupe_key text unique,
      run_at timestamptz not null default now(),
      attempts integer not null default 0,
      max_attempts integer not null default 5,
      locked_until timestamptz,
      done_at timestamptz,
      last_error text,
      created_at timestamptz not null default now()
    );
    create index jobs_due on jobs (run_at) where done_at is null;

    create table rate_limits (
      key text primary key,
      window_start timestamptz not null,
      hits integer not null
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('core migrations are not reversible; restore a backup instead');
}
