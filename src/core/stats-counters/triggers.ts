/**
 * SQL for a module's migration: the trigger that keeps the statistics counters of a table exact, and
 * the backfill that recounts them from the rows (for rows that exist when the trigger arrives, and
 * after bulk loads that bypass triggers). Expressions are SQL given the row's alias (old, new, r).
 */

export interface CountedRows {
  table: string;
  tool: string;
  /** The counter the rows add to; null when they only count as participation. */
  metric: string | null;
  /** The month a row falls in: its timestamp column. */
  at: string;
  /** Columns whose change can move a row between counters. */
  columns: string[];
  /** Whether a row counts at all (default: every row). */
  counts?: (r: string) => string;
  /** The counter's dimension (default ''). */
  dim?: (r: string) => string;
  /** The person who took part, for distinct participants; a null value is left out. */
  person?: (r: string) => string;
}

const fn = (s: CountedRows) => `stats_${s.table}`;

/** `create function` + `create trigger` for one table. */
export function counterTriggerSql(s: CountedRows): string {
  const side = (r: 'old' | 'new', delta: 1 | -1) => {
    const lines: string[] = [];
    if (s.metric)
      lines.push(`perform stats_bump('${s.tool}', '${s.metric}', ${r}.community_id, stats_month(${r}.${s.at}), 0, ${s.dim?.(r) ?? "''"}, ${delta});`);
    if (s.person)
      lines.push(
        `if (${s.person(r)}) is not null then perform stats_touch('${s.tool}', ${s.person(r)}, ${r}.community_id, stats_month(${r}.${s.at}), ${delta}); end if;`,
      );
    return `if ${s.counts?.(r) ?? 'true'} then\n      ${lines.join('\n      ')}\n    end if;`;
  };
  const unchanged = s.columns.map((c) => `old.${c} is not distinct from new.${c}`).join(' and ');
  return `
create function ${fn(s)}() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and ${unchanged} then return null; end if;
  if tg_op in ('UPDATE', 'DELETE') then
    ${side('old', -1)}
  end if;
  if tg_op in ('UPDATE', 'INSERT') then
    ${side('new', 1)}
  end if;
  return null;
end $$;
create trigger ${fn(s)} after insert or delete or update of ${s.columns.join(', ')} on ${s.table}
  for each row execute function ${fn(s)}();
`;
}

/**
 * `stats_backfill_<tool>()` recounting every source of a tool from its rows, and a call of it. The
 * sources of one tool share its participants: a person who commented and answered a poll is one.
 */
export function backfillSql(tool: string, sources: CountedRows[]): string {
  const counts = sources
    .filter((s) => s.metric)
    .map(
      (s) => `
  insert into stats_counts (tool, metric, month, community_id, dim, n)
  select '${tool}', '${s.metric}', stats_month(r.${s.at}), r.community_id, ${s.dim?.('r') ?? "''"}, count(*)
  from ${s.table} r where ${s.counts?.('r') ?? 'true'} group by 3, 4, 5;`,
    );
  const people = sources
    .filter((s) => s.person)
    .map(
      (s) => `
  insert into stats_person_months as m (tool, person, community_id, month, n)
  select '${tool}', ${s.person!('r')}, r.community_id, stats_month(r.${s.at}), count(*)
  from ${s.table} r where ${s.counts?.('r') ?? 'true'} and (${s.person!('r')}) is not null group by 2, 3, 4
  on conflict (tool, person, community_id, month) do update set n = m.n + excluded.n;`,
    );
  return `
create function stats_backfill_${tool.replace(/-/g, '_')}() returns void language sql as $$
  delete from stats_counts where tool = '${tool}';${counts.join('')}
  delete from stats_person_months where tool = '${tool}';${people.join('')}
  select stats_rebuild_chain('${tool}');
$$;
select stats_backfill_${tool.replace(/-/g, '_')}();
`;
}
