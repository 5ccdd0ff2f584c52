/**
 * Pre-aggregated statistics, kept exact by triggers in the same transaction as the rows they count
 * (issue 8: `/stats` at e-DEM's volume). Two structures, shared by every tool:
 *
 * - `stats_counts`: monthly (Kyiv time) counters per tool, metric, community, scope (e.g. a contest) and
 *   dimension (e.g. a channel). Every row written adds to one of 16 slots picked at random, so the
 *   signers of one viral petition do not queue for one counter row; readers sum the slots.
 *
 * - distinct participants over any range of whole months, exactly: `stats_person_months` holds, per
 *   tool, the months in which a person took part in a community (with the number of their rows), and
 *   `stats_person_chain` counts, per level (platform «*», oblast «o:<name>», community «c:<id>»), the
 *   person-months by the month and the person's previous active month at that level (-1: none). A
 *   person active in [F, T] has exactly one active month there whose previous one is before F, so
 *   distinct people in [F, T] = sum of n over months F..T with prev < F. A tool feeds it with
 *   `stats_touch(tool, person, community, month, ±1)` from its triggers.
 *
 * `stats_users` keeps the number of accounts that are not deleted.
 *
 * Months are integers, year × 12 + month − 1, so ranges are plain comparisons.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function stats_month(t timestamptz) returns integer language sql stable as $$
      select (extract(year from t at time zone 'Europe/Kyiv')::int * 12 + extract(month from t at time zone 'Europe/Kyiv')::int - 1)
    $$;

    create table stats_counts (
      tool text not null,
      metric text not null,
      month integer not null,
      community_id integer not null,
      scope integer not null default 0,
      dim text not null default '',
      slot smallint not null default 0,
      n bigint not null,
      primary key (tool, metric, month, community_id, scope, dim, slot)
    );

    create function stats_bump(p_tool text, p_metric text, p_community integer, p_month integer, p_scope integer, p_dim text, p_delta integer)
    returns void language plpgsql as $$
    begin
      insert into stats_counts as c (tool, metric, month, community_id, scope, dim, slot, n)
      values (p_tool, p_metric, p_month, p_community, p_scope, p_dim, floor(random() * 16)::smallint, p_delta)
      on conflict (tool, metric, month, community_id, scope, dim, slot) do update set n = c.n + excluded.n;
    end $$;

    create table stats_person_months (
      tool text not null,
      person text not null,
      community_id integer not null,
      month integer not null,
      n integer not null,
      primary key (tool, person, community_id, month)
    );

    create table stats_person_chain (
      tool text not null,
      level text not null,
      month integer not null,
      prev integer not null,
      slot smallint not null default 0,
      n bigint not null,
      primary key (tool, level, month, prev, slot)
    );

    create function stats_chain(p_tool text, p_level text, p_month integer, p_prev integer, p_delta integer)
    returns void language plpgsql as $$
    begin
      insert into stats_person_chain as c (tool, level, month, prev, slot, n)
      values (p_tool, p_level, p_month, p_prev, floor(random() * 16)::smallint, p_delta)
      on conflict (tool, level, month, prev, slot) do update set n = c.n + excluded.n;
    end $$;

    -- A person-month appears (+1) or goes (-1) at a level between its neighbours prev and next: the
    -- month's own link, and next's link moves from prev to this month (or back).
    create function stats_relink(p_tool text, p_level text, p_month integer, p_prev integer, p_next integer, p_sign integer)
    returns void language plpgsql as $$
    begin
      perform stats_chain(p_tool, p_level, p_month, coalesce(p_prev, -1), p_sign);
      if p_next is not null then
        perform stats_chain(p_tool, p_level, p_next, coalesce(p_prev, -1), -p_sign);
        perform stats_chain(p_tool, p_level, p_next, p_month, p_sign);
      end if;
    end $$;

    -- One row of a person's activity appears (+1) or goes (-1).
    create function stats_touch(p_tool text, p_person text, p_community integer, p_month integer, p_delta integer)
    returns void language plpgsql as $$
    declare
      v_n integer;
      v_oblast text;
      v_sign integer := sign(p_delta);
      v_all_same boolean; v_all_prev integer; v_all_next integer;
      v_obl_same boolean; v_obl_prev integer; v_obl_next integer;
      v_com_prev integer; v_com_next integer;
    begin
      if p_delta > 0 then
        insert into stats_person_months as m (tool, person, community_id, month, n) values (p_tool, p_person, p_community, p_month, 1)
        on conflict (tool, person, community_id, month) do update set n = m.n + 1
        returning m.n into v_n;
        if v_n > 1 then return; end if;
      else
        update stats_person_months set n = n - 1
        where tool = p_tool and person = p_person and community_id = p_community and month = p_month
        returning n into v_n;
        if v_n is null or v_n > 0 then return; end if;
        delete from stats_person_months where tool = p_tool and person = p_person and community_id = p_community and month = p_month;
      end if;
      -- The person's month at this community began or ended. Whether that changes their months at the
      -- oblast and platform level depends on their other rows: one person at a time, so that two
      -- transactions of the same person cannot both believe they are the first (read committed: the
      -- statements after the lock see what the other one committed).
      perform pg_advisory_xact_lock(hashtextextended(p_tool || '|' || p_person, 0));
      select oblast_uk into v_oblast from communities where id = p_community;
      -- The person's other months, once, seen from each level: still active this month elsewhere at the
      -- level (then nothing changes there), and the active months just before and after this one.
      select
        bool_or(m.month = p_month and m.community_id <> p_community),
        max(m.month) filter (where m.month < p_month),
        min(m.month) filter (where m.month > p_month),
        bool_or(m.month = p_month and m.community_id <> p_community and k.oblast_uk = v_oblast),
        max(m.month) filter (where m.month < p_month and k.oblast_uk = v_oblast),
        min(m.month) filter (where m.month > p_month and k.oblast_uk = v_oblast),
        max(m.month) filter (where m.month < p_month and m.community_id = p_community),
        min(m.month) filter (where m.month > p_month and m.community_id = p_community)
      into v_all_same, v_all_prev, v_all_next, v_obl_same, v_obl_prev, v_obl_next, v_com_prev, v_com_next
      from stats_person_months m join communities k on k.id = m.community_id
      where m.tool = p_tool and m.person = p_person;
      if not coalesce(v_all_same, false) then perform stats_relink(p_tool, '*', p_month, v_all_prev, v_all_next, v_sign); end if;
      if not coalesce(v_obl_same, false) then perform stats_relink(p_tool, 'o:' || v_oblast, p_month, v_obl_prev, v_obl_next, v_sign); end if;
      perform stats_relink(p_tool, 'c:' || p_community, p_month, v_com_prev, v_com_next, v_sign);
    end $$;

    -- The chains of a tool, from its person-months: for backfills, bulk loads and an oblast renamed.
    create function stats_rebuild_chain(p_tool text) returns void language sql as $$
      delete from stats_person_chain where tool = p_tool;
      insert into stats_person_chain (tool, level, month, prev, slot, n)
      select p_tool, level, month, coalesce(prev, -1), 0, count(*)
      from (
        select level, month, lag(month) over (partition by level, person order by month) as prev
        from (
          select distinct x.level, m.person, m.month
          from stats_person_months m
          join communities k on k.id = m.community_id
          cross join lateral (values ('*'), ('o:' || k.oblast_uk), ('c:' || m.community_id)) as x(level)
          where m.tool = p_tool
        ) a
      ) b
      group by level, month, coalesce(prev, -1);
    $$;

    -- Accounts that are not deleted: one platform-wide counter (community 0, month 0).
    create function stats_users() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') and old.deleted_at is null then perform stats_bump('core', 'users', 0, 0, 0, '', -1); end if;
      if tg_op in ('UPDATE', 'INSERT') and new.deleted_at is null then perform stats_bump('core', 'users', 0, 0, 0, '', 1); end if;
      return null;
    end $$;
    create trigger stats_users after insert or delete or update of deleted_at on users
      for each row execute function stats_users();
    create function stats_backfill_core() returns void language sql as $$
      delete from stats_counts where tool = 'core';
      insert into stats_counts (tool, metric, month, community_id, n) select 'core', 'users', 0, 0, count(*) from users where deleted_at is null;
    $$;
    select stats_backfill_core();

    create function stats_community_oblast_changed() returns trigger language plpgsql as $$
    declare v_tool text;
    begin
      for v_tool in select distinct tool from stats_person_months loop
        perform stats_rebuild_chain(v_tool);
      end loop;
      return null;
    end $$;
    create trigger stats_oblast after update of oblast_uk on communities
      for each row when (old.oblast_uk is distinct from new.oblast_uk) execute function stats_community_oblast_changed();
  `.execute(db);
}
