/**
 * A rule of a contest, petition or poll changed once participation had started (issue #18 point 1): the
 * change is a log entry of the subject's own, `rules-changed`, so that a replay sees the acts under the
 * rules they were made under. The council is the author: its tag is of a fixed per-community key, so it
 * names no person. Values are strings (a date in ISO form), null where the rule had none.
 */
import type { LoggedAct, LogTool } from './acts.js';

export interface RuleChange {
  field: string;
  old: string | null;
  new: string | null;
}

/** The key whose tag a council's acts carry: the same for every change in the community, and nobody's. */
export function councilKey(community: string): string {
  return `council:${community}`;
}

export function rulesChangedAct(a: { community: string; tool: LogTool; subject: string; at: Date; reason?: string | null }, change: RuleChange): LoggedAct {
  const details = { field: change.field, old: change.old, new: change.new, ...(a.reason ? { reason: a.reason } : {}) };
  return { community: a.community, tool: a.tool, subject: a.subject, kind: 'rules-changed', at: a.at, personKey: councilKey(a.community), details };
}

/** The changes between two snapshots of rule fields (as the audit keeps them), as strings, in `fields`' order. */
export function ruleChanges(before: Record<string, unknown>, after: Record<string, unknown>, fields: readonly string[]): RuleChange[] {
  const str = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));
  return fields.filter((f) => str(before[f]) !== str(after[f])).map((f) => ({ field: f, old: str(before[f]), new: str(after[f]) }));
}
