/**
 * The voting codes on their own: how much randomness they carry, that the check character catches every
 * single typo and every swap of neighbours, what a student may type, and the printed sheet (QR and PDF).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import {
  ALPHABET,
  CODE_BITS,
  CODE_CHARS,
  checkCharOf,
  dataFromBytes,
  deriveCode,
  formatCode,
  hasValidCheck,
  hashCode,
  parseCode,
} from '../../../src/modules/school-budget/rules.js';
import { normaliseClass, readBatchForm } from '../../../src/modules/school-budget/forms.js';
import { qrPath, qrSymbol } from '../../../src/core/views/qr.js';
import { sheetPdf } from '../../../src/modules/school-budget/views/sheet-pdf.js';

describe('code generation', () => {
  test('a code is 13 random Crockford characters (65 bits) and a check character', () => {
    assert.equal(CODE_CHARS, 14);
    assert.ok(CODE_BITS >= 60, `at least 60 bits, got ${CODE_BITS}`);
    assert.equal(ALPHABET.length, 32);
    assert.ok(!/[ILOU]/.test(ALPHABET), 'no I, L, O, U');
    const code = deriveCode('secret', 'seed', 0);
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{14}$/);
    assert.equal(code.slice(-1), checkCharOf(code.slice(0, 13)));
  });

  test('each of the 65 bits reaches the code, and nothing beyond them does', () => {
    const base = new Uint8Array(9);
    const seen = new Set<string>([dataFromBytes(base)]);
    for (let bit = 0; bit < 72; bit++) {
      const b = new Uint8Array(9);
      b[Math.floor(bit / 8)] = 0x80 >> (bit % 8);
      const data = dataFromBytes(b);
      if (bit < CODE_BITS) {
        assert.ok(!seen.has(data), `bit ${bit} must change the code`);
        seen.add(data);
      } else {
        assert.equal(data, dataFromBytes(base), `bit ${bit} is not part of the code`);
      }
    }
  });

  test('codes look uniformly random: every character equally likely at every position, no repeats', () => {
    const n = 32 * 600;
    const counts = Array.from({ length: 13 }, () => new Array<number>(32).fill(0));
    const all = new Set<string>();
    // A fixed seed keeps the test deterministic: codes are an HMAC of (secret, seed, index), so one fair
    // batch proves the derivation spreads; a random seed would fail one run in ~80 at this threshold.
    const seed = 'a fixed seed of the uniformity test';
    for (let i = 0; i < n; i++) {
      const code = deriveCode('a secret key', seed, i);
      all.add(code);
      for (let k = 0; k < 13; k++) counts[k]![ALPHABET.indexOf(code[k]!)]!++;
    }
    assert.equal(all.size, n, 'no two codes of a batch are equal');
    const expected = n / 32;
    for (const [k, row] of counts.entries()) {
      const chi = row.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
      // 31 degrees of freedom: 61.1 is the 0.001 critical value; a fair source stays far below.
      assert.ok(chi < 61.1, `position ${k}: chi-square ${chi.toFixed(1)}`);
    }
  });

  test('another seed or another secret gives other codes; the stored hash is keyed', () => {
    assert.notEqual(deriveCode('k', 's1', 0), deriveCode('k', 's2', 0));
    assert.notEqual(deriveCode('k1', 's', 0), deriveCode('k2', 's', 0));
    assert.equal(deriveCode('k', 's', 5), deriveCode('k', 's', 5), 'a sheet can be printed again');
    const code = deriveCode('k', 's', 0);
    assert.equal(hashCode('k', code), hashCode('k', code));
    assert.notEqual(hashCode('k', code), hashCode('other key', code));
    assert.ok(!hashCode('k', code).includes(code));
  });
});

describe('check character', () => {
  const codes = Array.from({ length: 400 }, (_, i) => deriveCode('check', 'seed', i));

  test('every valid code passes', () => {
    for (const c of codes) assert.ok(hasValidCheck(c), c);
  });

  test('every single mistyped character is caught', () => {
    let tried = 0;
    for (const c of codes) {
      for (let k = 0; k < c.length; k++) {
        for (const ch of ALPHABET) {
          if (ch === c[k]) continue;
          tried++;
          assert.ok(!hasValidCheck(c.slice(0, k) + ch + c.slice(k + 1)), `${c} with ${ch} at ${k}`);
        }
      }
    }
    assert.equal(tried, 400 * 14 * 31);
  });

  test('every swap of two neighbouring characters is caught, the check character included', () => {
    let tried = 0;
    for (const c of codes) {
      for (let k = 0; k + 1 < c.length; k++) {
        if (c[k] === c[k + 1]) continue;
        tried++;
        assert.ok(!hasValidCheck(c.slice(0, k) + c[k + 1] + c[k] + c.slice(k + 2)), `${c} swapped at ${k}`);
      }
    }
    assert.ok(tried > 400 * 12);
  });
});

describe('what a student types', () => {
  const code = deriveCode('typing', 'seed', 7);
  const printed = formatCode(code);

  test('printed in groups of four', () => {
    assert.match(printed, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
    assert.equal(printed.replace(/-/g, ''), code);
  });

  test('any case, spaces, dashes, O for 0, I or L for 1 and Cyrillic look-alikes are read right', () => {
    assert.deepEqual(parseCode(printed), { ok: true, code });
    assert.deepEqual(parseCode(printed.toLowerCase()), { ok: true, code });
    assert.deepEqual(parseCode(`  ${code.slice(0, 5)} ${code.slice(5, 9)}—${code.slice(9)} `), { ok: true, code });
    const confusable = code.replace(/0/g, 'O').replace(/1/g, 'l');
    assert.deepEqual(parseCode(confusable), { ok: true, code });
    const cyrillic = code
      .replace(/A/g, 'А')
      .replace(/C/g, 'С')
      .replace(/E/g, 'Е')
      .replace(/K/g, 'К')
      .replace(/M/g, 'М')
      .replace(/P/g, 'Р')
      .replace(/T/g, 'Т')
      .replace(/X/g, 'Х');
    assert.deepEqual(parseCode(cyrillic), { ok: true, code });
  });

  test('wrong length, foreign characters and typos are told apart', () => {
    assert.deepEqual(parseCode(''), { ok: false, problem: 'empty' });
    assert.deepEqual(parseCode(' - '), { ok: false, problem: 'empty' });
    assert.deepEqual(parseCode(code.slice(0, 13)), { ok: false, problem: 'format' });
    assert.deepEqual(parseCode(`${code}7`), { ok: false, problem: 'format' });
    assert.deepEqual(parseCode(`U${code.slice(1)}`), { ok: false, problem: 'format' });
    assert.deepEqual(parseCode('ш'.repeat(14)), { ok: false, problem: 'format' });
    assert.deepEqual(parseCode('x'.repeat(5000)), { ok: false, problem: 'format' });
    const typo = code.slice(0, 3) + (code[3] === '7' ? '8' : '7') + code.slice(4);
    assert.deepEqual(parseCode(typo), { ok: false, problem: 'check' });
  });

  test('classes are read like codes: «7б», «10 - a», «7»', () => {
    assert.deepEqual(normaliseClass('7б'), { label: '7-Б', grade: 7 });
    assert.deepEqual(normaliseClass('10 - a'), { label: '10-A', grade: 10 });
    assert.deepEqual(normaliseClass('7'), { label: '7', grade: 7 });
    assert.equal(normaliseClass('13-А'), null);
    assert.equal(normaliseClass('сьомий'), null);
  });

  test('a sheet is bounded: 100 000 codes get a clear limit, not a timeout', () => {
    const big = readBatchForm({ count: '100 000', classLabel: '' }, 'uk', { from: 5, to: 11 });
    assert.equal(big.size, null);
    assert.match(big.errors.count!, /не більше 2000 кодів \(запитано 100\s000\)/);
    assert.equal(readBatchForm({ count: '0' }, 'uk', { from: 5, to: 11 }).size, null);
    assert.equal(readBatchForm({ count: 'багато' }, 'en', { from: 5, to: 11 }).errors.count, 'How many codes: a whole number from 1');
    assert.match(readBatchForm({ count: '30', classLabel: '3-А' }, 'uk', { from: 5, to: 11 }).errors.classLabel!, /Голосують 5–11 класи/);
    assert.deepEqual(readBatchForm({ count: '30', classLabel: '7б' }, 'uk', { from: 5, to: 11 }).classLabel, '7-Б');
  });
});

describe('the printed sheet', () => {
  test('a QR symbol of the ballot link, drawn as runs of dark modules', () => {
    const s = qrSymbol('https://viche.example/lviv/school-budget/v/7K3M9QXP2HZD4T');
    assert.ok(s.size >= 25 && s.size <= 45, `size ${s.size}`);
    // The three finder patterns: the top-left corner row starts with a run of seven dark modules.
    assert.deepEqual(
      s.runs.find((r) => r.y === 0 && r.x === 0),
      { x: 0, y: 0, w: 7 },
    );
    assert.match(qrPath(s), /^(M\d+ \d+h\d+v1h-\d+z)+$/);
  });

  test('the PDF embeds its own Cyrillic font and has ten slips a page', async () => {
    const slips = Array.from({ length: 23 }, (_, i) => {
      const code = deriveCode('pdf', 'seed', i);
      return { code, link: `http://viche.test/lviv/school-budget/v/${code}`, voided: i === 3 };
    });
    const pdf = await sheetPdf({
      schoolName: 'Ліцей № 1 імені Івана Франка',
      contestTitle: 'Шкільний бюджет',
      classLabel: '7-Б',
      batchId: 12,
      voteUrl: 'viche.test/lviv/school-budget/vote',
      slips,
    });
    const text = pdf.toString('latin1');
    assert.ok(text.startsWith('%PDF-'));
    assert.equal(text.match(/\/Type \/Page\b/g)?.length, 3, 'three pages for 23 slips');
    assert.match(text, /\/FontFile2/, 'a TrueType font is embedded');
    assert.match(text, /DejaVuSans/);
    // The slip text is drawn with glyphs of the embedded font: the font's Unicode map carries Cyrillic.
    const maps = [...text.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((m) => {
      try {
        return inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
      } catch {
        return '';
      }
    });
    assert.ok(
      maps.some((m) => /beginbfchar|beginbfrange/.test(m) && /<041b>|<0456>|<0406>/i.test(m)),
      'the ToUnicode map has Л or і',
    );
  });
});
