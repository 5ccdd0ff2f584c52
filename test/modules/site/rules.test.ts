/** The site's pure rules: a theme from any colour keeps AA text, the Ukrainian stemmer, Markdown that cannot carry markup, host paths. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AA_RATIO, hostPath, normaliseHost, searchTerms, stem, themeContrasts, themeOf, tsQuery } from '../../../src/modules/site/rules.js';
import { renderMarkdown } from '../../../src/modules/site/markdown.js';

const hex = fc.integer({ min: 0, max: 0xffffff }).map((n) => `#${n.toString(16).padStart(6, '0')}`);

describe('site rules', () => {
  test('any primary and accent colour give a theme whose text pairs all reach AA', () => {
    fc.assert(
      fc.property(hex, hex, (a, b) => {
        for (const { pair, ratio } of themeContrasts(themeOf(a, b))) assert.ok(ratio >= AA_RATIO, `${pair} of ${a}/${b}: ${ratio}`);
      }),
      { numRuns: 2000 },
    );
  });

  test('inflected forms of one word share a stem', () => {
    const groups = [
      ['бюджет', 'бюджету', 'бюджетом', 'бюджети', 'бюджетів'],
      ['рішення', 'рішенням', 'рішень', 'рішеннями'],
      ['податку', 'податки', 'податками', 'податків'],
      ['громада', 'громади', 'громаді', 'громадою'],
      ['благоустрій', 'благоустрою'],
    ];
    for (const g of groups) assert.equal(new Set(g.map(stem)).size, 1, `${g.join(', ')} → ${g.map(stem).join(', ')}`);
    assert.notEqual(stem('бюджет'), stem('будинок'));
    assert.equal(stem('пʼять'), stem('пять'));
  });

  test('search terms and queries hold only letters and digits', () => {
    assert.equal(tsQuery("бюджету & ') | !"), 'бюджет:*');
    assert.equal(tsQuery('   '), '');
    assert.match(searchTerms('№ 5120', 'Про бюджет громади'), /5120/);
  });

  test('Markdown: raw HTML stays text, links only to safe places', () => {
    const html = renderMarkdown(
      '<img src=x onerror=alert(1)>\n\n[a](javascript:alert(1)) [b](https://example.org) [c](//evil.example)\n\n![i](https://evil.example/x.png) ![j](/lviv/site/files/1)',
    );
    assert.doesNotMatch(html, /<img src=x/);
    assert.doesNotMatch(html, /href="javascript/);
    assert.match(html, /<a href="https:\/\/example\.org">b<\/a>/);
    assert.doesNotMatch(html, /href="\/\/evil/);
    assert.doesNotMatch(html, /src="https:\/\/evil/);
    assert.match(html, /<img src="\/lviv\/site\/files\/1" alt="j" loading="lazy">/);
    fc.assert(
      // Plain strings, and strings inside links and images so that attributes are made and checked too.
      fc.property(
        fc.oneof(
          fc.string(),
          fc.tuple(fc.string(), fc.string()).map(([text, tail]) => `[${text}](https://example.org/${tail}) ![${text}](/lviv/site/files/1) ${tail}`),
        ),
        (s) => {
          const out = renderMarkdown(s);
          // Every tag in the output is one the renderer makes.
          for (const m of out.matchAll(/<\/?([a-zA-Z0-9]+)/g))
            assert.ok(['p', 'br', 'h2', 'h3', 'h4', 'h5', 'ul', 'ol', 'li', 'blockquote', 'strong', 'em', 'a', 'img'].includes(m[1]!), m[0]);
          // Every attribute is one the renderer writes, with its value quoted (text such as «ON0=» in a
          // paragraph is only text: it was escaped).
          for (const m of out.matchAll(/<[a-zA-Z0-9]+([^>]*)>/g)) {
            const unquoted = m[1]!.replace(/"[^"]*"/g, '""');
            assert.doesNotMatch(unquoted, /'/, m[0]);
            for (const a of unquoted.matchAll(/\s([^\s=]+)(=?)/g)) assert.ok(['href', 'src', 'alt', 'loading'].includes(a[1]!) && a[2] === '=', m[0]);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('Markdown headings start at h2 under the page’s h1: «# » and «## » are h2, «### » h3, «#### » h4', () => {
    assert.equal(renderMarkdown('# A\n## B\n### C\n#### D'), '<h2>A</h2>\n<h2>B</h2>\n<h3>C</h3>\n<h4>D</h4>');
  });

  test('host names and the paths of a site on its own host', () => {
    assert.equal(normaliseHost(' HTTPS://Gromada.Gov.UA/about '), 'gromada.gov.ua');
    assert.equal(normaliseHost('localhost'), null);
    assert.equal(normaliseHost('a b.com'), null);
    assert.equal(hostPath('lviv', '/'), '/lviv/site');
    assert.equal(hostPath('lviv', '/news/x?y=1'), '/lviv/site/news/x?y=1');
    assert.equal(hostPath('lviv', '/documents?q=бюджет'), '/lviv/site/documents?q=бюджет');
    assert.equal(hostPath('lviv', '/lviv/petitions'), null);
    assert.equal(hostPath('lviv', '/static/app.css'), null);
  });
});
