/**
 * Hostile values for the fuzz tests: strings people (and scripts) really send — empty, huge, every
 * script and direction, NUL, emoji, lone surrogates, numbers that are not numbers — and the arbitraries
 * that mix them with the valid values a form expects, so that fuzzing reaches past the first check.
 */
import fc from 'fast-check';

/** 1 MB of ASCII: fits the body limit alone, so it reaches the handlers' own length checks. */
export const MEGABYTE_ASCII = 'a'.repeat(1_000_000);
/** 1 MB of Cyrillic: 6 bytes per letter once form-encoded, so the body limit answers (413). */
export const MEGABYTE_CYRILLIC = 'ї'.repeat(1_000_000);

/** Hand-picked values that broke real systems: each is a single string, possibly empty. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\n\r\n',
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(50),
  '\u202eRTL override\u202c',
  'שלום עולם',
  'مرحبا بالعالم ١٢٣',
  '\u200f\u200e\u200b\u2060\ufeff',
  '👩‍👩‍👧‍👦🇺🇦🏳️‍🌈',
  '💩'.repeat(300),
  '\ud800',
  '\udfff',
  'x\ud83dy',
  '\ufffd\uffff\ufffe',
  'Z̸̢̛̖͓̀͂a̶̡͉̙͋l̴̰͙̿g̷̣̾o̸̗͆',
  'Ґудзик ʼ «лапки» — тире',
  '-1',
  '0',
  '-0',
  '00000000001',
  '1.5',
  '1,5',
  '1e309',
  '-1e309',
  'NaN',
  'Infinity',
  '-Infinity',
  '9'.repeat(400),
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '0x1F',
  '0b101',
  '١٢٣',
  '１２３',
  ' 42 ',
  'true',
  'null',
  'undefined',
  '[object Object]',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE users; --",
  "1' OR '1'='1",
  '%00%0d%0a',
  '%E0%A4%A',
  '../../../../etc/passwd',
  '{{7*7}}${7*7}<%= 7*7 %>',
  '=HYPERLINK("http://evil.example","x")',
  '+cmd|/C calc!A0',
  '\r\nSet-Cookie: evil=1',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '2025-02-30',
  '0000-00-00',
  '9999-12-31T23:59:59Z',
  '1969-12-31',
  'UA00000000000000000',
  '+380',
  'a@b',
  'x'.repeat(70_000),
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((n) => String.fromCharCode(n));
const control = fc.integer({ min: 0, max: 0x1f }).map((n) => String.fromCharCode(n));
const bidi = fc.constantFrom('\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200f');

/** Random text from every corner of Unicode, including what is not valid UTF-16. */
export const randomText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.oneof(loneSurrogate, control, bidi, fc.constantFrom('<', '>', '"', "'", '&', '\\', '%', '\u0000')), maxLength: 40 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 2_000, maxLength: 6_000 }),
);

/** A number as a form sends it: a string, often not a sensible one. */
export const numberish: fc.Arbitrary<string> = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.integer({ min: -3, max: 100_000 }).map(String),
);

/** One hostile string; the 1 MB ones are rare, since each costs real time to send and parse. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 30, arbitrary: randomText },
  { weight: 15, arbitrary: numberish },
  { weight: 1, arbitrary: fc.constantFrom(MEGABYTE_ASCII, MEGABYTE_CYRILLIC) },
);

/** What a field may hold on the wire: a string, or the same name repeated (an array where a scalar is expected). */
export type FormValue = string | string[];
export const nastyValue: fc.Arbitrary<FormValue> = fc.oneof(
  { weight: 5, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.array(nastyString, { minLength: 0, maxLength: 3 }) },
);

/** A form: every expected field is valid, hostile or absent; some unexpected fields come along. */
export function formOf(valid: Record<string, FormValue>): fc.Arbitrary<Record<string, FormValue>> {
  const entries = Object.entries(valid).map(
    ([k, v]) =>
      [k, fc.oneof({ weight: 3, arbitrary: fc.constant(v) }, { weight: 3, arbitrary: nastyValue }, { weight: 1, arbitrary: fc.constant(undefined) })] as const,
  );
  const known = fc.record(Object.fromEntries(entries) as Record<string, fc.Arbitrary<FormValue | undefined>>);
  const extra = fc.dictionary(
    fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', '_csrf', 'a[b]', 'x[]', ''), fc.string({ maxLength: 12 })),
    nastyValue,
    { maxKeys: 3 },
  );
  return fc.tuple(known, fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extra })).map(([k, e]) => {
    const out: Record<string, FormValue> = Object.create(null) as Record<string, FormValue>;
    // Extras first, so the expected fields (and the CSRF token added later) win on a clash.
    for (const [name, v] of Object.entries(e)) if (name !== '_csrf') out[name] = v;
    for (const [name, v] of Object.entries(k)) if (v !== undefined) out[name] = v;
    return out;
  });
}

/** A path segment: a valid id or something else entirely (encoded, so it is one segment). */
export function segmentOf(valid: string): fc.Arbitrary<string> {
  return fc
    .oneof({ weight: 3, arbitrary: fc.constant(valid) }, { weight: 2, arbitrary: nastyString.filter((s) => s.length < 5_000) })
    .map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '')) || valid);
}

/** A query string from hostile values (repeated names, so arrays too). */
export function queryOf(names: readonly string[], valid: Record<string, string> = {}): fc.Arbitrary<string> {
  return fc
    .record(
      Object.fromEntries(
        names.map((n) => [
          n,
          fc.option(
            fc.oneof(
              { weight: 1, arbitrary: fc.constant(valid[n] ?? '') },
              { weight: 3, arbitrary: nastyValue.filter((v) => (Array.isArray(v) ? v.join('') : v).length < 20_000) },
            ),
            { nil: undefined },
          ),
        ]),
      ) as Record<string, fc.Arbitrary<FormValue | undefined>>,
    )
    .map((r) => {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(r)) if (v !== undefined) for (const x of Array.isArray(v) ? v : [v]) q.append(k, x);
      return q.toString();
    });
}

/** How a body goes on the wire: mostly as a browser sends it, sometimes broken on purpose. */
export type Encoding = 'form' | 'json' | 'multipart' | 'bad-json' | 'bad-multipart' | 'bad-percent' | 'text' | 'no-type';
export const encodingArb: fc.Arbitrary<Encoding> = fc.oneof(
  { weight: 20, arbitrary: fc.constant<Encoding>('form') },
  { weight: 2, arbitrary: fc.constant<Encoding>('json') },
  { weight: 2, arbitrary: fc.constant<Encoding>('multipart') },
  { weight: 1, arbitrary: fc.constantFrom<Encoding>('bad-json', 'bad-multipart', 'bad-percent', 'text', 'no-type') },
);
