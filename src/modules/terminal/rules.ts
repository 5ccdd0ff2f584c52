/** Pure rules of the self-service terminals: the device key, online, paper, activity kinds, idle time. */

export type PaperStatus = 'ok' | 'low' | 'out' | 'unknown';
export const PAPER_STATUSES: readonly PaperStatus[] = ['ok', 'low', 'out', 'unknown'];
/** The code page the thermal printer is set to: PC866 (most ESC/POS printers sold here) or WPC1251. */
export type Codepage = 'cp866' | 'windows1251';
export const CODEPAGES: readonly Codepage[] = ['cp866', 'windows1251'];

/** A terminal is online when its last heartbeat is younger than this (the page beats every 30 s). */
export const ONLINE_WINDOW_MS = 2 * 60_000;
/** How often the kiosk page beats. */
export const HEARTBEAT_MS = 30_000;

export function isOnline(lastSeenAt: Date | null, now: Date): boolean {
  return lastSeenAt !== null && now.getTime() - lastSeenAt.getTime() < ONLINE_WINDOW_MS;
}

/** The device key's shape: `vkt_<8 hex prefix>_<secret>`; anything else is not looked up at all. */
export const DEVICE_KEY_RE = /^vkt_[0-9a-f]{8}_[A-Za-z0-9_-]{32}$/;

export function paperOf(raw: unknown): PaperStatus | null {
  return typeof raw === 'string' && (PAPER_STATUSES as readonly string[]).includes(raw) ? (raw as PaperStatus) : null;
}

/** What the activity counters count: screens opened on the terminal (never who, never what was typed). */
export const ACTIVITY_KINDS = ['start', 'services', 'offices', 'ticket', 'booking', 'participate'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** The idle time after which the kiosk returns to its start screen, in seconds (60 unless configured for tests). */
export function idleSeconds(configured: number | undefined): number {
  return configured !== undefined && Number.isInteger(configured) && configured >= 2 && configured <= 600 ? configured : 60;
}
