import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sectionsToText, splitAct } from '../../../src/modules/consultations/rules/act-splitter.js';

describe('splitting a draft act into sections', () => {
  test('розділи and статті: a part heading groups the articles under it; a preamble is kept', () => {
    const text = [
      'ПРОЄКТ РІШЕННЯ',
      'Про правила благоустрою',
      '',
      'Розділ I. Загальні положення',
      'Стаття 1. Мета',
      'Ці правила визначають порядок.',
      '',
      'Стаття 2. Терміни',
      'У цих правилах терміни вживаються так.',
      'РОЗДІЛ II. Прикінцеві положення',
      'Правила набирають чинності з дня оприлюднення.',
    ].join('\n');
    const r = splitAct(text);
    assert.equal(r.method, 'structure');
    assert.deepEqual(
      r.sections.map((s) => [s.heading, s.parent, s.body]),
      [
        ['Преамбула', null, 'ПРОЄКТ РІШЕННЯ\nПро правила благоустрою'],
        ['Стаття 1. Мета', 'Розділ I. Загальні положення', 'Ці правила визначають порядок.'],
        ['Стаття 2. Терміни', 'Розділ I. Загальні положення', 'У цих правилах терміни вживаються так.'],
        ['РОЗДІЛ II. Прикінцеві положення', null, 'Правила набирають чинності з дня оприлюднення.'],
      ],
    );
  });

  test('глави and «Ст.» abbreviations; words that merely start like a heading are not headings', () => {
    const r = splitAct('Глава 1 Основне\nСт. 5 Текст п’ятої\nтекст\nГлавами вважаються частини\nСтаттями регулюється');
    assert.deepEqual(
      r.sections.map((s) => s.heading),
      ['Ст. 5 Текст п’ятої'],
    );
    assert.equal(r.sections[0]!.parent, 'Глава 1 Основне');
    assert.equal(r.sections[0]!.body, 'текст\nГлавами вважаються частини\nСтаттями регулюється');
  });

  test('Markdown headings; a single # title over ## parts is the act’s name, not a section', () => {
    const md = '# Концепція Е-дем\n\nВступний текст.\n\n## 1. Мета\nМета концепції.\n\n### 1.1 Підмета\nДеталі.\n\n## 2. Завдання\nЗавдання концепції.';
    const r = splitAct(md);
    assert.equal(r.method, 'markdown');
    assert.deepEqual(
      r.sections.map((s) => [s.heading, s.parent, s.body]),
      [
        ['Преамбула', null, 'Вступний текст.'],
        ['1. Мета', null, 'Мета концепції.'],
        ['1.1 Підмета', '1. Мета', 'Деталі.'],
        ['2. Завдання', null, 'Завдання концепції.'],
      ],
    );
    const flat = splitAct('# Перший\nтекст 1\n# Другий\nтекст 2');
    assert.deepEqual(
      flat.sections.map((s) => s.heading),
      ['Перший', 'Другий'],
    );
  });

  test('numbered points when there is nothing else; sub-points and stray numbers stay inside', () => {
    const r = splitAct('Положення про раду\n1. Рада утворюється.\n1.1. Склад ради.\n2. Рада діє.\n5. Не по порядку — це текст.\n3. Рада звітує.');
    assert.equal(r.method, 'points');
    assert.deepEqual(
      r.sections.map((s) => s.heading),
      ['Преамбула', '1. Рада утворюється.', '2. Рада діє.', '3. Рада звітує.'],
    );
    assert.equal(r.sections[1]!.body, '1. Рада утворюється.\n1.1. Склад ради.');
    assert.equal(r.sections[2]!.body, '2. Рада діє.\n5. Не по порядку — це текст.');
  });

  test('no headings: reported as such, the whole text in one section for the moderator to split by hand', () => {
    const r = splitAct('Просто абзац тексту без жодної структури.\nІ ще один рядок.');
    assert.equal(r.method, 'none');
    assert.equal(r.sections.length, 1);
    assert.equal(r.sections[0]!.heading, 'Увесь текст');
    assert.deepEqual(splitAct('  \n\n ').sections, []);
  });

  test('the moderator’s «---» lines win, and sectionsToText gives text that splits the same way', () => {
    const r = splitAct('Перша частина\nтекст один\n---\nДруга частина\nтекст два\n\n---\n\n');
    assert.equal(r.method, 'markers');
    assert.deepEqual(
      r.sections.map((s) => [s.heading, s.body]),
      [
        ['Перша частина', 'текст один'],
        ['Друга частина', 'текст два'],
      ],
    );
    const again = splitAct(sectionsToText(splitAct('Стаття 1. А\nтекст\nСтаття 2. Б\nще').sections));
    assert.deepEqual(
      again.sections.map((s) => [s.heading, s.body]),
      [
        ['Стаття 1. А', 'текст'],
        ['Стаття 2. Б', 'ще'],
      ],
    );
  });

  test('Windows line ends and NUL bytes are cleaned', () => {
    const r = splitAct('Стаття 1. Перша\r\nтекст\u0000\r\nСтаття 2. Друга\r\nще');
    assert.deepEqual(
      r.sections.map((s) => s.body),
      ['текст', 'ще'],
    );
  });
});
