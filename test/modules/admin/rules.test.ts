/** The pure rules of connecting: the catalog, addresses, file sniffing, the request form. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOG, catalogEntry } from '../../../src/modules/admin/catalog.js';
import { demoCommunities } from '../../../src/core/demo/communities.js';
import { isPdf, normalizePhone, reservedSlugs, slugProblem, sniffImage, validateRequestForm, type RawRequestForm } from '../../../src/modules/admin/rules.js';
import { minimalPdf } from '../../../src/modules/admin/demo.js';

describe('the catalog of communities that may apply', () => {
  test('about forty, each with a codifier-shaped code, none overlapping another or a demo community', () => {
    assert.ok(CATALOG.length >= 40 && CATALOG.length <= 60, String(CATALOG.length));
    const prefixes = new Set<string>();
    for (const c of CATALOG) {
      assert.match(c.code, /^UA\d{17}$/, c.name.uk);
      assert.ok(!prefixes.has(c.code.slice(0, 9)), `two communities share ${c.code.slice(0, 9)}`);
      prefixes.add(c.code.slice(0, 9));
      assert.match(c.name.uk, /(міська|селищна|сільська) територіальна громада$/);
      assert.ok(c.population > 1_000);
      assert.equal(slugProblem(c.suggestedSlug, reservedSlugs([]), 'uk'), null, c.suggestedSlug);
    }
    for (const d of demoCommunities) {
      assert.ok(!prefixes.has(d.territorialCode.slice(0, 9)), `${d.slug} is a demo community`);
      assert.ok(!CATALOG.some((c) => c.name.uk === d.name.uk), d.slug);
    }
    assert.equal(new Set(CATALOG.map((c) => c.suggestedSlug)).size, CATALOG.length);
    assert.equal(catalogEntry('UA00000000000000000'), undefined);
  });
});

describe('the community address', () => {
  const reserved = reservedSlugs(['petitions', 'notices', 'admin']);
  test('refuses reserved words, bad characters and shapes; accepts a good one', () => {
    for (const s of [
      'about',
      'api',
      'auth',
      'cabinet',
      'manage',
      'connect',
      'stats',
      'open-data',
      'static',
      'dev',
      'lang',
      'go',
      'complaints',
      'healthz',
      'metrics',
      'open311',
      'notices',
      'school-budget',
    ]) {
      assert.match(slugProblem(s, reserved, 'uk') ?? '', /зарезервовано/, s);
    }
    assert.match(slugProblem('Bucha', reserved, 'uk')!, /лише малі латинські/);
    assert.match(slugProblem('b', reserved, 'uk')!, /від 2 до 63/);
    assert.match(slugProblem('a'.repeat(64), reserved, 'uk')!, /від 2 до 63/);
    assert.match(slugProblem('-bucha', reserved, 'uk')!, /Дефіс/);
    assert.match(slugProblem('bu--cha', reserved, 'uk')!, /Дефіс/);
    assert.match(slugProblem('2024', reserved, 'uk')!, /лише з цифр/);
    assert.match(slugProblem('', reserved, 'en')!, /Enter the community address/);
    assert.equal(slugProblem('novhorod-siverskyi', reserved, 'uk'), null);
  });
});

describe('what a file really is', () => {
  test('a PDF by its magic bytes; the generated one is valid', () => {
    const pdf = minimalPdf(['Hello (world) \\ ok', 'Привіт']);
    assert.ok(isPdf(pdf));
    const text = pdf.toString('latin1');
    const offsets = [...text.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    assert.equal(offsets.length, 5);
    offsets.forEach((o, i) => assert.ok(text.slice(o).startsWith(`${i + 1} 0 obj`), `object ${i + 1}`));
    assert.match(text, /\(Hello \\\(world\\\) \\\\ ok\) Tj/);
    assert.ok(!isPdf(Buffer.from('%PDF')));
    assert.ok(!isPdf(Buffer.from('<html>%PDF-1.4')));
  });

  test('images by their first bytes; SVG with scripts or external references is refused', () => {
    assert.equal(sniffImage(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])), 'image/png');
    assert.equal(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
    assert.equal(sniffImage(Buffer.from('\uFEFF<?xml version="1.0"?><!-- coat --><svg xmlns="http://www.w3.org/2000/svg"></svg>')), 'image/svg+xml');
    assert.equal(sniffImage(Buffer.from('<svg><script>alert(1)</script></svg>')), 'unsafe-svg');
    assert.equal(sniffImage(Buffer.from('<svg><a href="javascript:alert(1)">x</a></svg>')), 'unsafe-svg');
    assert.equal(sniffImage(Buffer.from('<svg><image href="https://evil.example/x.png"/></svg>')), 'unsafe-svg');
    assert.equal(sniffImage(Buffer.from('<svg ONLOAD = "x"></svg>')), 'unsafe-svg');
    assert.equal(sniffImage(Buffer.from('<html><svg></svg></html>')), null);
    assert.equal(sniffImage(Buffer.from('GIF89a')), null);
  });

  test('phones are normalised or refused', () => {
    assert.equal(normalizePhone('+380 (44) 123-45-67'), '+380441234567');
    assert.equal(normalizePhone('044 123 45 67'), '0441234567');
    assert.equal(normalizePhone('12345'), null);
    assert.equal(normalizePhone('+38 044 abc'), null);
  });
});

describe('the request form', () => {
  const code = CATALOG[0]!.code;
  const base: RawRequestForm = {
    community: code,
    contact_name: 'Іваненко Іван',
    contact_position: 'секретар ради',
    contact_email: 'Ivan@Rada.example',
    contact_phone: '+380 44 123 45 67',
    council_address: '',
    council_website: '',
    moderator_emails: 'a@rada.example\n\nA@rada.example\nb@rada.example',
    tools: ['stats', 'petitions', 'petitions'],
    petition_threshold: '1 000',
    petition_days: '90',
    budget_total: '',
    budget_categories: '',
    budget_max_choices: '',
    budget_min_age: '',
  };

  test('a valid form becomes a clean request: lower-case e-mails, tools in platform order, numbers with spaces', () => {
    const { input, errors } = validateRequestForm(base, 'uk');
    assert.deepEqual(errors, {});
    assert.equal(input.territorialCode, code);
    assert.equal(input.contactEmail, 'ivan@rada.example');
    assert.equal(input.contactPhone, '+380441234567');
    assert.deepEqual(input.moderatorEmails, ['a@rada.example', 'b@rada.example']);
    assert.deepEqual(input.tools, ['petitions', 'stats']);
    assert.equal(input.petitionThreshold, 1000);
    assert.equal(input.budgetTotal, null, 'no budget asked for, no budget conditions');
  });

  test('conditions are required for the tools chosen, within the law’s limits', () => {
    const { errors } = validateRequestForm(
      {
        ...base,
        tools: ['petitions', 'budgets'],
        petition_days: '93',
        budget_categories: Array.from({ length: 21 }, (_, i) => `к${i}`).join('\n'),
        budget_max_choices: '0',
        budget_min_age: '12',
      },
      'uk',
    );
    assert.deepEqual(Object.keys(errors).sort(), ['budget_categories', 'budget_max_choices', 'budget_min_age', 'budget_total', 'petition_days']);
    const { errors: e2 } = validateRequestForm(
      { ...base, tools: ['nonsense'], community: 'UA123', moderator_emails: 'oops', council_website: 'javascript:alert(1)' },
      'en',
    );
    assert.equal(e2.tools, 'Choose at least one tool');
    assert.equal(e2.community, 'Choose the community from the list');
    assert.match(e2.moderator_emails!, /is not an e-mail address/);
    assert.match(e2.council_website!, /full website address/);
  });
});
