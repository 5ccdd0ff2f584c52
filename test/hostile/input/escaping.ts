/**
 * The payload lists of the injection tests and the checks that a page, a JSON body, a CSV file or an
 * Open311 XML document shows a stored value as text and nothing else.
 */
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { escapeHtml } from '@kitajs/html';
import { couldBeFormula, toCsv } from '../../../src/core/http/csv.js';

/** A standard list of cross-site scripting payloads: tags, handlers, URLs, breakouts, templates, encodings. */
export const XSS_PAYLOADS: readonly string[] = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//xss.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '"><script>alert(1)</script>',
  "'><script>alert(1)</script>",
  '" onmouseover="alert(1)',
  "' onfocus='alert(1)' autofocus='",
  'javascript:alert(1)',
  '<a href="javascript:alert(1)">клік</a>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<body onload=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '</textarea><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
  '</script><script>alert(1)</script>',
  "<style>@import 'javascript:alert(1)';</style>",
  '<div style="background:url(javascript:alert(1))">',
  "{{constructor.constructor('alert(1)')()}}",
  '${alert(1)}',
  '<%= 7*7 %>',
  '\\u003cscript\\u003ealert(1)\\u003c/script\\u003e',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<img src="x" onerror="&#97;&#108;&#101;&#114;&#116;(1)">',
  '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
  '<base href="//evil.example/">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>Надіслати</button></form>',
  '"><svg/onload=alert(String.fromCharCode(88,83,83))>',
  '<x onclick=alert(1)>клік</x>',
  ']]><script>alert(1)</script>',
  '＜script＞alert(1)＜/script＞',
  '<img src=x:alert(alt) onerror=eval(src) alt=0>',
  'data:text/html,<script>alert(1)</script>',
  '=HYPERLINK("javascript:alert(1)","клік")',
];

/** SQL-injection-shaped input: it must be stored and shown as the text it is. */
export const SQLI_PAYLOADS: readonly string[] = [
  "'; DROP TABLE users; --",
  '1 OR 1=1',
  "' OR '1'='1",
  "' UNION SELECT id, identity_key FROM users --",
  "Robert'); DROP TABLE petitions;--",
  '1; SELECT pg_sleep(10); --',
  '$$; DELETE FROM petition_signatures; $$',
  "\"; UPDATE users SET last_name = 'x'; --",
];

export const ALL_PAYLOADS: readonly string[] = [...XSS_PAYLOADS, ...SQLI_PAYLOADS];

/** A text as our pages show it: escaped the way the views (@kitajs/html) escape it. */
export const asShown = (text: string): string => escapeHtml(text);

/** A tag with its attributes, double-, single- or un-quoted (the HTML syntax, without the rare corners). */
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
/** Tags no page of ours has; only a payload could bring them. */
const FOREIGN_TAGS = new Set(['iframe', 'object', 'embed', 'base', 'x', 'mglyph', 'math', 'frame', 'frameset', 'applet', 'style']);

/**
 * The page is a page of ours whose markup no payload changed. It is read tag by tag: every script is one
 * of our files, no tag carries an event handler, no link or form points at script, no tag that only a
 * payload brings is there, and between tags no «<» starts markup. A payload with «<» or «"» never
 * appears raw outside an attribute's value (where the views leave «<» as it is, which is harmless there);
 * each payload in `shown` is on the page as escaped text.
 */
