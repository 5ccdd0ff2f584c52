/**
 * Text is cleaned where requests are read, for every module at once: what XML 1.0, CSV readers and PDF
 * cannot carry never reaches the database. CR LF and a lone CR become LF; removed are the C0 control
 * characters except tab and newline, DEL and the C1 controls (every Unicode "Cc" character but tab and
 * newline: none is typed by a person, C1 ones come from text decoded with the wrong code page), the
 * non-characters U+FFFE and U+FFFF, and lone surrogates.
 */
const UNREPRESENTABLE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function cleanText(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(UNREPRESENTABLE, '');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Cleans every string of a parsed body (JSON, or multipart fields gathered into the body) in place, keys
 * included: plain objects and arrays only, so files (Buffers) and streams are left alone.
 */
export function cleanBody(v: unknown, seen: WeakSet<object> = new WeakSet(), depth = 0): unknown {
  if (typeof v === 'string') return cleanText(v);
  if (depth > 64 || !v || typeof v !== 'object' || seen.has(v)) return v;
  seen.add(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = cleanBody(v[i], seen, depth + 1);
  } else if (isPlainObject(v)) {
    for (const k of Object.keys(v)) {
      const value = cleanBody(v[k], seen, depth + 1);
      const key = cleanText(k);
      if (key !== k) delete v[k];
      // Defined, not assigned: a key cleaned into "__proto__" must not reach the prototype setter.
      Object.defineProperty(v, key, { value, writable: true, enumerable: true, configurable: true });
    }
  }
  return v;
}

/**
 * Parses application/x-www-form-urlencoded bodies into plain records. A repeated field becomes an array
 * (checkbox groups). Names and values are cleaned (cleanText); values are read through field()/fields().
 */
export function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [rawKey, rawValue] of new URLSearchParams(body)) {
    const k = cleanText(rawKey);
    const v = cleanText(rawValue);
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[k] = [prev, v];
  }
  return out;
}

/** One text field from a parsed form, trimmed; arrays and absent fields give "". */
export function field(body: unknown, name: string): string {
  if (!body || typeof body !== 'object') return '';
  const v = (body as Record<string, unknown>)[name];
  return typeof v === 'string' ? cleanText(v).trim() : '';
}

/** All values of a repeated field (checkboxes). */
export function fields(body: unknown, name: string): string[] {
  if (!body || typeof body !== 'object') return [];
  const v = (body as Record<string, unknown>)[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}
