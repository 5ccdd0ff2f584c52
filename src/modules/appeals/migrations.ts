import { sql, type Kysely, type Migration } from 'kysely';
import { communityNumberSql } from '../../core/db/community-numbers.js';

export const appealsMigrations: Record<string, Migration> = {
  'appeals-001-base': {
    async up(db: Kysely<unknown>) {
      // Appeals are never public: the author's name, e-mail and text are seen by the author and the
      // community's staff who answer them only. `channel` says where the answer goes besides the e-mail.
      await sql`
        create table appeals (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          user_id integer references users(id) on delete set null,
          channel text not null check (channel in ('web', 'telegram', 'viber', 'sim')),
          author_name text not null check (char_length(author_name) between 3 and 120),
          email text check (email is null or char_length(email) <= 254),
          lang text not null default 'uk' check (lang in ('uk', 'en')),
          topic text not null,
          body text not null check (char_length(body) between 1 and 4000),
          status text not null default 'received' check (status in ('received', 'in_progress', 'answered')),
          received_at timestamptz not null,
          due_at timestamptz not null,
          assignee_user_id integer references users(id) on delete set null,
          extended_at timestamptz,
          extension_reason text,
          answer text,
          answered_at timestamptz,
          answered_by integer references users(id) on delete set null,
          unique (community_id, id)
        );
        create index appeals_queue on appeals (community_id, status, due_at);
        create index appeals_user on appeals (user_id);
      `.execute(db);
      await sql.raw(communityNumberSql('appeals', 'appeal')).execute(db);
    },
  },
};
