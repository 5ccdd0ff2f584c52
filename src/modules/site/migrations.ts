import { sql, type Kysely, type Migration } from 'kysely';

export const siteMigrations: Record<string, Migration> = {
  'site-001-base': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table site_settings (
          community_id integer primary key references communities(id),
          primary_color text not null default '#1d4f91' check (primary_color ~ '^#[0-9a-f]{6}$'),
          accent_color text not null default '#ffd500' check (accent_color ~ '^#[0-9a-f]{6}$'),
          english boolean not null default true,
          updated_at timestamptz not null default now()
        );
        create table site_hosts (
          host text primary key check (host ~ '^[a-z0-9.-]{1,253}$'),
          community_id integer not null references communities(id),
          created_at timestamptz not null default now()
        );
        create index site_hosts_community on site_hosts (community_id);
        create table site_pages (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          kind text not null check (kind in ('page', 'news')),
          slug text not null check (slug ~ '^[a-z0-9-]{1,80}$'),
          title_uk text not null check (char_length(title_uk) between 1 and 200),
          title_en text not null default '' check (char_length(title_en) <= 200),
          body_uk text not null default '' check (char_length(body_uk) <= 60000),
          body_en text not null default '' check (char_length(body_en) <= 60000),
          status text not null check (status in ('draft', 'published')),
          published_at timestamptz,
          guidance boolean not null default false,
          updated_at timestamptz not null default now(),
          updated_by integer references users(id) on delete set null,
          unique (community_id, kind, slug)
        );
        create index site_pages_news on site_pages (community_id, kind, published_at desc);
        create table site_page_versions (
          id integer generated always as identity primary key,
          page_id integer not null references site_pages(id) on delete cascade,
          title_uk text not null,
          title_en text not null,
          body_uk text not null,
          body_en text not null,
          status text not null,
          published_at timestamptz,
          saved_by integer references users(id) on delete set null,
          saved_at timestamptz not null default now()
        );
        create index site_page_versions_page on site_page_versions (page_id, id desc);
        create table site_menu (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          label_uk text not null check (char_length(label_uk) between 1 and 80),
          label_en text not null default '' check (char_length(label_en) <= 80),
          target text not null check (char_length(target) between 1 and 300),
          position integer not null default 0,
          visible boolean not null default true
        );
        create index site_menu_community on site_menu (community_id, position);
        create table site_files (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          kind text not null check (kind in ('image', 'pdf')),
          name text not null,
          content_type text not null,
          data bytea not null,
          created_by integer references users(id) on delete set null,
          created_at timestamptz not null default now()
        );
        create index site_files_community on site_files (community_id, id desc);
        create table site_documents (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          number text not null check (char_length(number) between 1 and 40),
          doc_date date not null,
          doc_type text not null check (doc_type in ('decision', 'order', 'regulation', 'program', 'other')),
          status text not null check (status in ('draft', 'in_force', 'amended', 'repealed')),
          title text not null check (char_length(title) between 1 and 300),
          body text not null default '' check (char_length(body) <= 200000),
          search_terms text not null default '',
          pdf_file_id integer references site_files(id) on delete set null,
          created_by integer references users(id) on delete set null,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now()
        );
        create index site_documents_community on site_documents (community_id, doc_date desc);
        create index site_documents_search on site_documents using gin (to_tsvector('simple', search_terms));
      `.execute(db);
    },
  },
  'site-002-document-versions': {
    async up(db: Kysely<unknown>) {
      // Every saved text of a document, like a page's versions: the history an editor restores from.
      // The documents there are now get their first version.
      await sql`
        create table site_document_versions (
          id integer generated always as identity primary key,
          document_id integer not null references site_documents(id) on delete cascade,
          number text not null,
          doc_date date not null,
          doc_type text not null,
          status text not null,
          title text not null,
          body text not null,
          pdf_file_id integer references site_files(id) on delete set null,
          saved_by integer references users(id) on delete set null,
          saved_at timestamptz not null default now()
        );
        create index site_document_versions_document on site_document_versions (document_id, id desc);
        insert into site_document_versions (document_id, number, doc_date, doc_type, status, title, body, pdf_file_id, saved_by, saved_at)
          select id, number, doc_date, doc_type, status, title, body, pdf_file_id, created_by, updated_at from site_documents order by id;
      `.execute(db);
    },
  },
};
