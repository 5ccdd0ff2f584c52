/**
 * What a participation act looks like in the public log: one line of JSON, its keys in a fixed order, and
 * nothing personal in it. The person appears only as a tag for this subject (tag.ts), the time only to the
 * minute, the place only as the community; what the act chose is public anyway (it is what gets counted).
 *
 *   {"v":1,"community":"lviv","tool":"petitions","subject":"petition:12","kind":"signature",
 *    "at":"2026-12-02T20:01Z","tag":"…","level":"idgovua"}
 */
import { leafHash } from './merkle.js';
import { logTag } from './tag.js';
import { appendToLog } from './store.js';
import { noteWrite } from '../http/page-cache.js';
import type { CoreContext } from '../context.js';
import type { Db } from '../db/database.js';

export const ENTRY_VERSION = 1;

export type LogTool = 'petitions' | 'budgets' | 'school-budget' | 'consultations';

/** A value an entry may carry beside the fixed fields: public facts of the act (level, choices, a reason code). */
type DetailValue = string | number | boolean | null | readonly (string | number)[];

export interface LoggedAct {
  /** The community's slug. */
  community: string;
  tool: LogTool;
  /** What the act is about, e.g. `petition:12`: the same string for every act on it. */
  subject: string;
  /** e.g. `signature`, `signature-invalidated`. */
  kind: string;
  at: Date;
  /** Whose act it is (an identity or phone key); only its tag is written. */
  personKey: string;
  details?: Readonly<Record<string, DetailValue>>;
}

export interface ParsedAct {
  v: number;
  community: string;
  tool: string;
  subject: string;
  kind: string;
  at: string;
  tag: string;
  details: Record<string, unknown>;
}

const FIXED = ['v', 'community', 'tool', 'subject', 'kind', 'at', 'tag'] as const;

/** The minute of the act, UTC: enough to order acts, too coarse to match one to a visit in a server log. */
export function minuteOf(at: Date): string {
  return `${at.toISOString().slice(0, 16)}Z`;
}

/** The entry's bytes (UTF-8 JSON). `tagKey` is the configured LOG_KEY. */
export function actEntry(tagKey: Uint8Array, act: LoggedAct): string {
  const details = act.details ?? {};
  for (const k of Object.keys(details)) if ((FIXED as readonly string[]).includes(k)) throw new Error(`a detail may not be named «${k}»`);
  const sorted = Object.fromEntries(
    Object.keys(details)
      .sort()
      .map((k) => [k, details[k]]),
  );
  return JSON.stringify({
    v: ENTRY_VERSION,
    community: act.community,
    tool: act.tool,
    subject: act.subject,
    kind: act.kind,
    at: minuteOf(act.at),
    tag: logTag(tagKey, act.personKey, act.subject),
    ...sorted,
  });
}

/** Reads an entry back (the verifier, the receipt page); null where it is not one of ours. */
export function parseActEntry(entry: Uint8Array | string): ParsedAct | null {
  let value: unknown;
  try {
    value = JSON.parse(typeof entry === 'string' ? entry : Buffer.from(entry).toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const o = value as Record<string, unknown>;
  if (o.v !== ENTRY_VERSION) return null;
  for (const k of FIXED.slice(1)) if (typeof o[k] !== 'string') return null;
  const details = Object.fromEntries(Object.entries(o).filter(([k]) => !(FIXED as readonly string[]).includes(k)));
  return {
    v: ENTRY_VERSION,
    community: o.community as string,
    tool: o.tool as string,
    subject: o.subject as string,
    kind: o.kind as string,
    at: o.at as string,
    tag: o.tag as string,
    details,
  };
}

/** What an act's author keeps: where the entry waits, and the hash it will have in the tree. */
export interface ActReceipt {
  pendingId: number;
  leafHash: string;
}

/** Appends the act to the log inside the act's own transaction `trx` (it is logged if and only if it happens). */
export async function logAct(ctx: CoreContext, trx: Db, act: LoggedAct): Promise<ActReceipt> {
  const prepared = prepareAct(ctx, act);
  // Acts (signatures, ballots, answers) change public counts without an audit entry each.
  noteWrite({ slug: act.community });
  return { pendingId: await appendToLog(trx, prepared.entry), leafHash: prepared.leafHash };
}

/** An act's entry made before its row is written, so that the row's INSERT can carry the receipt. */
export interface PreparedAct {
  entry: string;
  leafHash: string;
  /** The community's slug. */
  community: string;
}

export function prepareAct(ctx: CoreContext, act: LoggedAct): PreparedAct {
  const entry = actEntry(ctx.config.log.tagKey, act);
  return { entry, leafHash: leafHash(Buffer.from(entry, 'utf8')).toString('base64'), community: act.community };
}

/**
 * Appends a prepared act under the pending id its row's INSERT reserved (`reservePendingId()`): one
 * statement less than `logAct` and a later update of the row, where an act is hot (signing).
 */
export async function logPreparedAct(trx: Db, prepared: PreparedAct, reservedId: number): Promise<ActReceipt> {
  noteWrite({ slug: prepared.community });
  return { pendingId: await appendToLog(trx, prepared.entry, reservedId), leafHash: prepared.leafHash };
}
