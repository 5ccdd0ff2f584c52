/**
 * Numbers within a community: Lviv's petitions go № 1, 2, 3… whatever other communities do, and a new
 * community's first petition is № 1. The global id stays the key (and in URLs); `number` is what people
 * read. A trigger gives each new row the next number of its community from a counter row
 * (`community_numbers`), bumped by `insert … on conflict do update … returning`: the counter row's lock
 * serialises concurrent inserts of one community, so two never get the same number, and a rolled-back
 * insert gives its number back. Every way rows arrive (web, API, demo, bulk SQL) is covered alike: the
 * trigger fires «always», also under the demo seed's `session_replication_role = replica`.
 */

/** The core's part, once: the counters and the trigger function every numbered table uses. */
export const COMMUNITY_NUMBERS_SQL = `
  create table community_numbers (
    community_id integer not null references communities(id),
    kind text not null,
    last_number integer not null,
    primary key (community_id, kind)
  );
  create function assign_community_number() returns trigger language plpgsql as $$
  begin
    if new.number is null then
      insert into community_numbers as n (community_id, kind, last_number) values (new.community_id, tg_argv[0], 1)
      on conflict (community_id, kind) do update set last_number = n.last_number + 1
      returning last_number into new.number;
    end if;
    return new;
  end $$;
`;

/**
 * A module's migration for one table: the `number` column, filled for existing rows in order of creation
 * (their ids) within each community, the counters set to match, then the uniqueness and the trigger.
 */
export function communityNumberSql(table: string, kind: string): string {
  return `
    alter table ${table} add column number integer;
    update ${table} t set number = x.n
      from (select id, row_number() over (partition by community_id order by id) as n from ${table}) x
      where x.id = t.id;
    insert into community_numbers (community_id, kind, last_number)
      select community_id, '${kind}', max(number) from ${table} group by community_id
      on conflict (community_id, kind) do update set last_number = excluded.last_number;
    alter table ${table} alter column number set not null, add constraint ${table}_community_number unique (community_id, number);
    create trigger ${table}_number before insert on ${table} for each row execute function assign_community_number('${kind}');
    alter table ${table} enable always trigger ${table}_number;
  `;
}
