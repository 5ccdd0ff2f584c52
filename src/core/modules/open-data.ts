/** Writing the columns of an open dataset as a table: one line a column instead of one nested literal each. */
import type { OpenDataset } from './manifest.js';

type Field = OpenDataset['fields'][number];

/** A column: its name, its type, and what it means in Ukrainian and in English. */
type Column = [name: string, type: Field['type'], uk: string, en: string];

/** A column on one line: `name type | Ukrainian meaning | English meaning`. */
type ColumnLine = `${string} ${Field['type']} | ${string} | ${string}`;

const TYPES: readonly Field['type'][] = ['integer', 'number', 'string', 'date-time', 'date', 'boolean'];

export const column = ([name, type, uk, en]: Column): Field => ({ name, type, meaning: { uk, en } });

function columnOfLine(line: ColumnLine): Field {
  const [head = '', uk, en, ...rest] = line.split(' | ');
  const [name, type, ...more] = head.split(' ');
  if (!name || !TYPES.includes(type as Field['type']) || more.length || uk === undefined || en === undefined || rest.length) {
    throw new Error(`open data: a column is written «name type | uk | en», not «${line}»`);
  }
  return column([name, type as Field['type'], uk, en]);
}

/**
 * The dataset's `fields` from columns written one a line (`ColumnLine`), as a `Column` (a meaning too long
 * for one line) or as fields already written out (e.g. ones shared by several datasets).
 */
export const columns = (rows: (ColumnLine | Column | Field)[]): Field[] =>
  rows.map((r) => (typeof r === 'string' ? columnOfLine(r) : Array.isArray(r) ? column(r) : r));
