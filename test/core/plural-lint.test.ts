/**
 * The lint that keeps counts in agreement with their nouns (eslint.config.js, COUNT_SELECTORS): a value
 * followed by a fixed counted noun is refused in JSX, in template literals and in string sums, in a view
 * and in any other source file; a count through plural() and a label before its number pass.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint();

async function countProblems(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax' && /count next to a fixed noun/.test(m.message)).map((m) => `${m.line}`);
}

describe('the lint of counts next to fixed nouns', () => {
  test('refuses a count before a fixed noun in views, routes and rules', async () => {
    const bad = [
      'export const a = (n: number) => <p>{n} підписів</p>;',
      'export const b = (n: number) => `${n} днів`;',
      'export const c = (n: number) => `Share ${n} points`;',
      "export const d = (n: number) => String(n) + ' голосів';",
      'export const e = (n: number) => <span>{n} учасників платформи</span>;',
    ].join('\n');
    for (const file of ['src/modules/x/views/sample.tsx', 'src/modules/x/routes/public.tsx', 'src/modules/x/rules.tsx', 'src/core/x/routes.tsx']) {
      assert.deepEqual(await countProblems(bad, file), ['1', '2', '3', '4', '5'], file);
    }
  });

  test('lets through plural(), a label before its number and other words after a value', async () => {
    const good = [
      "import { plural } from '../../../core/i18n/index.js';",
      "export const a = (n: number) => <p>{plural(n, { uk: ['підпис', 'підписи', 'підписів'], en: ['signature', 'signatures'] }, 'uk')}</p>;",
      'export const b = (n: number) => `Підписів: ${n}`;',
      'export const c = (name: string) => `${name} пише`;',
      'export const d = (n: number) => <p>{n} %</p>;',
    ].join('\n');
    assert.deepEqual(await countProblems(good, 'src/modules/x/views/sample.tsx'), []);
  });
});