export function assertSafeHtml(res: LightMyRequestResponse, where: string, shown: readonly string[], mayAppear: readonly string[] = ALL_PAYLOADS): void {
  assert.equal(res.statusCode, 200, `${where}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  assert.match(String(res.headers['content-type']), /^text\/html/, where);
  const html = res.body;
  let outside = '';
  let last = 0;
  for (const m of html.matchAll(TAG)) {
    const text = html.slice(last, m.index);
    outside += text;
    assert.doesNotMatch(text.replace(/^<!doctype html>/i, ''), /<[a-zA-Z!/?]/, `${where}: markup that is not a well-formed tag: ${text.slice(0, 200)}`);
    last = m.index + m[0].length;
    const [whole, closing, rawName, attrs] = m as unknown as [string, string, string, string];
    const name = rawName.toLowerCase();
    outside += `<${closing}${name}>`;
    if (closing) continue;
    assert.ok(!FOREIGN_TAGS.has(name), `${where}: a tag only a payload brings: ${whole}`);
    const attributes = [...attrs.matchAll(ATTR)].map((a) => ({ name: a[1]!.toLowerCase(), value: a[2] ?? a[3] ?? a[4] ?? '' }));
    for (const a of attributes) {
      assert.ok(!a.name.startsWith('on'), `${where}: an event handler: ${whole}`);
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'poster'].includes(a.name))
        assert.doesNotMatch(a.value.trim(), /^(?:javascript|vbscript|data:text\/html)/i, `${where}: a script URL: ${whole}`);
    }
    if (name === 'script') assert.match(whole, /^<script src="\/[^"]*" defer>$/, `${where}: only our own script files: ${whole}`);
    if (name === 'meta') assert.ok(!attributes.some((a) => a.name === 'http-equiv'), `${where}: a meta refresh: ${whole}`);
  }
  outside += html.slice(last);
  assert.doesNotMatch(outside, /<script>[^<]+<\/script>/, `${where}: no inline script`);
  for (const p of mayAppear) {
    if (p.includes('<')) assert.ok(!outside.includes(p), `${where}: the payload appears unescaped: ${p}`);
    if (p.includes('"')) assert.ok(!html.includes(p), `${where}: the payload appears unescaped: ${p}`);
  }
  for (const p of shown) assert.ok(html.includes(escapeHtml(p)), `${where}: the payload is shown as text: ${p}`);
}

/** A JSON answer carrying each payload in `shown` as exactly that string. */
export function assertJsonText(res: LightMyRequestResponse, where: string, shown: readonly string[]): void {
  assert.equal(res.statusCode, 200, `${where}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  assert.match(String(res.headers['content-type']), /json/, `${where}: served as JSON, never as a page`);
  const strings = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') strings.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(JSON.parse(res.body));
  const all = [...strings].join('\n');
  for (const p of shown) assert.ok(all.includes(p), `${where}: the payload comes back as the same text: ${p}`);
}

/** A CSV file carrying each payload as one cell, quoted as RFC 4180 wants and a formula made inert. */
export function assertCsvText(res: LightMyRequestResponse, where: string, shown: readonly string[]): void {
  assert.equal(res.statusCode, 200, `${where}: ${res.statusCode}`);
  assert.match(String(res.headers['content-type']), /^text\/csv/, where);
  for (const p of shown) {
    const cell = toCsv(['x'], [[p]]).split('\r\n')[1]!;
    assert.ok(res.body.includes(cell), `${where}: the payload is one cell: ${p}`);
    // A plain number or a lone sign (-1, +380, -) is a value and stays as it is; anything else starting
    // with =, +, -, @ is made inert.
    if (couldBeFormula(p)) assert.ok(!res.body.includes(`,${p}`) && !res.body.includes(`\n${p}`), `${where}: a formula cell starts with an apostrophe: ${p}`);
  }
}

/** An Open311 XML document with each payload as escaped element text. */
export function assertXmlText(res: LightMyRequestResponse, where: string, shown: readonly string[]): void {
  assert.equal(res.statusCode, 200, `${where}: ${res.statusCode}`);
  assert.match(String(res.headers['content-type']), /^text\/xml/, where);
  const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);
  for (const p of shown) {
    assert.ok(res.body.includes(esc(p)), `${where}: the payload is escaped text: ${p}`);
    // «&» alone proves nothing here: another payload's «<», escaped, reads like «&lt;».
    if (p.includes('<')) assert.ok(!res.body.includes(p), `${where}: the payload appears unescaped: ${p}`);
  }
}
