/**
 * The КАТОТТГ codifier (`npm run katottg:import`): the units a registered address is matched against to
 * decide residency. Replaced whole on every import; nothing references its rows, so a unit dropped by a
 * newer codifier leaves users' stored codes as they were.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table katottg_units (
      code text primary key check (code ~ '^UA[0-9]{17}$'),
      level smallint not null check (level between 1 and 5),
      parent_code text,
      oblast_code text not null,
      raion_code text,
      hromada_code text,
      category text not null check (category in ('О', 'К', 'Р', 'Н', 'М', 'Х', 'Т', 'С', 'Щ', 'В')),
      name text not null,
      name_norm text not null,
      former_names text[] not null default '{}',
      former_names_norm text[] not null default '{}'
    );
    create index katottg_units_name on katottg_units (name_norm);
    create index katottg_units_level on katottg_units (level);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table katottg_units`.execute(db);
}
