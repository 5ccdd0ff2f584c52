/**
 * What an audited update really changed, field by field. The audit log keeps the before and after value of
 * every changed field (never a fixed subset), so that replaying a subject's entries from its creation
 * (whose entry keeps every field) reconstructs its rules at any moment.
 */

/** A plain record of an object's audited fields: values are compared and stored as JSON. */
export type AuditFields = Record<string, unknown>;

export interface FieldChanges {
  before: AuditFields;
  after: AuditFields;
}

/** The JSON form a value takes in the audit log (Dates as ISO strings, undefined as null). */
export function auditValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  return JSON.parse(JSON.stringify(v)) as unknown;
}

/**
 * The fields whose values differ between `before` and `after` (keys of either), with both values; null when
 * nothing changed. Keys present on one side only count as changed from or to null.
 */
export function fieldChanges(before: AuditFields, after: AuditFields): FieldChanges | null {
  const changed: FieldChanges = { before: {}, after: {} };
  let any = false;
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = auditValue(before[key]);
    const a = auditValue(after[key]);
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    changed.before[key] = b;
    changed.after[key] = a;
    any = true;
  }
  return any ? changed : null;
}

/** Every field of a newly created subject, as the audit log keeps it (the start of a replay). */
export function auditSnapshot(fields: AuditFields): AuditFields {
  const out: AuditFields = {};
  for (const [k, v] of Object.entries(fields)) out[k] = auditValue(v);
  return out;
}

/**
 * Replays a subject's audit entries (oldest first) into its fields at the last entry: the creation's
 * snapshot, then each update's `after`. Tests use it to show that the log alone reconstructs the rules.
 */
export function replayFields(entries: readonly { after: unknown }[]): AuditFields {
  const state: AuditFields = {};
  for (const e of entries) {
    if (e.after && typeof e.after === 'object' && !Array.isArray(e.after)) Object.assign(state, e.after as AuditFields);
  }
  return state;
}
