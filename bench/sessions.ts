/**
 * Signed-in people for the HTTP runs, made the way the app makes them but straight in the database: the
 * cookie carries a random token, the sessions table its SHA-256; the form's CSRF token is the HMAC of the
 * browser id with SECRET_KEY, which the bench knows because it starts the app.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { BROWSER_COOKIE, csrfTokenFor } from '../src/core/security/csrf.js';
import { SESSION_COOKIE, SESSION_DAYS, sha256 } from '../src/core/sessions/sessions.js';

export interface Person {
  userId: number;
  cookie: string;
  csrf: string;
  /**
   * The client address a reverse proxy would pass on: each person in a different /24 of 127.0.0.0/8, as
   * signers of a viral petition come from many networks (the app limits signing per /24).
   */
  forwardedFor: string;
}

export async function createSessions(url: string, userIds: number[], secretKey: string, now: Date): Promise<Person[]> {
  const hashes: string[] = [];
  const people: Person[] = userIds.map((userId, i) => {
    const token = randomBytes(32).toString('base64url');
    const browser = randomBytes(18).toString('base64url');
    hashes.push(sha256(token));
    return {
      userId,
      cookie: `${SESSION_COOKIE}=${token}; ${BROWSER_COOKIE}=${browser}`,
      csrf: csrfTokenFor(secretKey, browser),
      forwardedFor: `127.${(i >> 8) & 255}.${i & 255}.${1 + ((i >> 16) % 254)}`,
    };
  });
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const expires = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
    for (let i = 0; i < people.length; i += 10_000) {
      await c.query('insert into sessions (id_hash, user_id, expires_at) select h, u, $3 from unnest($1::text[], $2::int[]) as t(h, u)', [
        hashes.slice(i, i + 10_000),
        userIds.slice(i, i + 10_000),
        expires,
      ]);
    }
  } finally {
    await c.end();
  }
  return people;
}
