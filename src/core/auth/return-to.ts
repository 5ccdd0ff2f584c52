/**
 * Only paths of this site are followed after sign-in or a language switch: never an open redirect. The
 * value is refused (→ "/") when it holds anything a browser strips or reinterprets (control characters,
 * spaces, backslashes) or when, resolved as a browser would, it leaves our origin; what is kept is the
 * resolved path, query and fragment, percent-encoded, so the Location header is plain ASCII.
 */
const BASE = 'http://return-to.invalid';

export function safeReturnTo(v: unknown): string {
  if (typeof v !== 'string' || v.length > 2000 || !v.startsWith('/')) return '/';
  // C0 and C1 controls, DEL, every kind of space, backslashes, and U+FFFE/U+FFFF.
  if (/[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff\ufffe\uffff\\]/.test(v)) return '/';
  let url: URL;
  try {
    url = new URL(v, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE) return '/';
  const out = url.pathname + url.search + url.hash;
  // "/.//evil" and "/a/..//evil" resolve to a path that starts with "//": a scheme-relative address.
  if (!out.startsWith('/') || out.startsWith('//') || out.startsWith('/\\') || !/^[\x21-\x7e]+$/.test(out)) return '/';
  if (out.startsWith('/auth/')) return '/';
  return out.length > 2000 ? '/' : out;
}

/** The community slug a path belongs to, e.g. "/lviv/petitions/3" → "lviv". */
export function slugOfPath(path: string): string | null {
  const m = /^\/([a-z0-9][a-z0-9-]{1,62})(?:[/?#]|$)/.exec(path);
  return m ? m[1]! : null;
}
