/** Only local paths are followed after sign-in: never an open redirect to another site. */
export function safeReturnTo(v: unknown): string {
  if (typeof v !== 'string' || !v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\')) return '/';
  if (v.startsWith('/auth/')) return '/';
  return v.slice(0, 500);
}

/** The community slug a path belongs to, e.g. "/lviv/petitions/3" → "lviv". */
export function slugOfPath(path: string): string | null {
  const m = /^\/([a-z0-9][a-z0-9-]{1,62})(?:[/?#]|$)/.exec(path);
  return m ? m[1]! : null;
}
