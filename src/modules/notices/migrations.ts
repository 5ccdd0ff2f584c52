import { sql, type Kysely, type Migration } from 'kysely';

export const noticesMigrations: Record<string, Migration> = {
  'notices-001-base': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table notices (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          author_user_id integer references users(id) on delete set null,
          author_name text not null,
          body text not null check (char_length(body) between 1 and 500),
          created_at timestamptz not null default now()
        );
        create index notices_community on notices (community_id, created_at desc);
        create index notices_author on notices (author_user_id);
      `.execute(db);
    },
  },
};
