/**
 * Following by e-mail, the pure part: how often, what an event reaches, and the unsubscribe token. The
 * token is its own authority (no session, no CSRF: RFC 8058's one-click POST comes from a mail client):
 * HMAC(SECRET_KEY, what it unsubscribes from), so nothing is stored and it cannot be forged.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FollowFrequency } from '../db/schema.js';
import type { Text } from '../i18n/index.js';

export const FREQUENCIES: readonly FollowFrequency[] = ['instant', 'daily', 'weekly'];

export function isFrequency(v: unknown): v is FollowFrequency {
  return typeof v === 'string' && (FREQUENCIES as readonly string[]).includes(v);
}

export const FREQUENCY_LABELS: Record<FollowFrequency, Text> = {
  instant: { uk: 'одразу, окремим листом', en: 'at once, one letter each' },
  daily: { uk: 'раз на день, підбіркою', en: 'once a day, as a digest' },
  weekly: { uk: 'раз на тиждень, підбіркою', en: 'once a week, as a digest' },
};

const DAY_MS = 86_400_000;

/** How long after the last digest the next one is due. */
export const DIGEST_PERIOD_MS: Record<'daily' | 'weekly', number> = { daily: DAY_MS, weekly: 7 * DAY_MS };

/** What is followed: the whole community (tool ''), a tool in it (item ''), or one item of a tool. */
export interface FollowTarget {
  tool: string;
  item: string;
}

/**
 * Whether an event of `tool` about `item` ('' for the tool as a whole) reaches a follow of `target`; an
 * `itemOnly` event reaches only the item's own followers.
 */
export function reaches(target: FollowTarget, event: FollowTarget & { itemOnly: boolean }): boolean {
  if (event.itemOnly) return target.tool === event.tool && target.item !== '' && target.item === event.item;
  if (target.tool === '') return true;
  if (target.tool !== event.tool) return false;
  return target.item === '' || target.item === event.item;
}

/** The more specific follow wins when one event reaches several of a person's follows (its letter unsubscribes from it). */
export function specificity(target: FollowTarget): number {
  return target.tool === '' ? 0 : target.item === '' ? 1 : 2;
}

/** What an unsubscribe link stops: one follow (instant letters), or the person's digest of that frequency. */
export type UnsubscribeScope = { kind: 'follow'; followId: number } | { kind: 'digest'; userId: number; frequency: 'daily' | 'weekly' };

function payloadOf(s: UnsubscribeScope): string {
  return s.kind === 'follow' ? `f${s.followId}` : `d${s.userId}${s.frequency === 'daily' ? 'd' : 'w'}`;
}

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`follow-unsubscribe:${payload}`).digest('base64url').slice(0, 32);
}

export function unsubscribeToken(secret: string, scope: UnsubscribeScope): string {
  const payload = payloadOf(scope);
  return `${payload}-${mac(secret, payload)}`;
}

/** The scope a token names, or null when it is not one of ours. */
export function readUnsubscribeToken(secret: string, token: string): UnsubscribeScope | null {
  const m = /^(f(\d{1,9})|d(\d{1,9})([dw]))-([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m) return null;
  const expected = Buffer.from(mac(secret, m[1]!));
  const given = Buffer.from(m[5]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (m[2]) return { kind: 'follow', followId: Number(m[2]) };
  return { kind: 'digest', userId: Number(m[3]), frequency: m[4] === 'd' ? 'daily' : 'weekly' };
}
