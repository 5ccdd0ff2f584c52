/** Time comes from one place so tests can move it; deadlines are derived from it, never from job timing. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(d: Date): void {
    this.current = new Date(d.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * The demo's clock: the real time plus an offset that only grows. `/dev/clock` (demo mode only) moves it
 * forward so that a council trying the demo, or a browser journey, can see what happens when a vote or a
 * collection ends without waiting for it; it never goes back, so nothing frozen can thaw.
 */
export class DemoClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    if (ms > 0) this.offsetMs += ms;
  }
}

/** A clock that can be moved forward (the demo's, or a test's). */
export function isAdvanceable(c: Clock): c is Clock & { advance(ms: number): void } {
  return typeof (c as { advance?: unknown }).advance === 'function';
}
