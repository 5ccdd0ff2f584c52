/** CSV cells a spreadsheet opens: formulas made inert, values (a lone «-», a negative number) kept as they are. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { couldBeFormula, toCsv } from '../../src/core/http/csv.js';

const row = (v: string): string => toCsv(['x'], [[v]]).split('\r\n')[1]!;

test('anything a spreadsheet could run gets an apostrophe', () => {
  for (const f of ['=1+1', '=HYPERLINK("http://evil")', '+cmd|/C calc!A0', '-2+3', '-A1', '- пункт', '@SUM(A1)', '\t=1', '\r=1', '-Infinity', '=']) {
    assert.ok(couldBeFormula(f), f);
    assert.ok(
      row(f)
        .replace(/^"/, '')
        .startsWith(`'${f.slice(0, 1)}`),
      `${JSON.stringify(f)} → ${row(f)}`,
    );
  }
});

test('a lone «-» and plain numbers stay as they are', () => {
  for (const v of ['-', '+', '-12.5', '-12,5', '-5', '+380501234567', '-1e5', '42', 'текст', '']) {
    assert.equal(couldBeFormula(v), false, v);
  }
  assert.equal(row('-'), '-');
  assert.equal(row('-12.5'), '-12.5');
  assert.equal(row('-12,5'), '"-12,5"', 'quoted for its comma, not prefixed');
  assert.equal(row('+380501234567'), '+380501234567');
});
